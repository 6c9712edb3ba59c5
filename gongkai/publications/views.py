"""Public pages of the catalogue: the permanent document page and the catalogue list (issue 3 §8)."""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from typing import Any

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import condition, require_safe

from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import org_list_public
from gongkai.portal.context_processors import portal as portal_context
from gongkai.publications.choices import DocumentKind, DocumentStatus, Genre, Validity, statutory_item_label
from gongkai.publications.gazette import gazette_issue_for_document
from gongkai.publications.models import Document, DocumentAttachment, Subject
from gongkai.publications.normative import normative_relations
from gongkai.publications.selectors import (
    catalogue_cached,
    catalogue_generation,
    document_attachment_get_public,
    document_attachments_public,
    document_get_public,
    document_list_public,
    document_public_version_cached,
    document_years_public,
    subject_list,
)
from gongkai.publications.services import document_attachment_count_download

CATALOGUE_PAGE_SIZE = 20
# What a catalogue row shows (document_list.html): the bodies stay in the database.
CATALOGUE_ROW_FIELDS = (
    "id",
    "title",
    "published_on",
    "doc_number",
    "index_no",
    "validity",
    "org__name",
)
# Long enough to spare the database under a burst of readers, short enough that a correction or a
# withdrawal reaches everyone within minutes even through a proxy that ignores purges.
PUBLIC_MAX_AGE = 300
PAGE_CACHE_SECONDS = PUBLIC_MAX_AGE


# --- Document page ------------------------------------------------------------------------------------


def _document_version(request: HttpRequest, document_id: int) -> datetime.datetime | None:
    # Both the ETag and the Last-Modified callbacks need it: computed once per request.
    cache: dict[int, datetime.datetime | None] = request.__dict__.setdefault("_gk_document_versions", {})
    if document_id not in cache:
        cache[document_id] = document_public_version_cached(document_id=document_id)
    return cache[document_id]


def _document_etag(request: HttpRequest, document_id: int) -> str | None:
    version = _document_version(request, document_id)
    if version is None:
        return None
    # The text size (适老化 large-text mode, a cookie) changes the HTML, so it is part of the entity tag:
    # a reader who switches size must not get a 304 for the page in the other size.
    size = "large" if portal_context(request)["large_text"] else "normal"
    return f"{document_id}-{version.timestamp():.6f}-{size}"


def _public_cache(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    patch_vary_headers(response, ["Cookie"])  # the large-text cookie
    return response


def _page_cached(key: str, render_page: Callable[[], HttpResponse]) -> HttpResponse:
    """The page kept under ``key`` in the cache, else rendered (and kept if it is a 200).

    The keys hold what the pages show — a document's version and text size, the catalogue's state and
    the query — so a change shows at once; PAGE_CACHE_SECONDS bounds what they do not see (the site's
    settings and menu, an organization renamed), as PUBLIC_MAX_AGE already does for a proxy. Rendering
    costs about twenty times serving the same bytes (bench/bench_catalogue.py, docs/performance.md).
    """
    if not getattr(settings, "GONGKAI_PUBLIC_PAGE_CACHE", True):
        return render_page()
    content = cache.get(key)
    if content is not None:
        return HttpResponse(content)
    response = render_page()
    if response.status_code == 200:
        cache.set(key, response.content, PAGE_CACHE_SECONDS)
    return response


def _published_or_withdrawn(document_id: int) -> Document:
    try:
        return document_get_public(document_id=document_id)
    except Document.DoesNotExist:
        raise Http404(_("没有这条政府信息，或者它尚未发布。")) from None


def _document_context(document: Document) -> dict[str, Any]:
    """What the document page and its print view show."""
    return {
        "document": document,
        "withdrawn": document.status == DocumentStatus.WITHDRAWN,
        "is_interpretation": document.kind == DocumentKind.INTERPRETATION,
        "statutory_labels": [statutory_item_label(number) for number in document.statutory_items or []],
        "joint_issuers": list(document.joint_issuers.all()),
        # The selector loads only id and status of the other ends; the titles come in one more query.
        "interpretations": _linked(document.interpretations.all()),
        "interprets": _linked(document.interprets.all()),
        "gazette_issue": gazette_issue_for_document(document),
        "normative_relations": normative_relations(document),
        # issue 3 item 1: a withdrawn document's files are not offered (nor served).
        "attachments": []
        if document.status != DocumentStatus.PUBLISHED
        else document_attachments_public(document=document),
    }


def _document_view(template: str, name: str) -> Callable[[HttpRequest, int], HttpResponse]:
    """A public view of one document (its page, its print view), cached per version of the document."""

    def render_page(request: HttpRequest, document_id: int) -> HttpResponse:
        context = _document_context(_published_or_withdrawn(document_id))
        return render(request, template, context)

    @require_safe
    @condition(etag_func=_document_etag, last_modified_func=_document_version)
    def view(request: HttpRequest, document_id: int) -> HttpResponse:
        version = _document_etag(request, document_id)
        if version is None:
            raise Http404(_("没有这条政府信息，或者它尚未发布。"))
        key = f"gongkai:page:{name}:{version}"
        return _public_cache(_page_cached(key, lambda: render_page(request, document_id)))

    view.__name__ = view.__qualname__ = f"document_{name}"
    return view


# The permanent page of a published document; a withdrawn one answers with the notice only.
document_detail = _document_view("publications/document_detail.html", "detail")
# The print view (打印本页): the metadata table, title and body on a plain page without the site's
# navigation, as readers print a 公文 to keep or to cite it.
document_print = _document_view("publications/document_print.html", "print")


def _linked(prefetched: Any) -> list[Document]:
    ids = [item.pk for item in prefetched]
    if not ids:
        return []
    return list(
        Document.objects.filter(pk__in=ids, status=DocumentStatus.PUBLISHED)
        .select_related("org")
        .only("id", "title", "published_on", "kind", "interpretation_form", "org__name")
        .order_by("-published_on", "-id")
    )


# --- Catalogue list -----------------------------------------------------------------------------------


def _choice_error(label: Any) -> dict[str, Any]:
    return {
        "invalid_choice": _("“%(field)s”没有“%%(value)s”这一项：请从列表中选择。") % {"field": label},
    }


class PlainSelect(forms.Select):
    """A ``<select>`` written out in Python, not through the form templates: the catalogue's filters hold
    about two hundred options, and rendering each one as a template took a third of the page's time
    (bench/bench_catalogue.py). Same markup as Django's Select."""

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> SafeString:
        selected = None if value is None else str(value)
        options = "".join(
            f'<option value="{escape(option)}"{" selected" if str(option) == selected else ""}>'
            f"{escape(label)}</option>"
            for option, label in self.choices
        )
        final_attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(f'<select name="{escape(name)}"{final_attrs}>{options}</select>')  # noqa: S308


class CatalogueFilterForm(forms.Form):
    """The filters of the public catalogue; every one is optional and they combine (shareable URLs)."""

    org = forms.ChoiceField(label=_("发布机构"), required=False, widget=PlainSelect)
    subject = forms.ChoiceField(label=_("主题分类"), required=False, widget=PlainSelect)
    genre = forms.ChoiceField(label=_("体裁"), required=False, widget=PlainSelect)
    year = forms.TypedChoiceField(
        label=_("发布年份"), required=False, coerce=int, empty_value=None, widget=PlainSelect
    )
    validity = forms.ChoiceField(label=_("有效性"), required=False, widget=PlainSelect)
    kind = forms.ChoiceField(label=_("类别"), required=False, widget=PlainSelect)

    def __init__(
        self,
        data: Any,
        *,
        orgs: list[Organization],
        subjects: list[Subject],
        years: list[int],
    ) -> None:
        super().__init__(data)
        everything = [("", _("全部"))]
        self.subjects_by_code = {subject.code: subject for subject in subjects}
        choices: dict[str, list[Any]] = {
            "org": everything + [(org.code, org.name) for org in orgs],
            "subject": everything + [(s.code, s.label) for s in subjects],
            "genre": everything + list(Genre.choices),
            "year": everything + [(str(year), str(year)) for year in years],
            "validity": everything + list(Validity.choices),
            "kind": everything + list(DocumentKind.choices),
        }
        for name, field_choices in choices.items():
            field = self.fields[name]
            field.choices = field_choices  # type: ignore[attr-defined]
            field.error_messages.update(_choice_error(field.label))

    def filters(self) -> dict[str, Any]:
        """The valid filters only: a wrong one is reported at its field and left out, not a 500."""
        self.is_valid()
        for name in self.errors:
            # Screen readers announce the message with the field it belongs to.
            self.fields[name].widget.attrs.update(
                {"aria-invalid": "true", "aria-describedby": f"{self[name].id_for_label}-error"}
            )
        data = getattr(self, "cleaned_data", {})
        filters: dict[str, Any] = {name: value for name, value in data.items() if value not in ("", None)}
        if "subject" in filters:
            filters["subject"] = self.subjects_by_code[filters["subject"]]
        return filters


class CataloguePaginator(Paginator):
    """Pages of the catalogue with a count known beforehand (cached) and a deferred join: the page's ids
    come first, read from the (status, published_on, id) index alone however deep the page is, then only
    those rows are read. OFFSET over the rows themselves read every row before the page (0.5 s for the
    middle page of 100,000 documents on PostgreSQL, bench/bench_catalogue.py)."""

    def __init__(self, object_list: QuerySet[Document], per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self.rows = object_list
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ids = self.rows.values("pk")[bottom : bottom + self.per_page]
        return Page(self.rows.filter(pk__in=ids), number, self)


def _filters_key(filters: dict[str, Any]) -> str:
    return "&".join(
        f"{name}={value.code if isinstance(value, Subject) else value}"
        for name, value in sorted(filters.items())
    )


@require_safe
def document_list(request: HttpRequest) -> HttpResponse:
    """The public catalogue: published documents of the whole region, filtered, 20 a page.

    A fixed number of queries whatever the number of rows: the catalogue's state, the organizations, the
    page's rows and the layout's; the subject code list, the years and the count are cached for as long
    as no document changes (selectors.catalogue_generation), and so is the whole page.
    """
    generation = catalogue_generation()
    size = "large" if portal_context(request)["large_text"] else "normal"
    query = hashlib.sha256(request.GET.urlencode().encode()).hexdigest()[:32]
    key = f"gongkai:page:catalogue:{generation}:{size}:{query}"
    return _page_cached(key, lambda: _catalogue_page(request, generation))


def _catalogue_page(request: HttpRequest, generation: str) -> HttpResponse:
    form = CatalogueFilterForm(
        request.GET or None,
        orgs=list(org_list_public()),
        subjects=catalogue_cached(generation, "subjects", subject_list),
        years=catalogue_cached(generation, "years", document_years_public),
    )
    filters = form.filters() if request.GET else {}
    rows = document_list_public(**filters).select_related(None).select_related("org")
    rows = rows.only(*CATALOGUE_ROW_FIELDS)
    count = catalogue_cached(generation, f"count?{_filters_key(filters)}", rows.count)
    page_obj = CataloguePaginator(rows, CATALOGUE_PAGE_SIZE, count=count).get_page(request.GET.get("page"))
    context = {"form": form, "page_obj": page_obj, "filtered": bool(filters)}
    return render(request, "publications/document_list.html", context)


# --- Attachments (issue 3 item 1) ---------------------------------------------------------------------


@require_safe
def document_attachment_download(request: HttpRequest, document_id: int, number: int) -> FileResponse:
    """Attachment ``number`` of a published document, counted; 404 while the document is not published."""
    try:
        attachment = document_attachment_get_public(document_id=document_id, number=number)
    except DocumentAttachment.DoesNotExist:
        raise Http404(_("没有这个附件，或者它所属的信息尚未发布。")) from None
    if request.method == "GET":  # a HEAD request is not a download
        document_attachment_count_download(attachment=attachment)
    stored = attachment.file
    filename = f"{attachment.title}.{attachment.file_type}"
    if attachment.title.lower().endswith(f".{attachment.file_type}"):
        filename = attachment.title
    return FileResponse(stored.file.open("rb"), as_attachment=True, filename=filename)
