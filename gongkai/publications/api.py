"""Documents (主动公开) endpoints, contract.md "Documents": staff write with a Bearer token, the public reads.

Mounted at /api/v1/documents. Every write calls a service; every read a selector.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Body, Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field
from wagtail.rich_text import expand_db_html

from gongkai.api.auth import optional_token_user, token_auth
from gongkai.core.exceptions import ServiceValidationError
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import org_get_public
from gongkai.publications import services
from gongkai.publications.choices import Disclosure, DocumentKind, DocumentStatus, Genre, Validity
from gongkai.publications.models import Document
from gongkai.publications.selectors import (
    document_get_readable,
    document_get_with_links,
    document_list_for,
    document_list_public,
    subject_resolve,
)

router = Router(tags=["政府信息（主动公开）"])

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
NOT_FOUND = "未找到该政府信息。"


class DocumentIn(Schema):
    org: str = Field(description="发布机构的机构代码")
    title: str
    genre: str = Field(description="体裁，如“通知”")
    subject: str = Field(description="主题分类“一级/二级”，如“综合政务/政务公开”")
    summary: str = ""
    body_html: str = ""
    doc_number: str = ""
    written_on: datetime.date | None = None
    formed_on: datetime.date | None = None
    effective_on: datetime.date | None = None
    valid_until: datetime.date | None = None
    keywords: str | list[str] | None = None
    disclosure: str = Disclosure.PROACTIVE.value
    withheld_ground: str = ""
    statutory_items: list[int] = []
    kind: str = DocumentKind.DOCUMENT.value
    interprets: list[int] = []
    interpretation_form: str = ""
    joint_issuers: list[str] = Field(default=[], description="联合发文机构的机构代码（牵头机构为 org）")
    registration_no: str = ""
    column: str | None = Field(default=None, description="栏目标识（本机构的栏目），如 policies")
    columns: list[str] = Field(default=[], description="多个栏目标识；与 column 合并")


class PublishIn(Schema):
    publish_at: datetime.datetime | None = Field(default=None, description="定时发布时间；留空立即发布")


class ReasonIn(Schema):
    reason: str


class DocumentSummaryOut(Schema):
    id: int
    index_no: str | None
    title: str
    org: str
    org_name: str
    kind: str
    genre: str
    subject: str
    doc_number: str
    written_on: datetime.date | None
    published_on: datetime.date | None
    validity: str
    url: str


class ColumnOut(Schema):
    key: str
    title: str
    url: str


class DocumentOut(DocumentSummaryOut):
    status: str
    columns: list[ColumnOut]
    joint_issuers: list[str]
    summary: str
    body_html: str
    formed_on: datetime.date | None
    effective_on: datetime.date | None
    repealed_on: datetime.date | None
    valid_until: datetime.date | None
    keywords: list[str]
    disclosure: str
    withheld_ground: str
    statutory_items: list[int]
    interpretation_form: str
    registration_no: str
    interpretations: list[int]
    interprets: list[int]
    go_live_at: datetime.datetime | None
    withdrawn_on: datetime.date | None
    withdrawn_reason: str
    notice: str
    returned_reason: str


class DocumentPageOut(Schema):
    count: int
    page: int
    page_size: int
    results: list[DocumentSummaryOut]


def _summary(document: Document) -> dict[str, Any]:
    return {
        "id": document.pk,
        "index_no": document.index_no,
        "title": document.title,
        "org": document.org.code,
        "org_name": document.org.name,
        "kind": document.kind,
        "genre": document.genre,
        "subject": document.subject.label,
        "doc_number": document.doc_number,
        "written_on": document.written_on,
        "published_on": document.published_on,
        "validity": document.validity,
        "url": document.get_url(),
    }


def _detail(document: Document, *, as_staff: bool) -> dict[str, Any]:
    withdrawn_on = timezone.localdate(document.withdrawn_at) if document.withdrawn_at else None
    notice = ""
    if document.status == DocumentStatus.WITHDRAWN:
        notice = _("本信息已于%(date)s撤回。撤回原因：%(reason)s") % {
            "date": withdrawn_on.isoformat() if withdrawn_on else "",
            "reason": document.withdrawn_reason,
        }
    return {
        **_summary(document),
        "status": document.status,
        "columns": [
            {"key": column.column_key, "title": column.title, "url": column.url or ""}
            for column in document.columns.all()
        ],
        "joint_issuers": [org.code for org in document.joint_issuers.all()],
        "summary": document.summary,
        "body_html": expand_db_html(document.body),
        "formed_on": document.formed_on,
        "effective_on": document.effective_on,
        "repealed_on": document.repealed_on,
        "valid_until": document.valid_until,
        "keywords": list(document.keywords or []),
        "disclosure": document.disclosure,
        "withheld_ground": document.withheld_ground,
        "statutory_items": list(document.statutory_items or []),
        "interpretation_form": document.interpretation_form,
        "registration_no": document.registration_no,
        "interpretations": [d.pk for d in document.interpretations.all()],
        "interprets": [d.pk for d in document.interprets.all()],
        "go_live_at": (
            timezone.localtime(document.go_live_at)
            if document.go_live_at and document.status == DocumentStatus.SCHEDULED
            else None
        ),
        "withdrawn_on": withdrawn_on,
        "withdrawn_reason": document.withdrawn_reason,
        "notice": notice,
        # Internal review remarks are for the organization's staff only.
        "returned_reason": document.returned_reason if as_staff else "",
    }


def _org_by_code(code: str, field: str = "org") -> Organization:
    try:
        return org_get_public(code=code)
    except Organization.DoesNotExist:
        raise ServiceValidationError(
            _("机构代码“%(code)s”不存在。") % {"code": code}, {field: [_("不是有效的机构代码。")]}
        ) from None


def _staff_document(request: HttpRequest, document_id: int) -> Document:
    """A document the token's user may work on; 404 when it does not exist or is not theirs to see."""
    document = document_list_for(user=request.auth).filter(pk=document_id).first()  # type: ignore[attr-defined]
    if document is None:
        try:
            document, _as_staff = document_get_readable(document_id=document_id, user=None)
        except Document.DoesNotExist:
            raise HttpError(404, NOT_FOUND) from None
    return document


def _answer(document: Document) -> dict[str, Any]:
    """The document as its staff see it, after a write that a service allowed."""
    return _detail(document_get_with_links(document_id=document.pk), as_staff=True)


@router.post("", response={201: DocumentOut}, auth=token_auth, summary="起草政府信息（信息编辑）")
def create_document(request: HttpRequest, payload: DocumentIn) -> Status[dict[str, Any]]:
    try:
        document = _create(request, payload)
    except ServiceValidationError as exc:
        if payload.column and "columns" in exc.errors:
            exc.errors["column"] = exc.errors["columns"]  # name the field the client sent
        raise
    return Status(201, _answer(document))


def _create(request: HttpRequest, payload: DocumentIn) -> Document:
    return services.document_create(
        actor=request.auth,  # type: ignore[attr-defined]
        org=_org_by_code(payload.org),
        title=payload.title,
        genre=payload.genre,
        subject=payload.subject,
        summary=payload.summary,
        body=payload.body_html,
        kind=payload.kind,
        doc_number=payload.doc_number,
        keywords=payload.keywords,
        written_on=payload.written_on,
        formed_on=payload.formed_on,
        effective_on=payload.effective_on,
        valid_until=payload.valid_until,
        registration_no=payload.registration_no,
        disclosure=payload.disclosure,
        withheld_ground=payload.withheld_ground,
        statutory_items=payload.statutory_items,
        interpretation_form=payload.interpretation_form,
        interprets=payload.interprets,
        joint_issuers=[_org_by_code(code, "joint_issuers") for code in payload.joint_issuers],
        columns=[*([payload.column] if payload.column else []), *payload.columns],
    )


@router.post("/{document_id}/submit", response=DocumentOut, auth=token_auth, summary="送审（信息编辑）")
def submit_document(request: HttpRequest, document_id: int) -> dict[str, Any]:
    document = _staff_document(request, document_id)
    return _answer(services.document_submit(actor=request.auth, document=document))  # type: ignore[attr-defined]


@router.post(
    "/{document_id}/approve",
    response=DocumentOut,
    auth=token_auth,
    summary="保密审查通过（本机构审查员，且不是送审人）",
)
def approve_document(request: HttpRequest, document_id: int) -> dict[str, Any]:
    document = _staff_document(request, document_id)
    return _answer(services.document_approve(actor=request.auth, document=document))  # type: ignore[attr-defined]


@router.post("/{document_id}/return", response=DocumentOut, auth=token_auth, summary="退回修改（审查员）")
def return_document(request: HttpRequest, document_id: int, payload: ReasonIn) -> dict[str, Any]:
    document = _staff_document(request, document_id)
    return _answer(
        services.document_return(actor=request.auth, document=document, reason=payload.reason)  # type: ignore[attr-defined]
    )


@router.post(
    "/{document_id}/publish",
    response=DocumentOut,
    auth=token_auth,
    summary="发布或定时发布（审查员或机构管理员）",
)
def publish_document(
    request: HttpRequest, document_id: int, payload: Body[PublishIn | None] = None
) -> dict[str, Any]:
    document = _staff_document(request, document_id)
    publish_at = payload.publish_at if payload is not None else None
    return _answer(
        services.document_publish(actor=request.auth, document=document, publish_at=publish_at)  # type: ignore[attr-defined]
    )


@router.post(
    "/{document_id}/withdraw", response=DocumentOut, auth=token_auth, summary="撤回（机构管理员或审查员）"
)
def withdraw_document(request: HttpRequest, document_id: int, payload: ReasonIn) -> dict[str, Any]:
    document = _staff_document(request, document_id)
    return _answer(
        services.document_withdraw(actor=request.auth, document=document, reason=payload.reason)  # type: ignore[attr-defined]
    )


@router.get(
    "/{document_id}", response=DocumentOut, summary="政府信息详情（发布后公开；本机构人员凭令牌可看草稿）"
)
def get_document(request: HttpRequest, document_id: int) -> dict[str, Any]:
    try:
        document, as_staff = document_get_readable(document_id=document_id, user=optional_token_user(request))
    except Document.DoesNotExist:
        raise HttpError(404, NOT_FOUND) from None
    return _detail(document, as_staff=as_staff)


class ListFilters(Schema):
    org: str | None = None
    subject: str | None = None
    genre: str | None = None
    year: int | None = Field(default=None, ge=1949, le=2100)
    validity: str | None = None
    kind: str | None = None
    page: int = Field(default=1, ge=1)
    page_size: int = Field(default=PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


def _check_filters(filters: ListFilters) -> None:
    errors: dict[str, list[str]] = {}
    if filters.org and not Organization.objects.filter(code=filters.org, is_active=True).exists():
        errors["org"] = [_("不是有效的机构代码。")]
    if filters.subject and subject_resolve(filters.subject) is None:
        errors["subject"] = [_("不是有效的主题分类，应为“一级分类/二级分类”。")]
    if filters.genre and filters.genre not in Genre.values:
        errors["genre"] = [_("不是有效的体裁。")]
    if filters.validity and filters.validity not in Validity.values:
        errors["validity"] = [_("不是有效的有效性，可选：valid、expired、repealed、amended。")]
    if filters.kind and filters.kind not in DocumentKind.values:
        errors["kind"] = [_("不是有效的类别，可选：document、interpretation、normative。")]
    if errors:
        field, messages = next(iter(errors.items()))
        raise ServiceValidationError(
            _("查询条件“%(field)s”%(message)s") % {"field": field, "message": messages[0]}, errors
        )


@router.get("", response=DocumentPageOut, summary="政府信息目录（公开，仅已发布）")
def list_documents(request: HttpRequest, filters: Query[ListFilters]) -> dict[str, Any]:
    _check_filters(filters)
    queryset = document_list_public(
        org=filters.org or None,
        subject=filters.subject or None,
        genre=filters.genre or None,
        year=filters.year,
        validity=filters.validity or None,
        kind=filters.kind or None,
    )
    start = (filters.page - 1) * filters.page_size
    return {
        "count": queryset.count(),
        "page": filters.page,
        "page_size": filters.page_size,
        "results": [_summary(d) for d in queryset[start : start + filters.page_size]],
    }
