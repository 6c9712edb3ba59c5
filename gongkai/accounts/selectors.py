"""Reads of accounts: two-factor status and API tokens (visibility lives here, architecture rule 2)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gongkai.accounts.models import ApiToken
from gongkai.core.permissions import is_platform_admin


def two_factor_enabled(*, user: Any) -> bool:
    """True once the user has confirmed an authenticator app (TOTP device)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if not getattr(user, "is_authenticated", False):
        return False
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


def backup_codes_left(*, user: Any) -> int:
    """How many single-use backup codes the user has not used yet."""
    from django_otp.plugins.otp_static.models import StaticToken

    return StaticToken.objects.filter(device__user_id=user.pk, device__confirmed=True).count()


def api_token_list_for(*, user: Any) -> QuerySet[ApiToken]:
    """The tokens a person may see: their own; every token for platform admins."""
    queryset = ApiToken.objects.select_related("user").order_by("-created_at")
    if is_platform_admin(user):
        return queryset
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    return queryset.filter(user_id=user.pk)


def roles_of(*, user: Any) -> list[tuple[str, str]]:
    """The (organization code, role) pairs the user holds, in a stable order (one query)."""
    from gongkai.orgs.models import Membership

    memberships = Membership.objects.filter(user_id=user.pk).order_by("org__code", "role")
    return list(memberships.values_list("org__code", "role"))
