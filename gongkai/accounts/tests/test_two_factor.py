"""Two-factor login for the workbench: TOTP setup with a QR code, the code on every login, backup codes,
switching it off, and the middleware that enforces it."""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from gongkai.accounts.models import User
from gongkai.accounts.views import PENDING_KEY_SESSION
from gongkai.core.middleware import PORTAL_CSP
from gongkai.core.testing import Region

pytestmark = pytest.mark.django_db

SETUP = reverse("accounts:two_factor_setup")
VERIFY = reverse("accounts:two_factor_verify")
OVERVIEW = reverse("accounts:two_factor")
STAFF = reverse("wagtailadmin_home")
# A fixed instant, so codes and time steps are predictable; each test travels from here.
T0 = dt.datetime(2026, 3, 2, 9, 0, 0, tzinfo=dt.UTC)


def code_for(key_hex: str) -> str:
    return f"{totp(bytes.fromhex(key_hex)):06d}"


def logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def enable_two_factor(client: Client) -> tuple[str, list[str]]:
    """Walk through the setup page as a person would; returns (key, backup codes)."""
    client.get(SETUP)
    key = client.session[PENDING_KEY_SESSION]
    response = client.post(SETUP, {"code": code_for(key)})
    assert response.status_code == 200, response.content.decode()[:500]
    return key, list(response.context["codes"])


@pytest.fixture
def not_required(settings: Any) -> None:
    settings.GONGKAI_REQUIRE_2FA = False


@pytest.fixture
def required(settings: Any) -> None:
    settings.GONGKAI_REQUIRE_2FA = True


# --- enforcement ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("not_required")
def test_it_leaves_the_workbench_open_when_nobody_turned_it_on(region: Region) -> None:
    assert logged_in(region.lisi).get(STAFF).status_code == 200


@pytest.mark.usefixtures("required")
def test_it_sends_staff_without_an_authenticator_to_the_setup_page(region: Region) -> None:
    response = logged_in(region.lisi).get("/staff/orgs/?q=fgw")
    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next=%2Fstaff%2Forgs%2F%3Fq%3Dfgw"


@pytest.mark.usefixtures("required")
def test_it_keeps_the_login_and_logout_pages_reachable(region: Region) -> None:
    client = logged_in(region.lisi)
    assert not client.get(reverse("wagtailadmin_login"))["Location"].startswith(SETUP)
    response = client.post(reverse("wagtailadmin_logout"))
    assert response.status_code == 302 and not response["Location"].startswith(SETUP)
    assert "_auth_user_id" not in client.session


@pytest.mark.usefixtures("required")
def test_it_leaves_people_outside_the_workbench_to_wagtail(region: Region) -> None:
    # 张三 holds no role: Wagtail itself sends him to the login page, there is nothing to set up.
    response = logged_in(region.zhangsan).get(STAFF)
    assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))


@pytest.mark.usefixtures("required")
def test_it_does_not_touch_the_portal_or_the_api(region: Region) -> None:
    client = logged_in(region.lisi)
    assert client.get("/api/v1/orgs").status_code == 200
    assert not client.get("/").get("Location", "").startswith(SETUP)


@pytest.mark.usefixtures("not_required")
def test_it_asks_for_the_code_once_a_person_turned_it_on_voluntarily(region: Region) -> None:
    with time_machine.travel(T0, tick=False):
        enable_two_factor(logged_in(region.lisi))
    response = logged_in(region.lisi).get(STAFF)
    assert response.status_code == 302
    assert response["Location"] == f"{VERIFY}?next=%2Fstaff%2F"


# --- setup ---------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("required")
def test_it_shows_the_qr_code_as_an_inline_svg_under_the_strict_csp(region: Region) -> None:
    client = logged_in(region.lisi)
    response = client.get(f"{SETUP}?next=/staff/orgs/")
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == PORTAL_CSP
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    match = re.search(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', html)
    assert match, "the QR code must be a data: URI image"
    assert base64.b64decode(match.group(1)).lstrip().startswith((b"<?xml", b"<svg"))
    # The strict CSP forbids inline scripts and styles: the page must not need any.
    assert "<script" not in html and "style=" not in html
    key = client.session[PENDING_KEY_SESSION]
    secret = base64.b32encode(bytes.fromhex(key)).decode().rstrip("=")
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in html
    assert 'name="next" value="/staff/orgs/"' in html


def test_it_encodes_an_otpauth_uri_with_the_issuer(region: Region) -> None:
    from gongkai.accounts.views import otpauth_uri

    uri = otpauth_uri(region.lisi, "00" * 20)
    assert uri.startswith("otpauth://totp/Gongkai%20%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80%3Alisi?secret=AAAA")
    assert "issuer=Gongkai%20%E6%94%BF%E5%8A%A1%E5%85%AC%E5%BC%80" in uri


@pytest.mark.usefixtures("required")
def test_it_refuses_a_wrong_code_and_creates_nothing(region: Region) -> None:
    client = logged_in(region.lisi)
    client.get(SETUP)
    key = client.session[PENDING_KEY_SESSION]
    wrong = f"{(int(code_for(key)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"code": wrong})
    assert response.status_code == 400
    assert "验证码不正确或已过期" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=region.lisi).exists()
    # The same secret stays in place, so the app the person already scanned keeps working.
    assert client.session[PENDING_KEY_SESSION] == key


@pytest.mark.usefixtures("required")
def test_it_enables_two_factor_with_a_correct_code_and_audits_it(region: Region) -> None:
    with time_machine.travel(T0, tick=False):
        client = logged_in(region.lisi)
        key, codes = enable_two_factor(client)
        # The session that set it up is verified: the workbench opens at once.
        assert client.get(STAFF).status_code == 200
        assert PENDING_KEY_SESSION not in client.session
    device = TOTPDevice.objects.get(user=region.lisi)
    assert device.confirmed and device.key == key
    assert len(codes) == 10 and len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=region.lisi).count() == 10
    entry = ModelLogEntry.objects.filter(action="gongkai.2fa.enable").get()
    assert entry.object_id == str(region.lisi.pk) and entry.user_id == region.lisi.pk
    assert entry.data["after"] == {"two_factor": True} and entry.data["ip"] == "127.0.0.1"


# --- verification at login -----------------------------------------------------------------------------


@pytest.mark.usefixtures("required")
def test_it_verifies_a_later_login_and_refuses_a_replayed_code(region: Region) -> None:
    with time_machine.travel(T0, tick=False):
        key, _codes = enable_two_factor(logged_in(region.lisi))
        used_code = code_for(key)
        client = logged_in(region.lisi)
        assert client.get(STAFF)["Location"] == f"{VERIFY}?next=%2Fstaff%2F"
        replay = client.post(VERIFY, {"code": used_code, "next": "/staff/"})
        assert replay.status_code == 400 and "已使用过" in replay.content.decode()
    with time_machine.travel(T0 + dt.timedelta(seconds=65), tick=False):
        response = client.post(VERIFY, {"code": code_for(key), "next": "/staff/orgs/"})
        assert response.status_code == 302 and response["Location"] == "/staff/orgs/"
        assert client.get(STAFF).status_code == 200


@pytest.mark.usefixtures("required")
def test_it_accepts_each_backup_code_once(region: Region) -> None:
    with time_machine.travel(T0, tick=False):
        _key, codes = enable_two_factor(logged_in(region.lisi))
    first = logged_in(region.lisi)
    assert first.post(VERIFY, {"code": codes[0].upper()})["Location"] == STAFF
    assert StaticToken.objects.filter(device__user=region.lisi).count() == 9
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=5)):
        second = logged_in(region.lisi)
        assert second.post(VERIFY, {"code": codes[0]}).status_code == 400
        assert second.get(STAFF).status_code == 302


@pytest.mark.usefixtures("required")
def test_it_slows_down_guessing(region: Region) -> None:
    with time_machine.travel(T0, tick=False):
        enable_two_factor(logged_in(region.lisi))
        client = logged_in(region.lisi)
        client.post(VERIFY, {"code": "000000"})
        response = client.post(VERIFY, {"code": "000001"})
    assert "验证失败次数过多" in response.content.decode()


@pytest.mark.usefixtures("required")
def test_it_never_redirects_to_another_site_after_verifying(region: Region) -> None:
    with time_machine.travel(T0, tick=False):
        key, _codes = enable_two_factor(logged_in(region.lisi))
    with time_machine.travel(T0 + dt.timedelta(seconds=65), tick=False):
        client = logged_in(region.lisi)
        response = client.post(VERIFY, {"code": code_for(key), "next": "https://evil.example/steal"})
    assert response["Location"] == STAFF


@pytest.mark.usefixtures("required")
def test_it_does_not_let_an_unverified_session_replace_the_authenticator(region: Region) -> None:
    with time_machine.travel(T0, tick=False):
        key, _codes = enable_two_factor(logged_in(region.lisi))
    response = logged_in(region.lisi).get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(VERIFY)
    assert TOTPDevice.objects.get(user=region.lisi).key == key


# --- managing it ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("not_required")
def test_it_turns_two_factor_off_with_a_current_code(region: Region) -> None:
    with time_machine.travel(T0, tick=False):
        client = logged_in(region.lisi)
        key, _codes = enable_two_factor(client)
    with time_machine.travel(T0 + dt.timedelta(seconds=65), tick=False):
        refused = client.post(reverse("accounts:two_factor_turn_off"), {"code": "123456"})
        assert refused.status_code == 400 and TOTPDevice.objects.filter(user=region.lisi).exists()
    with time_machine.travel(T0 + dt.timedelta(seconds=130), tick=False):
        response = client.post(reverse("accounts:two_factor_turn_off"), {"code": code_for(key)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=region.lisi).exists()
    assert not StaticToken.objects.filter(device__user=region.lisi).exists()
    assert ModelLogEntry.objects.filter(action="gongkai.2fa.disable", user=region.lisi).exists()
    assert logged_in(region.lisi).get(STAFF).status_code == 200


@pytest.mark.usefixtures("not_required")
def test_it_renews_backup_codes_for_a_verified_session_only(region: Region) -> None:
    with time_machine.travel(T0, tick=False):
        client = logged_in(region.lisi)
        _key, old_codes = enable_two_factor(client)
        response = client.post(reverse("accounts:two_factor_backup_codes"))
    new_codes = list(response.context["codes"])
    assert set(new_codes).isdisjoint(old_codes)
    assert set(StaticToken.objects.filter(device__user=region.lisi).values_list("token", flat=True)) == set(
        new_codes
    )
    unverified = logged_in(region.lisi).post(reverse("accounts:two_factor_backup_codes"))
    assert unverified.status_code == 302 and unverified["Location"].startswith(VERIFY)


@pytest.mark.usefixtures("not_required")
def test_it_shows_the_status_page_and_links_it_from_the_workbench(region: Region) -> None:
    client = logged_in(region.lisi)
    assert "未启用" in client.get(OVERVIEW).content.decode()
    assert OVERVIEW in client.get(reverse("wagtailadmin_account")).content.decode()
    assert OVERVIEW in client.get(STAFF).content.decode()  # the 账户安全 → 双因素认证 menu item


def test_it_sends_anonymous_visitors_to_the_login_page(client: Client) -> None:
    response = client.get(SETUP)
    assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_login"))


def test_it_lets_a_platform_admin_reset_a_lost_authenticator(region: Region) -> None:
    from gongkai.accounts.services import two_factor_disable
    from gongkai.core.exceptions import ServicePermissionDenied

    with time_machine.travel(T0, tick=False):
        enable_two_factor(logged_in(region.lisi))
    with pytest.raises(ServicePermissionDenied):
        two_factor_disable(actor=region.wangwu, user=region.lisi)
    two_factor_disable(actor=region.admin, user=region.lisi)
    assert not TOTPDevice.objects.filter(user=region.lisi).exists()
    assert ModelLogEntry.objects.filter(action="gongkai.2fa.disable", user=region.admin).exists()
