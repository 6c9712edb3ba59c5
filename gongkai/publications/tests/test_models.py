from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError

from gongkai.core.testing import Region
from gongkai.publications.choices import SUBJECTS
from gongkai.publications.index_no import format_index_no
from gongkai.publications.models import Document, Subject
from gongkai.publications.tests.helpers import draft


@pytest.mark.django_db
def test_it_loads_the_subject_code_list() -> None:
    tops = Subject.objects.filter(parent__isnull=True)
    assert tops.count() == 22
    assert Subject.objects.count() == 22 + sum(len(children) for _top, children in SUBJECTS)
    second = Subject.objects.select_related("parent").get(code="2.1")
    assert second.label == "综合政务/政务公开"
    assert Subject.objects.get(code="22").label == "其他"
    assert [s.code for s in tops.order_by("sort")][:3] == ["1", "2", "3"]


def test_it_formats_index_numbers_as_the_catalogue_standard_says() -> None:
    assert (
        format_index_no(credit_code="11320100MB1234567X", published_on=dt.date(2026, 5, 1), serial=12)
        == "11320100MB1234567X/2026-00012"
    )


@pytest.mark.django_db
def test_it_refuses_a_withheld_item_without_ground_in_the_database(region: Region) -> None:
    document = draft(region)
    with pytest.raises(IntegrityError):
        Document.objects.filter(pk=document.pk).update(disclosure="withheld")
