"""The search services: the dictionary, index upkeep, the registry and ``manage.py search_reindex``."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import ModelLogEntry, Page
from wagtail.search.models import IndexEntry

from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError
from gongkai.core.testing import Region
from gongkai.publications.gazette import (
    gazette_issue_add_document,
    gazette_issue_create,
    gazette_issue_publish,
)
from gongkai.publications.models import Document, GazetteIssue
from gongkai.publications.tests.helpers import published
from gongkai.search.choices import Audience
from gongkai.search.models import SearchTerm
from gongkai.search.registry import searchable_type_for, searchable_types
from gongkai.search.services import search_term_add
from gongkai.search.tests.helpers import publish_indexed, titles

pytestmark = pytest.mark.django_db


# --- The dictionary -------------------------------------------------------------------------------------


def test_it_lets_only_a_platform_admin_add_a_term(region: Region) -> None:
    with pytest.raises(ServicePermissionDenied):
        search_term_add(actor=region.lisi, term="强富美高")

    assert not SearchTerm.objects.exists()


@pytest.mark.parametrize("term", ["强", "强富 美高", "强富、美高", "一" * 31])
def test_it_refuses_a_term_that_cannot_be_a_dictionary_word(region: Region, term: str) -> None:
    with pytest.raises(ServiceValidationError) as refused:
        search_term_add(actor=region.admin, term=term)

    assert refused.value.errors["term"]


def test_it_refuses_a_term_twice(region: Region) -> None:
    search_term_add(actor=region.admin, term="强富美高")

    with pytest.raises(ServiceValidationError, match="已有"):
        search_term_add(actor=region.admin, term="强富美高")


def test_it_reindexes_the_published_documents_containing_a_new_term(
    region: Region, django_capture_on_commit_callbacks: Any
) -> None:
    document = publish_indexed(
        region,
        django_capture_on_commit_callbacks,
        title="关于建设新时代示例市的意见",
        body="<p>奋力建设强富美高新示例。</p>",
    )
    # Cut into pieces when it was indexed, the unknown slogan is not one word of the index …
    assert "强富美高" not in _indexed_body(document)

    with django_capture_on_commit_callbacks(execute=True):
        search_term_add(actor=region.admin, term="强富美高")

    # … until the term enters the dictionary: the document is indexed again, and the query keeps it whole.
    assert "强富美高" in _indexed_body(document).split()
    assert titles("强富美高") == ["关于建设新时代示例市的意见"]


def test_it_records_who_added_a_term(region: Region) -> None:
    term = search_term_add(actor=region.admin, term="强富美高")

    assert term.added_by == region.admin
    assert ModelLogEntry.objects.filter(action="gongkai.search.term_add", object_id=str(term.pk)).exists()


# --- The registry ---------------------------------------------------------------------------------------


def test_it_registers_documents_and_gazette_issues_as_public_types(db: None) -> None:
    keys = {searchable.key for searchable in searchable_types(Audience.PUBLIC)}

    assert {"document", "gazette"} <= keys
    documents = searchable_type_for(Document)
    assert documents is not None
    assert documents.type_labels() == {"document": "政府信息", "interpretation": "政策解读"}


def test_it_tells_an_interpretation_from_a_document_and_gives_url_date_and_org(
    region: Region, django_capture_on_commit_callbacks: Any
) -> None:
    policy = publish_indexed(region, django_capture_on_commit_callbacks, title="政务公开工作要点")
    interpretation = publish_indexed(
        region,
        django_capture_on_commit_callbacks,
        title="政务公开工作要点解读",
        kind="interpretation",
        doc_number="",
        interprets=[policy.pk],
    )
    documents = searchable_type_for(Document)
    assert documents is not None

    assert [documents.result_type(d) for d in (policy, interpretation)] == ["document", "interpretation"]
    assert documents.url(policy) == f"/documents/{policy.pk}/"
    assert documents.date(policy) == policy.published_on
    assert documents.org(policy) == region.fgw


def test_it_indexes_a_gazette_issue_once_it_is_published(
    region: Region, django_capture_on_commit_callbacks: Any
) -> None:
    issue = gazette_issue_create(actor=region.admin, org=region.city, year=2026, number=3)
    gazette_issue_add_document(actor=region.admin, issue=issue, document=published(region, title="某通知"))
    issues = GazetteIssue.objects.all()
    assert titles("公报", issues) == []

    with django_capture_on_commit_callbacks(execute=True):
        gazette_issue_publish(actor=region.admin, issue=issue)

    assert titles("公报", issues) == [issue.title]


# --- search_reindex -------------------------------------------------------------------------------------


def test_it_rebuilds_the_index_with_a_progress_display(
    region: Region, django_capture_on_commit_callbacks: Any
) -> None:
    for n in range(3):
        published(region, title=f"政务公开工作通知{n}")  # on_commit never ran: not indexed
    assert titles("政务公开") == []
    # An entry left over from a document that is no longer published goes too.
    IndexEntry.objects.create(
        content_type_id=_document_type_id(), object_id="999999", title="政务公开", body=""
    )

    out = StringIO()
    call_command("search_reindex", "--model", "publications.Document", "--batch-size", "2", stdout=out)

    assert sorted(titles("政务公开")) == [f"政务公开工作通知{n}" for n in range(3)]
    assert not IndexEntry.objects.filter(object_id="999999").exists()
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("publications.Document: 0/3 (0%)")
    assert lines[1].startswith("publications.Document: 2/3 (67%)") and lines[1].endswith("/s")
    assert lines[2].startswith("publications.Document: 3/3 (100%)")
    assert lines[-1] == "search_reindex: 3 objects indexed"


def test_it_rebuilds_every_indexed_model_by_default(region: Region) -> None:
    IndexEntry.objects.all().delete()

    call_command("search_reindex", stdout=StringIO())

    assert "示例市教育局" in titles("教育局", Page.objects.live())


def test_it_names_an_unknown_model(db: None) -> None:
    with pytest.raises(CommandError):
        call_command("search_reindex", "--model", "publications.Nothing", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("search_reindex", "--model", "search.SearchTerm", stdout=StringIO())


def _indexed_body(document: Document) -> str:
    """The words stored for the body (PostgreSQL keeps them as plain text beside the tsvector)."""
    entry = document.index_entries.get()
    return str(getattr(entry, "body_text", entry.body))


def _document_type_id() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(Document).pk


def test_it_enqueues_one_index_update_per_published_document(
    region: Region, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        published(region, title="政务公开工作要点")

    keys = [getattr(callback, "search_index_key", None) for callback in callbacks]
    assert len([key for key in keys if key is not None]) == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="workers are for PostgreSQL")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # workers see only what is committed
def test_it_rebuilds_the_index_in_worker_processes(region: Region) -> None:
    for n in range(5):
        published(region, title=f"政务公开工作通知{n}")  # on_commit never ran: not indexed
    out = StringIO()

    call_command(
        "search_reindex",
        "--model",
        "publications.Document",
        "--batch-size",
        "2",
        "--workers",
        "2",
        stdout=out,
    )

    assert sorted(titles("政务公开")) == [f"政务公开工作通知{n}" for n in range(5)]
    assert out.getvalue().splitlines()[-1] == "search_reindex: 5 objects indexed"
    assert "publications.Document: 5/5 (100%)" in out.getvalue()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's planner statistics")
def test_it_gives_the_planner_the_statistics_of_the_rebuilt_index(region: Region) -> None:
    published(region, title="政务公开工作要点")
    with connection.cursor() as cursor:
        # Forget what an earlier test's rebuild taught the planner (rolled back with this test).
        cursor.execute("DELETE FROM pg_statistic WHERE starelid = 'wagtailsearch_indexentry'::regclass")
    call_command("search_reindex", stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'wagtailsearch_indexentry'")
        (columns_with_statistics,) = cursor.fetchone()
    assert columns_with_statistics > 0


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's single writer")
def test_it_refuses_worker_processes_on_sqlite(db: None) -> None:
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("search_reindex", "--workers", "2", stdout=StringIO())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="workers are for PostgreSQL")
def test_it_refuses_worker_processes_inside_a_transaction(db: None) -> None:
    # The test runs in a transaction, as a caller inside transaction.atomic would.
    with pytest.raises(CommandError, match="事务"):
        call_command("search_reindex", "--workers", "2", stdout=StringIO())
