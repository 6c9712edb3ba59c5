"""The 搜索词典 screen of the workbench."""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.core.testing import Region, client_for
from gongkai.search.models import SearchTerm
from gongkai.search.services import search_term_add

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_off")]

INDEX = reverse("search_terms:index")
ADD = reverse("search_terms:add")


def test_it_lets_the_platform_admin_add_a_term(region: Region) -> None:
    client = client_for(region.admin)

    response = client.post(ADD, {"term": "强富美高"})

    assert response.status_code == 302
    assert SearchTerm.objects.get().added_by == region.admin
    assert "强富美高" in client.get(INDEX).content.decode()


def test_it_keeps_what_was_typed_and_says_why_a_term_is_refused(region: Region) -> None:
    response = client_for(region.admin).post(ADD, {"term": "强富 美高"})

    assert response.status_code == 200
    assert "不含空格和标点" in str(response.context["form"].errors)
    assert 'value="强富 美高"' in response.content.decode()
    assert not SearchTerm.objects.exists()


def test_it_lets_the_platform_admin_remove_a_term(region: Region) -> None:
    term = search_term_add(actor=region.admin, term="强富美高")

    response = client_for(region.admin).post(reverse("search_terms:delete", args=[term.pk]))

    assert response.status_code == 302
    assert not SearchTerm.objects.exists()


def test_it_keeps_everyone_else_out(region: Region) -> None:
    term = search_term_add(actor=region.admin, term="强富美高")
    client = client_for(region.lisi)

    assert client.get(INDEX).status_code in {302, 403}
    assert client.post(ADD, {"term": "放管服"}).status_code in {302, 403}
    assert client.post(reverse("search_terms:delete", args=[term.pk])).status_code in {302, 403}
    assert list(SearchTerm.objects.values_list("term", flat=True)) == ["强富美高"]
