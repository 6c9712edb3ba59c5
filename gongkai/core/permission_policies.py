"""Wagtail permission policies that answer from memberships, so each workbench screen shows exactly
what a person's roles allow (issue "Foundation": organizations and people).

Wagtail's generic views ask a *permission policy* "may this user do <action> (on this object)?" and
"which objects may this user <action>?". The policies here answer from gongkai.orgs.Membership, the one
source of truth that gongkai.core.permissions also reads, instead of Django's model permissions:

- :class:`OrgScopedPermissionPolicy` for records that belong to an organization (the organization
  itself, its memberships, later its documents and cases): an action is allowed where the user holds
  one of the roles the action needs;
- :class:`OwnerPermissionPolicy` for records that belong to a person (API tokens).

A platform_admin (or a Django superuser) may do every action that is not forbidden outright.

The view mixins at the end add the per-object checks that Wagtail's generic views leave to
model-level permissions (an org_admin of 市教育局 may open the edit form of *some* organization, not of
市发展改革委).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from wagtail.permission_policies.base import BasePermissionPolicy

from gongkai.orgs.choices import Role

# Memberships are read once per user object (normally: once per request) and kept on it under this name.
_CACHE_ATTR = "_gongkai_roles_by_org"


@dataclass(frozen=True)
class UserRoles:
    """What one person may do, read from their memberships: platform admin, or roles per organization."""

    platform_admin: bool = False
    by_org: Mapping[int, frozenset[str]] = field(default_factory=dict)

    def org_ids_with(self, roles: Collection[str]) -> set[int]:
        wanted = set(roles)
        return {org_id for org_id, held in self.by_org.items() if held & wanted}


def user_roles(user: Any) -> UserRoles:
    """The user's roles (one query, cached on the user object for the rest of the request)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return UserRoles()
    cached = getattr(user, _CACHE_ATTR, None)
    if isinstance(cached, UserRoles):
        return cached
    from gongkai.orgs.models import Membership

    by_org: dict[int, set[str]] = {}
    for org_id, role in Membership.objects.filter(user=user).values_list("org_id", "role"):
        by_org.setdefault(org_id, set()).add(role)
    # Same rule as gongkai.core.permissions.is_platform_admin: superuser, or a platform_admin membership.
    platform_admin = bool(user.is_superuser) or any(Role.PLATFORM_ADMIN in held for held in by_org.values())
    roles = UserRoles(platform_admin=platform_admin, by_org={k: frozenset(v) for k, v in by_org.items()})
    setattr(user, _CACHE_ATTR, roles)
    return roles


def forget_user_roles(user: Any) -> None:
    """Drop the cached roles (after granting or revoking within the same request)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


class OrgScopedPermissionPolicy(BasePermissionPolicy):
    """Permissions on a model whose rows belong to an organization, answered from memberships.

    ``org_lookup`` is the path from a row to its organization's id: ``"pk"`` when the model *is*
    Organization, ``"org_id"`` for a model with an ``org`` foreign key. ``action_roles`` maps each
    action (``add``, ``change``, ``delete``, ``view`` or any custom one) to the roles that allow it; an
    action missing from the map is for platform admins only. ``forbidden_actions`` are refused to
    everyone, platform admins included (e.g. deleting an organization: it is closed, never deleted).
    """

    def __init__(
        self,
        model: Any,
        *,
        org_lookup: str,
        action_roles: Mapping[str, Iterable[str]],
        forbidden_actions: Iterable[str] = (),
    ) -> None:
        super().__init__(model)
        self.org_lookup = org_lookup
        self.action_roles = {action: frozenset(roles) for action, roles in action_roles.items()}
        self.forbidden_actions = frozenset(forbidden_actions)

    # --- helpers ---------------------------------------------------------------------------------------

    def _roles_for(self, actions: Iterable[str]) -> set[str]:
        roles: set[str] = set()
        for action in actions:
            if action not in self.forbidden_actions:
                roles |= self.action_roles.get(action, frozenset())
        return roles

    def _allowed(self, actions: Iterable[str]) -> list[str]:
        return [action for action in actions if action not in self.forbidden_actions]

    def _org_id_of(self, instance: Model) -> int | None:
        value: Any = instance
        for part in self.org_lookup.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        return int(value)  # type: ignore[call-overload]

    def org_ids_for(self, user: Any, actions: Iterable[str]) -> set[int] | None:
        """Ids of the organizations where ``user`` may do any of ``actions``; None means all of them."""
        actions = self._allowed(actions)
        roles = user_roles(user)
        if not actions:
            return set()
        if roles.platform_admin:
            return None
        return roles.org_ids_with(self._roles_for(actions))

    # --- BasePermissionPolicy --------------------------------------------------------------------------

    def user_has_permission(self, user: Any, action: str) -> bool:
        return self.user_has_any_permission(user, [action])

    def user_has_any_permission(self, user: Any, actions: Iterable[str]) -> bool:
        ids = self.org_ids_for(user, actions)
        return ids is None or bool(ids)

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Model) -> bool:
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(
        self, user: Any, actions: Iterable[str], instance: Model
    ) -> bool:
        ids = self.org_ids_for(user, actions)
        return ids is None or self._org_id_of(instance) in ids

    def instances_user_has_any_permission_for(self, user: Any, actions: Iterable[str]) -> QuerySet[Any]:
        queryset = self.model._default_manager.all()
        ids = self.org_ids_for(user, actions)
        if ids is None:
            return queryset
        return queryset.filter(**{f"{self.org_lookup}__in": ids})

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet[Any]:
        return self._users(actions, org_id=None)

    def users_with_any_permission_for_instance(
        self, actions: Iterable[str], instance: Model
    ) -> QuerySet[Any]:
        return self._users(actions, org_id=self._org_id_of(instance))

    def _users(self, actions: Iterable[str], *, org_id: int | None) -> QuerySet[Any]:
        users = get_user_model().objects.filter(is_active=True)
        actions = self._allowed(actions)
        if not actions:
            return users.none()
        condition = Q(is_superuser=True) | Q(memberships__role=Role.PLATFORM_ADMIN)
        roles = self._roles_for(actions)
        if roles:
            scoped = Q(memberships__role__in=roles)
            if org_id is not None:
                scoped &= Q(memberships__org_id=org_id)
            condition |= scoped
        return users.filter(condition).distinct()


class OwnerPermissionPolicy(BasePermissionPolicy):
    """Permissions on a model whose rows belong to a person (``owner_field``): each person may do the
    ``owner_actions`` on their own rows; platform admins may do them on everyone's."""

    def __init__(self, model: Any, *, owner_field: str = "user", owner_actions: Iterable[str]) -> None:
        super().__init__(model)
        self.owner_field = owner_field
        self.owner_actions = frozenset(owner_actions)

    def _allowed(self, actions: Iterable[str]) -> bool:
        return bool(set(actions) & self.owner_actions)

    @staticmethod
    def _active(user: Any) -> bool:
        return bool(user is not None and getattr(user, "is_authenticated", False) and user.is_active)

    def user_has_permission(self, user: Any, action: str) -> bool:
        return self.user_has_any_permission(user, [action])

    def user_has_any_permission(self, user: Any, actions: Iterable[str]) -> bool:
        return self._active(user) and self._allowed(actions)

    def user_has_permission_for_instance(self, user: Any, action: str, instance: Model) -> bool:
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(
        self, user: Any, actions: Iterable[str], instance: Model
    ) -> bool:
        if not self.user_has_any_permission(user, actions):
            return False
        return user_roles(user).platform_admin or getattr(instance, f"{self.owner_field}_id") == user.pk

    def instances_user_has_any_permission_for(self, user: Any, actions: Iterable[str]) -> QuerySet[Any]:
        queryset = self.model._default_manager.all()
        if not self.user_has_any_permission(user, actions):
            return queryset.none()
        if user_roles(user).platform_admin:
            return queryset
        return queryset.filter(**{self.owner_field: user.pk})

    def users_with_any_permission(self, actions: Iterable[str]) -> QuerySet[Any]:
        users = get_user_model().objects.filter(is_active=True)
        return users if self._allowed(actions) else users.none()

    def users_with_any_permission_for_instance(
        self, actions: Iterable[str], instance: Model
    ) -> QuerySet[Any]:
        users = get_user_model().objects.filter(is_active=True)
        if not self._allowed(actions):
            return users.none()
        owner_id = getattr(instance, f"{self.owner_field}_id")
        return users.filter(
            Q(pk=owner_id) | Q(is_superuser=True) | Q(memberships__role=Role.PLATFORM_ADMIN)
        ).distinct()


class InstancePermissionMixin:
    """For Wagtail generic views that load one object: refuse (403) unless the permission policy allows
    one of ``instance_actions`` on *that* object. Wagtail itself only checks the model-level permission.
    """

    instance_actions: tuple[str, ...] = ()
    permission_policy: Any
    request: Any

    def check_instance_permission(self, instance: Model) -> Model:
        policy = self.permission_policy
        if policy is not None and not policy.user_has_any_permission_for_instance(
            self.request.user, list(self.instance_actions), instance
        ):
            raise PermissionDenied
        return instance
