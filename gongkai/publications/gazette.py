"""政府公报: issues of the government's gazette and the documents printed in them (issue 3 item 7).

An issue is drafted by the staff of its organization (editor or org_admin), collects published documents in
order, and is published once; from then on it is in the public reading room (/gazette/) and downloadable as
DOCX. A document is printed in at most one issue.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.audit import audit_log, snapshot
from gongkai.core.exceptions import ServiceValidationError, StateConflict
from gongkai.core.permissions import org_ids_where, require_role
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Organization
from gongkai.publications.choices import DocumentStatus, PublicationStatus
from gongkai.publications.models import Document, GazetteIssue, GazetteItem
from gongkai.publications.selectors import catalogue_changed
from gongkai.search.services import search_index_later

GAZETTE_ROLES = [Role.EDITOR, Role.ORG_ADMIN]
ISSUE_FIELDS = ("org", "year", "number", "title", "status", "published_on")


def gazette_default_title(org: Organization, year: int, number: int) -> str:
    """ "示例市人民政府公报 2026年第3期"."""
    return _("%(org)s公报 %(year)s年第%(number)s期") % {"org": org.name, "year": year, "number": number}


def _user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


# --- Services --------------------------------------------------------------------------------------------


@transaction.atomic
def gazette_issue_create(
    *,
    actor: Any,
    org: Organization,
    year: int,
    number: int | None = None,
    title: str = "",
    published_on: datetime.date | None = None,
) -> GazetteIssue:
    """Start a draft issue; ``number`` defaults to the year's next one, ``title`` to
    “<机构>公报 <年>年第<n>期”; ``published_on`` is the planned 出版日期 (publication may still change it)."""
    require_role(actor, org, GAZETTE_ROLES, action=_("编辑政府公报"))
    if not 1949 < int(year) < 3000:
        raise ServiceValidationError(_("“年度”：应为四位年份。"), {"year": [_("应为四位年份。")]})
    if number is None:
        number = (GazetteIssue.objects.filter(year=year).aggregate(m=Max("number"))["m"] or 0) + 1
    if int(number) < 1:
        raise ServiceValidationError(_("“期号”：应为正整数。"), {"number": [_("应为正整数。")]})
    if GazetteIssue.objects.filter(year=year, number=number).exists():
        raise ServiceValidationError(
            _("“期号”：%(year)s年第%(number)s期已存在。") % {"year": year, "number": number},
            {"number": [_("该期号已存在。")]},
        )
    title = (title or "").strip() or gazette_default_title(org, int(year), int(number))
    issue = GazetteIssue.objects.create(
        org=org,
        year=int(year),
        number=int(number),
        title=title[:200],
        published_on=published_on,
        created_by=_user_or_none(actor),
    )
    audit_log(
        instance=issue,
        action="gongkai.gazette.create",
        actor=actor,
        org_code=org.code,
        after=snapshot(issue, ISSUE_FIELDS),
    )
    return issue


@transaction.atomic
def gazette_issue_add_document(*, actor: Any, issue: GazetteIssue, document: Document) -> GazetteItem:
    """Append a published document to a draft issue (a document is printed in at most one issue)."""
    require_role(actor, issue.org, GAZETTE_ROLES, action=_("编辑政府公报"))
    if issue.status != PublicationStatus.DRAFT:
        raise StateConflict(_("该期公报已出版，不能再增加文件。"))
    if document.status != DocumentStatus.PUBLISHED:
        raise ServiceValidationError(
            _("“文件”：“%(title)s”尚未发布，不能刊登在公报上。") % {"title": document.title},
            {"document": [_("只能刊登已发布的文件。")]},
        )
    existing = GazetteItem.objects.select_related("issue").filter(document=document).first()
    if existing is not None:
        raise ServiceValidationError(
            _("“文件”：“%(title)s”已刊登在《%(issue)s》上，一件文件只能刊登在一期公报上。")
            % {"title": document.title, "issue": existing.issue.title},
            {"document": [_("该文件已刊登在其他一期公报上。")]},
        )
    position = (issue.items.aggregate(m=Max("sort_order"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            item = GazetteItem.objects.create(issue=issue, document=document, sort_order=position)
    except IntegrityError as exc:  # another editor added it at the same instant
        raise ServiceValidationError(
            _("“文件”：“%(title)s”已刊登在其他一期公报上，一件文件只能刊登在一期公报上。")
            % {"title": document.title},
            {"document": [_("该文件已刊登在其他一期公报上。")]},
        ) from exc
    audit_log(
        instance=issue,
        action="gongkai.gazette.add_document",
        actor=actor,
        org_code=issue.org.code,
        after={"document": document.pk, "sort_order": position},
    )
    return item


@transaction.atomic
def gazette_issue_publish(
    *, actor: Any, issue: GazetteIssue, published_on: datetime.date | None = None
) -> GazetteIssue:
    """Publish a draft issue that has at least one document; it appears in the reading room at once.
    The 出版日期 is ``published_on``, else the planned date given at creation, else today."""
    require_role(actor, issue.org, GAZETTE_ROLES, action=_("出版政府公报"))
    if not issue.items.exists():
        raise ServiceValidationError(
            _("该期公报没有收录任何文件，不能出版。"), {"items": [_("请先添加文件。")]}
        )
    before = snapshot(issue, ISSUE_FIELDS)
    claimed = GazetteIssue.objects.filter(pk=issue.pk, status=PublicationStatus.DRAFT).update(
        status=PublicationStatus.PUBLISHED,
        published_on=published_on or issue.published_on or timezone.localdate(),
    )
    if not claimed:
        raise StateConflict(_("该期公报已出版。"))
    # The pages of the documents printed in it now name the issue: a new version of each (ETag, page cache).
    Document.objects.filter(gazette_item__issue=issue).update(updated_at=timezone.now())
    catalogue_changed()
    issue.refresh_from_db()
    # Published by a conditional UPDATE, which sends no post_save: ask for the index update ourselves.
    search_index_later(instance=issue)
    audit_log(
        instance=issue,
        action="gongkai.gazette.publish",
        actor=actor,
        org_code=issue.org.code,
        before=before,
        after=snapshot(issue, ISSUE_FIELDS),
    )
    return issue


def _require_draft(issue: GazetteIssue) -> None:
    if issue.status != PublicationStatus.DRAFT:
        raise StateConflict(_("该期公报已出版，不能再调整收录的文件。"))


@transaction.atomic
def gazette_issue_remove_document(*, actor: Any, issue: GazetteIssue, item: GazetteItem) -> None:
    """Take a document out of a draft issue (it may then be printed in another one)."""
    require_role(actor, issue.org, GAZETTE_ROLES, action=_("编辑政府公报"))
    GazetteIssue.objects.select_for_update().filter(pk=issue.pk).values_list("pk").first()
    issue.refresh_from_db()
    _require_draft(issue)
    if item.issue_id != issue.pk:
        raise ServiceValidationError(
            _("“文件”：该文件不在本期公报中。"), {"item": [_("该文件不在本期公报中。")]}
        )
    before = {"document": item.document_id, "sort_order": item.sort_order}
    item.delete()
    audit_log(
        instance=issue,
        action="gongkai.gazette.remove_document",
        actor=actor,
        org_code=issue.org.code,
        before=before,
    )


@transaction.atomic
def gazette_issue_reorder(*, actor: Any, issue: GazetteIssue, item_ids: list[int]) -> None:
    """Put a draft issue's documents in the order of ``item_ids`` (every item of the issue, once)."""
    require_role(actor, issue.org, GAZETTE_ROLES, action=_("编辑政府公报"))
    GazetteIssue.objects.select_for_update().filter(pk=issue.pk).values_list("pk").first()
    issue.refresh_from_db()
    _require_draft(issue)
    items = {item.pk: item for item in issue.items.all()}
    if sorted(item_ids) != sorted(items) or len(set(item_ids)) != len(item_ids):
        raise ServiceValidationError(
            _("“排序”：排序应包含本期公报的每一件文件且各一次，请刷新页面后重试。"),
            {"order": [_("排序与本期公报收录的文件不一致。")]},
        )
    before = [items[pk].document_id for pk in sorted(items, key=lambda pk: (items[pk].sort_order, pk))]
    for position, pk in enumerate(item_ids, start=1):
        if items[pk].sort_order != position:
            items[pk].sort_order = position
            items[pk].save(update_fields=["sort_order"])
    audit_log(
        instance=issue,
        action="gongkai.gazette.reorder",
        actor=actor,
        org_code=issue.org.code,
        before={"documents": before},
        after={"documents": [items[pk].document_id for pk in item_ids]},
    )


# --- Selectors -----------------------------------------------------------------------------------------


def _published_issues() -> QuerySet[GazetteIssue]:
    return GazetteIssue.objects.select_related("org").filter(status=PublicationStatus.PUBLISHED)


def gazette_years() -> list[int]:
    """Years that have at least one published issue, newest first."""
    return list(_published_issues().order_by("-year").values_list("year", flat=True).distinct())


def gazette_issue_list_public(*, year: int | None = None) -> QuerySet[GazetteIssue]:
    queryset = _published_issues().order_by("-year", "-number")
    return queryset if year is None else queryset.filter(year=year)


def _public_items() -> QuerySet[GazetteItem]:
    return GazetteItem.objects.select_related("document", "document__org").filter(
        document__status__in=(DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN)
    )


def gazette_issue_public(*, year: int, number: int) -> GazetteIssue | None:
    """A published issue with its items (documents in order) prefetched, or None."""
    return (
        _published_issues()
        .prefetch_related(Prefetch("items", queryset=_public_items().order_by("sort_order", "pk")))
        .filter(year=year, number=number)
        .first()
    )


def gazette_issue_documents(issue: GazetteIssue) -> list[Document]:
    """The issue's public documents in the issue's order."""
    return [item.document for item in issue.items.all()]


def gazette_search(query: str) -> QuerySet[GazetteItem]:
    """Items of published issues whose document title contains every word of ``query``."""
    items = _public_items().select_related("issue").filter(issue__status=PublicationStatus.PUBLISHED)
    words = [w for w in (query or "").split() if w]
    if not words:
        return items.none()
    for word in words[:10]:
        items = items.filter(document__title__icontains=word)
    return items.order_by("-issue__year", "-issue__number", "sort_order")


def gazette_issue_for_document(document: Document) -> GazetteIssue | None:
    """The published issue a document was printed in, for its page (“刊登于《…》”), or None."""
    return _published_issues().filter(items__document=document).first()


# --- Workbench selectors (the staff screens of gongkai.publications.gazette_workbench) -------------------


def gazette_issue_list_for(*, user: Any) -> QuerySet[GazetteIssue]:
    """Issues of the organizations where the user holds any role (all for platform admins), newest first,
    with their number of documents (one query for the whole list)."""
    ids = org_ids_where(user, Role.values)
    queryset = (
        GazetteIssue.objects.select_related("org")
        .annotate(item_count=Count("items"))
        .order_by("-year", "-number")
    )
    return queryset if ids is None else queryset.filter(org_id__in=ids)


def gazette_items(issue: GazetteIssue) -> QuerySet[GazetteItem]:
    """An issue's documents in the issue's order, for the workbench (any status)."""
    return issue.items.select_related("document", "document__org").order_by("sort_order", "pk")


def gazette_documents_printable() -> QuerySet[Document]:
    """Published documents not yet printed in any issue: what an editor may add to a draft issue."""
    return (
        Document.objects.select_related("org")
        .filter(status=DocumentStatus.PUBLISHED, gazette_item__isnull=True)
        .order_by("-published_on", "-pk")
    )
