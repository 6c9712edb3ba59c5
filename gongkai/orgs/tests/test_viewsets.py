"""The 机构 and 角色授权 screens of the workbench, driven with the test client as each persona."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from wagtail.models import ModelLogEntry

from gongkai.accounts.models import User
from gongkai.core.testing import Region, client_for
from gongkai.orgs.choices import OrgKind, Role
from gongkai.orgs.credit_code import complete_credit_code
from gongkai.orgs.models import Membership, Organization

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_off")]

ORG_INDEX = reverse("orgs:index")
MEMBERSHIP_INDEX = reverse("memberships:index")


def assert_refused(response: Any) -> None:
    """Wagtail answers a PermissionDenied in the workbench with a redirect home and a message."""
    assert response.status_code == 302, response.status_code
    assert response["Location"] == reverse("wagtailadmin_home")
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("权限" in m for m in messages), messages


def edit_url(org: Organization) -> str:
    return reverse("orgs:edit", args=[org.pk])


def org_form_data(org: Organization, **changes: Any) -> dict[str, Any]:
    """What the edit form posts for ``org`` unchanged, with ``changes`` applied."""
    data: dict[str, Any] = {
        "code": org.code,
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "parent": org.parent_id or "",
        "credit_code": org.credit_code,
        "sort_order": org.sort_order,
        "office_name": org.office_name,
        "office_address": org.office_address,
        "office_postcode": org.office_postcode,
        "office_hours": org.office_hours,
        "office_phone": org.office_phone,
        "office_fax": org.office_fax,
        "office_email": org.office_email,
        "website": org.website,
        "application_channels": org.application_channels,
        "responsible_leader": org.responsible_leader,
        "guide_notes": org.guide_notes,
    }
    if org.is_active:
        data["is_active"] = "on"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- 机构: listing ----------------------------------------------------------------------------------------


def test_it_lists_only_the_organizations_lisi_belongs_to(region: Region) -> None:
    response = client_for(region.lisi).get(ORG_INDEX)
    assert response.status_code == 200
    listed = {org.code for org in response.context["object_list"]}
    assert listed == {"fgw"}
    # 李四 may read fgw, not edit it: the row links to the read-only view.
    assert reverse("orgs:inspect", args=[region.fgw.pk]) in response.content.decode()
    assert edit_url(region.fgw) not in response.content.decode()


def test_it_lists_every_organization_as_an_indented_tree_for_the_platform_admin(
    region: Region, django_assert_max_num_queries: Any
) -> None:
    client = client_for(region.admin)
    client.get(ORG_INDEX)  # warm up per-process caches (content types, site)
    with django_assert_max_num_queries(30):
        response = client.get(ORG_INDEX)
    objects = list(response.context["object_list"])
    # Depth first, siblings by sort order then code.
    assert [org.code for org in objects][:3] == ["city", "edu", "fgw"]
    html = response.content.decode()
    assert "└ 示例市发展和改革委员会" in html and region.fgw.credit_code in html and "政府部门" in html


def test_it_keeps_the_query_count_flat_as_organizations_grow(
    region: Region, django_assert_max_num_queries: Any
) -> None:
    from gongkai.core.testing import make_org

    client = client_for(region.admin)
    client.get(ORG_INDEX)
    for serial in range(10, 30):
        make_org(f"extra{serial}", f"示例市附加机构{serial}", parent=region.city, serial=serial)
    with django_assert_max_num_queries(30):
        response = client.get(ORG_INDEX)
    assert len(response.context["object_list"]) == 23


def test_it_searches_and_filters_organizations(region: Region) -> None:
    client = client_for(region.admin)
    response = client.get(ORG_INDEX, {"q": "教育"})
    assert [org.code for org in response.context["object_list"]] == ["edu"]
    assert "└" not in response.content.decode()  # a search result is a flat list
    by_name = client.get(ORG_INDEX, {"ordering": "-name"}).context["object_list"]
    assert [org.name for org in by_name] == sorted((org.name for org in by_name), reverse=True)
    governments = client.get(ORG_INDEX, {"kind": OrgKind.GOVERNMENT}).context["object_list"]
    assert [org.code for org in governments] == ["city"]


def test_it_shows_the_organization_screen_to_nobody_without_a_role(region: Region) -> None:
    User.objects.filter(pk=region.zhangsan.pk).update(is_staff=True)
    response = client_for(region.zhangsan).get(ORG_INDEX)
    # Wagtail sends people without access_admin back to the login page.
    assert response.status_code == 302


# --- 机构: editing -----------------------------------------------------------------------------------------


def test_it_forbids_lisi_the_edit_form_of_fgw(region: Region) -> None:
    client = client_for(region.lisi)
    assert_refused(client.get(edit_url(region.fgw)))
    assert_refused(client.post(edit_url(region.fgw), org_form_data(region.fgw, office_phone="0999-6")))
    region.fgw.refresh_from_db()
    assert region.fgw.office_phone == ""


def test_it_forbids_zhaoliu_the_edit_form_of_fgw(region: Region) -> None:
    assert_refused(client_for(region.zhaoliu).get(edit_url(region.fgw)))


def test_it_shows_lisi_the_read_only_view_and_history_of_fgw_not_of_edu(region: Region) -> None:
    client = client_for(region.lisi)
    assert client.get(reverse("orgs:inspect", args=[region.fgw.pk])).status_code == 200
    assert client.get(reverse("orgs:history", args=[region.fgw.pk])).status_code == 200
    assert_refused(client.get(reverse("orgs:inspect", args=[region.edu.pk])))
    assert_refused(client.get(reverse("orgs:history", args=[region.edu.pk])))


def test_it_lets_zhaoliu_edit_edu_through_the_service_with_request_id_and_ip(region: Region) -> None:
    client = client_for(region.zhaoliu)
    form = client.get(edit_url(region.edu)).context["form"]
    assert (
        form.fields["parent"].disabled and form.fields["kind"].disabled and form.fields["is_active"].disabled
    )
    assert form.fields["code"].disabled
    # A crafted post cannot move or close the organization: disabled fields keep their stored values.
    data = org_form_data(region.edu, office_phone="0999-5550000", parent="", kind=OrgKind.OTHER)
    data.pop("is_active")
    response = client.post(
        edit_url(region.edu), data, REMOTE_ADDR="10.9.8.7", HTTP_X_REQUEST_ID="req-edu-00001"
    )
    assert response.status_code == 302
    region.edu.refresh_from_db()
    assert region.edu.office_phone == "0999-5550000"
    assert (
        region.edu.parent_id == region.city.pk
        and region.edu.kind == OrgKind.DEPARTMENT
        and region.edu.is_active
    )
    entry = ModelLogEntry.objects.for_instance(region.edu).latest("pk")
    assert entry.action == "gongkai.org.update" and entry.user_id == region.zhaoliu.pk
    assert entry.data["changed"] == ["office_phone"]
    assert entry.data["request_id"] == "req-edu-00001" and entry.data["ip"] == "10.9.8.7"
    # Wagtail's own "wagtail.edit" entry is not written: the service's entry is the record.
    assert not ModelLogEntry.objects.for_instance(region.edu).filter(action="wagtail.edit").exists()


def test_it_shows_a_bad_credit_code_on_its_field_and_keeps_the_input(region: Region) -> None:
    data = org_form_data(region.fgw, credit_code="11990100MB000003XX", office_address="人民路1号")
    response = client_for(region.admin).post(edit_url(region.fgw), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "credit_code" in form.errors and "统一社会信用代码" in form.errors["credit_code"][0]
    html = response.content.decode()
    assert "人民路1号" in html and "11990100MB000003XX" in html


def test_it_shows_a_duplicate_credit_code_on_its_field(region: Region) -> None:
    response = client_for(region.admin).post(
        edit_url(region.fgw), org_form_data(region.fgw, credit_code=region.edu.credit_code)
    )
    assert response.status_code == 200
    assert response.context["form"].errors["credit_code"] == [
        f"统一社会信用代码{region.edu.credit_code}已由“示例市教育局”使用，不能重复。"
    ]


def test_it_shows_the_services_cycle_error_on_the_parent_field(region: Region) -> None:
    data = org_form_data(region.city, parent=region.fgw.pk, office_address="市府大院")
    response = client_for(region.admin).post(edit_url(region.city), data)
    assert response.status_code == 200
    assert response.context["form"].errors["parent"] == ["上级机构不能是本机构或其下级机构。"]
    assert "市府大院" in response.content.decode()
    region.city.refresh_from_db()
    assert region.city.parent_id is None and region.city.office_address == ""


def test_it_lets_the_platform_admin_create_an_organization_through_the_service(region: Region) -> None:
    from gongkai.portal.models import OrganizationPage

    code = complete_credit_code("11990100", "T0000077")
    data = {
        "code": "water",
        "name": "示例市水务局",
        "kind": OrgKind.DEPARTMENT,
        "parent": region.city.pk,
        "credit_code": code.lower(),
        "sort_order": 50,
        "is_active": "on",
        "office_phone": "0999-1234",
    }
    response = client_for(region.admin).post(reverse("orgs:add"), data)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    org = Organization.objects.get(code="water")
    assert org.credit_code == code and org.parent_id == region.city.pk
    assert OrganizationPage.objects.filter(org=org).exists()
    assert ModelLogEntry.objects.for_instance(org).get().action == "gongkai.org.create"


def test_it_refuses_an_existing_code_on_the_create_form(region: Region) -> None:
    data = {"code": "fgw", "name": "重名", "kind": OrgKind.DEPARTMENT, "sort_order": 1, "is_active": "on"}
    response = client_for(region.admin).post(reverse("orgs:add"), data)
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert Organization.objects.get(code="fgw").name == "示例市发展和改革委员会"


def test_it_forbids_the_create_form_to_org_admins(region: Region) -> None:
    assert_refused(client_for(region.zhaoliu).get(reverse("orgs:add")))


def test_it_shows_the_audit_entries_in_the_history_view(region: Region) -> None:
    client = client_for(region.zhaoliu)
    client.post(edit_url(region.edu), org_form_data(region.edu, office_hours="工作日 9:00-17:00"))
    response = client.get(reverse("orgs:history", args=[region.edu.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "修改了机构：办公时间" in html and "创建了机构" in html
    # The filter of the history view offers each action once.
    assert html.count('value="gongkai.org.update"') == 1


# --- 角色授权 ----------------------------------------------------------------------------------------


def test_it_lists_only_the_memberships_of_zhaolius_organization(region: Region) -> None:
    response = client_for(region.zhaoliu).get(MEMBERSHIP_INDEX)
    assert response.status_code == 200
    assert {m.org.code for m in response.context["object_list"]} == {"edu"}


def test_it_keeps_people_who_administer_nothing_out_of_the_membership_screen(region: Region) -> None:
    assert_refused(client_for(region.lisi).get(MEMBERSHIP_INDEX))


def test_it_lets_zhaoliu_grant_a_role_to_a_new_user(region: Region) -> None:
    data = {
        "org": region.edu.pk,
        "role": Role.EDITOR,
        "username": "qianqi",
        "full_name": "钱七",
        "password": "a-long-enough-pass-2026",
    }
    response = client_for(region.zhaoliu).post(reverse("memberships:add"), data)
    assert response.status_code == 302
    user = User.objects.get(username="qianqi")
    assert user.full_name == "钱七" and user.check_password("a-long-enough-pass-2026")
    assert Membership.objects.filter(
        user=user, org=region.edu, role=Role.EDITOR, granted_by=region.zhaoliu
    ).exists()
    assert user.groups.filter(name="edu:editor").exists()


def test_it_lets_zhaoliu_grant_a_role_to_an_existing_user(region: Region) -> None:
    data = {"org": region.edu.pk, "role": Role.VIEWER, "username": "lisi"}
    assert client_for(region.zhaoliu).post(reverse("memberships:add"), data).status_code == 302
    assert Membership.objects.filter(user=region.lisi, org=region.edu, role=Role.VIEWER).exists()


def test_it_refuses_to_set_the_password_of_an_existing_user(region: Region) -> None:
    data = {"org": region.edu.pk, "role": Role.VIEWER, "username": "lisi", "password": "hijacked-pass-2026"}
    response = client_for(region.zhaoliu).post(reverse("memberships:add"), data)
    assert response.status_code == 200
    assert "不能在此设置其密码" in response.context["form"].errors["password"][0]
    assert not User.objects.get(pk=region.lisi.pk).check_password("hijacked-pass-2026")
    assert not Membership.objects.filter(user=region.lisi, org=region.edu).exists()


def test_it_refuses_zhaoliu_granting_in_fgw_even_with_a_crafted_post(region: Region) -> None:
    data = {"org": region.fgw.pk, "role": Role.EDITOR, "username": "zhangsan"}
    response = client_for(region.zhaoliu).post(reverse("memberships:add"), data)
    assert response.status_code == 200
    assert "org" in response.context["form"].errors
    assert not Membership.objects.filter(user=region.zhangsan).exists()


def test_it_shows_a_weak_password_on_its_field(region: Region) -> None:
    data = {
        "org": region.edu.pk,
        "role": Role.EDITOR,
        "username": "weak",
        "full_name": "弱密码",
        "password": "12345",
    }
    response = client_for(region.zhaoliu).post(reverse("memberships:add"), data)
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert not User.objects.filter(username="weak").exists()
    # Everything but the password is still in the form.
    assert 'value="弱密码"' in response.content.decode()


def test_it_lets_zhaoliu_revoke_in_edu_and_not_in_fgw(region: Region) -> None:
    client = client_for(region.zhaoliu)
    own = Membership.objects.get(user=region.zhaoliu, org=region.edu, role=Role.VIEWER)
    other = Membership.objects.get(user=region.lisi, org=region.fgw, role=Role.EDITOR)
    assert_refused(client.get(reverse("memberships:delete", args=[other.pk])))
    assert_refused(client.post(reverse("memberships:delete", args=[other.pk])))
    assert Membership.objects.filter(pk=other.pk).exists()
    assert client.post(reverse("memberships:delete", args=[own.pk])).status_code == 302
    assert not Membership.objects.filter(pk=own.pk).exists()
    assert ModelLogEntry.objects.filter(action="gongkai.membership.revoke", user=region.zhaoliu).exists()


def test_it_indents_only_under_organizations_the_person_can_see(region: Region) -> None:
    from gongkai.core.testing import make_org
    from gongkai.orgs.services import membership_grant

    school = make_org("edu-school", "示例市第一中学", parent=region.edu, serial=40)
    membership_grant(actor=region.admin, user=region.zhaoliu, org=school, role=Role.VIEWER)
    html = client_for(region.zhaoliu).get(ORG_INDEX).content.decode()
    assert "└ 示例市教育局" not in html and "示例市教育局" in html
    assert "└ 示例市第一中学" in html


def test_it_preselects_the_only_organization_an_org_admin_administers(region: Region) -> None:
    form = client_for(region.zhaoliu).get(reverse("memberships:add")).context["form"]
    assert form["org"].value() == region.edu.pk
    assert list(form.fields["org"].queryset) == [region.edu]
    assert Role.PLATFORM_ADMIN not in dict(form.fields["role"].choices)


def test_it_does_not_record_a_change_when_the_browser_only_rewrote_line_breaks(region: Region) -> None:
    from gongkai.orgs.services import org_update

    org_update(actor=region.admin, org=region.edu, application_channels="当面提交\n邮寄")
    before = ModelLogEntry.objects.for_instance(region.edu).count()
    data = org_form_data(region.edu, application_channels="当面提交\r\n邮寄", office_phone="0999-3")
    client_for(region.zhaoliu).post(edit_url(region.edu), data)
    entries = ModelLogEntry.objects.for_instance(region.edu)
    assert entries.count() == before + 1
    assert entries.latest("pk").data["changed"] == ["office_phone"]
