"""Public views of the portal that are not Wagtail pages: the text-size switch and the error pages (the
search page /search/ is gongkai.search.views)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

TEXT_SIZE_COOKIE = "gk_text"
TEXT_SIZES = ("large", "normal")
TEXT_SIZE_COOKIE_AGE = 365 * 24 * 60 * 60  # a reader who needs large text needs it next year too


def safe_next_url(request: HttpRequest, candidate: str | None) -> str:
    """``candidate`` if it is a path on this site, else the home page (never an open redirect)."""
    if (
        candidate
        and candidate.startswith("/")
        and not candidate.startswith(("//", "/\\"))
        # allowed_hosts=None admits relative URLs only; the scheme/host checks catch "/\t/evil" tricks.
        and url_has_allowed_host_and_scheme(candidate, allowed_hosts=None, require_https=request.is_secure())
    ):
        return candidate
    return "/"


@require_GET
def text_size(request: HttpRequest) -> HttpResponse:
    """Switch the larger-text mode (适老化) with a plain link, so it works without JavaScript."""
    size = request.GET.get("size", "normal")
    response = HttpResponseRedirect(safe_next_url(request, request.GET.get("next")))
    if size == "large":
        response.set_cookie(
            TEXT_SIZE_COOKIE,
            "large",
            max_age=TEXT_SIZE_COOKIE_AGE,
            samesite="Lax",
            httponly=True,
            secure=settings.SESSION_COOKIE_SECURE,
        )
    else:
        response.delete_cookie(TEXT_SIZE_COOKIE, samesite="Lax")
    return response


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Our services raise ServicePermissionDenied with a Chinese message meant for the user; Django's own
    # PermissionDenied() carries none.
    reason = getattr(exception, "message", "") if exception is not None else ""
    return render(request, "403.html", {"reason": reason}, status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    """Rendered without the request: no context processor, no database, nothing that could fail again."""
    try:
        return HttpResponseServerError(loader.get_template("500.html").render())
    except Exception:  # the last line of defence must not raise
        logger.exception("500.html failed to render")
        return HttpResponseServerError(
            '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>服务器错误</title>'
            "<h1>服务器暂时无法处理您的请求</h1><p>请稍后再试。</p></html>"
        )
