"""The parameters of the public search, checked the same way for the /search/ page and the API.

A wrong filter value is reported in Chinese, naming the field and the rule, and left out: the rest of the
search still runs (the page shows the message beside the results, the API answers 422 with it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gongkai.orgs.models import Organization
from gongkai.search.query import MAX_QUERY_LENGTH
from gongkai.search.selectors import (
    SORTS,
    SearchFilters,
    choice_labels,
    subject_table,
    type_labels,
)

FIRST_YEAR = 1949
LAST_YEAR = 2100
# The names of the parameters as the page shows them in its messages.
FIELD_LABELS = {
    "q": gettext_lazy("搜索词"),
    "org": gettext_lazy("发布机构"),
    "type": gettext_lazy("类型"),
    "subject": gettext_lazy("主题分类"),
    "genre": gettext_lazy("体裁"),
    "year": gettext_lazy("年份"),
    "validity": gettext_lazy("有效性"),
    "sort": gettext_lazy("排序"),
    "page": gettext_lazy("页码"),
}
# The parameters a shareable search URL carries, in the order it writes them.
PARAMETERS = ("q", "type", "org", "year", "subject", "genre", "validity", "sort", "page")


@dataclass
class SearchParams:
    """What was asked for: the query as typed, the valid filters, and a message per wrong parameter."""

    query: str = ""
    filters: SearchFilters = field(default_factory=SearchFilters)
    sort: str = "relevance"
    page: int = 1
    errors: dict[str, list[str]] = field(default_factory=dict)

    def error_detail(self) -> str:
        """The first problem in one sentence, for the API's ``detail``."""
        messages = next(iter(self.errors.values()))
        return _("查询条件有误：%(message)s") % {"message": messages[0]}


def _value(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    return "" if value is None else str(value).strip()


def search_params_clean(data: Mapping[str, Any]) -> SearchParams:
    """Check each parameter of ``data`` (a QueryDict or a dict): a wrong one is left out, with a message."""
    params = SearchParams(query=_value(data, "q"))
    errors = params.errors

    def wrong(name: str, rule: str) -> None:
        errors[name] = [rule]

    filters: dict[str, Any] = {}
    if org_code := _value(data, "org"):
        org = Organization.objects.filter(code=org_code, is_active=True).only("id", "code", "name").first()
        if org is None:
            wrong("org", _("“%(field)s”没有代码为“%(value)s”的机构。") % _named("org", org_code))
        else:
            filters["org"] = org
    if type_key := _value(data, "type"):
        labels = type_labels()
        if type_key in labels:
            filters["type"] = type_key
        else:
            wrong("type", _("“%(field)s”只能是：%(choices)s。") % _choices("type", labels))
    if subject_value := _value(data, "subject"):
        entry = subject_table().resolve(subject_value)
        if entry is None:
            wrong(
                "subject",
                _("“%(field)s”没有“%(value)s”这一项，应为主题分类代码或“一级分类/二级分类”。")
                % _named("subject", subject_value),
            )
        else:
            filters["subject"] = entry
    for name in ("genre", "validity"):
        if value := _value(data, name):
            labels = {key: str(label) for key, label in choice_labels(name).items()}
            if value in labels:
                filters[name] = value
            else:
                wrong(name, _("“%(field)s”只能是：%(choices)s。") % _choices(name, labels))
    if year_value := _value(data, "year"):
        if year_value.isdigit() and FIRST_YEAR <= int(year_value) <= LAST_YEAR:
            filters["year"] = int(year_value)
        else:
            wrong(
                "year",
                _("“%(field)s”应为%(first)d至%(last)d之间的四位数年份，如 2026。")
                % {"field": FIELD_LABELS["year"], "first": FIRST_YEAR, "last": LAST_YEAR},
            )
    if sort := _value(data, "sort"):
        if sort in SORTS:
            params.sort = sort
        else:
            wrong("sort", _("“%(field)s”只能是：%(choices)s。") % _choices("sort", SORTS))
    if page := _value(data, "page"):
        if page.isdigit() and int(page) >= 1:
            params.page = int(page)
        else:
            wrong("page", _("“%(field)s”应为从 1 开始的整数。") % {"field": FIELD_LABELS["page"]})
    if len(params.query) > MAX_QUERY_LENGTH * 10:
        # Far longer than any query: cut here already (parse_query cuts at MAX_QUERY_LENGTH and says so).
        params.query = params.query[: MAX_QUERY_LENGTH * 10]
    params.filters = SearchFilters(**filters)
    return params


def _named(name: str, value: str) -> dict[str, Any]:
    return {"field": FIELD_LABELS[name], "value": value}


def _choices(name: str, labels: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "field": FIELD_LABELS[name],
        "choices": "、".join(f"{key}（{label}）" for key, label in labels.items()),
    }
