"""The real 政务公开 documents of the corpus (gongkai/portal/demo/corpus) in the demo catalogue.

Each text goes through the same path as a Word upload (从Word导入): gongkai.publications.gongwen reads its
title, 发文字号, 成文日期 and 发文机关, and the document is drafted with those suggestions, submitted,
approved by a different person (four-eyes, 条例第十七条) and published through the services.

The documents are real and stay attributed to their real issuers (gongkai/portal/demo/corpus/README.md):
when the 发文机关 is not an organization of the demo region — always, for 西宁, 天水 and 南京 — the demo
city government publishes the text as a reference copy, and its 内容概述 names the real issuer and says
it is not a document of the demo region. Idempotent: a title already in the organization's catalogue is
skipped, so re-running load_demo adds nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.models import User
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import org_match_issuer
from gongkai.portal.demo.region import REFERENCE_DOCS
from gongkai.publications.gongwen import GongwenParse, parse_text
from gongkai.publications.models import Document
from gongkai.publications.services import (
    document_approve,
    document_create,
    document_publish,
    document_submit,
)

CORPUS_DIR = Path(__file__).resolve().parents[1] / "portal" / "demo" / "corpus"
# The government of the demo region publishes the reference copies (and drafts them as gkb, reviewed by
# admin: the demo's authors of "city" in gongkai.publications.demo.AUTHORS).
FALLBACK_ORG = "city"
SUBJECT = "综合政务/政务公开"
KEYWORDS = "政务公开 参考文件"
# Lines of the saved web pages that are a site's menu rather than the document (the parser already skips
# the usual "当前位置", "技术支持" and "扫描二维码" lines).
SITE_MENUS: dict[str, tuple[str, ...]] = {
    "002_cfb7d87530cf1a68.txt": ("天水市政府信息交互平台 天水政务服务网",),
}


def corpus_parse(file_name: str) -> GongwenParse:
    """The suggestions gongwen reads from one corpus text."""
    text = (CORPUS_DIR / file_name).read_text(encoding="utf-8")
    return parse_text(text, ignore=SITE_MENUS.get(file_name, ()))


def _reference_summary(parsed: GongwenParse) -> str:
    issuer = parsed.issuer or _("外地行政机关")
    number = f"（{parsed.doc_number}）" if parsed.doc_number else ""
    return _(
        "%(issuer)s公开发布的政务公开文件%(number)s，收录于本演示目录供学习参考，不是示例市行政机关的文件；"
        "内容和效力以原发文机关公开的文本为准。"
    ) % {"issuer": issuer, "number": number}


def _load_one(
    parsed: GongwenParse, *, org: Organization, own_issuer: bool, author: User, reviewer: User
) -> Document:
    document = document_create(
        actor=author,
        org=org,
        title=parsed.title,
        genre=parsed.genre,
        subject=SUBJECT,
        summary="" if own_issuer else _reference_summary(parsed),
        body=parsed.body,
        doc_number=parsed.doc_number,
        keywords=KEYWORDS,
        written_on=parsed.written_on,
        # A reference copy is "formed" for the publishing organization the day it takes it in; its own
        # 成文日期 stays in written_on. (Counting 条例第二十六条's 20 working days from 2017 would show
        # the demo government as years late for a document that is not its own.)
        formed_on=parsed.written_on if own_issuer else timezone.localdate(),
    )
    document = document_submit(actor=author, document=document)
    document = document_approve(actor=reviewer, document=document)
    return document_publish(actor=reviewer, document=document)


def load_corpus_documents(
    orgs: dict[str, Organization], users: dict[str, User], authors: dict[str, tuple[str, str]]
) -> int:
    """Publish the corpus texts in the demo catalogue (once); returns how many were added this time."""
    created = 0
    for reference in REFERENCE_DOCS:
        parsed = corpus_parse(reference.file)
        matched = org_match_issuer(issuer=parsed.issuer, mark=parsed.issuer_mark) if parsed.issuer else None
        codes = {org.pk: code for code, org in orgs.items()}
        own_issuer = matched is not None and matched.pk in codes and codes[matched.pk] in authors
        code = codes[matched.pk] if own_issuer and matched is not None else FALLBACK_ORG
        org = orgs[code]
        if not parsed.title or Document.objects.filter(org=org, title=parsed.title).exists():
            continue
        author, reviewer = (users[name] for name in authors[code])
        _load_one(parsed, org=org, own_issuer=own_issuer, author=author, reviewer=reviewer)
        created += 1
    return created
