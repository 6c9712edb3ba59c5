"""Public views of the portal that are not Wagtail pages: error pages, the text-size switch."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", {"reason": str(exception or "")}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
