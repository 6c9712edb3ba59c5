from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import ModelLogEntry

from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError, StateConflict
from gongkai.core.testing import Region
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Organization
from gongkai.orgs.services import org_update
from gongkai.publications.choices import DocumentKind, DocumentStatus, InterpretationForm
from gongkai.publications.models import Document, IndexSerial
from gongkai.publications.services import (
    document_approve,
    document_create,
    document_publish,
    document_return,
    document_submit,
    document_update,
    document_withdraw,
    index_no_assign,
)
from gongkai.publications.tests.helpers import approved, draft, grant, published

pytestmark = pytest.mark.django_db


def actions_of(document: Document) -> list[str]:
    return list(
        ModelLogEntry.objects.for_instance(document)
        .order_by("timestamp", "pk")
        .values_list("action", flat=True)
    )


# --- The whole flow ----------------------------------------------------------------------------------


def test_it_takes_a_draft_through_review_to_publication(region: Region) -> None:
    document = draft(region)
    assert document.status == DocumentStatus.DRAFT
    assert document.live is False and document.index_no is None and document.created_by == region.lisi

    document = document_submit(actor=region.lisi, document=document)
    assert document.status == DocumentStatus.SUBMITTED and document.submitted_by == region.lisi

    document = document_approve(actor=region.wangwu, document=document)
    assert document.status == DocumentStatus.APPROVED and document.approved_by == region.wangwu

    document = document_publish(actor=region.wangwu, document=document)
    assert document.status == DocumentStatus.PUBLISHED
    assert document.live is True
    assert document.published_on == timezone.localdate()
    assert document.index_no == f"{region.fgw.credit_code}/{timezone.localdate().year}-00001"
    assert document.published_by == region.wangwu
    assert document.live_revision_id == document.latest_revision_id
    assert document.has_unpublished_changes is False


def test_it_audits_and_keeps_a_revision_of_every_step(region: Region) -> None:
    document = published(region)
    document = document_withdraw(actor=region.wangwu, document=document, reason="政策已调整")
    assert actions_of(document) == [
        "gongkai.document.create",
        "gongkai.document.submit",
        "wagtail.workflow.start",  # 保密审查 runs on Wagtail's workflow engine, which logs its own steps
        "wagtail.workflow.approve",
        "gongkai.document.approve",
        "gongkai.document.publish",
        "gongkai.document.withdraw",
    ]
    entry = ModelLogEntry.objects.for_instance(document).get(action="gongkai.document.approve")
    assert entry.user == region.wangwu
    assert entry.data["before"]["status"] == "submitted"
    assert entry.data["after"]["status"] == "approved"
    assert entry.data["org"] == "fgw"
    assert document.revisions.count() == 5
    statuses = [r.content["status"] for r in document.revisions.order_by("created_at", "pk")]
    assert statuses == ["draft", "submitted", "approved", "published", "withdrawn"]


# --- Permissions and four-eyes -----------------------------------------------------------------------


def test_it_forbids_an_editor_of_another_organization_to_draft(region: Region) -> None:
    with pytest.raises(ServicePermissionDenied, match="示例市发展和改革委员会"):
        draft(region, actor=region.zhaoliu)
    assert not Document.objects.exists()


def test_it_forbids_an_editor_to_approve(region: Region) -> None:
    document = document_submit(actor=region.lisi, document=draft(region))
    with pytest.raises(ServicePermissionDenied):
        document_approve(actor=region.lisi, document=document)


def test_it_forbids_the_submitter_to_approve_even_when_they_are_a_reviewer(region: Region) -> None:
    grant(region, region.wangwu, Role.EDITOR)
    document = document_submit(actor=region.wangwu, document=draft(region, actor=region.wangwu))
    with pytest.raises(ServicePermissionDenied, match="不能审查通过自己送审的文件"):
        document_approve(actor=region.wangwu, document=document)
    document.refresh_from_db()
    assert document.status == DocumentStatus.SUBMITTED


def test_it_applies_four_eyes_to_the_platform_admin_too(region: Region) -> None:
    document = document_submit(actor=region.admin, document=draft(region, actor=region.admin))
    with pytest.raises(ServicePermissionDenied):
        document_approve(actor=region.admin, document=document)
    assert document_approve(actor=region.wangwu, document=document).status == DocumentStatus.APPROVED


def test_it_forbids_a_reviewer_of_another_organization(region: Region) -> None:
    document = document_submit(actor=region.lisi, document=draft(region))
    with pytest.raises(ServicePermissionDenied):
        document_approve(actor=region.zhaoliu, document=document)


# --- State conflicts ---------------------------------------------------------------------------------


def test_it_refuses_to_publish_a_document_not_yet_approved(region: Region) -> None:
    document = document_submit(actor=region.lisi, document=draft(region))
    with pytest.raises(StateConflict, match="当前状态为“待审查”，不能发布"):
        document_publish(actor=region.wangwu, document=document)


def test_it_refuses_to_approve_twice(region: Region) -> None:
    document = approved(region)
    with pytest.raises(StateConflict, match="审查通过"):
        document_approve(actor=region.wangwu, document=document)


def test_it_refuses_to_edit_a_submitted_or_published_document(region: Region) -> None:
    document = document_submit(actor=region.lisi, document=draft(region))
    with pytest.raises(StateConflict):
        document_update(actor=region.lisi, document=document, title="改标题")
    document = published(region, title="另一件")
    with pytest.raises(StateConflict):
        document_update(actor=region.lisi, document=document, title="改标题")


def test_it_returns_a_submitted_document_to_the_editor_with_a_reason(region: Region) -> None:
    document = document_submit(actor=region.lisi, document=draft(region))
    with pytest.raises(ServiceValidationError) as excinfo:
        document_return(actor=region.wangwu, document=document, reason="  ")
    assert "reason" in excinfo.value.errors
    document = document_return(actor=region.wangwu, document=document, reason="请补充发文字号")
    assert document.status == DocumentStatus.DRAFT
    assert document.returned_reason == "请补充发文字号"
    document = document_update(actor=region.lisi, document=document, doc_number="示发改〔2026〕2号")
    document = document_submit(actor=region.lisi, document=document)
    assert document.status == DocumentStatus.SUBMITTED and document.returned_reason == ""


def test_it_refuses_to_publish_what_is_not_proactively_disclosed(region: Region) -> None:
    document = approved(region, disclosure="on_request")
    with pytest.raises(StateConflict, match="依申请公开"):
        document_publish(actor=region.wangwu, document=document)


def test_it_withdraws_with_a_reason_and_keeps_the_index_number(region: Region) -> None:
    document = published(region)
    index_no = document.index_no
    with pytest.raises(ServiceValidationError):
        document_withdraw(actor=region.wangwu, document=document, reason="")
    with pytest.raises(ServicePermissionDenied):
        document_withdraw(actor=region.lisi, document=document, reason="错误")
    document = document_withdraw(actor=region.wangwu, document=document, reason="内容有误")
    assert document.status == DocumentStatus.WITHDRAWN
    assert document.live is False
    assert document.index_no == index_no
    assert document.withdrawn_reason == "内容有误"
    assert document.get_url() == f"/documents/{document.pk}/"
    with pytest.raises(StateConflict):
        document_publish(actor=region.wangwu, document=document)


# --- 索引号 ------------------------------------------------------------------------------------------


def test_it_numbers_each_organization_and_year_on_its_own(region: Region) -> None:
    first = published(region, title="一")
    second = published(region, title="二")
    year = timezone.localdate().year
    assert first.index_no == f"{region.fgw.credit_code}/{year}-00001"
    assert second.index_no == f"{region.fgw.credit_code}/{year}-00002"
    other = index_no_assign(org=region.edu, published_on=timezone.localdate())
    assert other == f"{region.edu.credit_code}/{year}-00001"
    next_year = index_no_assign(org=region.fgw, published_on=dt.date(year + 1, 1, 2))
    assert next_year == f"{region.fgw.credit_code}/{year + 1}-00001"
    assert IndexSerial.objects.get(org=region.fgw, year=year).last == 2


def test_it_formats_the_index_number_from_settings(region: Region, settings) -> None:
    settings.GONGKAI_INDEX_NO_DATE_FORMAT = "YYYYMM"
    settings.GONGKAI_INDEX_NO_SERIAL_WIDTH = 6
    settings.GONGKAI_INDEX_NO_PREFIX = "org_code"
    index_no = index_no_assign(org=region.fgw, published_on=dt.date(2026, 3, 9))
    assert index_no == f"{region.fgw.credit_code[8:17]}/202603-000001"
    assert re.fullmatch(r"[0-9A-Z]{9}/\d{6}-\d{6}", index_no)


def test_it_never_changes_an_index_number_once_assigned(region: Region) -> None:
    document = published(region)
    index_no = document.index_no
    document = document_withdraw(actor=region.wangwu, document=document, reason="误发")
    document.refresh_from_db()
    assert document.index_no == index_no
    assert IndexSerial.objects.get(org=region.fgw).last == 1


def test_it_keeps_index_numbers_unique_in_the_database(region: Region) -> None:
    from django.db import IntegrityError, transaction

    first = published(region, title="一")
    second = draft(region, title="二")
    with pytest.raises(IntegrityError), transaction.atomic():
        Document.objects.filter(pk=second.pk).update(index_no=first.index_no)


def test_it_refuses_to_publish_for_an_organization_without_credit_code(region: Region) -> None:
    document = approved(region)
    org_update(actor=region.admin, org=region.fgw, credit_code="")
    document.refresh_from_db()
    with pytest.raises(ServiceValidationError, match="没有统一社会信用代码") as excinfo:
        document_publish(actor=region.wangwu, document=document)
    assert "org" in excinfo.value.errors
    document.refresh_from_db()
    assert document.status == DocumentStatus.APPROVED and document.index_no is None


def test_it_reads_the_document_and_its_organization_afresh_when_acting(region: Region) -> None:
    document = approved(region)
    assert document.org.credit_code  # this object still holds the organization as it was
    org_update(actor=region.admin, org=Organization.objects.get(pk=region.fgw.pk), credit_code="")

    with pytest.raises(ServiceValidationError, match="没有统一社会信用代码"):
        document_publish(actor=region.wangwu, document=document)


def test_it_acts_on_a_document_loaded_with_only_some_fields(region: Region) -> None:
    document = approved(region)
    partial = Document.objects.only("id", "title").get(pk=document.pk)

    published_one = document_publish(actor=region.wangwu, document=partial)

    assert published_one.status == DocumentStatus.PUBLISHED and published_one.index_no


# --- Validation --------------------------------------------------------------------------------------


def test_it_requires_a_legal_ground_for_withheld_items(region: Region) -> None:
    with pytest.raises(ServiceValidationError) as excinfo:
        draft(region, disclosure="withheld")
    assert "withheld_ground" in excinfo.value.errors
    assert "不予公开依据" in excinfo.value.message
    document = draft(region, disclosure="withheld", withheld_ground="process_info")
    assert document.withheld_ground == "process_info"
    with pytest.raises(ServiceValidationError) as excinfo:
        draft(region, disclosure="proactive", withheld_ground="process_info")
    assert "withheld_ground" in excinfo.value.errors


def test_it_accepts_only_items_one_to_fifteen_of_article_twenty(region: Region) -> None:
    with pytest.raises(ServiceValidationError) as excinfo:
        draft(region, statutory_items=[1, 16, 0])
    assert excinfo.value.errors["statutory_items"] == ["条例第二十条只有第1至15项，16、0不是有效项号。"]
    assert draft(region, statutory_items=[11, 1, 11]).statutory_items == [1, 11]


def test_it_names_every_bad_field_at_once(region: Region) -> None:
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ServiceValidationError) as excinfo:
        draft(region, genre="便条", subject="不存在/分类", written_on=tomorrow, title=" ")
    assert set(excinfo.value.errors) == {"genre", "subject", "written_on", "title"}
    with pytest.raises(ServiceValidationError) as excinfo:
        draft(region, title="长" * 301)
    assert list(excinfo.value.errors) == ["title"]
    assert excinfo.value.message.startswith("“标题”：")


def test_it_requires_a_second_level_subject_where_there_is_one(region: Region) -> None:
    with pytest.raises(ServiceValidationError) as excinfo:
        draft(region, subject="综合政务")
    assert "二级分类" in excinfo.value.errors["subject"][0]
    assert draft(region, subject="其他").subject.label == "其他"
    assert draft(region, subject="2.3").subject.label == "综合政务/应急管理"


def test_it_normalizes_keywords_and_sanitizes_the_body(region: Region) -> None:
    document = draft(
        region, keywords="政务公开，年度 工作、政务公开", body='<p onclick="x()">正文</p><script>1</script>'
    )
    assert document.keywords == ["政务公开", "年度", "工作"]
    assert document.body == "<p>正文</p>"


# --- Interpretations ---------------------------------------------------------------------------------


def test_it_links_an_interpretation_to_its_policy_documents_both_ways(region: Region) -> None:
    policy = published(region)
    normative = draft(region, kind=DocumentKind.NORMATIVE, title="规范性文件")
    reading = draft(
        region,
        kind=DocumentKind.INTERPRETATION,
        title="图解",
        genre="其他",
        interprets=[policy.pk, normative.pk],
        interpretation_form=InterpretationForm.GRAPHIC,
    )
    assert set(reading.interprets.values_list("pk", flat=True)) == {policy.pk, normative.pk}
    assert list(policy.interpretations.values_list("pk", flat=True)) == [reading.pk]
    assert list(normative.interpretations.values_list("pk", flat=True)) == [reading.pk]


def test_it_checks_what_an_interpretation_interprets(region: Region) -> None:
    policy = published(region)
    with pytest.raises(ServiceValidationError) as excinfo:
        draft(region, kind=DocumentKind.INTERPRETATION, genre="其他")
    assert "interprets" in excinfo.value.errors
    with pytest.raises(ServiceValidationError) as excinfo:
        draft(region, kind=DocumentKind.INTERPRETATION, genre="其他", interprets=[999999])
    assert excinfo.value.errors["interprets"] == ["被解读的文件第999999号不存在。"]
    reading = draft(region, kind=DocumentKind.INTERPRETATION, genre="其他", interprets=[policy.pk])
    assert reading.interpretation_form == InterpretationForm.TEXT
    with pytest.raises(ServiceValidationError):  # an interpretation of an interpretation
        draft(region, kind=DocumentKind.INTERPRETATION, genre="其他", interprets=[reading.pk])
    with pytest.raises(ServiceValidationError):  # a plain document interprets nothing
        draft(region, interprets=[policy.pk])


def test_it_hides_drafts_of_other_organizations_from_interpreters(region: Region) -> None:
    hidden = draft(region)
    with pytest.raises(ServiceValidationError) as excinfo:
        document_create(
            actor=region.zhaoliu,
            org=region.edu,
            title="解读",
            genre="其他",
            subject="科技、教育/教育",
            kind=DocumentKind.INTERPRETATION,
            interprets=[hidden.pk],
        )
    assert excinfo.value.errors["interprets"] == [f"被解读的文件第{hidden.pk}号不存在。"]


def test_it_keeps_the_links_in_the_audit_of_workflow_steps(region: Region) -> None:
    document = document_submit(actor=region.lisi, document=draft(region, joint_issuers=[region.edu]))

    entry = ModelLogEntry.objects.for_instance(document).get(action="gongkai.document.submit")
    # The step does not change the links, so its entry carries them over from ``before`` unchanged.
    assert entry.data["after"]["joint_issuers"] == entry.data["before"]["joint_issuers"] == ["edu"]
    assert entry.data["after"]["status"] == "submitted"


def test_it_records_the_links_a_document_is_created_with(region: Region) -> None:
    policy = published(region, title="被解读的政策")
    interpretation = draft(
        region,
        kind=DocumentKind.INTERPRETATION,
        title="政策解读",
        genre="其他",
        doc_number="",
        interprets=[policy.pk],
        joint_issuers=[region.edu],
        columns=["statutory-11", "policies"],
    )
    document_submit(actor=region.lisi, document=interpretation)

    log = ModelLogEntry.objects.for_instance(interpretation)
    created = log.get(action="gongkai.document.create").data["after"]
    submitted = log.get(action="gongkai.document.submit").data
    # Recorded from what was linked (create) and read back in one query (submit): the same values.
    expected = {"joint_issuers": ["edu"], "interprets": [policy.pk], "columns": ["policies", "statutory-11"]}
    assert {field: created[field] for field in expected} == expected
    assert {field: submitted["before"][field] for field in expected} == expected


# --- What one publication costs (issue 3: publishing 10,000 documents, bench/bench_catalogue.py) -----

# Queries of each step of one publication, after a first one has filled the process caches (content
# types), the same on SQLite and PostgreSQL. Each step is one transaction: two of each figure are its
# BEGIN and COMMIT, here (inside the test's transaction) its SAVEPOINT and RELEASE. Before this was
# pinned: 19, 52, 54 and 22. The review workflow sends 33 of submit's and 28 of approve's, nearly all from
# Wagtail's engine, whose WorkflowState and log entries run full_clean() on save (a query per foreign key
# and per constraint).
PUBLICATION_QUERIES = {"create": 12, "submit": 45, "approve": 41, "publish": 16}


def test_it_publishes_a_document_with_a_fixed_number_of_queries_per_step(region: Region) -> None:
    published(region, title="第一件：填满进程缓存")
    sent: dict[str, int] = {}

    def counted(step: str, run: Callable[[], Document]) -> Document:
        with CaptureQueriesContext(connection) as context:
            document = run()
        sent[step] = len(context.captured_queries)
        return document

    document = counted("create", lambda: draft(region, title="第二件"))
    document = counted("submit", lambda: document_submit(actor=region.lisi, document=document))
    document = counted("approve", lambda: document_approve(actor=region.wangwu, document=document))
    document = counted("publish", lambda: document_publish(actor=region.wangwu, document=document))

    assert sent == PUBLICATION_QUERIES
    assert document.status == DocumentStatus.PUBLISHED
