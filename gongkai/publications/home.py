"""The catalogue's sections of the portal's home page: 最新公开 and 政策解读 (registered in apps.ready)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from gongkai.portal.selectors import DEFAULT_SECTIONS, HomeSection
from gongkai.publications.choices import DocumentKind
from gongkai.publications.models import Document
from gongkai.publications.selectors import document_list_latest

LATEST_COUNT = 8
INTERPRETATION_COUNT = 6


def _section(key: str, documents: list[Document], more_url: str) -> HomeSection:
    # Title and empty state stay the portal's, so the home page reads the same before and after.
    _key, title, _more, empty_text = next(entry for entry in DEFAULT_SECTIONS if entry[0] == key)
    items: list[dict[str, Any]] = [
        {"title": document.title, "url": document.get_url(), "date": document.published_on}
        for document in documents
    ]
    return HomeSection(key=key, title=str(title), more_url=more_url, items=items, empty_text=str(empty_text))


def latest_section() -> HomeSection:
    return _section("latest", document_list_latest(limit=LATEST_COUNT), reverse("publications:document_list"))


def interpretations_section() -> HomeSection:
    documents = document_list_latest(limit=INTERPRETATION_COUNT, kind=DocumentKind.INTERPRETATION)
    more_url = reverse("publications:document_list") + f"?kind={DocumentKind.INTERPRETATION}"
    return _section("interpretations", documents, more_url)
