"""Writes of organizations and memberships (architecture rule 1)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core.audit import audit_log, snapshot
from gongkai.core.exceptions import ServiceValidationError
from gongkai.core.permissions import require_platform_admin, require_role
from gongkai.orgs import wagtail_sync
from gongkai.orgs.choices import OrgKind, Role
from gongkai.orgs.models import GUIDE_FIELDS, Membership, Organization

# Fields staff may edit through org_update (the code is immutable: URLs and index numbers depend on it).
EDITABLE_FIELDS = (
    "name",
    "short_name",
    "kind",
    "parent",
    "credit_code",
    "sort_order",
    "is_active",
    *GUIDE_FIELDS,
)
AUDITED_FIELDS = ("code", *EDITABLE_FIELDS)


class _Unchanged:
    """An argument left out: keep the organization's current value (create_org without --parent)."""


UNCHANGED: Any = _Unchanged()


def credit_code_taken_errors(org: Organization) -> dict[str, list[str]]:
    """An error on credit_code if another organization already has the same 统一社会信用代码."""
    holder = Organization.objects.filter(credit_code=org.credit_code).exclude(pk=org.pk).first()
    if holder is None:
        return {}
    message = _("统一社会信用代码%(code)s已由“%(org)s”使用，不能重复。") % {
        "code": org.credit_code,
        "org": holder.name,
    }
    return {"credit_code": [message]}


def _validate(org: Organization) -> None:
    """Full model validation, with Chinese messages per field, and a parent that keeps the tree a tree."""
    errors: dict[str, list[str]] = {}
    try:
        # The only model constraint (credit codes unique when given) is checked below: Django reports a
        # conditional unique constraint as a nameless non-field error, and the user needs the field.
        org.full_clean(validate_unique=True, validate_constraints=False)
    except ValidationError as exc:
        errors = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    if org.credit_code and "credit_code" not in errors:
        errors.update(credit_code_taken_errors(org))
    if org.parent_id and org.pk:
        node = org.parent
        while node is not None:
            if node.pk == org.pk:
                errors.setdefault("parent", []).append(_("上级机构不能是本机构或其下级机构。"))
                break
            node = node.parent
    if errors:
        first = next(iter(errors.values()))[0]
        raise ServiceValidationError(first, errors)


@transaction.atomic
def org_create_or_update(
    *,
    actor: Any,
    code: str,
    name: str,
    parent: Organization | None = UNCHANGED,
    kind: str | None = None,
    credit_code: str | None = None,
    **guide: Any,
) -> tuple[Organization, bool]:
    """Create the organization ``code`` or update it; returns (org, created).

    ``actor`` None means the operator on the command line (create_org, load_demo). A ``parent`` left out
    keeps an existing organization where it is in the tree (a new one becomes a root); None makes it a root.
    """
    if actor is not None:
        require_platform_admin(actor, action=_("创建或修改机构"))
    unknown = set(guide) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown organization fields: {sorted(unknown)}")
    org = Organization.objects.filter(code=code).first()
    created = org is None
    if org is None:
        org = Organization(code=code, kind=kind or OrgKind.DEPARTMENT)
    before = None if created else snapshot(org, AUDITED_FIELDS)
    org.name = name
    if parent is not UNCHANGED:
        org.parent = parent
    if kind is not None:
        org.kind = kind
    if credit_code is not None:
        org.credit_code = credit_code.strip().upper()
    for field, value in guide.items():
        setattr(org, field, value)
    _validate(org)
    org.save()
    after = snapshot(org, AUDITED_FIELDS)
    if created or before != after:
        audit_log(
            instance=org,
            action="gongkai.org.create" if created else "gongkai.org.update",
            actor=actor,
            org_code=org.code,
            before=before,
            after=after,
        )
    _ensure_portal_presence(org)
    return org, created


@transaction.atomic
def org_update(*, actor: Any, org: Organization, **changes: Any) -> Organization:
    """Edit an organization's fields (its 指南 included); org_admins may edit their own organization."""
    require_role(actor, org, [Role.ORG_ADMIN], action=_("修改机构信息"))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"unknown organization fields: {sorted(unknown)}")
    if isinstance(changes.get("credit_code"), str):
        changes["credit_code"] = changes["credit_code"].strip().upper()  # as org_create_or_update stores it
    if {"parent", "kind", "is_active"} & set(changes):
        # Moving an organization in the tree or closing it is the platform's decision, not its own.
        require_platform_admin(actor, action=_("调整机构隶属关系、类型或启用状态"))
    before = snapshot(org, AUDITED_FIELDS)
    for field, value in changes.items():
        setattr(org, field, value)
    _validate(org)
    org.save()
    after = snapshot(org, AUDITED_FIELDS)
    if before != after:
        audit_log(
            instance=org,
            action="gongkai.org.update",
            actor=actor,
            org_code=org.code,
            before=before,
            after=after,
        )
    _ensure_portal_presence(org)
    return org


def _ensure_portal_presence(org: Organization) -> None:
    """The organization's page, media collection and role groups follow the organization."""
    from gongkai.portal.services import org_page_ensure

    org_page_ensure(org=org)
    wagtail_sync.sync_org(org)


@transaction.atomic
def membership_grant(*, actor: Any, user: Any, org: Organization, role: str) -> tuple[Membership, bool]:
    """Grant ``role`` in ``org`` to ``user``; returns (membership, created). Idempotent."""
    if role not in Role.values:
        raise ServiceValidationError(
            _("角色“%(role)s”不存在，可选：%(roles)s。") % {"role": role, "roles": "、".join(Role.values)},
            {"role": [_("不是有效的角色。")]},
        )
    if actor is not None:
        if role == Role.PLATFORM_ADMIN:
            require_platform_admin(actor, action=_("授予平台管理员角色"))
        else:
            require_role(actor, org, [Role.ORG_ADMIN], action=_("授予角色"))
    membership, created = Membership.objects.get_or_create(
        user=user,
        org=org,
        role=role,
        defaults={"granted_by": actor if getattr(actor, "is_authenticated", False) else None},
    )
    if created:
        audit_log(
            instance=membership,
            action="gongkai.membership.grant",
            actor=actor,
            org_code=org.code,
            after={"user": user.username, "org": org.code, "role": role},
        )
    wagtail_sync.sync_user(user)
    return membership, created


@transaction.atomic
def membership_revoke(*, actor: Any, membership: Membership) -> None:
    """Take a role away; the user's workbench permissions shrink at once."""
    if actor is not None:
        if membership.role == Role.PLATFORM_ADMIN:
            require_platform_admin(actor, action=_("撤销平台管理员角色"))
        else:
            require_role(actor, membership.org, [Role.ORG_ADMIN], action=_("撤销角色"))
    user = membership.user
    audit_log(
        instance=membership,
        action="gongkai.membership.revoke",
        actor=actor,
        org_code=membership.org.code,
        before={"user": user.username, "org": membership.org.code, "role": membership.role},
        deleted=True,
    )
    was_platform_admin = membership.role == Role.PLATFORM_ADMIN
    membership.delete()
    if was_platform_admin and not Membership.objects.filter(user=user, role=Role.PLATFORM_ADMIN).exists():
        user.is_superuser = False
        user.save(update_fields=["is_superuser"])
    wagtail_sync.sync_user(user)
