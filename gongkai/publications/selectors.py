"""Reads of the catalogue; who may see which document is decided here (architecture rule 2)."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.db.models import Max, OuterRef, Prefetch, Q, QuerySet, Subquery

from gongkai.core.memo import ProcessMemo
from gongkai.core.permissions import has_role, org_ids_where
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Organization
from gongkai.portal.models import ColumnPage, OrganizationPage
from gongkai.publications.choices import DocumentKind, DocumentStatus
from gongkai.publications.models import Document, DocumentAttachment, Subject

# Anyone may read these; withdrawn ones answer with a notice and the reason (issue 3 §2).
PUBLIC_READABLE = (DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN)


def subject_resolve(value: Subject | str) -> Subject | None:
    """The 主题分类 named by a Subject, a label ("综合政务/政务公开", "其他") or a code ("2.1")."""
    if isinstance(value, Subject):
        return value
    text = str(value).strip()
    queryset = Subject.objects.select_related("parent")
    if "/" in text:
        top, _sep, second = text.partition("/")
        return queryset.filter(
            parent__parent__isnull=True, parent__name=top.strip(), name=second.strip()
        ).first()
    return queryset.filter(parent__isnull=True, name=text).first() or queryset.filter(code=text).first()


def subject_list() -> list[Subject]:
    """The whole 主题分类 code list in order, parents loaded (one query)."""
    return list(Subject.objects.select_related("parent").order_by("sort"))


def _catalogue_queryset() -> QuerySet[Document]:
    return Document.objects.select_related("org", "subject", "subject__parent")


def document_list_public(
    *,
    org: Organization | str | None = None,
    subject: Subject | str | None = None,
    genre: str | None = None,
    year: int | None = None,
    validity: str | None = None,
    kind: str | None = None,
) -> QuerySet[Document]:
    """Published documents as the public catalogue lists them, newest first; filters combine.

    ``org`` is an Organization or its code; ``subject`` a Subject, a label or a code: a top level
    ("综合政务") matches its second levels too. ``year`` is the year of publication.
    """
    queryset = _catalogue_queryset().filter(status=DocumentStatus.PUBLISHED)
    if org is not None:
        queryset = queryset.filter(org__code=org) if isinstance(org, str) else queryset.filter(org=org)
    if subject is not None:
        resolved = subject_resolve(subject)
        if resolved is None:
            return queryset.none()
        queryset = queryset.filter(Q(subject=resolved) | Q(subject__parent=resolved))
    if genre:
        queryset = queryset.filter(genre=genre)
    if year is not None:
        # A range, not __year, so the (org, status, published_on) index serves it.
        queryset = queryset.filter(
            published_on__gte=datetime.date(year, 1, 1), published_on__lte=datetime.date(year, 12, 31)
        )
    if validity:
        queryset = queryset.filter(validity=validity)
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("-published_on", "-id")


def _with_links(queryset: QuerySet[Document], *, public: bool) -> QuerySet[Document]:
    """Joint issuers and both directions of the interpretation link; the public sees only public ends."""
    linked = Document.objects.only("id", "status").order_by("id")
    if public:
        linked = linked.filter(status=DocumentStatus.PUBLISHED)
    return queryset.prefetch_related(
        Prefetch(
            "joint_issuers", queryset=Organization.objects.only("id", "code", "name").order_by("sort_order")
        ),
        Prefetch("interpretations", queryset=linked),
        Prefetch("interprets", queryset=linked),
        # issue 3 item 1: the columns the document appears in (API ``columns``).
        Prefetch("columns", queryset=ColumnPage.objects.only("id", "title", "column_key", "url_path")),
    )


def document_get_public(*, document_id: int) -> Document:
    """A published or withdrawn document (raises Document.DoesNotExist otherwise)."""
    return _with_links(_catalogue_queryset(), public=True).get(pk=document_id, status__in=PUBLIC_READABLE)


def document_get_with_links(*, document_id: int) -> Document:
    """A document with its issuers and links loaded, for its own staff (after a write they were allowed)."""
    return _with_links(_catalogue_queryset(), public=False).get(pk=document_id)


def document_get_readable(*, document_id: int, user: Any) -> tuple[Document, bool]:
    """The document as ``user`` may read it: (document, as_staff). Staff of its organization (and of a
    joint issuer) read drafts too; everybody else only published or withdrawn ones."""
    document = _catalogue_queryset().filter(pk=document_id).first()
    if document is None:
        raise Document.DoesNotExist
    if _is_staff_of(user, document):
        return document_get_with_links(document_id=document_id), True
    return document_get_public(document_id=document_id), False


def _is_staff_of(user: Any, document: Document) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if has_role(user, document.org, Role.values):
        return True
    ids = org_ids_where(user, Role.values)
    return ids is None or document.joint_issuers.filter(pk__in=ids).exists()


def document_list_for(*, user: Any, status: str | None = None) -> QuerySet[Document]:
    """The documents staff work on: those of the organizations where they hold any role (all for
    platform admins), most recently changed first."""
    ids = org_ids_where(user, Role.values)
    queryset = _catalogue_queryset().order_by("-updated_at", "-id")
    if ids is not None:
        queryset = queryset.filter(org_id__in=ids)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


# --- Public pages: home sections, catalogue form, conditional GETs (issue 3 §8) -------------------------


def document_list_latest(*, limit: int, kind: str | None = None) -> list[Document]:
    """The ``limit`` newest published documents (of ``kind`` if given), for the home page and feeds."""
    return list(document_list_public(kind=kind)[:limit])


# The newest 发布日期, then the newest before that one's year, and so on (document_years_public).
YEARS_SQL = """
WITH RECURSIVE years(day) AS (
    SELECT MAX(published_on) FROM publications_document WHERE status = %s AND published_on IS NOT NULL
    UNION ALL
    SELECT (
        SELECT MAX(published_on) FROM publications_document
        WHERE status = %s AND published_on IS NOT NULL AND published_on < YEAR_START
    ) FROM years WHERE day IS NOT NULL
)
SELECT day FROM years WHERE day IS NOT NULL
"""
YEAR_START_SQL = {
    "postgresql": "CAST(DATE_TRUNC('year', day) AS date)",
    "sqlite": "strftime('%%Y-01-01', day)",
}


def document_years_public() -> list[int]:
    """The years in which anything was published, newest first (the catalogue's year filter).

    A loose index scan: from the newest 发布日期, jump to the newest one before that year's 1 January, and
    so on — one probe of the (status, published_on) index per year, where ``DISTINCT`` over the dates
    reads every published row (150 ms at 100,000 documents on PostgreSQL, bench/bench_catalogue.py).
    """
    year_start = YEAR_START_SQL["postgresql" if connection.vendor == "postgresql" else "sqlite"]
    sql = YEARS_SQL.replace("YEAR_START", year_start)
    status = DocumentStatus.PUBLISHED.value
    with connection.cursor() as cursor:
        cursor.execute(sql, [status, status])
        # SQLite answers the dates as text ("2026-05-04"), PostgreSQL as dates.
        return [int(str(day)[:4]) for (day,) in cursor.fetchall()]


def _latest_change(queryset: QuerySet[Document]) -> Subquery:
    return Subquery(queryset.order_by("-updated_at").values("updated_at")[:1])


def document_public_version(*, document_id: int) -> datetime.datetime | None:
    """When the public page of a document last changed, or None if the public cannot read it.

    The page shows the document and the ends of its interpretation links, so publishing, changing or
    withdrawing an interpretation changes the page of the policy it interprets too. One query, each
    direction of the link a subquery through its own index (an OR over both joins scanned the whole table).
    """
    row = (
        Document.objects.filter(pk=document_id, status__in=PUBLIC_READABLE)
        .annotate(
            interpretation_changed=_latest_change(Document.objects.filter(interprets=OuterRef("pk"))),
            policy_changed=_latest_change(Document.objects.filter(interpretations=OuterRef("pk"))),
        )
        .values_list("updated_at", "interpretation_changed", "policy_changed")
        .first()
    )
    if row is None:
        return None
    return max(moment for moment in row if moment is not None)


# --- Figures of the catalogue page, cached per state of the catalogue ----------------------------------

# A bound on staleness for what the cache key does not see (a new organization, a deleted row).
CATALOGUE_CACHE_SECONDS = 300
# How long a process trusts the catalogue state it last read. A change made in this process forgets it at
# once (catalogue_changed); one made by another process (a second web worker, the task worker) shows
# within this time. Reading the state is the only query of a cached public page, and building it costs
# Django more than serving the page (bench/bench_catalogue.py, docs/performance.md).
CATALOGUE_STATE_SECONDS = 1.0
catalogue_state = ProcessMemo[str]("catalogue state", seconds=CATALOGUE_STATE_SECONDS, max_keys=1)


def catalogue_generation() -> str:
    """A key that changes whenever any document is created or saved (every service step saves it): the
    newest id and the newest change, two probes of their indexes; read at most once a
    CATALOGUE_STATE_SECONDS per process."""
    return catalogue_state.get(None, _catalogue_generation_read)


def _catalogue_generation_read() -> str:
    latest = Document.objects.aggregate(last_id=Max("pk"), last_change=Max("updated_at"))
    change = latest["last_change"]
    return f"{latest['last_id']}-{change.timestamp() if change else 0}"


def catalogue_changed() -> None:
    """Forget the remembered catalogue state, now and when the current transaction commits. Every
    document save calls it (signal in apps.py); writes that bypass save(), such as ``QuerySet.update``,
    call it themselves."""
    catalogue_state.forget()


def catalogue_cached(generation: str, name: str, compute: Any) -> Any:
    """``compute()``, kept in the cache while the catalogue stays as it was (``generation``)."""
    key = f"gongkai:catalogue:{generation}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, CATALOGUE_CACHE_SECONDS)
    return value


def document_public_version_cached(*, document_id: int) -> datetime.datetime | None:
    """``document_public_version``, kept while the catalogue state stays the same: a cached document page
    then costs no query at all. (False stands for "not public" in the cache, where None means missing.)"""
    version = catalogue_cached(
        catalogue_generation(),
        f"version:{document_id}",
        lambda: document_public_version(document_id=document_id) or False,
    )
    return version or None


# --- Columns (栏目) and attachments (issue 3 item 1) ---------------------------------------------------

INTERPRETATIONS_COLUMN_KEY = "interpretations"


def column_get_public(*, column_id: int) -> ColumnPage | None:
    """A column (栏目) the public may read: live and not behind Wagtail's privacy settings."""
    column: ColumnPage | None = ColumnPage.objects.live().public().filter(pk=column_id).first()
    return column


def org_columns(*, org: Organization) -> list[ColumnPage]:
    """Every column (栏目) below the organization's page, in tree order; empty if it has no page."""
    org_page = OrganizationPage.objects.filter(org=org).first()
    if org_page is None:
        return []
    return list(ColumnPage.objects.descendant_of(org_page).order_by("path"))


def _ids_with_statutory_item(queryset: QuerySet[Document], item: int) -> QuerySet[Any, Any] | list[int]:
    """Ids (or a subquery of them) of the documents of ``queryset`` whose 第二十条 items include ``item``.

    PostgreSQL answers ``statutory_items @> [item]`` itself; SQLite has no JSON containment
    (``supports_json_field_contains`` is False), so there the (id, items) pairs of the organization's
    published documents are read and matched here — two small columns, one query.
    """
    if connection.features.supports_json_field_contains:
        return queryset.filter(statutory_items__contains=[item]).values("pk")
    return [pk for pk, items in queryset.values_list("pk", "statutory_items") if item in (items or [])]


def document_list_for_column(column: ColumnPage) -> QuerySet[Document]:
    """The published documents a column lists, newest first: those placed in it, plus — automatically —
    the organization's documents of the column's 第二十条 item (``statutory_item``) and, in the 政策解读
    column, the organization's published interpretations."""
    # The organization is that of the column's organization page, read in the same query.
    org_id = Subquery(OrganizationPage.objects.ancestor_of(column).values("org_id")[:1])
    published = Document.objects.filter(org_id=org_id, status=DocumentStatus.PUBLISHED)
    placed = Document.columns.through.objects.filter(columnpage_id=column.pk).values("document_id")
    condition = Q(pk__in=placed)
    if column.statutory_item:
        condition |= Q(pk__in=_ids_with_statutory_item(published, column.statutory_item))
    if column.column_key == INTERPRETATIONS_COLUMN_KEY:
        condition |= Q(kind=DocumentKind.INTERPRETATION)
    return (
        published.filter(condition)
        .select_related("org")
        .only("id", "title", "doc_number", "published_on", "kind", "org__name", "org__code")
        .order_by("-published_on", "-id")
    )


def document_attachments_public(*, document: Document) -> list[DocumentAttachment]:
    """A document's attachments in order, with their files (one query)."""
    return list(document.attachments.select_related("file").order_by("sort_order", "pk"))


def document_attachment_get_public(*, document_id: int, number: int) -> DocumentAttachment:
    """Attachment ``number`` of a published document (raises DocumentAttachment.DoesNotExist otherwise:
    a withdrawn or unpublished document's files are not served)."""
    return DocumentAttachment.objects.select_related("file").get(
        document_id=document_id, document__status=DocumentStatus.PUBLISHED, sort_order=number
    )


# --- Attachment files served by Wagtail ----------------------------------------------------------------


def attachment_file_visible(*, file: Any, user: Any) -> bool:
    """Whether Wagtail may serve this file to this user: an attachment of a document that is not yet
    published (or was withdrawn) is seen only by staff who may see that document; any other file is not
    an attachment of ours and Wagtail's own collection rules apply."""
    document_ids = set(DocumentAttachment.objects.filter(file=file).values_list("document_id", flat=True))
    if not document_ids:
        return True
    if Document.objects.filter(pk__in=document_ids, status=DocumentStatus.PUBLISHED).exists():
        return True
    return document_list_for(user=user).filter(pk__in=document_ids).exists()
