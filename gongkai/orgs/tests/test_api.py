from __future__ import annotations

import pytest

from gongkai.core.testing import Region


@pytest.mark.django_db
def test_it_lists_organizations_publicly(client, region: Region, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(2):
        response = client.get("/api/v1/orgs")
    assert response.status_code == 200
    rows = {row["code"]: row for row in response.json()}
    assert rows["fgw"] == {
        "code": "fgw",
        "name": "示例市发展和改革委员会",
        "kind": "department",
        "parent": "city",
        "credit_code": region.fgw.credit_code,
    }
    assert rows["city"]["parent"] is None
    assert rows["city"]["kind"] == "government"


@pytest.mark.django_db
def test_it_hides_inactive_organizations(client, region: Region) -> None:
    region.edu.is_active = False
    region.edu.save()
    codes = [row["code"] for row in client.get("/api/v1/orgs").json()]
    assert "edu" not in codes
