"""Memberships applied to Wagtail: page permissions on the organization's subtree, collection permissions
on its media collection, and entry to the workbench — and all of it gone once the roles are revoked."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page

from gongkai.accounts.models import User
from gongkai.core.testing import Region
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Membership
from gongkai.orgs.services import membership_grant, membership_revoke, org_update
from gongkai.orgs.wagtail_sync import org_page
from gongkai.portal.models import ContentPage

pytestmark = pytest.mark.django_db


def fresh(user: User) -> User:
    # Django caches permissions on the user object; every check below must see the current database.
    return User.objects.get(pk=user.pk)


def child_page(org_page_: Page, slug: str) -> Page:
    page = ContentPage(title=f"{slug} 栏目", slug=slug, body="<p>正文</p>")
    org_page_.add_child(instance=page)
    return page


def image_collections(user: User) -> set[str]:
    from wagtail.images import permissions

    collections = permissions.permission_policy.collections_user_has_permission_for(fresh(user), "add")
    return {collection.name for collection in collections}


def test_it_lets_lisi_edit_pages_under_fgw_and_not_under_edu(region: Region) -> None:
    fgw_page, edu_page = org_page(region.fgw), org_page(region.edu)
    assert fgw_page is not None and edu_page is not None
    fgw_column, edu_column = child_page(fgw_page, "fgw-news"), child_page(edu_page, "edu-news")
    lisi = fresh(region.lisi)
    assert fgw_page.permissions_for_user(lisi).can_edit()
    assert fgw_column.permissions_for_user(lisi).can_edit()
    assert fgw_page.permissions_for_user(lisi).can_add_subpage()
    assert not edu_page.permissions_for_user(lisi).can_edit()
    assert not edu_column.permissions_for_user(lisi).can_edit()
    # An editor drafts; publishing is for reviewers and org_admins.
    assert not fgw_column.permissions_for_user(lisi).can_publish()


def test_it_lets_the_reviewer_publish_in_their_organization_only(region: Region) -> None:
    fgw_column = child_page(org_page(region.fgw), "fgw-notices")  # type: ignore[arg-type]
    edu_column = child_page(org_page(region.edu), "edu-notices")  # type: ignore[arg-type]
    assert fgw_column.permissions_for_user(fresh(region.wangwu)).can_publish()
    assert not edu_column.permissions_for_user(fresh(region.wangwu)).can_publish()


def test_it_gives_every_role_entry_to_the_workbench(region: Region) -> None:
    for persona in (region.lisi, region.wangwu, region.zhaoliu, region.admin):
        assert fresh(persona).has_perm("wagtailadmin.access_admin"), persona
    assert not fresh(region.zhangsan).has_perm("wagtailadmin.access_admin")


def test_it_gives_lisi_the_media_collection_of_fgw_only(region: Region) -> None:
    assert image_collections(region.lisi) == {"示例市发展和改革委员会"}
    assert image_collections(region.zhaoliu) == {"示例市教育局"}


def test_it_puts_each_person_in_the_groups_of_their_roles(region: Region) -> None:
    names = set(fresh(region.lisi).groups.values_list("name", flat=True))
    assert names == {"fgw:editor", "fgw:foi_handler"}


def test_it_removes_the_permissions_when_the_roles_are_revoked(region: Region) -> None:
    fgw_page = org_page(region.fgw)
    assert fgw_page is not None
    membership_revoke(
        actor=region.admin, membership=Membership.objects.get(user=region.lisi, role=Role.EDITOR)
    )
    lisi = fresh(region.lisi)
    assert not fgw_page.permissions_for_user(lisi).can_edit()
    assert image_collections(region.lisi) == set()
    # Still 经办人 of fgw: still enters the workbench.
    assert lisi.has_perm("wagtailadmin.access_admin")

    membership_revoke(actor=region.admin, membership=Membership.objects.get(user=region.lisi))
    lisi = fresh(region.lisi)
    assert not lisi.has_perm("wagtailadmin.access_admin")
    assert not lisi.groups.exists()


def test_it_grants_page_permissions_as_soon_as_a_role_is_granted(region: Region) -> None:
    edu_page = org_page(region.edu)
    assert edu_page is not None
    assert not edu_page.permissions_for_user(fresh(region.lisi)).can_edit()
    membership_grant(actor=region.zhaoliu, user=region.lisi, org=region.edu, role=Role.EDITOR)
    assert edu_page.permissions_for_user(fresh(region.lisi)).can_edit()


def test_it_keeps_the_collection_named_after_the_organization(region: Region) -> None:
    org_update(actor=region.admin, org=region.edu, name="示例市教育体育局")
    region.edu.refresh_from_db()
    assert region.edu.collection is not None and region.edu.collection.name == "示例市教育体育局"
    assert image_collections(region.zhaoliu) == {"示例市教育体育局"}


def test_it_makes_platform_admins_superusers(region: Region) -> None:
    assert fresh(region.admin).is_superuser
    assert not Group.objects.filter(name__endswith=":platform_admin").exists()
