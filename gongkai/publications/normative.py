"""行政规范性文件 (statutory.md §9): 登记号, 有效期, amend/repeal links, public lists and 清理.

统一登记、统一编号、统一公布 (国办发〔2018〕37号): a 规范性文件 gets its 登记号 when it is published
(:func:`normative_on_publish`, called by ``document_publish``), separate from its 发文字号. Services here
are the only writers of ``validity`` once a document is public; selectors decide what the public sees.

Settings (with defaults):

- ``GONGKAI_NORMATIVE_REGISTRATION_FORMAT``: ``"{prefix}-{year}-{serial:04d}"`` → ``FGW-2026-0003``.
- ``GONGKAI_NORMATIVE_REGISTRATION_PREFIX``: a dict organization code → prefix; an organization not in it
  uses its own code upper-cased.
- ``GONGKAI_NORMATIVE_VALID_YEARS``: 5, the default 有效期.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.audit import audit_log, snapshot
from gongkai.core.exceptions import ServiceValidationError, StateConflict
from gongkai.core.permissions import has_role, org_ids_where, require_platform_admin, require_role
from gongkai.core.rules import rule
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Organization
from gongkai.publications.choices import (
    CleanupResult,
    DocumentKind,
    DocumentStatus,
    NormativeLinkKind,
    PublicationStatus,
    Validity,
)
from gongkai.publications.models import (
    CleanupCampaign,
    CleanupItem,
    Document,
    NormativeLink,
    RegistrationSerial,
)
from gongkai.publications.selectors import catalogue_changed
from gongkai.publications.serials import serial_take_next

# Who may link, clean up and change the validity of published 规范性文件: those who may publish them.
NORMATIVE_ROLES = [Role.REVIEWER, Role.ORG_ADMIN]
VALIDITY_FIELDS = ("validity", "repealed_on", "valid_until")
INVALID = (Validity.EXPIRED, Validity.REPEALED, Validity.AMENDED)


# --- Settings --------------------------------------------------------------------------------------------


def registration_format() -> str:
    value: str = getattr(settings, "GONGKAI_NORMATIVE_REGISTRATION_FORMAT", "{prefix}-{year}-{serial:04d}")
    return value


def registration_prefix(org: Organization) -> str:
    prefixes: dict[str, str] = getattr(settings, "GONGKAI_NORMATIVE_REGISTRATION_PREFIX", {}) or {}
    return prefixes.get(org.code, org.code.upper())


def valid_years() -> int:
    # Many local rules cap the 有效期 of a 规范性文件 at 5 years (statutory.md §9); a region with another
    # cap sets GONGKAI_NORMATIVE_VALID_YEARS.
    return rule("NORMATIVE_VALID_YEARS")


def add_years(day: datetime.date, years: int) -> datetime.date:
    """``day`` ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# --- Registration on publication ---------------------------------------------------------------------


def registration_no_assign(*, org: Organization, year: int) -> str:
    """The next 登记号 of ``org`` in ``year``. Runs inside the publishing transaction: the serial row stays
    locked until it commits, so two publications at once get consecutive numbers (like 索引号)."""
    serial = serial_take_next(RegistrationSerial, org=org, year=year)
    return registration_format().format(prefix=registration_prefix(org), year=year, serial=serial)


def normative_on_publish(document: Document) -> None:
    """Give a 规范性文件 being published its 登记号 (once, never changed) and its default 有效期.

    Called by ``document_publish`` before it saves; does not save itself.
    """
    if document.kind != DocumentKind.NORMATIVE:
        return
    published_on = document.published_on or timezone.localdate()
    if not document.registration_no:
        document.registration_no = registration_no_assign(org=document.org, year=published_on.year)
    if document.valid_until is None:
        document.valid_until = add_years(document.effective_on or published_on, valid_years())


# --- Validity --------------------------------------------------------------------------------------------


def _require_normative(document: Document, *, field: str) -> None:
    if document.kind != DocumentKind.NORMATIVE:
        raise ServiceValidationError(
            _("“%(title)s”不是行政规范性文件。") % {"title": document.title},
            {field: [_("只能选择行政规范性文件。")]},
        )
    if document.status != DocumentStatus.PUBLISHED:
        raise StateConflict(_("“%(title)s”尚未发布或已撤回，不能操作。") % {"title": document.title})


def _set_validity(
    document: Document,
    *,
    actor: Any,
    validity: str,
    action: str,
    extra: dict[str, Any] | None = None,
    repealed_on: datetime.date | None = None,
) -> None:
    """Change a published 规范性文件's 有效性 (and 废止日期 on repeal), with its audit entry."""
    Document.objects.select_for_update().filter(pk=document.pk).values_list("pk").first()
    document.refresh_from_db()
    before = snapshot(document, VALIDITY_FIELDS)
    document.validity = validity
    if validity == Validity.REPEALED and document.repealed_on is None:
        document.repealed_on = repealed_on or timezone.localdate()
    document.save(update_fields=["validity", "repealed_on", "updated_at"])
    audit_log(
        instance=document,
        action=action,
        actor=actor,
        org_code=document.org.code,
        before=before,
        after=snapshot(document, VALIDITY_FIELDS),
        extra=extra,
    )


def _link(*, actor: Any, source: Document, target: Document, kind: str) -> NormativeLink:
    _require_normative(source, field="new_doc")
    _require_normative(target, field="old_doc")
    if source.pk == target.pk:
        raise ServiceValidationError(_("文件不能修订或废止自身。"), {"old_doc": [_("不能选择文件自身。")]})
    if not has_role(actor, target.org, NORMATIVE_ROLES):
        require_role(actor, source.org, NORMATIVE_ROLES, action=_("修订或废止规范性文件"))
    if target.validity != Validity.VALID:
        raise StateConflict(
            _("“%(title)s”当前为“%(validity)s”，不能再修订或废止。")
            % {"title": target.title, "validity": Validity(target.validity).label}
        )
    link = NormativeLink.objects.create(source=source, target=target, kind=kind)
    # The source's page now says what it amends or repeals: a new version of it (ETag, page cache).
    Document.objects.filter(pk=source.pk).update(updated_at=timezone.now())
    catalogue_changed()
    validity = Validity.AMENDED if kind == NormativeLinkKind.AMEND else Validity.REPEALED
    action = "gongkai.normative.amend" if kind == NormativeLinkKind.AMEND else "gongkai.normative.repeal"
    # A repeal takes effect when the repealing document does (or on its publication).
    repealed_on = source.effective_on or source.published_on
    _set_validity(
        target,
        actor=actor,
        validity=validity,
        action=action,
        extra={"by_document": source.pk},
        repealed_on=repealed_on,
    )
    return link


@transaction.atomic
def normative_amend(*, actor: Any, new_doc: Document, old_doc: Document) -> NormativeLink:
    """Record that published ``new_doc`` amends ``old_doc`` (修订), which becomes 已修订."""
    return _link(actor=actor, source=new_doc, target=old_doc, kind=NormativeLinkKind.AMEND)


@transaction.atomic
def normative_repeal(*, actor: Any, repealing_doc: Document, old_doc: Document) -> NormativeLink:
    """Record that published ``repealing_doc`` repeals ``old_doc`` (废止), which becomes 已废止 from the
    repealing document's 生效日期 (or today)."""
    return _link(actor=actor, source=repealing_doc, target=old_doc, kind=NormativeLinkKind.REPEAL)


def normative_expire_due(*, today: datetime.date | None = None) -> int:
    """Mark published 规范性文件 whose 有效期 has passed as 失效; returns how many (the ``tick`` job).

    Idempotent and safe to run twice at once: each row is claimed by a conditional UPDATE (valid →
    expired) in its own transaction, and only the run that claimed it writes the audit entry.
    """
    today = today or timezone.localdate()
    due = Document.objects.filter(
        kind=DocumentKind.NORMATIVE,
        status=DocumentStatus.PUBLISHED,
        validity=Validity.VALID,
        valid_until__lt=today,
    )
    expired = 0
    for pk in list(due.order_by("pk").values_list("pk", flat=True)):
        with transaction.atomic():
            # updated_at too: it is the version of the public page (ETag, page cache), which now shows
            # the 失效 banner.
            claimed = due.filter(pk=pk).update(validity=Validity.EXPIRED, updated_at=timezone.now())
            catalogue_changed()
            if claimed:
                document = Document.objects.select_related("org").get(pk=pk)
                audit_log(
                    instance=document,
                    action="gongkai.normative.expire",
                    org_code=document.org.code,
                    before={"validity": Validity.VALID},
                    after={"validity": Validity.EXPIRED, "valid_until": document.valid_until},
                )
                expired += claimed
    return expired


# --- 清理 (cleanup campaigns) ----------------------------------------------------------------------------


def _require_campaign_role(actor: Any, org: Organization | None, *, action: str) -> None:
    if org is None:
        require_platform_admin(actor, action=action)
    else:
        require_role(actor, org, NORMATIVE_ROLES, action=action)


@transaction.atomic
def cleanup_campaign_create(
    *, actor: Any, title: str, year: int, org: Organization | None = None
) -> CleanupCampaign:
    """Start a 清理 of one organization's 规范性文件, or of the whole region's (``org`` None: only a
    platform_admin)."""
    _require_campaign_role(actor, org, action=_("开展规范性文件清理"))
    title = (title or "").strip()
    if not title:
        raise ServiceValidationError(_("“标题”：不能为空。"), {"title": [_("标题不能为空。")]})
    if not 1949 < int(year) < 3000:
        raise ServiceValidationError(_("“年度”：应为四位年份。"), {"year": [_("应为四位年份。")]})
    campaign = CleanupCampaign.objects.create(
        title=title,
        year=int(year),
        org=org,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    audit_log(
        instance=campaign,
        action="gongkai.cleanup.create",
        actor=actor,
        org_code=org.code if org else None,
        after=snapshot(campaign, ("title", "year", "org", "status")),
    )
    return campaign


@transaction.atomic
def cleanup_item_add(
    *, actor: Any, campaign: CleanupCampaign, document: Document, result: str, note: str = ""
) -> CleanupItem:
    """Put a published 规范性文件 on a draft 清理's result list with its outcome (or change the outcome)."""
    _require_campaign_role(actor, campaign.org, action=_("编辑规范性文件清理结果"))
    if campaign.status != PublicationStatus.DRAFT:
        raise StateConflict(_("清理结果已发布，不能再修改。"))
    if result not in CleanupResult.values:
        raise ServiceValidationError(
            _("“清理结果”：不是有效的结果，可选：%(choices)s。")
            % {"choices": "、".join(CleanupResult.values)},
            {"result": [_("不是有效的清理结果。")]},
        )
    _require_normative(document, field="document")
    if campaign.org_id is not None and document.org_id != campaign.org_id:
        raise ServiceValidationError(
            _("“规范性文件”：“%(title)s”不是本机构的文件。") % {"title": document.title},
            {"document": [_("只能清理本机构的规范性文件。")]},
        )
    if document.validity != Validity.VALID:
        raise StateConflict(_("“%(title)s”已经不是现行有效的文件，无需清理。") % {"title": document.title})
    item, _created = CleanupItem.objects.update_or_create(
        campaign=campaign, document=document, defaults={"result": result, "note": (note or "").strip()}
    )
    audit_log(
        instance=campaign,
        action="gongkai.cleanup.item",
        actor=actor,
        org_code=campaign.org.code if campaign.org else None,
        after={"document": document.pk, "result": result, "note": item.note},
    )
    return item


@transaction.atomic
def cleanup_item_remove(*, actor: Any, item: CleanupItem) -> None:
    """Take a document off a draft 清理's result list (a mistaken entry)."""
    campaign = item.campaign
    _require_campaign_role(actor, campaign.org, action=_("编辑规范性文件清理结果"))
    CleanupCampaign.objects.select_for_update().filter(pk=campaign.pk).values_list("pk").first()
    campaign.refresh_from_db()
    if campaign.status != PublicationStatus.DRAFT:
        raise StateConflict(_("清理结果已发布，不能再修改。"))
    before = {"document": item.document_id, "result": item.result, "note": item.note}
    item.delete()
    audit_log(
        instance=campaign,
        action="gongkai.cleanup.remove_item",
        actor=actor,
        org_code=campaign.org.code if campaign.org else None,
        before=before,
    )


CLEANUP_VALIDITY = {
    CleanupResult.AMEND: Validity.AMENDED,
    CleanupResult.REPEAL: Validity.REPEALED,
    CleanupResult.EXPIRE: Validity.EXPIRED,
}


@transaction.atomic
def cleanup_campaign_publish(*, actor: Any, campaign: CleanupCampaign) -> CleanupCampaign:
    """Publish a 清理's result list and apply it: documents to be amended, repealed or declared invalid
    change their 有效性 now (each with its audit entry); those kept stay valid."""
    _require_campaign_role(actor, campaign.org, action=_("发布规范性文件清理结果"))
    claimed = CleanupCampaign.objects.filter(pk=campaign.pk, status=PublicationStatus.DRAFT).update(
        status=PublicationStatus.PUBLISHED, published_on=timezone.localdate()
    )
    if not claimed:
        raise StateConflict(_("清理结果已发布。"))
    campaign.refresh_from_db()
    items = list(campaign.items.select_related("document", "document__org"))
    if not items:
        raise ServiceValidationError(_("清理结果为空，不能发布。"), {"items": [_("请先添加清理结果。")]})
    for item in items:
        validity = CLEANUP_VALIDITY.get(CleanupResult(item.result))
        if validity is not None and item.document.validity == Validity.VALID:
            _set_validity(
                item.document,
                actor=actor,
                validity=validity,
                action="gongkai.normative.cleanup",
                extra={"cleanup": campaign.pk, "note": item.note},
            )
    audit_log(
        instance=campaign,
        action="gongkai.cleanup.publish",
        actor=actor,
        org_code=campaign.org.code if campaign.org else None,
        before={"status": PublicationStatus.DRAFT},
        after=snapshot(campaign, ("status", "published_on")),
    )
    return campaign


# --- Selectors -----------------------------------------------------------------------------------------


def _normative_public() -> QuerySet[Document]:
    return Document.objects.select_related("org").filter(
        kind=DocumentKind.NORMATIVE, status=DocumentStatus.PUBLISHED
    )


def _by_org(queryset: QuerySet[Document], org: Organization | str | None) -> QuerySet[Document]:
    if org in (None, ""):
        return queryset
    return queryset.filter(org__code=org) if isinstance(org, str) else queryset.filter(org=org)


def normative_list_valid(*, org: Organization | str | None = None) -> QuerySet[Document]:
    """现行有效 规范性文件 of one organization (object or code) or of the region, newest first."""
    return _by_org(_normative_public().filter(validity=Validity.VALID), org).order_by("-published_on", "-pk")


def normative_list_invalid(*, org: Organization | str | None = None) -> QuerySet[Document]:
    """失效、废止 and 已修订 规范性文件, newest first."""
    return _by_org(_normative_public().filter(validity__in=INVALID), org).order_by("-published_on", "-pk")


def quarter_bounds(year: int, quarter: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a calendar quarter (1–4)."""
    if quarter not in (1, 2, 3, 4):
        raise ValueError("quarter must be 1 to 4")
    start = datetime.date(year, 3 * quarter - 2, 1)
    end = datetime.date(year + 1, 1, 1) if quarter == 4 else datetime.date(year, 3 * quarter + 1, 1)
    return start, end - datetime.timedelta(days=1)


def normative_registration_catalogue(*, year: int, quarter: int) -> QuerySet[Document]:
    """The quarterly registration catalogue: 规范性文件 registered (= published) in that quarter, by 登记号.

    Withdrawn ones stay in it: the catalogue records registrations, not current validity."""
    start, end = quarter_bounds(year, quarter)
    return (
        Document.objects.select_related("org")
        .filter(kind=DocumentKind.NORMATIVE, published_on__range=(start, end))
        .filter(status__in=(DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN))
        .exclude(registration_no="")
        .order_by("registration_no")
    )


@dataclass(frozen=True)
class NormativeRelation:
    label: str  # "修订了", "被修订", "废止了", "被废止"
    document: Document
    supersedes_this: bool = False  # the other document amends or repeals this one (its successor)


def normative_relations(document: Document) -> list[NormativeRelation]:
    """Both sides of the amend/repeal links of a document, for its page (public documents only)."""
    links = NormativeLink.objects.select_related("source", "target").filter(
        Q(source=document) | Q(target=document)
    )
    relations: list[NormativeRelation] = []
    for link in links:
        amend = link.kind == NormativeLinkKind.AMEND
        if link.source_id == document.pk:
            other, label = link.target, _("修订了") if amend else _("废止了")
        else:
            other, label = link.source, _("被修订") if amend else _("被废止")
        if other.status in (DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN):
            successor = link.target_id == document.pk
            relations.append(NormativeRelation(label=label, document=other, supersedes_this=successor))
    return relations


def cleanup_campaign_public(campaign_id: int) -> CleanupCampaign | None:
    """A published 清理 result list, or None (drafts are not public)."""
    return (
        CleanupCampaign.objects.select_related("org")
        .filter(pk=campaign_id, status=PublicationStatus.PUBLISHED)
        .first()
    )


def cleanup_items(campaign: CleanupCampaign) -> QuerySet[CleanupItem]:
    return campaign.items.select_related("document", "document__org").order_by("pk")


def cleanup_campaign_list_public() -> QuerySet[CleanupCampaign]:
    return CleanupCampaign.objects.select_related("org").filter(status=PublicationStatus.PUBLISHED)


# --- Workbench selectors (gongkai.publications.cleanup_workbench) ----------------------------------------


def cleanup_campaign_list_for(*, user: Any) -> QuerySet[CleanupCampaign]:
    """清理 the user works on: those of the organizations where they hold any role, and the region-wide
    ones once published (drafts of a region-wide 清理 belong to the platform admins); all for platform
    admins. Newest first, with their number of documents."""
    ids = org_ids_where(user, Role.values)
    queryset = (
        CleanupCampaign.objects.select_related("org")
        .annotate(item_count=Count("items"))
        .order_by("-year", "-pk")
    )
    if ids is None:
        return queryset
    return queryset.filter(Q(org_id__in=ids) | Q(org__isnull=True, status=PublicationStatus.PUBLISHED))


def cleanup_candidates(campaign: CleanupCampaign) -> QuerySet[Document]:
    """Currently valid published 规范性文件 a 清理 may review: its organization's (all for a region-wide
    one), not yet on its list."""
    queryset = normative_list_valid(org=campaign.org).exclude(cleanup_items__campaign=campaign)
    return queryset
