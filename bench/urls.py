"""The product's URLs plus /bench/bare/<name>/: a view that renders a template and queries nothing.

The template is a copy of a rendered product page (written by bench_catalogue.py), so both answers have the
same byte size and pass through the same middleware, server and client: the difference is the work of the
product's view (queries, context, template logic).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver, path

from config.urls import urlpatterns as product_urlpatterns

BARE_TEMPLATES = ("catalogue", "document")


def bare(request: HttpRequest, name: str) -> HttpResponse:
    if name not in BARE_TEMPLATES:
        raise Http404(name)
    return render(request, f"bench_bare_{name}.html")


urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/bare/<str:name>/", bare),
    *product_urlpatterns,
]
