"""行政规范性文件 (statutory.md §9): 登记号, 有效期, amend/repeal, public lists, 清理."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
import time_machine
from django.db import connection, connections, transaction
from django.test import Client, override_settings
from django.utils import timezone
from wagtail.models import ModelLogEntry

from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError, StateConflict
from gongkai.core.testing import Region, make_region
from gongkai.publications.choices import CleanupResult, DocumentKind, Validity
from gongkai.publications.models import Document, RegistrationSerial
from gongkai.publications.normative import (
    add_years,
    cleanup_campaign_create,
    cleanup_campaign_publish,
    cleanup_item_add,
    normative_amend,
    normative_expire_due,
    normative_list_invalid,
    normative_list_valid,
    normative_registration_catalogue,
    normative_relations,
    normative_repeal,
    quarter_bounds,
    registration_no_assign,
)
from gongkai.publications.services import document_publish
from gongkai.publications.tests.helpers import approved, published

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def normative(region: Region, **fields: Any) -> Document:
    """A published 规范性文件 of 市发展改革委."""
    return published(region, kind=DocumentKind.NORMATIVE, **fields)


def on(day: dt.date) -> Any:
    return time_machine.travel(dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=SHANGHAI), tick=False)


# --- 登记号 and 有效期 -------------------------------------------------------------------------------------


def test_it_assigns_sequential_registration_numbers_per_org_and_year(region: Region) -> None:
    with on(dt.date(2026, 3, 2)):
        first = normative(region, title="规范一")
        second = normative(region, title="规范二")
        ordinary = published(region, title="普通通知")
    assert (first.registration_no, second.registration_no) == ("FGW-2026-0001", "FGW-2026-0002")
    assert ordinary.registration_no == ""
    with on(dt.date(2027, 1, 5)):
        next_year = normative(region, title="规范三")
    assert next_year.registration_no == "FGW-2027-0001"


def test_it_counts_each_organization_separately(region: Region) -> None:
    with on(dt.date(2026, 3, 2)):
        normative(region, title="发改规范")
        with transaction.atomic():
            edu_no = registration_no_assign(org=region.edu, year=2026)
    assert edu_no == "EDU-2026-0001"


def test_it_assigns_the_registration_number_once(region: Region) -> None:
    with on(dt.date(2026, 3, 2)):
        document = normative(region, title="规范一", registration_no="SLSG-2026-0099")
    document.refresh_from_db()
    assert document.registration_no == "SLSG-2026-0099"
    assert not RegistrationSerial.objects.filter(org=region.fgw).exists()


@override_settings(
    GONGKAI_NORMATIVE_REGISTRATION_FORMAT="{prefix}规〔{year}〕{serial}号",
    GONGKAI_NORMATIVE_REGISTRATION_PREFIX={"fgw": "示发改"},
)
def test_it_follows_the_registration_format_settings(region: Region) -> None:
    with on(dt.date(2026, 3, 2)):
        document = normative(region)
    assert document.registration_no == "示发改规〔2026〕1号"


def test_it_sets_the_default_validity_period_from_the_effective_date(region: Region) -> None:
    with on(dt.date(2026, 3, 2)):
        with_effective = normative(region, title="规范一", effective_on=dt.date(2026, 4, 1))
        without = normative(region, title="规范二")
        explicit = normative(region, title="规范三", valid_until=dt.date(2028, 1, 1))
    assert with_effective.valid_until == dt.date(2031, 4, 1)
    assert without.valid_until == dt.date(2031, 3, 2)
    assert explicit.valid_until == dt.date(2028, 1, 1)


def test_it_adds_years_to_29_february() -> None:
    assert add_years(dt.date(2024, 2, 29), 5) == dt.date(2029, 2, 28)


@override_settings(GONGKAI_NORMATIVE_VALID_YEARS=2)
def test_it_honours_a_local_validity_cap(region: Region) -> None:
    with on(dt.date(2026, 3, 2)):
        document = normative(region)
    assert document.valid_until == dt.date(2028, 3, 2)


def test_it_expires_normative_documents_once(region: Region) -> None:
    with on(dt.date(2026, 3, 2)):
        due = normative(region, title="到期", valid_until=dt.date(2026, 6, 30))
        later = normative(region, title="未到期", valid_until=dt.date(2026, 7, 1))
    assert normative_expire_due(today=dt.date(2026, 6, 30)) == 0
    assert normative_expire_due(today=dt.date(2026, 7, 1)) == 1
    assert normative_expire_due(today=dt.date(2026, 7, 1)) == 0
    due.refresh_from_db()
    later.refresh_from_db()
    assert (due.validity, later.validity) == (Validity.EXPIRED, Validity.VALID)
    entries = ModelLogEntry.objects.filter(action="gongkai.normative.expire", object_id=str(due.pk))
    assert entries.count() == 1


# --- Amend / repeal ------------------------------------------------------------------------------------


def test_it_links_amendments_both_ways(region: Region) -> None:
    old = normative(region, title="旧办法")
    new = normative(region, title="新办法")
    normative_amend(actor=region.wangwu, new_doc=new, old_doc=old)
    old.refresh_from_db()
    assert old.validity == Validity.AMENDED
    assert [(r.label, r.document.pk) for r in normative_relations(new)] == [("修订了", old.pk)]
    assert [(r.label, r.document.pk) for r in normative_relations(old)] == [("被修订", new.pk)]
    assert ModelLogEntry.objects.filter(action="gongkai.normative.amend", object_id=str(old.pk)).exists()


def test_it_links_repeals_both_ways_with_the_repeal_date(region: Region) -> None:
    old = normative(region, title="旧办法")
    repealing = normative(
        region, title="废止决定", effective_on=dt.date(2026, 1, 1), written_on=dt.date(2026, 1, 1)
    )
    normative_repeal(actor=region.wangwu, repealing_doc=repealing, old_doc=old)
    old.refresh_from_db()
    assert (old.validity, old.repealed_on) == (Validity.REPEALED, dt.date(2026, 1, 1))
    assert [r.label for r in normative_relations(repealing)] == ["废止了"]
    assert [r.label for r in normative_relations(old)] == ["被废止"]


def test_it_refuses_to_repeal_twice_or_by_strangers(region: Region) -> None:
    old = normative(region, title="旧办法")
    new = normative(region, title="新办法")
    with pytest.raises(ServicePermissionDenied):
        normative_repeal(actor=region.zhaoliu, repealing_doc=new, old_doc=old)
    normative_repeal(actor=region.wangwu, repealing_doc=new, old_doc=old)
    other = normative(region, title="另一文件")
    with pytest.raises(StateConflict, match="不能再修订或废止"):
        normative_amend(actor=region.wangwu, new_doc=other, old_doc=old)


def test_it_refuses_links_to_ordinary_documents(region: Region) -> None:
    old = normative(region, title="旧办法")
    notice = published(region, title="普通通知")
    with pytest.raises(ServiceValidationError, match="不是行政规范性文件"):
        normative_amend(actor=region.wangwu, new_doc=notice, old_doc=old)


# --- Public lists ------------------------------------------------------------------------------------------


def test_it_lists_valid_and_invalid_documents(region: Region, client: Client) -> None:
    valid = normative(region, title="现行办法")
    old = normative(region, title="旧办法")
    normative_repeal(actor=region.wangwu, repealing_doc=valid, old_doc=old)
    published(region, title="普通通知")
    assert list(normative_list_valid()) == [valid]
    assert list(normative_list_invalid(org="fgw")) == [old]
    assert list(normative_list_valid(org=region.edu)) == []
    page = client.get("/normative/").content.decode()
    assert "现行办法" in page and "旧办法" not in page and "普通通知" not in page
    page = client.get("/normative/invalid/").content.decode()
    assert "旧办法" in page and "废止" in page and "现行办法" not in page
    assert "现行办法" not in client.get("/normative/?org=edu").content.decode()


def test_it_lists_the_quarterly_registration_catalogue(region: Region, client: Client) -> None:
    with on(dt.date(2026, 3, 31)):
        first = normative(region, title="一季度办法")
    with on(dt.date(2026, 4, 1)):
        normative(region, title="二季度办法")
    assert list(normative_registration_catalogue(year=2026, quarter=1)) == [first]
    assert quarter_bounds(2026, 4) == (dt.date(2026, 10, 1), dt.date(2026, 12, 31))
    page = client.get("/normative/catalogue/2026/q1/").content.decode()
    assert "一季度办法" in page and "FGW-2026-0001" in page and "二季度办法" not in page
    assert client.get("/normative/catalogue/2026/q5/").status_code == 404
    with on(dt.date(2026, 5, 20)):
        listing = client.get("/normative/").content.decode()
    # The lists link the catalogues of the last two years, newest first.
    assert listing.index("/normative/catalogue/2026/q2/") < listing.index("/normative/catalogue/2026/q1/")
    assert "/normative/catalogue/2024/q3/" in listing and "/normative/catalogue/2024/q2/" not in listing


# --- 清理 -------------------------------------------------------------------------------------------------


def test_it_applies_a_published_cleanup(region: Region, client: Client) -> None:
    keep, amend, repeal, expire = (
        normative(region, title=t) for t in ("甲办法", "乙办法", "丙办法", "丁办法")
    )
    campaign = cleanup_campaign_create(
        actor=region.wangwu, title="2026年规范性文件清理", year=2026, org=region.fgw
    )
    for document, result in (
        (keep, CleanupResult.KEEP),
        (amend, CleanupResult.AMEND),
        (repeal, CleanupResult.REPEAL),
        (expire, CleanupResult.EXPIRE),
    ):
        cleanup_item_add(
            actor=region.wangwu, campaign=campaign, document=document, result=result, note="依法清理"
        )
    assert client.get(f"/normative/cleanup/{campaign.pk}/").status_code == 404  # draft is not public
    cleanup_campaign_publish(actor=region.wangwu, campaign=campaign)
    validity = dict(Document.objects.filter(kind=DocumentKind.NORMATIVE).values_list("title", "validity"))
    assert validity == {
        "甲办法": Validity.VALID,
        "乙办法": Validity.AMENDED,
        "丙办法": Validity.REPEALED,
        "丁办法": Validity.EXPIRED,
    }
    page = client.get(f"/normative/cleanup/{campaign.pk}/").content.decode()
    assert "2026年规范性文件清理" in page and "继续有效" in page and "宣布失效" in page
    with pytest.raises(StateConflict):
        cleanup_campaign_publish(actor=region.wangwu, campaign=campaign)


def test_it_rejects_bad_cleanup_input(region: Region) -> None:
    document = normative(region)
    with pytest.raises(ServicePermissionDenied):
        cleanup_campaign_create(actor=region.wangwu, title="全市清理", year=2026)
    campaign = cleanup_campaign_create(actor=region.admin, title="全市清理", year=2026)
    with pytest.raises(ServiceValidationError, match="清理结果"):
        cleanup_item_add(actor=region.admin, campaign=campaign, document=document, result="delete")
    with pytest.raises(ServiceValidationError, match="清理结果为空"):
        cleanup_campaign_publish(actor=region.admin, campaign=campaign)


# --- Concurrency -------------------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row-lock concurrency is only meaningful on PostgreSQL (SQLite has one global write lock)",
)
def test_it_never_gives_two_normative_documents_the_same_registration_number() -> None:
    region = make_region()
    documents = [approved(region, title=f"并发规范{i}", kind=DocumentKind.NORMATIVE) for i in range(6)]
    barrier = threading.Barrier(len(documents))
    results: list[Any] = [None] * len(documents)

    def run(index: int, document: Document) -> None:
        try:
            barrier.wait()
            results[index] = document_publish(actor=region.wangwu, document=document).registration_no
        except Exception as exc:  # asserted below
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, d)) for i, d in enumerate(documents)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    year = timezone.localdate().year
    assert sorted(results) == [f"FGW-{year}-{n:04d}" for n in range(1, 7)], results


def _queries(client: Client, url: str) -> int:
    from django.db import connection as default
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm the portal chrome's caches (site, settings): not this page's own queries
    with CaptureQueriesContext(default) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_it_lists_in_a_constant_number_of_queries(region: Region, client: Client) -> None:
    with on(dt.date(2026, 2, 2)):
        normative(region, title="办法一")
        few_valid, few_catalogue = (
            _queries(client, "/normative/"),
            _queries(client, "/normative/catalogue/2026/q1/"),
        )
        for n in range(4):
            normative(region, title=f"办法{n + 2}")
    assert _queries(client, "/normative/") == few_valid
    assert _queries(client, "/normative/catalogue/2026/q1/") == few_catalogue


def test_it_shows_amendments_on_both_document_pages(region: Region, client: Client) -> None:
    old = normative(region, title="旧办法")
    new = normative(region, title="新办法")
    normative_amend(actor=region.wangwu, new_doc=new, old_doc=old)
    old_page = client.get(old.get_url()).content.decode()
    new_page = client.get(new.get_url()).content.decode()
    assert f'被修订：<a href="{new.get_url()}">新办法</a>' in old_page
    assert f'修订了：<a href="{old.get_url()}">旧办法</a>' in new_page
    assert old.registration_no and old.registration_no in old_page


def test_it_shows_a_new_link_on_both_pages_at_once(region: Region, client: Client) -> None:
    old = normative(region, title="旧办法")
    new = normative(region, title="新办法")
    # Both pages are served (and kept in the page cache) before the repeal …
    assert "废止了" not in client.get(new.get_url()).content.decode()
    assert "被废止" not in client.get(old.get_url()).content.decode()

    normative_repeal(actor=region.wangwu, repealing_doc=new, old_doc=old)

    # … and both show the link right after it: the repeal is a new version of each page.
    assert "废止了" in client.get(new.get_url()).content.decode()
    assert "被废止" in client.get(old.get_url()).content.decode()
