"""Public pages of 行政规范性文件 (statutory.md §9): valid and invalid lists, the quarterly registration
catalogue and published 清理 result lists."""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.orgs.selectors import org_list_public
from gongkai.publications.models import Document
from gongkai.publications.normative import (
    cleanup_campaign_list_public,
    cleanup_campaign_public,
    cleanup_items,
    normative_list_invalid,
    normative_list_valid,
    normative_registration_catalogue,
)

PAGE_SIZE = 20


def _list(
    request: HttpRequest, selector: Callable[..., QuerySet[Document]], *, heading: str, invalid: bool
) -> HttpResponse:
    org_code = request.GET.get("org", "").strip()[:40]
    documents = selector(org=org_code or None)
    context = {
        "heading": heading,
        "invalid": invalid,
        "page_obj": Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page")),
        "orgs": list(org_list_public()),
        "org_code": org_code,
        "campaigns": list(cleanup_campaign_list_public()[:10]),
        "quarters": recent_quarters(timezone.localdate()),
    }
    return render(request, "publications/normative/list.html", context)


CATALOGUE_QUARTERS_SHOWN = 8  # two years of 季度登记目录 linked from the lists


def recent_quarters(today: datetime.date, count: int = CATALOGUE_QUARTERS_SHOWN) -> list[tuple[int, int]]:
    """(year, quarter) of the current quarter and the ones before it, newest first."""
    index = today.year * 4 + (today.month - 1) // 3  # quarters counted from year 0
    return [(i // 4, i % 4 + 1) for i in range(index, index - count, -1)]


def normative_valid(request: HttpRequest) -> HttpResponse:
    return _list(request, normative_list_valid, heading=_("现行有效的行政规范性文件"), invalid=False)


def normative_invalid(request: HttpRequest) -> HttpResponse:
    return _list(
        request, normative_list_invalid, heading=_("失效、废止和已修订的行政规范性文件"), invalid=True
    )


def normative_catalogue(request: HttpRequest, year: int, quarter: int) -> HttpResponse:
    if quarter not in (1, 2, 3, 4) or not 1950 <= year <= 2999:
        raise Http404
    documents = list(normative_registration_catalogue(year=year, quarter=quarter))
    context = {"year": year, "quarter": quarter, "documents": documents}
    return render(request, "publications/normative/catalogue.html", context)


def normative_cleanup(request: HttpRequest, campaign_id: int) -> HttpResponse:
    campaign = cleanup_campaign_public(campaign_id)
    if campaign is None:
        raise Http404
    context = {"campaign": campaign, "items": list(cleanup_items(campaign))}
    return render(request, "publications/normative/cleanup.html", context)
