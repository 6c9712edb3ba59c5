"""create_staff and create_api_token, exactly as contract.md describes them."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.accounts.models import ApiToken, User
from gongkai.accounts.services import api_token_authenticate
from gongkai.core.testing import Region
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Membership

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_creates_the_staff_user_and_grants_the_role(region: Region) -> None:
    output = run(
        "create_staff",
        "sunqi",
        "--org",
        "fgw",
        "--role",
        "reviewer",
        "--password",
        "pw-for-sunqi",
        "--name",
        "孙七",
    )
    user = User.objects.get(username="sunqi")
    assert user.full_name == "孙七" and user.check_password("pw-for-sunqi")
    assert Membership.objects.filter(user=user, org=region.fgw, role=Role.REVIEWER).exists()
    assert user.has_perm("wagtailadmin.access_admin")
    assert "已创建用户 sunqi" in output and "已授予" in output


def test_it_grants_another_role_to_an_existing_user_without_touching_the_password(region: Region) -> None:
    output = run("create_staff", "lisi", "--org", "edu", "--role", "viewer")
    assert "已有用户 lisi" in output
    assert Membership.objects.filter(user=region.lisi, org=region.edu, role=Role.VIEWER).exists()
    from gongkai.core.testing import PERSONA_PASSWORD

    assert User.objects.get(pk=region.lisi.pk).check_password(PERSONA_PASSWORD)


def test_it_says_when_the_role_was_already_held(region: Region) -> None:
    assert "已拥有" in run("create_staff", "lisi", "--org", "fgw", "--role", "editor")
    assert Membership.objects.filter(user=region.lisi, org=region.fgw, role=Role.EDITOR).count() == 1


def test_it_makes_a_platform_admin_a_superuser(region: Region) -> None:
    run("create_staff", "root2", "--org", "city", "--role", "platform_admin")
    assert User.objects.get(username="root2").is_superuser


def test_it_refuses_an_unknown_organization_clearly(region: Region) -> None:
    with pytest.raises(CommandError, match="机构“nowhere”不存在。"):
        run("create_staff", "ghost", "--org", "nowhere", "--role", "editor")
    assert not User.objects.filter(username="ghost").exists()


def test_it_refuses_an_unknown_role(region: Region) -> None:
    with pytest.raises(CommandError, match="invalid choice"):
        run("create_staff", "ghost", "--org", "fgw", "--role", "boss")


def test_it_refuses_an_invalid_username_in_chinese(region: Region) -> None:
    with pytest.raises(CommandError) as caught:
        run("create_staff", "bad name!", "--org", "fgw", "--role", "editor")
    assert re.search(r"[\u4e00-\u9fff]", str(caught.value))
    assert not User.objects.filter(username="bad name!").exists()


def test_it_prints_the_api_token_alone_on_stdout(region: Region) -> None:
    output = run("create_api_token", "lisi")
    assert re.fullmatch(r"gk_[A-Za-z0-9_-]{43}\n", output)
    assert api_token_authenticate(token=output.strip()) == region.lisi
    assert ApiToken.objects.get(user=region.lisi).token_hash != output.strip()


def test_it_names_the_token_when_asked(region: Region) -> None:
    run("create_api_token", "lisi", "--name", "OA公文系统")
    assert ApiToken.objects.get(user=region.lisi).name == "OA公文系统"


def test_it_refuses_a_token_for_an_unknown_user(region: Region) -> None:
    with pytest.raises(CommandError, match="用户“nobody”不存在。"):
        run("create_api_token", "nobody")
