from __future__ import annotations

import hashlib

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from wagtail.models import ModelLogEntry

from gongkai.accounts.models import ApiToken, User
from gongkai.accounts.services import (
    api_token_authenticate,
    api_token_create,
    api_token_revoke,
    totp_key_new,
    totp_step_matching,
    two_factor_backup_codes_renew,
    two_factor_disable,
    two_factor_enable,
    two_factor_verify,
    user_ensure,
)
from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError
from gongkai.core.testing import Region

pytestmark = pytest.mark.django_db


def current_code(key_hex: str) -> str:
    return f"{totp(bytes.fromhex(key_hex)):06d}"


# --- users ---------------------------------------------------------------------------------------------


def test_it_creates_a_user_once_and_audits_it(region: Region) -> None:
    user, created = user_ensure(
        actor=region.admin, username="qianba", full_name="钱八", password="long-enough-pw-2026"
    )
    again, created_again = user_ensure(actor=region.admin, username="qianba")
    assert created and not created_again and again.pk == user.pk
    assert ModelLogEntry.objects.filter(action="gongkai.user.create", object_id=str(user.pk)).count() == 1


def test_it_names_the_password_rule_in_chinese(region: Region) -> None:
    with pytest.raises(ServiceValidationError) as caught:
        user_ensure(actor=region.admin, username="weak", password="123")
    assert caught.value.message.startswith("密码不符合要求")
    assert "password" in caught.value.errors
    assert not User.objects.filter(username="weak").exists()


def test_it_gives_a_user_created_without_password_no_usable_password(region: Region) -> None:
    user, _created = user_ensure(actor=None, username="nopass")
    assert not user.has_usable_password()


# --- API tokens ----------------------------------------------------------------------------------------


def test_it_stores_only_the_hash_of_a_token(region: Region) -> None:
    record, token = api_token_create(actor=region.lisi, user=region.lisi, name="OA")
    assert record.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert not ApiToken.objects.filter(token_hash__contains=token).exists()
    assert record.prefix == token[:10]


def test_it_lets_only_the_owner_or_a_platform_admin_create_and_revoke_tokens(region: Region) -> None:
    with pytest.raises(ServicePermissionDenied):
        api_token_create(actor=region.lisi, user=region.wangwu)
    record, token = api_token_create(actor=region.admin, user=region.wangwu)
    with pytest.raises(ServicePermissionDenied):
        api_token_revoke(actor=region.lisi, token=record)
    assert api_token_authenticate(token=token) == region.wangwu
    api_token_revoke(actor=region.wangwu, token=record)
    assert api_token_authenticate(token=token) is None
    assert ModelLogEntry.objects.filter(action="gongkai.token.revoke", object_id=str(record.pk)).count() == 1


def test_it_revokes_idempotently(region: Region) -> None:
    record, _token = api_token_create(actor=None, user=region.lisi)
    api_token_revoke(actor=region.lisi, token=record)
    first = ApiToken.objects.get(pk=record.pk).revoked_at
    api_token_revoke(actor=region.lisi, token=record)
    assert ApiToken.objects.get(pk=record.pk).revoked_at == first
    assert ModelLogEntry.objects.filter(action="gongkai.token.revoke").count() == 1


# --- two-factor ----------------------------------------------------------------------------------------


def test_it_matches_a_totp_code_only_for_its_key() -> None:
    key, other = totp_key_new(), totp_key_new()
    assert len(key) == 40 and key != other
    assert totp_step_matching(key_hex=key, code=current_code(key)) is not None
    assert totp_step_matching(key_hex=key, code=" ".join(current_code(key))) is not None  # typed with spaces
    assert totp_step_matching(key_hex=other, code=current_code(key)) is None or current_code(
        key
    ) == current_code(other)
    assert totp_step_matching(key_hex=key, code="abcdef") is None
    assert totp_step_matching(key_hex=key, code="12345") is None


def test_it_enables_two_factor_only_for_oneself(region: Region) -> None:
    key = totp_key_new()
    with pytest.raises(ServicePermissionDenied):
        two_factor_enable(actor=region.admin, user=region.lisi, key_hex=key, code=current_code(key))
    assert not TOTPDevice.objects.exists()


def test_it_replaces_the_previous_authenticator(region: Region) -> None:
    first, second = totp_key_new(), totp_key_new()
    two_factor_enable(actor=region.lisi, user=region.lisi, key_hex=first, code=current_code(first))
    two_factor_enable(actor=region.lisi, user=region.lisi, key_hex=second, code=current_code(second))
    assert list(TOTPDevice.objects.filter(user=region.lisi).values_list("key", flat=True)) == [second]
    entries = ModelLogEntry.objects.filter(action="gongkai.2fa.enable").order_by("pk")
    assert [e.data["before"] for e in entries] == [{"two_factor": False}, {"two_factor": True}]


def test_it_refuses_backup_codes_without_an_authenticator(region: Region) -> None:
    with pytest.raises(ServiceValidationError) as caught:
        two_factor_backup_codes_renew(actor=region.lisi, user=region.lisi)
    assert caught.value.message == "请先启用双因素认证，再生成备用验证码。"


def test_it_verifies_with_a_backup_code_and_refuses_a_blank_code(region: Region) -> None:
    key = totp_key_new()
    _device, codes = two_factor_enable(
        actor=region.lisi, user=region.lisi, key_hex=key, code=current_code(key)
    )
    assert two_factor_verify(user=region.lisi, code=f"  {codes[3].upper()} ").persistent_id.startswith(
        "otp_static"
    )
    with pytest.raises(ServiceValidationError) as caught:
        two_factor_verify(user=region.lisi, code="   ")
    assert caught.value.errors == {"code": ["请输入验证码。"]}


def test_it_writes_no_audit_entry_when_there_was_nothing_to_turn_off(region: Region) -> None:
    two_factor_disable(actor=region.lisi, user=region.lisi)
    assert not ModelLogEntry.objects.filter(action="gongkai.2fa.disable").exists()
