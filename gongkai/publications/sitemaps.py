"""The published documents' part of /sitemap.xml (Wagtail's pages are the other part)."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet

from gongkai.publications.models import Document
from gongkai.publications.selectors import document_list_public


class DocumentSitemap(Sitemap):  # type: ignore[type-arg]
    """Every published document at its permanent URL; Django's sitemap pages it 50,000 a file."""

    changefreq = "monthly"

    def items(self) -> QuerySet[Document]:
        return document_list_public().select_related(None).only("id", "updated_at")

    def location(self, item: Document) -> str:
        return item.get_url()

    def lastmod(self, item: Document) -> datetime.datetime:
        return item.updated_at
