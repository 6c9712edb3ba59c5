"""create_org, exactly as contract.md describes it: creates or updates an organization."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from gongkai.core.testing import Region
from gongkai.orgs.credit_code import complete_credit_code
from gongkai.orgs.models import Organization
from gongkai.portal.models import OrganizationPage

pytestmark = pytest.mark.django_db

CODE = complete_credit_code("11990100", "T0000055")


def run(*args: str) -> str:
    out = StringIO()
    call_command("create_org", *args, stdout=out)
    return out.getvalue()


def test_it_creates_an_organization_with_its_page(region: Region) -> None:
    output = run(
        "--code",
        "water",
        "--name",
        "示例市水务局",
        "--parent",
        "city",
        "--credit-code",
        CODE,
        "--kind",
        "department",
    )
    org = Organization.objects.get(code="water")
    assert org.name == "示例市水务局" and org.parent == region.city and org.credit_code == CODE
    assert org.kind == "department"
    assert OrganizationPage.objects.filter(org=org).exists()
    assert output.strip() == "已创建机构 water（示例市水务局）"


def test_it_updates_on_the_second_run(region: Region) -> None:
    run("--code", "water", "--name", "示例市水务局", "--parent", "city")
    output = run("--code", "water", "--name", "示例市水利局", "--parent", "city", "--kind", "other")
    org = Organization.objects.get(code="water")
    assert org.name == "示例市水利局" and org.kind == "other"
    assert Organization.objects.filter(code="water").count() == 1
    assert output.strip() == "已更新机构 water（示例市水利局）"


def test_it_keeps_the_credit_code_when_the_option_is_left_out(region: Region) -> None:
    run("--code", "fgw", "--name", "示例市发展和改革委员会", "--parent", "city")
    assert Organization.objects.get(code="fgw").credit_code == region.fgw.credit_code


def test_it_keeps_the_parent_when_the_option_is_left_out(region: Region) -> None:
    run("--code", "fgw", "--name", "示例市发展改革委")
    assert Organization.objects.get(code="fgw").parent_id == region.city.pk


def test_it_refuses_an_unknown_parent_clearly(region: Region) -> None:
    with pytest.raises(CommandError, match="上级机构“nowhere”不存在，请先创建。"):
        run("--code", "water", "--name", "示例市水务局", "--parent", "nowhere")
    assert not Organization.objects.filter(code="water").exists()


def test_it_refuses_a_bad_credit_code_naming_the_rule(region: Region) -> None:
    with pytest.raises(CommandError) as caught:
        run("--code", "water", "--name", "示例市水务局", "--credit-code", CODE[:-1] + "0")
    assert "credit_code" in str(caught.value) and "校验码" in str(caught.value)
    assert not Organization.objects.filter(code="water").exists()


def test_it_refuses_a_bad_code_naming_the_rule(region: Region) -> None:
    with pytest.raises(CommandError) as caught:
        run("--code", "Water Bureau", "--name", "示例市水务局")
    assert "机构代码只能由小写字母" in str(caught.value)


def test_it_refuses_an_unknown_kind() -> None:
    with pytest.raises(CommandError, match="invalid choice"):
        run("--code", "water", "--name", "示例市水务局", "--kind", "ministry")
