"""Writes of the portal's page tree: the region's site, its home page and organization pages."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import Page, Site

from gongkai.core.audit import audit_log, snapshot
from gongkai.orgs.models import Organization
from gongkai.portal.models import ContentPage, HomePage, OrganizationPage, OrgIndexPage, PortalSettings

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
        return page
    changed = page.title != org.name or page.live != org.is_active
    if changed:
        page.title = org.name
        page.draft_title = org.name
        page.live = org.is_active
        page.save()
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
