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
