"""Wagtail permission policies answered from memberships: each persona's view of organizations,
memberships and API tokens."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from gongkai.accounts.models import ApiToken, User
from gongkai.accounts.services import api_token_create
from gongkai.accounts.viewsets import api_token_permission_policy
from gongkai.core.permission_policies import forget_user_roles, user_roles
from gongkai.core.testing import Region
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Membership, Organization
from gongkai.orgs.services import membership_grant
from gongkai.orgs.viewsets import membership_permission_policy, organization_permission_policy

pytestmark = pytest.mark.django_db

orgs = organization_permission_policy
memberships = membership_permission_policy


def codes(queryset: object) -> set[str]:
    return {org.code for org in queryset}  # type: ignore[attr-defined]


def test_it_shows_each_person_the_organizations_of_their_roles(region: Region) -> None:
    assert codes(orgs.instances_user_has_any_permission_for(region.lisi, ["view", "change"])) == {"fgw"}
    assert codes(orgs.instances_user_has_any_permission_for(region.zhaoliu, ["view"])) == {"edu"}
    assert codes(orgs.instances_user_has_any_permission_for(region.zhangsan, ["view"])) == set()
    assert (
        orgs.instances_user_has_any_permission_for(region.admin, ["view"]).count()
        == Organization.objects.count()
    )


def test_it_lets_only_org_admins_change_their_organization(region: Region) -> None:
    assert orgs.user_has_permission_for_instance(region.zhaoliu, "change", region.edu)
    assert not orgs.user_has_permission_for_instance(region.zhaoliu, "change", region.fgw)
    assert not orgs.user_has_permission_for_instance(region.lisi, "change", region.fgw)
    assert orgs.user_has_permission_for_instance(region.lisi, "view", region.fgw)
    assert orgs.user_has_permission_for_instance(region.admin, "change", region.fgw)
    # Model level: "may change some organization".
    assert orgs.user_has_permission(region.zhaoliu, "change")
    assert not orgs.user_has_permission(region.lisi, "change")


def test_it_lets_only_platform_admins_add_organizations(region: Region) -> None:
    assert orgs.user_has_permission(region.admin, "add")
    assert not orgs.user_has_permission(region.zhaoliu, "add")


def test_it_forbids_deleting_organizations_even_to_platform_admins(region: Region) -> None:
    assert not orgs.user_has_permission(region.admin, "delete")
    assert not orgs.user_has_permission_for_instance(region.admin, "delete", region.fgw)
    assert not orgs.users_with_permission("delete").exists()


def test_it_lists_the_users_who_may_change_an_organization(region: Region) -> None:
    may_change_edu = set(
        orgs.users_with_permission_for_instance("change", region.edu).values_list("username", flat=True)
    )
    assert may_change_edu == {"zhaoliu", "admin"}
    may_view_fgw = set(
        orgs.users_with_permission_for_instance("view", region.fgw).values_list("username", flat=True)
    )
    assert may_view_fgw == {"lisi", "wangwu", "admin"}


def test_it_scopes_memberships_to_the_organizations_a_person_administers(region: Region) -> None:
    lisi_editor = Membership.objects.get(user=region.lisi, role=Role.EDITOR)
    zhaoliu_viewer = Membership.objects.get(user=region.zhaoliu, role=Role.VIEWER)
    assert memberships.user_has_permission_for_instance(region.zhaoliu, "delete", zhaoliu_viewer)
    assert not memberships.user_has_permission_for_instance(region.zhaoliu, "delete", lisi_editor)
    assert not memberships.user_has_permission(region.lisi, "view")
    assert not memberships.user_has_permission(region.admin, "change")
    seen = memberships.instances_user_has_any_permission_for(region.zhaoliu, ["view"])
    assert {m.org_id for m in seen} == {region.edu.pk}


def test_it_refuses_anonymous_users_everything(region: Region) -> None:
    anonymous = AnonymousUser()
    assert not orgs.user_has_permission(anonymous, "view")
    assert not orgs.instances_user_has_any_permission_for(anonymous, ["view"]).exists()
    assert not api_token_permission_policy.user_has_permission(anonymous, "view")


def test_it_reads_memberships_once_per_user_object(region: Region, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    lisi = User.objects.get(pk=region.lisi.pk)
    with django_assert_num_queries(1):
        for org in (region.fgw, region.edu, region.city):
            orgs.user_has_permission_for_instance(lisi, "view", org)
            orgs.user_has_permission_for_instance(lisi, "change", org)
    membership_grant(actor=region.admin, user=lisi, org=region.edu, role=Role.VIEWER)
    assert not orgs.user_has_permission_for_instance(lisi, "view", region.edu)  # still the cached answer
    forget_user_roles(lisi)
    assert orgs.user_has_permission_for_instance(lisi, "view", region.edu)
    assert user_roles(lisi).by_org[region.edu.pk] == frozenset({Role.VIEWER})


def test_it_lets_people_see_and_revoke_only_their_own_tokens(region: Region) -> None:
    lisi_token, _secret = api_token_create(actor=region.lisi, user=region.lisi, name="OA")
    wangwu_token, _secret = api_token_create(actor=region.wangwu, user=region.wangwu, name="热线")
    policy = api_token_permission_policy
    assert set(policy.instances_user_has_any_permission_for(region.lisi, ["view"])) == {lisi_token}
    assert policy.user_has_permission_for_instance(region.lisi, "delete", lisi_token)
    assert not policy.user_has_permission_for_instance(region.lisi, "delete", wangwu_token)
    assert (
        policy.instances_user_has_any_permission_for(region.admin, ["view"]).count()
        == ApiToken.objects.count()
    )
    assert not policy.user_has_permission(region.lisi, "change")
