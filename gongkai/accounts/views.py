"""Account pages under /accounts/: two-factor authentication (TOTP) setup, login verification, backup
codes and switching it off. They are served with the portal's strict CSP (no inline scripts or styles),
so the QR code is an SVG image in a data: URI.
"""

from __future__ import annotations

import base64
import io
from base64 import b32encode
from typing import Any, cast
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login

from gongkai.accounts.forms import OtpCodeForm
from gongkai.accounts.models import User
from gongkai.accounts.selectors import backup_codes_left, two_factor_enabled
from gongkai.accounts.services import (
    totp_key_new,
    two_factor_backup_codes_renew,
    two_factor_disable,
    two_factor_enable,
)
from gongkai.accounts.services import two_factor_verify as two_factor_code_check
from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError
from gongkai.orgs.forms import add_service_errors

# The secret being set up lives in the (server-side) session until a code proves the app has it.
PENDING_KEY_SESSION = "gongkai_2fa_pending_key"


def _next_url(request: HttpRequest) -> str:
    """Where to go afterwards: the ?next= of the request if it is on this site, else the workbench."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return reverse("wagtailadmin_home")


def _with_next(url: str, next_url: str) -> str:
    return f"{url}?{urlencode({'next': next_url})}"


def _user(request: HttpRequest) -> User:
    # Every view here is @login_required, so the user is a real account.
    return cast(User, request.user)


def _is_verified(request: HttpRequest) -> bool:
    is_verified = getattr(request.user, "is_verified", None)
    return bool(is_verified and is_verified())


def qr_svg_data_uri(text: str) -> str:
    """``text`` as a QR code: an SVG image inside a data: URI (no request leaves the page, CSP-safe)."""
    import qrcode
    import qrcode.image.svg

    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathFillImage, box_size=10, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def otpauth_uri(user: Any, key_hex: str) -> str:
    """The otpauth:// URI an authenticator app scans (issuer from OTP_TOTP_ISSUER)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return str(TOTPDevice(user=user, key=key_hex).config_url)


def _grouped_secret(key_hex: str) -> str:
    secret = b32encode(bytes.fromhex(key_hex)).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _render(request: HttpRequest, template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    # Every view here is @never_cache (Cache-Control: no-store): secrets and backup codes must not stay
    # in a shared computer's browser cache.
    return render(request, template, context, status=status)


@never_cache
@login_required
def two_factor_overview(request: HttpRequest) -> HttpResponse:
    """双因素认证: status, and the way to turn it on, renew backup codes or turn it off."""
    enabled = two_factor_enabled(user=_user(request))
    return _render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": enabled,
            "verified": _is_verified(request),
            "required": settings.GONGKAI_REQUIRE_2FA,
            "backup_codes_left": backup_codes_left(user=_user(request)) if enabled else 0,
            "form": OtpCodeForm(),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Scan the QR code with an authenticator app, then type its current code to confirm."""
    next_url = _next_url(request)
    if two_factor_enabled(user=_user(request)) and not _is_verified(request):
        # Replacing an authenticator needs the current one: a stolen password alone must not do it.
        return HttpResponseRedirect(
            _with_next(reverse("accounts:two_factor_verify"), request.get_full_path())
        )
    key_hex = request.session.get(PENDING_KEY_SESSION)
    if not key_hex:
        key_hex = totp_key_new()
        request.session[PENDING_KEY_SESSION] = key_hex
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = two_factor_enable(
                actor=_user(request), user=_user(request), key_hex=key_hex, code=form.cleaned_data["code"]
            )
        except (ServiceValidationError, ServicePermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            del request.session[PENDING_KEY_SESSION]
            otp_login(request, device)
            return _render(
                request,
                "accounts/backup_codes.html",
                {
                    "codes": codes,
                    "next_url": next_url,
                    "just_enabled": True,
                },
            )
    uri = otpauth_uri(request.user, key_hex)
    return _render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_data_uri": qr_svg_data_uri(uri),
            "secret": _grouped_secret(key_hex),
            "issuer": settings.OTP_TOTP_ISSUER,
            "next_url": next_url,
            "required": settings.GONGKAI_REQUIRE_2FA,
        },
        status=200 if form.is_valid() or not form.is_bound else 400,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of every login once two-factor authentication is on."""
    next_url = _next_url(request)
    if not two_factor_enabled(user=_user(request)):
        return HttpResponseRedirect(_with_next(reverse("accounts:two_factor_setup"), next_url))
    if _is_verified(request):
        return HttpResponseRedirect(next_url)
    form = OtpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor_code_check(user=_user(request), code=form.cleaned_data["code"])
        except ServiceValidationError as exc:
            add_service_errors(form, exc)
        else:
            otp_login(request, device)
            return HttpResponseRedirect(next_url)
    return _render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next_url": next_url},
        status=400 if form.is_bound else 200,
    )


@never_cache
@login_required
@require_POST
def two_factor_backup_codes(request: HttpRequest) -> HttpResponse:
    """New backup codes (the old ones stop working); needs a session verified with the second factor."""
    if not _is_verified(request):
        return HttpResponseRedirect(
            _with_next(reverse("accounts:two_factor_verify"), reverse("accounts:two_factor"))
        )
    try:
        codes = two_factor_backup_codes_renew(actor=_user(request), user=_user(request))
    except (ServiceValidationError, ServicePermissionDenied) as exc:
        messages.error(request, exc.message)
        return HttpResponseRedirect(reverse("accounts:two_factor"))
    return _render(
        request, "accounts/backup_codes.html", {"codes": codes, "next_url": reverse("accounts:two_factor")}
    )


@never_cache
@login_required
@require_POST
def two_factor_turn_off(request: HttpRequest) -> HttpResponse:
    """Switch two-factor authentication off; asks for a current code so an open session alone cannot."""
    if not _is_verified(request):
        return HttpResponseRedirect(
            _with_next(reverse("accounts:two_factor_verify"), reverse("accounts:two_factor"))
        )
    form = OtpCodeForm(request.POST)
    if form.is_valid():
        try:
            two_factor_code_check(user=_user(request), code=form.cleaned_data["code"])
            two_factor_disable(actor=_user(request), user=_user(request))
        except (ServiceValidationError, ServicePermissionDenied) as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("已关闭双因素认证。"))
            return HttpResponseRedirect(reverse("accounts:two_factor"))
    enabled = two_factor_enabled(user=_user(request))
    return _render(
        request,
        "accounts/two_factor.html",
        {
            "enabled": enabled,
            "verified": True,
            "required": settings.GONGKAI_REQUIRE_2FA,
            "backup_codes_left": backup_codes_left(user=_user(request)) if enabled else 0,
            "form": form,
        },
        status=400,
    )
