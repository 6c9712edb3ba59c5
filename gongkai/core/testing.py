"""Named test personas (architecture rule 9), shared by every app's tests.

- 张三 (zhangsan): a citizen applicant, no staff role.
- 李四 (lisi): 经办人 (foi_handler) and editor of 市发展改革委.
- 王五 (wangwu): reviewer and foi_head of the same organization.
- 赵六 (zhaoliu): staff (every working role) of another organization, 市教育局, who must not see
  发展改革委's work.
- 管理员 (admin): platform_admin of the region.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.test import Client

from gongkai.accounts.models import User
from gongkai.accounts.services import user_ensure
from gongkai.orgs.choices import OrgKind, Role
from gongkai.orgs.credit_code import complete_credit_code
from gongkai.orgs.models import Organization
from gongkai.orgs.services import membership_grant, org_create_or_update

PERSONA_PASSWORD = "persona-pass-2026"  # noqa: S105 - test personas only


@dataclass
class Region:
    city: Organization
    fgw: Organization  # 市发展改革委
    edu: Organization  # 市教育局
    zhangsan: User
    lisi: User
    wangwu: User
    zhaoliu: User
    admin: User


def make_org(
    code: str,
    name: str,
    *,
    parent: Organization | None = None,
    kind: str = OrgKind.DEPARTMENT,
    serial: int = 1,
    **guide: Any,
) -> Organization:
    credit = complete_credit_code("11990100", f"T{serial:07d}")
    org, _created = org_create_or_update(
        actor=None, code=code, name=name, parent=parent, kind=kind, credit_code=credit, **guide
    )
    return org


def make_user(username: str, full_name: str, grants: list[tuple[Organization, str]] = ()) -> User:  # type: ignore[assignment]
    user, _created = user_ensure(
        actor=None, username=username, password=PERSONA_PASSWORD, full_name=full_name, check_password=False
    )
    for org, role in grants:
        membership_grant(actor=None, user=user, org=org, role=role)
    return user


def make_region() -> Region:
    """The personas and their organizations, built through the services like real data."""
    city = make_org(
        "city",
        "示例市人民政府",
        kind=OrgKind.GOVERNMENT,
        serial=1,
        office_name="示例市人民政府办公室政务公开科",
        office_phone="0999-12345678",
    )
    fgw = make_org("fgw", "示例市发展和改革委员会", parent=city, serial=2, office_name="办公室")
    edu = make_org("edu", "示例市教育局", parent=city, serial=3, office_name="办公室")
    working_roles = [Role.ORG_ADMIN, Role.EDITOR, Role.REVIEWER, Role.FOI_HANDLER, Role.FOI_HEAD, Role.VIEWER]
    return Region(
        city=city,
        fgw=fgw,
        edu=edu,
        zhangsan=make_user("zhangsan", "张三"),
        lisi=make_user("lisi", "李四", [(fgw, Role.FOI_HANDLER), (fgw, Role.EDITOR)]),
        wangwu=make_user("wangwu", "王五", [(fgw, Role.REVIEWER), (fgw, Role.FOI_HEAD)]),
        zhaoliu=make_user("zhaoliu", "赵六", [(edu, role) for role in working_roles]),
        admin=make_user("admin", "管理员", [(city, Role.PLATFORM_ADMIN)]),
    )


def client_for(user: User) -> Client:
    """A test client signed in as ``user`` (staff screens need the ``two_factor_off`` fixture too)."""
    client = Client()
    client.force_login(user)
    return client
