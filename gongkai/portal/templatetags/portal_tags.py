"""Template tags of the public portal: its header and footer, navigation, breadcrumbs and the 指南.

They gather in one place what every page's layout needs, with a fixed number of queries per page,
so that templates stay declarative and list pages keep their query counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlencode

from django import template
from django.core.paginator import Page as PaginatorPage
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest
from django.urls import Resolver404, resolve
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, Site

from gongkai.core.memo import ProcessMemo
from gongkai.core.rules import rule
from gongkai.orgs.choices import OrgKind
from gongkai.orgs.models import GUIDE_CONTACT_FIELDS, Organization
from gongkai.orgs.selectors import OrgNode
from gongkai.portal.models import OrganizationPage, PortalSettings
from gongkai.portal.services import ORG_INDEX_SLUG, REFERENCE_SLUG

register = template.Library()

NOT_PUBLISHED = _("暂未公布")
CHILD_PAGE_SIZE = 20


# --- Header, footer and navigation ------------------------------------------------------------------


@dataclass
class NavItem:
    key: str  # names the item's icon, static/portal/img/icons/<key>.svg
    label: str
    url: str
    current: bool = False


@dataclass
class Chrome:
    """What the layout shows around every page: the site's settings, its home URL and the main menu."""

    settings: PortalSettings
    home_url: str
    nav: list[NavItem] = field(default_factory=list)


# The main menu in its fixed order. Page sections are found by their slug under the home page; app
# pages by their path, listed only once the app that serves them is installed (no dead links).
# The main menu in reading order. A "page" entry is a child of the home page by slug, shown while it is live;
# an "app" entry is a path, shown once a view of a capability answers it. Each key names its icon file.
MAIN_NAV: tuple[tuple[str, str, str, Any], ...] = (
    ("catalogue", "app", "/documents/", _("信息公开目录")),
    (ORG_INDEX_SLUG, "page", ORG_INDEX_SLUG, _("机构目录")),
    ("normative", "app", "/normative/", _("规范性文件")),
    ("gazette", "app", "/gazette/", _("政府公报")),
    ("foi", "app", "/foi/apply/", _("依申请公开")),
    (REFERENCE_SLUG, "page", REFERENCE_SLUG, _("参考文件")),
    ("deadline", "app", "/tools/deadline/", _("工作日计算器")),
)


def app_path_exists(path: str) -> bool:
    """True if a view other than Wagtail's page serving answers ``path``."""
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name != "wagtail_serve"


def _site_settings(request: HttpRequest | None, site: Site | None) -> PortalSettings:
    if site is None:
        return PortalSettings()  # unsaved defaults: a fresh database still renders a sensible header
    if request is not None:
        return PortalSettings.for_request(request)  # cached on the request for the other tags
    return PortalSettings.for_site(site)


def _is_current(path: str, url: str, home_url: str) -> bool:
    if url == home_url:
        return path == home_url
    return path.startswith(url)


# What the layout shows changes only when an administrator edits the site's settings, its sites or its
# pages. Each process keeps it per host for CHROME_SECONDS and forgets it at once on such a change made in
# this process (signals in apps.py): three queries fewer on every rendered public page.
CHROME_SECONDS = 60.0
chrome_memo = ProcessMemo[Chrome]("portal chrome", seconds=CHROME_SECONDS)


@register.simple_tag(takes_context=True)
def portal_chrome(context: template.Context) -> Chrome:
    """Settings and main menu for the layout, with the reader's current section marked."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return _chrome_read(None)
    chrome = chrome_memo.get((request.scheme, request.get_host()), lambda: _chrome_read(request))
    nav = [replace(item, current=_is_current(request.path, item.url, chrome.home_url)) for item in chrome.nav]
    return replace(chrome, nav=nav)


def _chrome_read(request: HttpRequest | None) -> Chrome:
    """The site's settings and main menu from the database: two or three queries."""
    if request is not None:
        site = Site.find_for_request(request)
    else:
        site = Site.objects.filter(is_default_site=True).first()
    chrome = Chrome(settings=_site_settings(request, site), home_url="/")
    if site is None:
        return chrome
    home = site.root_page
    chrome.home_url = home.get_url(request) or "/"
    items = [NavItem(key="home", label=str(_("首页")), url=chrome.home_url)]
    slugs = [target for _key, kind, target, _label in MAIN_NAV if kind == "page"]
    sections = {page.slug: page for page in Page.objects.child_of(home).live().filter(slug__in=slugs)}
    for key, kind, target, label in MAIN_NAV:
        if kind == "page":
            url = sections[target].get_url(request) if target in sections else None
        else:
            url = target if app_path_exists(target) else None
        if url:
            items.append(NavItem(key=key, label=str(label), url=url))
    chrome.nav = items
    return chrome


@register.simple_tag(takes_context=True)
def text_size_url(context: template.Context, size: str) -> str:
    """The link that switches text size and brings the reader back to the page they are on."""
    request: HttpRequest | None = context.get("request")
    here = request.get_full_path() if request is not None else "/"
    return "/text-size/?" + urlencode({"size": size, "next": here})


# --- Breadcrumbs ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Crumb:
    title: str
    url: str


@register.simple_tag(takes_context=True)
def page_breadcrumbs(context: template.Context, page: Page) -> list[Crumb]:
    """The trail from the site's home page to ``page`` (one query); the last crumb is the page itself."""
    request: HttpRequest | None = context.get("request")
    crumbs: list[Crumb] = []
    for ancestor in page.get_ancestors().filter(depth__gt=1):
        url = ancestor.get_url(request)
        if url:
            is_home = ancestor.depth == 2
            crumbs.append(Crumb(title=str(_("首页")) if is_home else ancestor.title, url=url))
    crumbs.append(Crumb(title=page.title, url=""))
    return crumbs


# --- Organization directory and 信息公开指南 -----------------------------------------------------------


@dataclass
class DirectoryEntry:
    org: Organization
    url: str
    children: list[DirectoryEntry] = field(default_factory=list)

    @property
    def child_groups(self) -> list[tuple[str, list[DirectoryEntry]]]:
        """Children grouped by kind (政府部门, 区县政府 …) in OrgKind's order, each in directory order."""
        groups: dict[str, list[DirectoryEntry]] = {}
        for child in self.children:
            groups.setdefault(child.org.kind, []).append(child)
        return [(str(kind.label), groups[kind.value]) for kind in OrgKind if kind.value in groups]


def _flatten(nodes: list[OrgNode]) -> list[OrgNode]:
    flat: list[OrgNode] = []
    for node in nodes:
        flat.append(node)
        flat.extend(_flatten(node.children))
    return flat


@register.simple_tag(takes_context=True)
def org_directory(context: template.Context, tree: list[OrgNode]) -> list[DirectoryEntry]:
    """The organization tree with each organization's page URL, fetched in one query for all of them."""
    request: HttpRequest | None = context.get("request")
    org_ids = [node.org.pk for node in _flatten(tree)]
    pages = (
        OrganizationPage.objects.live().public().filter(org_id__in=org_ids).only("id", "url_path", "org_id")
    )
    urls = {page.org_id: page.get_url(request) or "" for page in pages}

    def build(nodes: list[OrgNode]) -> list[DirectoryEntry]:
        return [DirectoryEntry(node.org, urls.get(node.org.pk, ""), build(node.children)) for node in nodes]

    return build(tree)


@dataclass(frozen=True)
class GuideRow:
    label: str
    value: str
    href: str = ""
    missing: bool = False


# 条例第十二条 requires the 指南 to give the office's name, address, office hours and phone: these always
# appear, with 暂未公布 when the organization has not filled them in. The other contact fields appear only
# when filled in.
REQUIRED_CONTACT_FIELDS = ("office_name", "office_address", "office_hours", "office_phone")
OPTIONAL_CONTACT_FIELDS = ("office_postcode", "office_fax", "office_email", "website", "responsible_leader")


def _href(field_name: str, value: str) -> str:
    if field_name == "office_email":
        return f"mailto:{value}"
    if field_name == "website" and value.startswith(("http://", "https://")):
        return value
    return ""


@register.simple_tag
def guide_contact_rows(org: Organization) -> list[GuideRow]:
    """The 政府信息公开工作机构 and how to reach it, in the order of 条例第十二条."""
    rows: list[GuideRow] = []
    for name in (*GUIDE_CONTACT_FIELDS, "responsible_leader"):
        value = str(getattr(org, name, "") or "").strip()
        label = str(getattr(Organization._meta.get_field(name), "verbose_name", name))
        if name == "office_name":
            label = str(_("工作机构名称"))
        if value:
            rows.append(GuideRow(label=label, value=value, href=_href(name, value)))
        elif name in REQUIRED_CONTACT_FIELDS:
            rows.append(GuideRow(label=label, value=str(NOT_PUBLISHED), missing=True))
    return rows


@dataclass(frozen=True)
class OrgLink:
    name: str
    url: str


@dataclass
class OrgRelatives:
    parent: OrgLink | None = None
    children: list[OrgLink] = field(default_factory=list)


@register.simple_tag(takes_context=True)
def org_relatives(context: template.Context, org: Organization) -> OrgRelatives:
    """Links to the organization's parent and its active children, from one query of their pages."""
    request: HttpRequest | None = context.get("request")
    relatives = OrgRelatives()
    if org.pk is None:
        return relatives
    pages = (
        OrganizationPage.objects.live()
        .public()
        .filter(Q(org_id=org.parent_id) | Q(org__parent_id=org.pk, org__is_active=True))
        .select_related("org")
        .order_by("org__sort_order", "org__code")
    )
    for page in pages:
        link = OrgLink(name=page.org.name, url=page.get_url(request) or "")
        if page.org_id == org.parent_id:
            relatives.parent = link
        else:
            relatives.children.append(link)
    return relatives


@register.simple_tag
def statutory(name: str) -> int:
    """A statutory number (gongkai.core.rules) for text that quotes it, e.g. the reply period."""
    return rule(name)


# --- Content pages ----------------------------------------------------------------------------------


@register.simple_tag(takes_context=True)
def child_pages(context: template.Context, page: Page) -> PaginatorPage:
    """The live public children of ``page``, as their specific types, one page of the listing at a time."""
    request: HttpRequest | None = context.get("request")
    children = page.get_children().live().public().specific().order_by("path")  # editors order the tree
    number = request.GET.get("page") if request is not None else None
    return Paginator(children, CHILD_PAGE_SIZE).get_page(number)


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, number: int) -> str:
    """The current URL's query string with ``page`` set to ``number`` (keeps ``q`` and other filters)."""
    request: HttpRequest | None = context.get("request")
    if request is None:
        return f"?page={number}"
    params = request.GET.copy()
    params["page"] = str(number)
    return "?" + params.urlencode()


@register.filter
def page_type_label(page: Page) -> str:
    """The page's kind as readers know it (机构页面, 参考文件 …), from its class without a query."""
    specific_class = page.specific_class
    return str(specific_class._meta.verbose_name) if specific_class is not None else ""
