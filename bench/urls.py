"""The product's URLs plus /bench/bare/<name>/: a view that renders a template and queries nothing.

/bench/staff-layout/ is a staff screen of the workbench with nothing in it, for bench_foi_queue.py.

The template is a copy of a rendered product page (written by bench_catalogue.py and bench_foi_queue.py),
so both answers have the same byte size and pass through the same middleware, server and client: the
difference is the work of the product's view (queries, context, template logic).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, path
from wagtail.admin.auth import require_admin_access

from config.urls import urlpatterns as product_urlpatterns
from gongkai.foi.workbench.views import FoiView

BARE_TEMPLATES = (
    "catalogue",
    "document",
    # bench_foi_queue.py: the staff queue and case page.
    "foi_queue_head",
    "foi_queue_head_filtered",
    "foi_queue_admin",
    "foi_queue_admin_filtered",
    "foi_case",
    "foi_layout",
)


def bare(request: HttpRequest, name: str) -> HttpResponse:
    if name not in BARE_TEMPLATES:
        raise Http404(name)
    return render(request, f"bench_bare_{name}.html")


class WorkbenchLayout(FoiView):
    """The queue's view class in the workbench layout with no content (bench_foi_queue.py): what every
    staff screen costs before it shows anything."""

    template_name = "wagtailadmin/generic/base.html"
    page_title = "基准"

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return []


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/bare/<str:name>/", bare),
    path("bench/staff-layout/", require_admin_access(WorkbenchLayout.as_view())),
    *product_urlpatterns,
]
