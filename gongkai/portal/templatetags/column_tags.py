"""Template tags for an organization's columns (栏目): the column navigation on its pages."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.http import HttpRequest
from wagtail.models import Page

from gongkai.portal.models import GUIDE_COLUMN_KEY, ColumnPage, OrganizationPage

register = template.Library()

# The organization page renders the 信息公开指南 under this anchor (organization_page.html).
GUIDE_ANCHOR = "#guide-title"


@dataclass(frozen=True)
class ColumnLink:
    key: str
    title: str
    url: str
    current: bool = False


@register.simple_tag(takes_context=True)
def org_columns(context: template.Context, page: Page) -> list[ColumnLink]:
    """The top-level columns of the organization ``page`` belongs to, in tree order (one or two queries).

    ``page`` is the organization page or any page below it. The 信息公开指南 column links straight to the
    guide on the organization page, which is what its own URL redirects to.
    """
    request: HttpRequest | None = context.get("request")
    org_page = page if isinstance(page, OrganizationPage) else _org_page_of(page)
    if org_page is None:
        return []
    org_url = org_page.get_url(request) or ""
    columns = ColumnPage.objects.child_of(org_page).live().public().order_by("path")
    links = []
    for column in columns.only("id", "title", "url_path", "path", "column_key"):
        if column.column_key == GUIDE_COLUMN_KEY:
            url = org_url + GUIDE_ANCHOR
        else:
            url = column.get_url(request) or ""
        current = page.pk != org_page.pk and page.path.startswith(column.path)
        links.append(ColumnLink(key=column.column_key, title=column.title, url=url, current=current))
    return links


def _org_page_of(page: Page) -> OrganizationPage | None:
    return OrganizationPage.objects.ancestor_of(page).only("id", "url_path", "path", "depth").first()
