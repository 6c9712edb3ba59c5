from __future__ import annotations

import pytest
from wagtail.models import ModelLogEntry

from gongkai.accounts.models import User
from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError
from gongkai.core.testing import Region, make_user
from gongkai.orgs.choices import OrgKind, Role
from gongkai.orgs.credit_code import complete_credit_code
from gongkai.orgs.models import Membership, Organization
from gongkai.orgs.services import membership_grant, membership_revoke, org_create_or_update, org_update

pytestmark = pytest.mark.django_db

VALID_CODE = complete_credit_code("11990100", "T0000099")


def _last_entry(obj: object) -> ModelLogEntry:
    return ModelLogEntry.objects.for_instance(obj).order_by("-timestamp", "-pk").first()  # type: ignore[arg-type]


# --- organizations ---------------------------------------------------------------------------------------


def test_it_rejects_a_bad_credit_code_on_its_field_in_chinese(region: Region) -> None:
    bad = VALID_CODE[:-1] + ("0" if VALID_CODE[-1] != "0" else "1")
    with pytest.raises(ServiceValidationError) as caught:
        org_create_or_update(
            actor=region.admin, code="newbody", name="示例市新机构", parent=region.city, credit_code=bad
        )
    assert caught.value.errors["credit_code"] == ["统一社会信用代码第18位（统一社会信用代码校验码）不正确。"]
    assert not Organization.objects.filter(code="newbody").exists()


def test_it_names_the_length_rule_of_the_credit_code(region: Region) -> None:
    with pytest.raises(ServiceValidationError) as caught:
        org_create_or_update(actor=None, code="short", name="短代码机构", credit_code="1199")
    assert "应为18位，实际为4位" in caught.value.errors["credit_code"][0]


def test_it_normalises_the_credit_code_it_stores(region: Region) -> None:
    org, created = org_create_or_update(
        actor=region.admin,
        code="lower",
        name="小写代码机构",
        parent=region.city,
        credit_code=f" {VALID_CODE.lower()} ",
    )
    assert created and org.credit_code == VALID_CODE


def test_it_refuses_a_credit_code_already_used_by_another_organization(region: Region) -> None:
    with pytest.raises(ServiceValidationError) as caught:
        org_create_or_update(
            actor=region.admin, code="dup", name="重复代码", credit_code=region.fgw.credit_code
        )
    assert "credit_code" in caught.value.errors


def test_it_rejects_a_parent_below_the_organization_itself(region: Region) -> None:
    with pytest.raises(ServiceValidationError) as caught:
        org_create_or_update(actor=region.admin, code="city", name=region.city.name, parent=region.fgw)
    assert caught.value.errors["parent"] == ["上级机构不能是本机构或其下级机构。"]
    region.city.refresh_from_db()
    assert region.city.parent_id is None


def test_it_rejects_an_organization_as_its_own_parent(region: Region) -> None:
    with pytest.raises(ServiceValidationError) as caught:
        org_update(actor=region.admin, org=region.fgw, parent=region.fgw)
    assert "parent" in caught.value.errors


def test_it_updates_on_a_second_call_with_the_same_code(region: Region) -> None:
    org, created = org_create_or_update(
        actor=region.admin, code="fgw", name="示例市发展改革委", parent=region.city
    )
    assert not created and org.pk == region.fgw.pk
    assert Organization.objects.get(code="fgw").name == "示例市发展改革委"


def test_it_lets_only_platform_admins_create_organizations(region: Region) -> None:
    with pytest.raises(ServicePermissionDenied):
        org_create_or_update(actor=region.zhaoliu, code="mine", name="赵六的新机构", parent=region.edu)
    assert not Organization.objects.filter(code="mine").exists()


def test_it_gives_a_new_organization_its_page_collection_and_role_groups(region: Region) -> None:
    from django.contrib.auth.models import Group

    from gongkai.portal.models import OrganizationPage

    org, _created = org_create_or_update(
        actor=region.admin,
        code="water",
        name="示例市水务局",
        parent=region.city,
        kind=OrgKind.DEPARTMENT,
        credit_code=VALID_CODE,
    )
    assert OrganizationPage.objects.filter(org=org, slug="water").exists()
    assert org.collection is not None and org.collection.name == "示例市水务局"
    assert Group.objects.filter(name="water:editor").exists()
    assert not Group.objects.filter(name="water:platform_admin").exists()


def test_it_lets_an_org_admin_edit_the_guide_of_their_own_organization(region: Region) -> None:
    org_update(actor=region.zhaoliu, org=region.edu, office_phone="0999-7654321", office_postcode="100001")
    region.edu.refresh_from_db()
    assert region.edu.office_phone == "0999-7654321"


def test_it_refuses_an_org_admin_another_organization(region: Region) -> None:
    with pytest.raises(ServicePermissionDenied) as caught:
        org_update(actor=region.zhaoliu, org=region.fgw, office_phone="0999-1")
    assert "示例市发展和改革委员会" in caught.value.message and "机构管理员" in caught.value.message


@pytest.mark.parametrize("field", ["parent", "kind", "is_active"])
def test_it_refuses_an_org_admin_moving_retyping_or_closing_their_organization(
    region: Region, field: str
) -> None:
    value = {"parent": None, "kind": OrgKind.OTHER, "is_active": False}[field]
    with pytest.raises(ServicePermissionDenied):
        org_update(actor=region.zhaoliu, org=region.edu, **{field: value})
    region.edu.refresh_from_db()
    assert region.edu.parent_id == region.city.pk and region.edu.is_active


def test_it_refuses_editors_and_reviewers_editing_the_organization(region: Region) -> None:
    for persona in (region.lisi, region.wangwu):
        with pytest.raises(ServicePermissionDenied):
            org_update(actor=persona, org=region.fgw, office_phone="0999-2")


def test_it_reports_a_bad_postcode_on_its_field(region: Region) -> None:
    with pytest.raises(ServiceValidationError) as caught:
        org_update(actor=region.admin, org=region.fgw, office_postcode="12345")
    assert caught.value.errors["office_postcode"] == ["邮政编码应为6位数字。"]


def test_it_audits_an_update_with_before_after_and_changed_fields(region: Region) -> None:
    org_update(actor=region.zhaoliu, org=region.edu, office_hours="工作日 9:00-17:00", short_name="教育局")
    entry = _last_entry(region.edu)
    assert entry.action == "gongkai.org.update"
    assert entry.user_id == region.zhaoliu.pk
    assert entry.data["changed"] == ["office_hours", "short_name"]
    assert entry.data["before"]["short_name"] == "" and entry.data["after"]["short_name"] == "教育局"
    assert entry.data["org"] == "edu"
    # Outside a request (a command, a test) there is no request id or IP, and the entry says so.
    assert entry.data["request_id"] is None and entry.data["ip"] is None


def test_it_audits_a_creation_without_before(region: Region) -> None:
    org, _created = org_create_or_update(actor=region.admin, code="audit", name="审计局", parent=region.city)
    entry = _last_entry(org)
    assert entry.action == "gongkai.org.create"
    assert "before" not in entry.data and entry.data["after"]["name"] == "审计局"


# --- memberships ----------------------------------------------------------------------------------------


def test_it_refuses_zhaoliu_granting_roles_in_fgw(region: Region) -> None:
    with pytest.raises(ServicePermissionDenied) as caught:
        membership_grant(actor=region.zhaoliu, user=region.zhangsan, org=region.fgw, role=Role.EDITOR)
    assert "授予角色" in caught.value.message
    assert not Membership.objects.filter(user=region.zhangsan).exists()


def test_it_lets_an_org_admin_grant_roles_in_their_organization(region: Region) -> None:
    membership, created = membership_grant(
        actor=region.zhaoliu, user=region.zhangsan, org=region.edu, role=Role.VIEWER
    )
    assert created and membership.granted_by_id == region.zhaoliu.pk
    entry = _last_entry(membership)
    assert entry.action == "gongkai.membership.grant"
    assert entry.data["after"] == {"user": "zhangsan", "org": "edu", "role": "viewer"}


def test_it_grants_idempotently(region: Region) -> None:
    _membership, created = membership_grant(
        actor=region.admin, user=region.lisi, org=region.fgw, role=Role.EDITOR
    )
    assert not created
    assert Membership.objects.filter(user=region.lisi, org=region.fgw, role=Role.EDITOR).count() == 1


def test_it_lets_only_platform_admins_grant_platform_admin(region: Region) -> None:
    with pytest.raises(ServicePermissionDenied):
        membership_grant(actor=region.zhaoliu, user=region.zhangsan, org=region.edu, role=Role.PLATFORM_ADMIN)
    membership_grant(actor=region.admin, user=region.zhangsan, org=region.city, role=Role.PLATFORM_ADMIN)
    assert User.objects.get(pk=region.zhangsan.pk).is_superuser


def test_it_rejects_an_unknown_role_in_chinese(region: Region) -> None:
    with pytest.raises(ServiceValidationError) as caught:
        membership_grant(actor=region.admin, user=region.zhangsan, org=region.fgw, role="boss")
    assert caught.value.errors == {"role": ["不是有效的角色。"]}
    assert "角色“boss”不存在" in caught.value.message


def test_it_revokes_and_audits_who_lost_which_role(region: Region) -> None:
    membership = Membership.objects.get(user=region.zhaoliu, org=region.edu, role=Role.EDITOR)
    membership_revoke(actor=region.zhaoliu, membership=membership)
    assert not Membership.objects.filter(pk=membership.pk).exists()
    entry = ModelLogEntry.objects.filter(action="gongkai.membership.revoke").latest("pk")
    assert entry.data["before"] == {"user": "zhaoliu", "org": "edu", "role": "editor"}
    assert entry.user_id == region.zhaoliu.pk


def test_it_refuses_zhaoliu_revoking_roles_in_fgw(region: Region) -> None:
    membership = Membership.objects.get(user=region.lisi, org=region.fgw, role=Role.EDITOR)
    with pytest.raises(ServicePermissionDenied):
        membership_revoke(actor=region.zhaoliu, membership=membership)
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_it_takes_the_superuser_flag_away_with_the_last_platform_admin_role(region: Region) -> None:
    second = make_user("second_admin", "第二管理员", [(region.city, Role.PLATFORM_ADMIN)])
    assert User.objects.get(pk=second.pk).is_superuser
    membership_revoke(actor=region.admin, membership=Membership.objects.get(user=second))
    assert not User.objects.get(pk=second.pk).is_superuser
