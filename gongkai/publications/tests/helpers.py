"""Helpers of the 主动公开 tests: documents built through the services, by the personas."""

from __future__ import annotations

from typing import Any

from gongkai.core.testing import Region
from gongkai.orgs.services import membership_grant
from gongkai.publications.models import Document
from gongkai.publications.services import (
    document_approve,
    document_create,
    document_publish,
    document_submit,
)

SUBJECT = "综合政务/政务公开"


def draft(region: Region, **fields: Any) -> Document:
    """A draft of 市发展改革委 written by 李四 (editor)."""
    values: dict[str, Any] = {
        "org": region.fgw,
        "title": "关于做好2026年政务公开工作的通知",
        "genre": "通知",
        "subject": SUBJECT,
        "summary": "部署年度政务公开重点工作。",
        "body": "<p>各有关单位：</p>",
        "doc_number": "示发改〔2026〕1号",
    }
    values.update(fields)
    actor = values.pop("actor", region.lisi)
    return document_create(actor=actor, **values)


def approved(region: Region, **fields: Any) -> Document:
    """A draft submitted by 李四 and approved by 王五."""
    document = document_submit(actor=region.lisi, document=draft(region, **fields))
    return document_approve(actor=region.wangwu, document=document)


def published(region: Region, **fields: Any) -> Document:
    return document_publish(actor=region.wangwu, document=approved(region, **fields))


def grant(region: Region, user: Any, role: str, org: Any = None) -> None:
    membership_grant(actor=None, user=user, org=org or region.fgw, role=role)
