"""索引号 and scheduled publishing under real concurrency: several connections at the same instant.

SQLite serializes writers itself (one database-wide write lock), so these tests prove something only on
PostgreSQL, where they run against real row locks.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.utils import timezone

from gongkai.core.testing import make_region
from gongkai.publications.models import Document, IndexSerial
from gongkai.publications.services import document_publish, document_publish_scheduled, index_no_assign
from gongkai.publications.tests.helpers import approved

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row-lock concurrency is only meaningful on PostgreSQL (SQLite has one global write lock)",
    ),
]


def run_at_once(work: list[Callable[[], Any]]) -> list[Any]:
    """Run each callable in its own thread (own connection), released together by a barrier."""
    barrier = threading.Barrier(len(work))
    results: list[Any] = [None] * len(work)

    def runner(index: int, func: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[index] = func()
        except Exception as exc:  # reported through the results, asserted by the test
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=runner, args=(i, f)) for i, f in enumerate(work)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_it_never_gives_two_documents_the_same_serial() -> None:
    region = make_region()
    documents = [approved(region, title=f"并发{i}") for i in range(6)]

    def publish(document: Document) -> Callable[[], str | None]:
        return lambda: document_publish(actor=region.wangwu, document=document).index_no

    results = run_at_once([publish(d) for d in documents])
    assert all(isinstance(r, str) for r in results), results
    year = timezone.localdate().year
    assert sorted(results) == [f"{region.fgw.credit_code}/{year}-{n:05d}" for n in range(1, 7)]
    assert IndexSerial.objects.get(org=region.fgw, year=year).last == 6


def test_it_assigns_consecutive_serials_from_many_connections() -> None:
    region = make_region()
    today = timezone.localdate()

    def assign_five() -> list[str]:
        from django.db import transaction

        numbers = []
        for _ in range(5):
            with transaction.atomic():
                numbers.append(index_no_assign(org=region.fgw, published_on=today))
        return numbers

    results = run_at_once([assign_five for _ in range(8)])
    numbers = [n for batch in results for n in batch]
    assert len(numbers) == len(set(numbers)) == 40
    assert IndexSerial.objects.get(org=region.fgw, year=today.year).last == 40


def test_it_publishes_a_scheduled_document_once_when_two_ticks_run_together() -> None:
    region = make_region()
    documents = [
        document_publish(
            actor=region.wangwu,
            document=approved(region, title=f"定时{i}"),
            publish_at=timezone.now() + dt.timedelta(minutes=5),
        )
        for i in range(4)
    ]
    later = timezone.now() + dt.timedelta(minutes=10)
    results = run_at_once([lambda: document_publish_scheduled(now=later) for _ in range(3)])
    assert sum(results) == 4, results
    index_nos = set(
        Document.objects.filter(pk__in=[d.pk for d in documents]).values_list("index_no", flat=True)
    )
    assert len(index_nos) == 4 and None not in index_nos
