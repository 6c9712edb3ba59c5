"""The one permission layer: "may this user do X in this organization?" (issue 2).

Memberships (gongkai.orgs.Membership) are the source of truth. Services ask :func:`require_role`; views
and selectors ask :func:`has_role` / :func:`orgs_where`. A platform_admin of the region may do
everything everywhere.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext as _

from gongkai.core.exceptions import ServicePermissionDenied

if TYPE_CHECKING:
    from gongkai.orgs.models import Organization


def _active(user: Any) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)


def is_platform_admin(user: Any) -> bool:
    from gongkai.orgs.choices import Role
    from gongkai.orgs.models import Membership

    if not _active(user):
        return False
    if user.is_superuser:
        return True
    return Membership.objects.filter(user=user, role=Role.PLATFORM_ADMIN).exists()


def has_role(user: Any, org: Organization, roles: Iterable[str]) -> bool:
    """True if the user holds one of ``roles`` in ``org`` or is a platform_admin.

    One query, read at the moment of asking (every service step checks its actor this way, so a role
    granted or revoked a moment ago counts at once): platform_admin anywhere, or a wanted role in ``org``.
    """
    from gongkai.orgs.choices import Role
    from gongkai.orgs.models import Membership

    if not _active(user):
        return False
    if user.is_superuser:
        return True
    wanted = Q(role=Role.PLATFORM_ADMIN) | Q(org=org, role__in=list(roles))
    return Membership.objects.filter(wanted, user=user).exists()


def require_role(user: Any, org: Organization, roles: Iterable[str], *, action: str) -> None:
    """Raise ServicePermissionDenied (→ 403) unless the user holds one of ``roles`` in ``org``."""
    roles = list(roles)
    if not has_role(user, org, roles):
        raise ServicePermissionDenied(
            _("无权在“%(org)s”%(action)s：需要以下角色之一：%(roles)s。")
            % {"org": org.name, "action": action, "roles": "、".join(_role_labels(roles))}
        )


def require_platform_admin(user: Any, *, action: str) -> None:
    if not is_platform_admin(user):
        raise ServicePermissionDenied(_("无权%(action)s：需要平台管理员角色。") % {"action": action})


def org_ids_where(user: Any, roles: Iterable[str]) -> set[int] | None:
    """Ids of the organizations where the user holds one of ``roles``; None means every organization."""
    from gongkai.orgs.models import Membership

    if not _active(user):
        return set()
    if is_platform_admin(user):
        return None
    return set(Membership.objects.filter(user=user, role__in=list(roles)).values_list("org_id", flat=True))


def _role_labels(roles: Iterable[str]) -> list[str]:
    from gongkai.orgs.choices import Role

    return [str(Role(role).label) for role in roles]
