"""RSS 2.0 and Atom feeds of newly published government information (issue 3 §8): the whole region, one
organization, one column (栏目); every entry links to the document's permanent URL."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed, SyndicationFeed
from django.utils.translation import gettext as _

from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import org_get_public
from gongkai.portal.models import ColumnPage
from gongkai.publications.models import Document
from gongkai.publications.selectors import (
    column_get_public,
    document_list_for_column,
    document_list_public,
)

FEED_SIZE = 50


class DocumentFeed(Feed):  # type: ignore[type-arg]
    """The newest published documents of the whole region."""

    def title(self) -> str:
        return _("最新公开的政府信息")

    def link(self) -> str:
        return "/documents/"

    def description(self) -> str:
        return _("本平台各机构最新主动公开的政府信息。")

    def items(self) -> list[Document]:
        return list(document_list_public()[:FEED_SIZE])

    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        parts = [item.org.name, item.doc_number, item.summary]
        return "　".join(part for part in parts if part)

    def item_link(self, item: Document) -> str:
        return item.get_url()

    def item_guid(self, item: Document) -> str:
        return item.index_no or item.get_url()

    def item_guid_is_permalink(self, item: Document) -> bool:
        return False  # the 索引号 is the identifier; the link is the permanent URL

    def item_pubdate(self, item: Document) -> datetime.datetime | None:
        if item.last_published_at is not None:
            return item.last_published_at
        if item.published_on is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(item.published_on, datetime.time()))

    def item_author_name(self, item: Document) -> str:
        return item.org.name

    def item_categories(self, item: Document) -> list[str]:
        return [item.subject.label]


class OrgDocumentFeed(DocumentFeed):
    """The newest published documents of one organization (``/feeds/orgs/<code>/``)."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Organization:
        try:
            return org_get_public(code=kwargs["code"])
        except Organization.DoesNotExist:
            raise Http404(_("没有这个机构。")) from None

    def title(self, obj: Organization) -> str:  # type: ignore[override]
        return _("%(org)s最新公开的政府信息") % {"org": obj.name}

    def link(self, obj: Organization) -> str:  # type: ignore[override]
        return f"/documents/?org={obj.code}"

    def description(self, obj: Organization) -> str:  # type: ignore[override]
        return _("%(org)s最新主动公开的政府信息。") % {"org": obj.name}

    def items(self, obj: Organization) -> list[Document]:  # type: ignore[override]
        return list(document_list_public(org=obj)[:FEED_SIZE])


class ColumnDocumentFeed(DocumentFeed):
    """The newest documents a column (栏目) lists (``/feeds/columns/<page id>/``): those placed in it and
    those it gathers itself (a 第二十条 item, the 政策解读 column)."""

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> ColumnPage:
        column = column_get_public(column_id=kwargs["column_id"])
        if column is None:
            raise Http404(_("没有这个栏目。"))
        return column

    def title(self, obj: ColumnPage) -> str:  # type: ignore[override]
        org_page = obj.get_parent()
        return _("%(org)s · %(column)s") % {"org": org_page.title if org_page else "", "column": obj.title}

    def link(self, obj: ColumnPage) -> str:  # type: ignore[override]
        return str(obj.url or "/")

    def description(self, obj: ColumnPage) -> str:  # type: ignore[override]
        return _("“%(column)s”栏目最新公开的政府信息。") % {"column": obj.title}

    def items(self, obj: ColumnPage) -> list[Document]:  # type: ignore[override]
        # The column list loads only what a listing shows; a feed entry also needs 索引号, 主题分类, 概述.
        full = document_list_for_column(obj).defer(None).select_related("org", "subject__parent")
        return list(full[:FEED_SIZE])


# Atom 1.0 versions of the same feeds, for readers and aggregators that prefer it.


class AtomMixin:
    feed_type: type[SyndicationFeed] = Atom1Feed

    def subtitle(self, obj: Any = None) -> str:
        # Django passes the feed's object to a method that takes one (as it does to description).
        describe: Any = self.description  # type: ignore[attr-defined]
        return str(describe() if obj is None else describe(obj))


class DocumentAtomFeed(AtomMixin, DocumentFeed):
    pass


class OrgDocumentAtomFeed(AtomMixin, OrgDocumentFeed):
    pass


class ColumnDocumentAtomFeed(AtomMixin, ColumnDocumentFeed):
    pass
