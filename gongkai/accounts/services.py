"""Writes of user accounts and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.models import ApiToken, User
from gongkai.core.audit import audit_log
from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError

TOKEN_PREFIX = "gk_"  # noqa: S105 - a public marker that makes leaked tokens greppable, not a secret


@transaction.atomic
def user_ensure(
    *,
    actor: Any,
    username: str,
    password: str | None = None,
    full_name: str = "",
    email: str = "",
    check_password: bool = True,
) -> tuple[User, bool]:
    """Create the user if needed (setting the password when given); returns (user, created)."""
    user = User.objects.filter(username=username).first()
    created = user is None
    if user is None:
        user = User(username=username, full_name=full_name, email=email)
        try:
            user.full_clean(exclude=["password"])
        except ValidationError as exc:
            errors = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
            raise ServiceValidationError(next(iter(errors.values()))[0], errors) from exc
    if password:
        if check_password:
            try:
                validate_password(password, user)
            except ValidationError as exc:
                raise ServiceValidationError(
                    _("密码不符合要求：%(msg)s") % {"msg": " ".join(exc.messages)}, {"password": exc.messages}
                ) from exc
        user.set_password(password)
    elif created:
        user.set_unusable_password()
    if full_name and user.full_name != full_name:
        user.full_name = full_name
    user.save()
    if created:
        audit_log(instance=user, action="gongkai.user.create", actor=actor, after={"username": username})
    return user, created


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def api_token_create(*, actor: Any, user: User, name: str = "") -> tuple[ApiToken, str]:
    """A new token for ``user``; returns (record, token). The token is never stored, only its hash."""
    if actor is not None and actor.pk != user.pk and not actor.is_superuser:
        raise ServicePermissionDenied(_("只能为自己创建接口令牌，或由平台管理员创建。"))
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    record = ApiToken.objects.create(user=user, name=name, prefix=token[:10], token_hash=_hash(token))
    audit_log(
        instance=record,
        action="gongkai.token.create",
        actor=actor,
        after={"user": user.username, "prefix": record.prefix, "name": name},
    )
    return record, token


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> None:
    if actor is not None and actor.pk != token.user_id and not actor.is_superuser:
        raise ServicePermissionDenied(_("只能吊销自己的接口令牌，或由平台管理员吊销。"))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_log(instance=token, action="gongkai.token.revoke", actor=actor, after={"prefix": token.prefix})


def api_token_authenticate(*, token: str) -> User | None:
    """The active user a presented token belongs to, recording its use; None if unknown or revoked."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    record = (
        ApiToken.objects.select_related("user")
        .filter(token_hash=_hash(token), revoked_at__isnull=True)
        .first()
    )
    if record is None or not record.user.is_active:
        return None
    now = timezone.now()
    # Recording every use would write on every request; once a minute is precise enough for "last used".
    if record.last_used_at is None or (now - record.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=record.pk).update(last_used_at=now)
    return record.user


# --- Two-factor authentication (TOTP, with single-use backup codes) -------------------------------------

BACKUP_CODE_COUNT = 10
# Codes from the previous and next 30-second step are accepted too: phones' clocks drift a little.
TOTP_TOLERANCE_STEPS = 1


def _require_self_or_platform_admin(actor: Any, user: User, *, action: str) -> None:
    from gongkai.core.permissions import is_platform_admin

    if actor is not None and actor.pk != user.pk and not is_platform_admin(actor):
        raise ServicePermissionDenied(_("无权%(action)s：只能由本人或平台管理员操作。") % {"action": action})


def totp_key_new() -> str:
    """A fresh TOTP secret (20 random bytes, hex), as django-otp stores it."""
    from django_otp.util import random_hex

    return str(random_hex(20))


def totp_step_matching(*, key_hex: str, code: str) -> int | None:
    """The time step at which ``code`` is the TOTP code of ``key_hex`` (now ± tolerance), else None."""
    import time

    from django_otp.oath import TOTP

    digits = "".join(code.split())
    if not (digits.isdigit() and len(digits) == 6):
        return None
    totp = TOTP(bytes.fromhex(key_hex))
    totp.time = time.time()
    if not totp.verify(int(digits), tolerance=TOTP_TOLERANCE_STEPS):
        return None
    return int(totp.t())


def _backup_codes_new(user: User) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=_("备用验证码"), confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def two_factor_enable(*, actor: Any, user: User, key_hex: str, code: str) -> tuple[Any, list[str]]:
    """Turn on TOTP for ``user`` with the secret their authenticator app scanned, once ``code`` proves it.

    Replaces any earlier authenticator; returns (device, backup codes). The backup codes are shown once.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if actor is not None and actor.pk != user.pk:
        # Only the person holding the phone can prove the code; nobody enrols an authenticator for another.
        raise ServicePermissionDenied(_("只能为自己的账户启用双因素认证。"))
    step = totp_step_matching(key_hex=key_hex, code=code)
    if step is None:
        message = _("验证码不正确或已过期：请输入身份验证器当前显示的6位数字。")
        raise ServiceValidationError(message, {"code": [message]})
    had_device = TOTPDevice.objects.filter(user=user).exists()
    TOTPDevice.objects.filter(user=user).delete()
    # last_t = the step just used, so the same code cannot be replayed to pass the login check.
    device = TOTPDevice.objects.create(
        user=user,
        name=_("身份验证器"),
        key=key_hex,
        confirmed=True,
        last_t=step,
        tolerance=TOTP_TOLERANCE_STEPS,
    )
    codes = _backup_codes_new(user)
    audit_log(
        instance=user,
        action="gongkai.2fa.enable",
        actor=actor,
        before={"two_factor": had_device},
        after={"two_factor": True},
        extra={"backup_codes": len(codes)},
    )
    return device, codes


@transaction.atomic
def two_factor_disable(*, actor: Any, user: User) -> None:
    """Remove the user's authenticator and backup codes (the user themself, or a platform admin when a
    phone is lost). With GONGKAI_REQUIRE_2FA on, the next visit to the workbench asks for a new setup."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _require_self_or_platform_admin(actor, user, action=_("关闭双因素认证"))
    had_device = TOTPDevice.objects.filter(user=user).exists()
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    if had_device:
        audit_log(
            instance=user,
            action="gongkai.2fa.disable",
            actor=actor,
            before={"two_factor": True},
            after={"two_factor": False},
        )


@transaction.atomic
def two_factor_backup_codes_renew(*, actor: Any, user: User) -> list[str]:
    """New single-use backup codes for ``user``; the old ones stop working."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if actor is not None and actor.pk != user.pk:
        raise ServicePermissionDenied(_("只能为自己的账户生成备用验证码。"))
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        message = _("请先启用双因素认证，再生成备用验证码。")
        raise ServiceValidationError(message, {"__all__": [message]})
    codes = _backup_codes_new(user)
    audit_log(
        instance=user,
        action="gongkai.2fa.backup_codes",
        actor=actor,
        extra={"backup_codes": len(codes)},
    )
    return codes


def two_factor_verify(*, user: User, code: str) -> Any:
    """The device (authenticator or backup code) that accepts ``code`` for ``user``; raises
    ServiceValidationError with the reason otherwise. django-otp throttles repeated failures per device
    and refuses a TOTP code that was already used."""
    from django_otp import devices_for_user, verify_token

    cleaned = "".join(code.split()).lower()
    if not cleaned:
        message = _("请输入验证码。")
        raise ServiceValidationError(message, {"code": [message]})
    devices = list(devices_for_user(user, confirmed=True))
    for device in devices:
        accepted = verify_token(user, device.persistent_id, cleaned)
        if accepted is not None:
            return accepted
    for device in devices:
        allowed, info = device.verify_is_allowed()
        if not allowed and info and info.get("locked_until"):
            wait = max(1, int((info["locked_until"] - timezone.now()).total_seconds()))
            message = _("验证失败次数过多，请在%(seconds)s秒后再试。") % {"seconds": wait}
            raise ServiceValidationError(message, {"code": [message]})
    message = _("验证码不正确或已使用过：请输入身份验证器当前显示的6位数字，或一个未用过的备用验证码。")
    raise ServiceValidationError(message, {"code": [message]})
