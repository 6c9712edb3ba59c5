"""The one permission layer read from memberships: gongkai.core.permissions as each persona sees it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.accounts.models import User
from gongkai.core.exceptions import ServicePermissionDenied
from gongkai.core.permissions import has_role, is_platform_admin, org_ids_where, require_role
from gongkai.core.testing import Region
from gongkai.orgs.choices import Role
from gongkai.orgs.selectors import membership_list_for, org_list_for

pytestmark = pytest.mark.django_db


def test_it_answers_has_role_per_organization(region: Region) -> None:
    assert has_role(region.lisi, region.fgw, [Role.EDITOR])
    assert not has_role(region.lisi, region.fgw, [Role.REVIEWER])
    assert not has_role(region.lisi, region.edu, [Role.EDITOR])
    assert has_role(region.zhaoliu, region.edu, [Role.ORG_ADMIN])
    assert not has_role(region.zhaoliu, region.fgw, Role.values)


def test_it_lets_the_platform_admin_do_everything_everywhere(region: Region) -> None:
    assert is_platform_admin(region.admin)
    assert has_role(region.admin, region.edu, [Role.FOI_HEAD])
    assert org_ids_where(region.admin, [Role.EDITOR]) is None


def test_it_refuses_anonymous_and_inactive_users(region: Region) -> None:
    assert not has_role(AnonymousUser(), region.fgw, Role.values)
    User.objects.filter(pk=region.lisi.pk).update(is_active=False)
    inactive = User.objects.get(pk=region.lisi.pk)
    assert not has_role(inactive, region.fgw, [Role.EDITOR])
    assert org_ids_where(inactive, Role.values) == set()


def test_it_names_the_organization_action_and_roles_when_refusing(region: Region) -> None:
    with pytest.raises(ServicePermissionDenied) as caught:
        require_role(region.zhaoliu, region.fgw, [Role.REVIEWER, Role.ORG_ADMIN], action="审核文件")
    assert (
        caught.value.message
        == "无权在“示例市发展和改革委员会”审核文件：需要以下角色之一：保密审查员、机构管理员。"
    )


def test_it_lists_the_organizations_of_each_person(region: Region) -> None:
    assert org_ids_where(region.lisi, [Role.EDITOR]) == {region.fgw.pk}
    assert list(org_list_for(user=region.zhaoliu)) == [region.edu]
    assert list(org_list_for(user=region.zhangsan)) == []


def test_it_shows_memberships_only_to_org_admins_of_the_organization(region: Region) -> None:
    assert {m.org.code for m in membership_list_for(user=region.zhaoliu)} == {"edu"}
    assert list(membership_list_for(user=region.lisi)) == []
    assert {m.org.code for m in membership_list_for(user=region.admin)} >= {"fgw", "edu", "city"}
