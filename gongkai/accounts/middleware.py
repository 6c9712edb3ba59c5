"""Two-factor enforcement for the staff workbench."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse


class StaffTwoFactorMiddleware:
    """Asks for the TOTP code before a signed-in person may use the workbench (/staff/).

    - A user who has turned two-factor authentication on must confirm a code once per login session.
    - With GONGKAI_REQUIRE_2FA on, a staff user without an authenticator is sent to set one up first.

    The login and logout pages stay reachable. Only users who may enter the workbench at all
    (``wagtailadmin.access_admin``) are redirected: Wagtail turns everybody else away by itself.
    Must come after django_otp's OTPMiddleware, which tells whether this session is verified.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.redirect_for(request) or self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        return path in {reverse("wagtailadmin_login"), reverse("wagtailadmin_logout")}

    def redirect_for(self, request: HttpRequest) -> HttpResponse | None:
        if not request.path.startswith(reverse("wagtailadmin_home")) or self._exempt(request.path):
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        is_verified = getattr(user, "is_verified", None)
        if is_verified is not None and is_verified():
            return None
        from gongkai.accounts.selectors import two_factor_enabled

        enabled = two_factor_enabled(user=user)
        if not enabled and not settings.GONGKAI_REQUIRE_2FA:
            return None
        if not user.has_perm("wagtailadmin.access_admin"):
            return None
        target = reverse("accounts:two_factor_verify" if enabled else "accounts:two_factor_setup")
        return HttpResponseRedirect(f"{target}?{urlencode({'next': request.get_full_path()})}")
