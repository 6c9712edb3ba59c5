"""Writes of the portal's page tree: the region's site, its home page and organization pages."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.models import Page, Site
from wagtail.search.backends import get_search_backends_with_name

from gongkai.core.audit import audit_log, snapshot
from gongkai.orgs.models import Organization
from gongkai.portal.models import (
    ColumnPage,
    ContentPage,
    HomePage,
    OrganizationPage,
    OrgIndexPage,
    PortalSettings,
)
from gongkai.publications.choices import STATUTORY_ITEMS, statutory_item_label

logger = logging.getLogger(__name__)

ORG_INDEX_SLUG = "orgs"
REFERENCE_SLUG = "reference"


def _child_of_type(parent: Page, model: type[Page], slug: str) -> Page | None:
    return model.objects.child_of(parent).filter(slug=slug).first()


@transaction.atomic
def portal_site_ensure(*, site_name: str | None = None) -> HomePage:
    """The region's home page as the default Site's root, with the directory and reference sections.

    Replaces Wagtail's "Welcome" placeholder page on a fresh database. Idempotent.
    """
    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    if home is None:
        placeholder = Page.objects.filter(depth=2, content_type__model="page").first()
        home = HomePage(title=site_name or _("首页"), slug="home-gongkai", intro="")
        root.add_child(instance=home)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            Site.objects.create(
                hostname="localhost", port=80, root_page=home, is_default_site=True, site_name=site_name or ""
            )
        else:
            site.root_page = home
            if site_name:
                site.site_name = site_name
            site.save()
        if placeholder is not None:
            # The placeholder holds the slug "home"; the site points at the new page first, or deleting the
            # placeholder would cascade to the Site.
            placeholder.delete()
            home.slug = "home"
            home.save()
        home.save_revision().publish()
    if _child_of_type(home, OrgIndexPage, ORG_INDEX_SLUG) is None:
        home.add_child(
            instance=OrgIndexPage(
                title=_("机构目录"),
                slug=ORG_INDEX_SLUG,
                intro=_("本地区各级行政机关的政府信息公开指南和联系方式。"),
            )
        )
    if _child_of_type(home, ContentPage, REFERENCE_SLUG) is None:
        home.add_child(
            instance=ContentPage(
                title=_("上级和外地参考文件"),
                slug=REFERENCE_SLUG,
                body=_("<p>其他地方政府公开发布的政务公开文件，供学习参考，均注明原发文机关。</p>"),
            )
        )
    return home


def org_index_page() -> OrgIndexPage:
    home = portal_site_ensure()
    index = _child_of_type(home, OrgIndexPage, ORG_INDEX_SLUG)
    assert isinstance(index, OrgIndexPage)
    return index


@transaction.atomic
def org_page_ensure(*, org: Organization) -> OrganizationPage:
    """The organization's page under the directory, kept titled after it; published while it is active."""
    page = OrganizationPage.objects.filter(org=org).first()
    if page is None:
        page = OrganizationPage(title=org.name, slug=org.code, org=org, live=org.is_active)
        org_index_page().add_child(instance=page)
        org_columns_ensure(org=org)
        return page
    changed = page.title != org.name or page.live != org.is_active
    if changed:
        page.title = org.name
        page.draft_title = org.name
        page.live = org.is_active
        page.save()
    org_columns_ensure(org=org)
    return page


PORTAL_SETTINGS_FIELDS = (
    "region_name",
    "site_title",
    "sponsor",
    "site_code",
    "icp_number",
    "police_number",
    "show_party_gov_mark",
    "contact",
    "footer_note",
)


@transaction.atomic
def portal_settings_update(*, actor: Any, site: Site, **changes: Any) -> PortalSettings:
    """Change what the portal's header and footer show for ``site`` (platform admins; None = the operator)."""
    from gongkai.core.permissions import require_platform_admin

    if actor is not None:
        require_platform_admin(actor, action=_("修改门户设置"))
    unknown = set(changes) - set(PORTAL_SETTINGS_FIELDS)
    if unknown:
        raise TypeError(f"unknown portal settings: {sorted(unknown)}")
    settings = PortalSettings.for_site(site)
    before = snapshot(settings, PORTAL_SETTINGS_FIELDS)
    for field, value in changes.items():
        setattr(settings, field, value)
    settings.full_clean()
    settings.save()
    after = snapshot(settings, PORTAL_SETTINGS_FIELDS)
    if before != after:
        audit_log(
            instance=settings,
            action="gongkai.portal_settings.update",
            actor=actor,
            before=before,
            after=after,
        )
    return settings


# --- Standard columns (栏目) --------------------------------------------------------------------------

# How often a column must get new information, for the website-health checks of 国办秘函〔2019〕19号
# (statutory.md §7): 动态/要闻 columns within 2 weeks, 通知公告/政策文件 columns within 6 months. The annual
# report is due every year by 31 January (条例第四十九条), so its column is expected to change yearly.
UPDATE_DAYS_NEWS = 14  # 国办秘函〔2019〕19号: 动态、要闻类栏目 2周
UPDATE_DAYS_POLICY = 183  # 国办秘函〔2019〕19号: 通知公告、政策文件类栏目 6个月
UPDATE_DAYS_YEARLY = 366  # 条例第四十九条: 年度报告 each year

STATUTORY_COLUMN_KEY = "statutory"


@dataclass(frozen=True)
class StandardColumn:
    """A column the platform creates for every organization (issue 3 item 6)."""

    key: str
    title: str | Promise
    expected_update_days: int | None = None
    statutory_item: int | None = None
    children: tuple[StandardColumn, ...] = ()


def statutory_item_column_key(item: int) -> str:
    """The key (and URL slug) of the sub-column of 法定主动公开内容 for item ``item`` of 条例第二十条."""
    return f"{STATUTORY_COLUMN_KEY}-{item}"


STANDARD_COLUMNS: tuple[StandardColumn, ...] = (
    StandardColumn("guide", gettext_lazy("信息公开指南")),
    StandardColumn("rules", gettext_lazy("信息公开制度")),
    StandardColumn(
        STATUTORY_COLUMN_KEY,
        gettext_lazy("法定主动公开内容"),
        children=tuple(
            StandardColumn(statutory_item_column_key(item), statutory_item_label(item), statutory_item=item)
            for item in sorted(STATUTORY_ITEMS)
        ),
    ),
    StandardColumn("annual-reports", gettext_lazy("政府信息公开年报"), UPDATE_DAYS_YEARLY),
    StandardColumn("policies", gettext_lazy("政策文件"), UPDATE_DAYS_POLICY),
    StandardColumn("interpretations", gettext_lazy("政策解读"), UPDATE_DAYS_POLICY),
    StandardColumn("key-areas", gettext_lazy("重点领域")),
    StandardColumn("responses", gettext_lazy("回应关切"), UPDATE_DAYS_NEWS),
)


def standard_column_keys() -> list[str]:
    """Every standard column's key, parents before their sub-columns."""
    keys: list[str] = []
    for column in STANDARD_COLUMNS:
        keys.append(column.key)
        keys.extend(child.key for child in column.children)
    return keys


def _free_slug(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3`` … if a page the editors made already holds it."""
    slug, n = wanted, 1
    while slug in taken:
        n += 1
        slug = f"{wanted}-{n}"
    taken.add(slug)
    return slug


def _insert_columns(*, parent: Page, specs: list[StandardColumn]) -> list[ColumnPage]:
    """Add standard columns as the last children of ``parent``, in a handful of queries for the batch.

    Every organization gets 23 columns, and creating them one by one with ``add_child`` (full_clean,
    search and reference-index tasks, a log entry per page) made each organization cost ~20 ms per
    column. This does what treebeard's ``add_child`` and Wagtail's ``Page.save`` would do for a new live
    page, for the whole batch: lock the parent row, number the paths after its last child, insert the
    page rows in one statement and the column rows the way ``loaddata`` does (``save_base(raw=True)``),
    bump the parent's child count and index the batch for search. The columns are created live without
    a revision: an empty column has nothing to review; editors' later edits make revisions as usual.
    Nothing here refers to other objects, so the reference index has nothing to record (tested).
    """
    locked = Page.objects.select_for_update().get(pk=parent.pk)
    last = locked.get_last_child() if locked.numchild else None
    first_step = last._get_lastpos_in_path() + 1 if last is not None else 1
    taken_slugs = set(Page.objects.child_of(locked).values_list("slug", flat=True)) if last else set()
    depth = locked.depth + 1
    now = timezone.now()
    columns = []
    for step, spec in enumerate(specs, start=first_step):
        slug = _free_slug(spec.key, taken_slugs)
        column = ColumnPage(
            title=str(spec.title),
            draft_title=str(spec.title),
            slug=slug,
            path=Page._get_path(locked.path, depth, step),
            depth=depth,
            numchild=0,
            url_path=f"{locked.url_path}{slug}/",
            locale_id=locked.locale_id,
            live=True,
            has_unpublished_changes=False,
            first_published_at=now,
            last_published_at=now,
            column_key=spec.key,
            statutory_item=spec.statutory_item,
            expected_update_days=spec.expected_update_days,
            is_standard=True,
        )
        column.clean_fields(exclude=[f.name for f in Page._meta.concrete_fields if f.is_relation])
        columns.append(column)
    page_fields = [field.attname for field in Page._meta.concrete_fields if not field.primary_key]
    pages = Page.objects.bulk_create(
        [Page(**{name: getattr(column, name) for name in page_fields}) for column in columns]
    )
    for column, page in zip(columns, pages, strict=True):
        column.id = column.page_ptr_id = page.pk
        column.save_base(raw=True, force_insert=True)  # the portal_columnpage row only
    Page.objects.filter(pk=locked.pk).update(numchild=F("numchild") + len(columns))
    parent.numchild = locked.numchild + len(columns)
    _index_for_search(columns)
    return columns


def _index_for_search(columns: list[ColumnPage]) -> None:
    """What Wagtail's save signal would queue page by page, done at once (raw saves send no such signal)."""
    for name, backend in get_search_backends_with_name(with_auto_update=True):
        try:
            backend.add_bulk(ColumnPage, columns)
        except Exception:  # a search outage must not stop an organization's creation; update_index mends it
            logger.exception("indexing the standard columns in the %r search backend failed", name)


@transaction.atomic
def org_columns_ensure(*, org: Organization) -> list[ColumnPage]:
    """Create the standard columns the organization lacks; returns the ones created. Idempotent.

    Existing columns are found by key anywhere in the organization's subtree and left exactly as editors
    have them (title, intro, place in the tree); only missing ones are added, each where it belongs.
    Called by :func:`org_page_ensure`, so every organization made through the services has them.
    """
    org_page = OrganizationPage.objects.filter(org=org).first()
    if org_page is None:
        return []
    existing = {
        column.column_key: column
        for column in ColumnPage.objects.descendant_of(org_page).filter(column_key__in=standard_column_keys())
    }
    missing = [spec for spec in STANDARD_COLUMNS if spec.key not in existing]
    created = _insert_columns(parent=org_page, specs=missing) if missing else []
    existing.update((column.column_key, column) for column in created)
    for spec in STANDARD_COLUMNS:
        missing_children = [child for child in spec.children if child.key not in existing]
        if missing_children:
            created += _insert_columns(parent=existing[spec.key], specs=missing_children)
    if created:
        audit_log(
            instance=org_page,
            action="gongkai.org_columns.ensure",
            org_code=org.code,
            extra={"created": [column.column_key for column in created]},
        )
    return created
