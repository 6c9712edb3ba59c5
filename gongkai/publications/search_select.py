"""A searchable chooser for long lists in the workbench (解读的政策文件, 联合发文机构, 所属栏目, the
documents of a 公报 or a 清理): a <select> that holds only the chosen rows, plus a search box that asks
/staff/publications/search/<source>/?q= for matches. No JS build step: a small static script turns the
select into chips and a result list; without JS the select still shows and submits what is chosen.

Why not a plain <select multiple>: a region has thousands of documents and hundreds of organizations, and
rendering them all in every form is slow and unusable. Why not Wagtail's chooser: it chooses one row of a
foreign key (MultipleChooserPanel needs an orderable inline model), not plain many-to-many fields.

Each *source* says which rows a person may choose (the same rules as the form's queryset, so what the
search offers is what the form accepts) and how a row is labelled.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404, HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from gongkai.core.permissions import org_ids_where
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import org_list_for
from gongkai.portal.models import ColumnPage, OrganizationPage
from gongkai.publications.models import Document

URL_NAME = "publications_search_select"
RESULT_LIMIT = 20
MAX_WORDS = 5


@dataclass(frozen=True)
class SearchSource:
    """What a chooser offers: ``rows(user, params)`` the rows the person may choose, ``fields`` searched
    (every word of the query must be in one of them), ``labels(rows)`` their labels by primary key."""

    name: str
    rows: Callable[[Any, Mapping[str, str]], QuerySet[Any]]
    fields: tuple[str, ...]
    labels: Callable[[list[Any]], dict[Any, str]]


SOURCES: dict[str, SearchSource] = {}


def register_source(source: SearchSource) -> SearchSource:
    SOURCES[source.name] = source
    return source


def search_rows(source: SearchSource, rows: QuerySet[Any], query: str) -> QuerySet[Any]:
    for word in (query or "").split()[:MAX_WORDS]:
        condition = Q()
        for field in source.fields:
            condition |= Q(**{f"{field}__icontains": word})
        rows = rows.filter(condition)
    return rows


# --- Labels ----------------------------------------------------------------------------------------------


def document_label(document: Document) -> str:
    number = document.registration_no or document.doc_number
    label = f"{document.title}（{number}）" if number else str(document.title)
    return f"{label} · {document.org.name}"


def document_labels(documents: list[Document]) -> dict[Any, str]:
    return {document.pk: document_label(document) for document in documents}


def org_labels(orgs: list[Organization]) -> dict[Any, str]:
    return {org.pk: org.name for org in orgs}


def column_labels(columns: list[Any]) -> dict[Any, str]:
    """“示例市发展和改革委员会 › 法定主动公开内容 › 规划信息”: the organization and the column's path
    below its page, read in two queries for the whole list."""
    steplen = Page.steplen
    prefixes = {c.path[:end] for c in columns for end in range(steplen, len(c.path), steplen)}
    titles = dict(Page.objects.filter(path__in=prefixes).values_list("path", "title"))
    org_pages = dict(OrganizationPage.objects.filter(path__in=prefixes).values_list("path", "org__name"))
    labels: dict[Any, str] = {}
    for column in columns:
        ancestors = [column.path[:end] for end in range(steplen, len(column.path), steplen)]
        org_at = next((i for i, path in enumerate(ancestors) if path in org_pages), None)
        if org_at is None:
            labels[column.pk] = column.title
            continue
        below = [titles.get(path, "") for path in ancestors[org_at + 1 :]]
        labels[column.pk] = " › ".join([org_pages[ancestors[org_at]], *below, column.title])
    return labels


# --- Rows per source --------------------------------------------------------------------------------------


def columns_below(org_pages: QuerySet[OrganizationPage]) -> QuerySet[ColumnPage]:
    """The columns (栏目) below these organization pages."""
    paths = list(org_pages.values_list("path", flat=True))
    if not paths:
        return ColumnPage.objects.none()
    condition = Q()
    for path in paths:
        condition |= Q(path__startswith=path)
    # The organization pages themselves are not ColumnPages, so "starts with" means "below".
    return ColumnPage.objects.filter(condition)


def columns_for_editor(user: Any, org_id: str | int | None = None) -> QuerySet[ColumnPage]:
    """Columns of the organizations where the user is an editor (all for platform admins), optionally of
    one of them only: what a document being drafted may be placed in."""
    ids = org_ids_where(user, [Role.EDITOR])
    org_pages = OrganizationPage.objects.all()
    if ids is not None:
        org_pages = org_pages.filter(org_id__in=ids)
    if org_id not in (None, ""):
        org_pages = org_pages.filter(org_id=org_id) if str(org_id).isdigit() else org_pages.none()
    return columns_below(org_pages)


def _organization_rows(user: Any, params: Mapping[str, str]) -> QuerySet[Organization]:
    return Organization.objects.order_by("sort_order", "code")


def _column_rows(user: Any, params: Mapping[str, str]) -> QuerySet[Any]:
    return columns_for_editor(user, params.get("org")).order_by("path")


register_source(SearchSource("organizations", _organization_rows, ("name", "short_name", "code"), org_labels))
register_source(SearchSource("columns", _column_rows, ("title",), column_labels))


def _policy_rows(user: Any, params: Mapping[str, str]) -> QuerySet[Document]:
    from gongkai.publications.forms import interpretable_documents

    return interpretable_documents(user, exclude=params.get("exclude"))


register_source(SearchSource("policy-documents", _policy_rows, ("title", "doc_number"), document_labels))


# --- Widget ----------------------------------------------------------------------------------------------


class SearchSelectMultiple(forms.SelectMultiple):
    """Renders only the chosen options (never the whole queryset) and the data the script needs.

    ``params`` are sent with each search: a value starting with ``#`` is read from that element of the page
    (e.g. ``{"org": "#id_org"}``: the columns of the organization chosen above), others as they are."""

    template_name = "publications/widgets/search_select.html"

    class Media:
        js = ["publications/admin/search-select.js"]
        css = {"all": ["publications/admin/workbench.css"]}

    def __init__(
        self,
        source: str,
        *,
        params: dict[str, Any] | None = None,
        placeholder: Any = "",
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.source = source
        self.params = dict(params or {})
        self.placeholder = placeholder

    def optgroups(self, name: str, value: list[Any], attrs: dict[str, Any] | None = None) -> list[Any]:
        wanted = [str(v) for v in value if str(v).isdigit()]
        queryset = getattr(self.choices, "queryset", None)
        if not wanted or queryset is None:
            return []
        rows = {str(row.pk): row for row in queryset.filter(pk__in=wanted)}
        labels = SOURCES[self.source].labels(list(rows.values()))
        options = [
            self.create_option(name, pk, labels.get(rows[pk].pk, str(rows[pk])), True, index)
            for index, pk in enumerate(dict.fromkeys(wanted))
            if pk in rows
        ]
        return [(None, options, 0)]

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context(name, value, attrs)
        context["widget"].update(
            search_url=reverse(URL_NAME, args=[self.source]),
            params_json=json.dumps({k: str(v) for k, v in self.params.items() if v not in (None, "")}),
            placeholder=self.placeholder or _("输入关键词检索"),
            multiple=self.allow_multiple_selected,
        )
        return context


class SearchSelect(SearchSelectMultiple):
    """The one-row variant, for a ModelChoiceField: submits one value, not a list."""

    allow_multiple_selected = False

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return name not in data


# --- The search endpoint ----------------------------------------------------------------------------------


def search_view(request: HttpRequest, source: str) -> JsonResponse:
    """The rows of ``source`` that match ?q= (at most RESULT_LIMIT), as ``{"results": [{id, label}]}``.

    Staff only: someone without a role in any organization has nothing to choose."""
    chooser = SOURCES.get(source)
    if chooser is None:
        raise Http404
    if not org_list_for(user=request.user).exists():
        raise PermissionDenied(_("只有在机构中担任角色的工作人员可以检索。"))
    params = {key: request.GET.get(key, "")[:50] for key in request.GET if key != "q"}
    rows = search_rows(chooser, chooser.rows(request.user, params), request.GET.get("q", "")[:100])
    found = list(rows[: RESULT_LIMIT + 1])
    labels = chooser.labels(found[:RESULT_LIMIT])
    results = [{"id": row.pk, "label": labels.get(row.pk, str(row))} for row in found[:RESULT_LIMIT]]
    return JsonResponse({"results": results, "more": len(found) > RESULT_LIMIT})


def labels_of(source: str, rows: Iterable[Model]) -> dict[Any, str]:
    return SOURCES[source].labels(list(rows))
