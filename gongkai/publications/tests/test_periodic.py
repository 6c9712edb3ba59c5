"""Scheduled publishing through ``manage.py tick`` (issue 3 §2)."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import ModelLogEntry

from gongkai.core.exceptions import StateConflict
from gongkai.core.testing import Region
from gongkai.orgs.services import org_update
from gongkai.publications.choices import DocumentStatus
from gongkai.publications.services import (
    document_publish,
    document_publish_scheduled,
    document_return,
    document_withdraw,
)
from gongkai.publications.tests.helpers import approved

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def tick() -> str:
    out = StringIO()
    call_command("tick", stdout=out)
    return out.getvalue()


def test_it_publishes_a_scheduled_document_when_its_time_comes(region: Region) -> None:
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=False):
        document = approved(region)
        publish_at = dt.datetime(2026, 3, 3, 8, 0, tzinfo=SHANGHAI)
        document = document_publish(actor=region.wangwu, document=document, publish_at=publish_at)
        assert document.status == DocumentStatus.SCHEDULED
        assert document.go_live_at == publish_at and document.index_no is None and document.live is False
        assert "publications.publish_scheduled: 0" in tick()
        document.refresh_from_db()
        assert document.status == DocumentStatus.SCHEDULED

    with time_machine.travel(dt.datetime(2026, 3, 3, 8, 0, 30, tzinfo=SHANGHAI), tick=False):
        assert "publications.publish_scheduled: 1" in tick()
        document.refresh_from_db()
        assert document.status == DocumentStatus.PUBLISHED
        assert document.live is True
        assert document.published_on == dt.date(2026, 3, 3)
        assert document.index_no == f"{region.fgw.credit_code}/2026-00001"
        assert document.published_by == region.wangwu
        # Idempotent: a second tick finds nothing to do and changes nothing.
        assert "publications.publish_scheduled: 0" in tick()
        document.refresh_from_db()
        assert document.index_no == f"{region.fgw.credit_code}/2026-00001"
    entry = ModelLogEntry.objects.for_instance(document).get(action="gongkai.document.publish")
    assert entry.user is None
    assert entry.data["before"]["status"] == "scheduled" and entry.data["after"]["status"] == "published"


def test_it_publishes_in_the_year_of_the_actual_publication(region: Region) -> None:
    with time_machine.travel(dt.datetime(2026, 12, 31, 20, 0, tzinfo=SHANGHAI), tick=False):
        document = document_publish(
            actor=region.wangwu,
            document=approved(region),
            publish_at=dt.datetime(2027, 1, 1, 0, 0, tzinfo=SHANGHAI),
        )
    with time_machine.travel(dt.datetime(2027, 1, 1, 0, 5, tzinfo=SHANGHAI), tick=False):
        assert document_publish_scheduled() == 1
    document.refresh_from_db()
    assert document.published_on == dt.date(2027, 1, 1)
    assert document.index_no == f"{region.fgw.credit_code}/2027-00001"


def test_it_leaves_a_scheduled_document_it_cannot_publish_scheduled(region: Region) -> None:
    now = timezone.now()
    document = document_publish(
        actor=region.wangwu, document=approved(region), publish_at=now + dt.timedelta(hours=1)
    )
    org_update(actor=region.admin, org=region.fgw, credit_code="")
    assert document_publish_scheduled(now=now + dt.timedelta(hours=2)) == 0
    document.refresh_from_db()
    assert document.status == DocumentStatus.SCHEDULED and document.index_no is None


def test_it_cancels_a_scheduled_publication_only_by_returning_the_document(region: Region) -> None:
    document = document_publish(
        actor=region.wangwu, document=approved(region), publish_at=timezone.now() + dt.timedelta(days=1)
    )
    with pytest.raises(StateConflict):
        document_withdraw(actor=region.wangwu, document=document, reason="不发了")
    with pytest.raises(StateConflict):
        document_publish(actor=region.wangwu, document=document)
    document = document_return(actor=region.wangwu, document=document, reason="暂缓发布")
    assert document.status == DocumentStatus.DRAFT and document.go_live_at is None
    assert document_publish_scheduled(now=timezone.now() + dt.timedelta(days=2)) == 0
