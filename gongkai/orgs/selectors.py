"""Reads of organizations and memberships (visibility lives here, architecture rule 2)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import CharField, F, QuerySet, Value
from django.db.models.functions import Length

from gongkai.core.permissions import org_ids_where
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Membership, Organization


def org_list_public() -> QuerySet[Organization]:
    """Active organizations, in directory order, as anyone may see them."""
    return Organization.objects.filter(is_active=True).select_related("parent").order_by("sort_order", "code")


def org_get_public(*, code: str) -> Organization:
    return Organization.objects.select_related("parent").get(code=code, is_active=True)


@dataclass
class OrgNode:
    org: Organization
    children: list[OrgNode] = field(default_factory=list)


def org_tree_public() -> list[OrgNode]:
    """The region's organizations as a tree (one query), roots first, each level in directory order."""
    orgs = list(org_list_public())
    nodes = {org.pk: OrgNode(org) for org in orgs}
    roots: list[OrgNode] = []
    for org in orgs:
        parent = nodes.get(org.parent_id) if org.parent_id else None
        (parent.children if parent else roots).append(nodes[org.pk])
    return roots


def org_list_for(*, user: Any, roles: list[str] | None = None) -> QuerySet[Organization]:
    """Organizations where the user holds any of ``roles`` (any role by default); all for platform admins."""
    ids = org_ids_where(user, roles or list(Role.values))
    queryset = Organization.objects.select_related("parent").order_by("sort_order", "code")
    return queryset if ids is None else queryset.filter(pk__in=ids)


def membership_list_for(*, user: Any) -> QuerySet[Membership]:
    """Memberships the user may see: those of the organizations where they are org_admin (all for platform
    admins)."""
    ids = org_ids_where(user, [Role.ORG_ADMIN])
    queryset = Membership.objects.select_related("user", "org", "granted_by")
    return queryset if ids is None else queryset.filter(org_id__in=ids)


def org_match_issuer(*, issuer: str, mark: str = "") -> Organization | None:
    """The active organization a 公文 names as its 发文机关 (gongkai.publications.gongwen): the one whose
    name is exactly ``issuer``, else the one with the longest name contained in the 发文机关标志 ``mark``
    (or in ``issuer``), so "示例市人民政府办公室文件" finds 示例市人民政府办公室, not 示例市人民政府."""
    active = Organization.objects.filter(is_active=True).order_by("sort_order", "code")
    issuer = issuer.strip()
    if issuer and (exact := active.filter(name=issuer).first()):
        return exact
    text = mark.strip() or issuer
    if not text:
        return None
    return (
        active.annotate(printed=Value(text, output_field=CharField()), name_length=Length("name"))
        .filter(printed__contains=F("name"), name_length__gte=2)
        .order_by("-name_length", "sort_order", "code")
        .first()
    )
