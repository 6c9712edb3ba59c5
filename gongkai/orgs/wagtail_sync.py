"""Applies memberships to Wagtail, so the workbench shows each person exactly what their roles allow.

Memberships are the source of truth. Each (organization, role) pair has one Django group, named
``<org code>:<role>``, holding that role's Wagtail page permissions on the organization's page subtree
and collection permissions on its media collection. A user's groups are recomputed from their
memberships whenever a membership changes; nothing else writes these groups.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

from gongkai.orgs.choices import Role
from gongkai.orgs.models import Membership, Organization

PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.ORG_ADMIN: (
        "add_page",
        "change_page",
        "publish_page",
        "lock_page",
        "unlock_page",
        "bulk_delete_page",
    ),
    Role.REVIEWER: ("add_page", "change_page", "publish_page"),
    Role.EDITOR: ("add_page", "change_page"),
}
_MEDIA = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)
COLLECTION_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.ORG_ADMIN: _MEDIA,
    Role.REVIEWER: _MEDIA,
    Role.EDITOR: _MEDIA,
}
# Every role may enter the workbench; what it sees there is decided per screen.
GLOBAL_PERMISSIONS: tuple[str, ...] = ("wagtailadmin.access_admin",)

# Model permissions that later apps grant to roles (app.codename), registered with register_role_permissions.
_ROLE_MODEL_PERMISSIONS: dict[str, set[str]] = {}


def register_role_permissions(role: str, *permissions: str) -> None:
    """Let an app give a role model permissions (e.g. ``publications.add_document``) in its ready()."""
    _ROLE_MODEL_PERMISSIONS.setdefault(role, set()).update(permissions)


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".", 1)
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def group_name(org: Organization, role: str) -> str:
    return f"{org.code}:{role}"


def ensure_collection(org: Organization) -> Collection:
    """The organization's media collection, created under the root collection if missing."""
    if org.collection_id:
        collection = org.collection
        assert collection is not None
        if collection.name != org.name:
            collection.name = org.name
            collection.save(update_fields=["name"])
        return collection
    root = Collection.get_first_root_node()
    collection = root.add_child(name=org.name)
    Organization.objects.filter(pk=org.pk).update(collection=collection)
    org.collection = collection
    return collection


def org_page(org: Organization) -> Page | None:
    from gongkai.portal.models import OrganizationPage

    return OrganizationPage.objects.filter(org=org).first()


def ensure_role_group(org: Organization, role: str) -> Group:
    """Create or refresh the group of (org, role) with exactly the permissions the role carries."""
    group, _created = Group.objects.get_or_create(name=group_name(org, role))
    dotted = set(GLOBAL_PERMISSIONS) | _ROLE_MODEL_PERMISSIONS.get(role, set())
    group.permissions.set([_permission(name) for name in sorted(dotted)])

    page = org_page(org)
    GroupPagePermission.objects.filter(group=group).delete()
    if page is not None:
        for codename in PAGE_PERMISSIONS.get(role, ()):
            GroupPagePermission.objects.create(
                group=group, page=page, permission=_permission(f"wagtailcore.{codename}")
            )

    collection = ensure_collection(org)
    GroupCollectionPermission.objects.filter(group=group).delete()
    for dotted_name in COLLECTION_PERMISSIONS.get(role, ()):
        GroupCollectionPermission.objects.create(
            group=group, collection=collection, permission=_permission(dotted_name)
        )
    return group


def sync_org(org: Organization) -> None:
    """Bring the organization's collection and role groups in line with it (after create or rename)."""
    ensure_collection(org)
    for role in Role.values:
        if role != Role.PLATFORM_ADMIN:
            ensure_role_group(org, role)


def sync_user(user: Any) -> None:
    """Recompute a user's Wagtail groups and superuser flag from their memberships."""
    memberships = list(Membership.objects.filter(user=user).select_related("org"))
    is_platform_admin = any(m.role == Role.PLATFORM_ADMIN for m in memberships)
    groups = []
    for membership in memberships:
        if membership.role == Role.PLATFORM_ADMIN:
            continue
        groups.append(
            Group.objects.filter(name=group_name(membership.org, membership.role)).first()
            or ensure_role_group(membership.org, membership.role)
        )
    user.groups.set(groups)
    # A platform_admin of the region sees and may do everything: Wagtail's superuser flag says exactly that.
    # Only a revoked platform_admin membership takes the flag away (see membership_revoke), so a superuser
    # made with createsuperuser keeps it.
    if is_platform_admin and not user.is_superuser:
        user.is_superuser = True
        user.save(update_fields=["is_superuser"])
