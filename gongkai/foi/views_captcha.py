"""The CAPTCHA's "换一张" link (gongkai.foi.captcha): a new challenge as JSON for its script."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from gongkai.core.middleware import client_ip
from gongkai.foi.captcha import issue_challenge
from gongkai.foi.ratelimit import captcha_refresh_limit, rate_limit_hit


@never_cache
@require_GET
def captcha_new(request: HttpRequest) -> JsonResponse:
    """``{"token", "image", "width", "height"}`` of a new challenge; 429 when one address asks too often."""
    limit = captcha_refresh_limit()
    ip = client_ip(request) or "unknown"
    if rate_limit_hit(f"captcha-refresh:{ip}", limit=limit.count, window_seconds=limit.window_seconds):
        return JsonResponse({"error": _("更换验证码过于频繁，请稍后再试。")}, status=429)
    issued = issue_challenge()
    return JsonResponse(
        {"token": issued.token, "image": issued.image, "width": issued.width, "height": issued.height}
    )
