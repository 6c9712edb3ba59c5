"""The 依申请公开 screens of the staff workbench (/staff/foi/): the queue, the case page and its actions, the
applicant's full data on request, attachments, 登记申请, 转办 and the dashboard panels — driven through the
real admin with the personas (李四 handler and 王五 head of 市发展改革委, 赵六 of 市教育局)."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from wagtail.models import ModelLogEntry

from gongkai.accounts.models import User
from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError, StateConflict
from gongkai.core.testing import Region, client_for, make_user
from gongkai.foi import services
from gongkai.foi.models import FoiAttachment, FoiCase
from gongkai.foi.workbench.panels import my_cases
from gongkai.orgs.choices import Role

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 3, 16)  # a Monday
QUEUE = "/staff/foi/cases/"
INTAKE = "/staff/foi/intake/"
ID_NUMBER = "11010519491231002X"
PHONE = "13812345678"
MASKED_ID = "110105********002X"
MASKED_PHONE = "138****5678"


@pytest.fixture(autouse=True)
def frozen() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 3, 16, 10, 0, tzinfo=SHANGHAI), tick=False):
        yield


@pytest.fixture(autouse=True)
def _staff_screens(two_factor_off: None) -> None:
    """Staff screens without the second factor: the personas sign in with force_login."""


def make_case(region: Region, *, org: Any = None, **changes: Any) -> FoiCase:
    """An application handed in on 2 March 2026 (received that day, due 30 March) unless changed."""
    org = org or region.fgw
    values: dict[str, Any] = {
        "channel": "in_person",
        "submitted_on": dt.date(2026, 3, 2),
        "applicant": services.ApplicantData(
            kind="person", name="张三", id_type="resident_id", id_number=ID_NUMBER, phone=PHONE
        ),
        "description": "示例市2025年度重大建设项目批准结果信息",
        **changes,
    }
    actor = region.lisi if org == region.fgw else region.zhaoliu
    return services.foi_case_create(actor=actor, org=org, **values).case


def case_url(case: FoiCase, *rest: str) -> str:
    return "/".join([f"/staff/foi/cases/{case.pk}", *rest]) + "/"


def act(client: Client, case: FoiCase, action: str, **fields: Any) -> Any:
    """POST one action's form, its fields prefixed as the case page renders them."""
    data = {f"{action}-{name}": value for name, value in fields.items()}
    return client.post(case_url(case, "action", action), data)


def fresh(case: FoiCase) -> FoiCase:
    return FoiCase.objects.get(pk=case.pk)


def text_of(response: Any) -> str:
    return str(response.content.decode())


def audit_entries(case: FoiCase, action: str) -> list[ModelLogEntry]:
    return list(ModelLogEntry.objects.for_instance(case).filter(action=action).order_by("id"))


def org_admin_of_fgw(region: Region) -> User:
    """孙七: org_admin of 市发展改革委 only — sees its cases, but is neither handler nor head."""
    return make_user("sunqi", "孙七", [(region.fgw, Role.ORG_ADMIN)])


# --- Queue --------------------------------------------------------------------------------------------


def test_it_shows_each_person_only_the_cases_of_their_organizations(region: Region) -> None:
    fgw_case = make_case(region, applicant=services.ApplicantData(kind="person", name="张三", phone=PHONE))
    edu_case = make_case(
        region, org=region.edu, applicant=services.ApplicantData(kind="company", name="某公司", phone=PHONE)
    )

    lisi_queue = text_of(client_for(region.lisi).get(QUEUE))
    zhaoliu = client_for(region.zhaoliu)
    zhaoliu_queue = text_of(zhaoliu.get(QUEUE))

    assert fgw_case.number in lisi_queue and edu_case.number not in lisi_queue
    assert edu_case.number in zhaoliu_queue and fgw_case.number not in zhaoliu_queue
    assert "示例市发展和改革委员会" not in zhaoliu_queue  # not even as a filter choice
    assert zhaoliu.get(case_url(fgw_case)).status_code == 404
    assert zhaoliu.get(case_url(fgw_case, "history")).status_code == 404
    assert act(zhaoliu, fgw_case, "note", text="看看").status_code == 404
    assert client_for(region.zhangsan).get(QUEUE).status_code in (302, 403)


def test_it_never_shows_the_applicants_id_number_or_phone_in_the_queue(region: Region) -> None:
    make_case(region)
    page = text_of(client_for(region.wangwu).get(QUEUE))
    assert "张三" in page
    for secret in (ID_NUMBER, PHONE, MASKED_ID, MASKED_PHONE, "5678"):
        assert secret not in page


def test_it_sorts_open_cases_by_due_date_and_labels_each_colour(region: Region) -> None:
    not_due = make_case(region, info_name="未到期的")  # due 30 March
    overdue = make_case(region, submitted_on=dt.date(2026, 2, 9), info_name="逾期的")  # due 13 March
    due_soon = make_case(region, submitted_on=dt.date(2026, 2, 12), info_name="快到期的")  # due 18 March
    pending = make_case(
        region, channel="post_ordinary", submitted_on=dt.date(2026, 3, 12), info_name="待确认的"
    )
    closed = make_case(region, info_name="已答复的")
    services.foi_case_record_event(
        actor=region.lisi, case=closed, type="reply", on=dt.date(2026, 3, 10), data={"outcome": "disclosed"}
    )
    assert [fresh(c).due_status for c in (overdue, due_soon, not_due)] == ["overdue", "due_soon", "not_due"]

    page = text_of(client_for(region.lisi).get(QUEUE))

    order = [page.index(c.number) for c in (overdue, due_soon, not_due, pending, closed)]
    assert order == sorted(order)

    def row(case: FoiCase) -> str:
        found = re.search(
            rf'<tr class="gk-row--\w+">\s*<th[^>]*><a[^>]*>{case.number}</a>.*?</tr>', page, re.S
        )
        assert found is not None, case.number
        return found.group(0)

    assert row(overdue).startswith('<tr class="gk-row--overdue">')
    assert 'gk-due--overdue">已逾期<' in row(overdue)
    assert 'gk-due--due_soon">即将到期<' in row(due_soon)
    assert 'gk-due--not_due">未到期<' in row(not_due)
    assert 'gk-due--pending_receipt">待确认收到<' in row(pending)


def test_it_filters_the_queue(region: Region) -> None:
    mine = make_case(region, info_name="重大建设项目")
    services.foi_case_assign(actor=region.wangwu, case=mine, handler=region.lisi)
    company = make_case(
        region,
        channel="email",
        received_on=dt.date(2026, 3, 3),
        applicant=services.ApplicantData(kind="company", name="某某律师事务所", email="law@example.com"),
        description="行政处罚决定书",
    )
    last_year = make_case(region, submitted_on=dt.date(2025, 12, 1), info_name="去年的申请")
    pending = make_case(region, channel="fax", submitted_on=dt.date(2026, 3, 13))
    client = client_for(region.wangwu)

    def numbers(**query: Any) -> set[str]:
        page = text_of(client.get(QUEUE, query))
        return {c.number for c in (mine, company, last_year, pending) if c.number in page}

    assert numbers(handler=str(region.lisi.pk)) == {mine.number}
    assert numbers(handler="none") == {company.number, last_year.number, pending.number}
    assert numbers(channel="email") == {company.number}
    assert numbers(applicant_kind="company") == {company.number}
    assert numbers(year="2025") == {last_year.number}
    assert numbers(status="pending_receipt") == {pending.number}
    assert numbers(due="pending_receipt") == {pending.number}
    assert numbers(due="overdue") == {last_year.number}
    assert numbers(q="律师事务所") == {company.number}
    assert numbers(q="处罚") == {company.number}
    assert numbers(q=mine.number) == {mine.number}
    assert numbers(org=str(region.fgw.pk)) == {mine.number, company.number, last_year.number, pending.number}
    bad = text_of(client.get(QUEUE, {"status": "nonsense"}))
    assert "“状态”：请从列表中选择。" in bad


def test_it_lists_the_queue_with_a_number_of_queries_that_does_not_grow(
    region: Region, django_assert_max_num_queries: Any
) -> None:
    for _n in range(3):
        make_case(region)
    client = client_for(region.lisi)
    client.get(QUEUE)
    with django_assert_max_num_queries(40) as few:
        assert client.get(QUEUE).status_code == 200
    for number in range(27):
        case = make_case(region, info_name=f"第{number}件")
        if number % 2:
            services.foi_case_assign(actor=region.wangwu, case=case, handler=region.lisi)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(QUEUE)
    assert text_of(response).count('class="gk-row--') == 30


def test_it_shows_the_case_page_with_a_number_of_queries_that_does_not_grow(
    region: Region, django_assert_max_num_queries: Any
) -> None:
    case = make_case(region)
    services.foi_note_add(actor=region.lisi, case=case, text="第一条")
    client = client_for(region.lisi)
    client.get(case_url(case))
    with django_assert_max_num_queries(60) as few:
        assert client.get(case_url(case)).status_code == 200
    for number in range(8):
        services.foi_note_add(actor=region.wangwu, case=case, text=f"意见{number}")
    for on, party in ((dt.date(2026, 3, 3), "third_party"), (dt.date(2026, 3, 4), "agency")):
        services.foi_case_record_event(
            actor=region.lisi,
            case=case,
            type="consultation_started",
            on=on,
            data={"party": party, "addressee": "某单位"},
        )
    services.foi_case_record_event(
        actor=region.lisi, case=case, type="consultation_ended", on=dt.date(2026, 3, 9)
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(case_url(case))
    assert "意见7" in text_of(response) and text_of(response).count("某单位") >= 2


def test_it_pages_the_queue_by_fifty(region: Region) -> None:
    for _n in range(51):
        make_case(region)
    client = client_for(region.lisi)
    assert text_of(client.get(QUEUE)).count('class="gk-row--') == 50
    assert text_of(client.get(QUEUE, {"p": "2"})).count('class="gk-row--') == 1


# --- The case page and the applicant's personal data ----------------------------------------------------


def test_it_shows_the_case_with_its_dates_explanation_and_masked_applicant(region: Region) -> None:
    case = make_case(region, info_name="重大建设项目批准结果", info_doc_number="示发改〔2025〕1号")
    page = text_of(client_for(region.lisi).get(case_url(case)))
    assert case.number in page
    assert "2026-03-30" in page  # due date
    assert "第三十三条" in page  # the engine's explanation
    # The correction notice window (条例第三十条) passed on 11 March without a correction: not shown as a
    # clock "已届满", which would read as a missed deadline.
    assert '<th scope="row">补正告知期限</th>' not in page and "已届满" not in page
    assert "补正告知期限：2026年3月11日" in page  # the explanation still says when the window closed
    assert MASKED_ID in page and MASKED_PHONE in page
    assert ID_NUMBER not in page and PHONE not in page
    assert "示发改〔2025〕1号" in page and "显示完整信息" in page
    assert case_url(case, "history") in page


def test_it_shows_the_correction_notice_window_while_it_is_open_or_once_used(region: Region) -> None:
    client = client_for(region.lisi)
    recent = make_case(region, submitted_on=dt.date(2026, 3, 12))
    page = text_of(client.get(case_url(recent)))
    assert '<th scope="row">补正告知期限</th><td>2026-03-12</td><td>2026-03-23</td>' in page  # 7 working days

    asked = make_case(region)
    act(client, asked, "correction_requested", on="2026-03-05", items="请写明文件名称", period_workdays="10")
    page = text_of(client.get(case_url(asked)))
    assert '<th scope="row">补正告知期限</th>' in page and "按期完成" in page


def test_it_reveals_the_full_applicant_data_to_handlers_and_audits_every_reveal(region: Region) -> None:
    case = make_case(region)
    for user in (region.lisi, region.wangwu, region.lisi):
        response = client_for(user).post(case_url(case, "reveal"))
        assert response.status_code == 200
        assert ID_NUMBER in text_of(response) and PHONE in text_of(response)
    entries = audit_entries(case, "gongkai.personal_data.view")
    assert [entry.user for entry in entries] == [region.lisi, region.wangwu, region.lisi]
    assert entries[0].data["fields"] == ["applicant_id_number", "applicant_phone"]
    assert entries[0].data["org"] == "fgw"
    # A plain page view afterwards is masked again.
    assert ID_NUMBER not in text_of(client_for(region.lisi).get(case_url(case)))


def test_it_refuses_the_reveal_to_staff_who_are_not_handlers_or_heads(region: Region) -> None:
    case = make_case(region)
    zhaoliu = client_for(region.zhaoliu)
    assert zhaoliu.post(case_url(case, "reveal")).status_code == 404  # 赵六 of 市教育局 does not see the case
    sunqi = client_for(org_admin_of_fgw(region))
    page = text_of(sunqi.get(case_url(case)))
    assert MASKED_ID in page and "显示完整信息" not in page
    refused = sunqi.post(case_url(case, "reveal"))
    assert refused.status_code == 403
    assert ID_NUMBER not in text_of(refused) and "经办人" in text_of(refused)
    assert audit_entries(case, "gongkai.personal_data.view") == []


def test_it_serves_attachments_to_handlers_only_and_audits_each_download(region: Region) -> None:
    case = make_case(region)
    scan = SimpleUploadedFile("申请书.pdf", b"%PDF-1.4 scan", content_type="application/pdf")
    attachment = services.foi_attachment_add(actor=region.lisi, case=case, kind="application", file=scan)
    url = case_url(case, "attachments", str(attachment.pk))

    response = client_for(region.wangwu).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 scan"  # type: ignore[attr-defined]
    assert "attachment" in response["Content-Disposition"]
    entries = audit_entries(case, "gongkai.personal_data.view")
    assert [(e.user, e.data["fields"]) for e in entries] == [(region.wangwu, [f"attachment:{attachment.pk}"])]

    assert client_for(org_admin_of_fgw(region)).get(url).status_code == 403
    assert client_for(region.zhaoliu).get(url).status_code == 404
    assert len(audit_entries(case, "gongkai.personal_data.view")) == 1
    assert "申请书.pdf" in text_of(client_for(region.lisi).get(case_url(case)))


def test_it_lists_the_letters_of_the_case(region: Region) -> None:
    case = make_case(region)
    letter = services.foi_letter_draft(
        actor=region.lisi, case=case, kind="correction", fields={"correction_items": "请写明文件名称"}
    )
    page = text_of(client_for(region.lisi).get(case_url(case)))
    assert letter.title in page and "补正" in page and "草稿" in page


def test_it_shows_the_audit_history_of_the_case(region: Region) -> None:
    case = make_case(region)
    services.foi_case_assign(actor=region.wangwu, case=case, handler=region.lisi)
    page = text_of(client_for(region.lisi).get(case_url(case, "history")))
    assert "登记了政府信息公开申请" in page and "分配了经办人" in page and "王五" in page


# --- Actions: each happy path and a refusal shown with the service's reason --------------------------


def test_it_confirms_the_receipt_of_a_letter_and_shows_the_conflict_of_a_second_one(region: Region) -> None:
    case = make_case(region, channel="post_ordinary", submitted_on=dt.date(2026, 3, 9))
    client = client_for(region.lisi)
    assert "确认收到申请" in text_of(client.get(case_url(case)))

    response = act(client, case, "confirm", on="2026-03-10")

    assert response.status_code == 302
    case = fresh(case)
    assert case.received_on == dt.date(2026, 3, 10) and case.status == "in_progress" and case.due_on
    page = text_of(client.get(case_url(case)))
    assert 'id="action-confirm"' not in page  # no longer offered
    refused = act(client, case, "confirm", on="2026-03-11")
    assert refused.status_code == 409
    assert "已于2026年3月10日确认收到申请" in text_of(refused)
    assert 'value="2026-03-11"' in text_of(refused)  # what was typed stays


def test_it_assigns_a_handler_of_the_organization_only(region: Region) -> None:
    case = make_case(region)
    client = client_for(region.wangwu)
    assert act(client, case, "assign", handler=str(region.lisi.pk)).status_code == 302
    assert fresh(case).handler == region.lisi
    refused = act(client, case, "assign", handler=str(region.zhaoliu.pk))
    assert refused.status_code == 400
    assert "“经办人”：请从列表中选择。" in text_of(refused)
    assert fresh(case).handler == region.lisi


def test_it_requests_a_correction_and_receives_it(region: Region) -> None:
    case = make_case(region)
    client = client_for(region.lisi)
    response = act(
        client, case, "correction_requested", on="2026-03-05", items="请写明文件名称", period_workdays="10"
    )
    assert response.status_code == 302
    case = fresh(case)
    assert case.status == "awaiting_correction" and case.due_on is None
    assert case.events.last().data == {"period_workdays": 10, "items": "请写明文件名称"}  # type: ignore[union-attr]
    page = text_of(client.get(case_url(case)))
    assert "申请人补正期限" in page and "请写明文件名称" in page
    assert 'id="action-correction_requested"' not in page

    refused = act(
        client, case, "correction_requested", on="2026-03-06", items="再补一次", period_workdays="5"
    )
    assert refused.status_code == 409 and "再补一次" in text_of(refused)

    assert act(client, case, "correction_received", on="2026-03-12").status_code == 302
    case = fresh(case)
    assert case.status == "in_progress"
    assert case.due_on == dt.date(2026, 4, 10)  # 20 working days from 12 March (清明 4–6 April)


def test_it_refuses_a_correction_received_when_none_was_asked(region: Region) -> None:
    case = make_case(region)
    refused = act(client_for(region.lisi), case, "correction_received", on="2026-03-12")
    assert refused.status_code == 409
    assert "没有待补正的申请" in text_of(refused)


def test_it_runs_a_consultation_with_its_own_clock(region: Region) -> None:
    case = make_case(region)
    client = client_for(region.lisi)
    started = act(
        client, case, "consultation_started", on="2026-03-09", party="third_party", addressee="某建设公司"
    )
    assert started.status_code == 302
    consultation = case.consultations.get()
    assert consultation.addressee == "某建设公司"
    page = text_of(client.get(case_url(case)))
    assert "某建设公司" in page and "2026-03-30" in page  # its own 15-working-day due date
    ended = act(
        client,
        case,
        "consultation_ended",
        on="2026-03-13",
        consultation=str(consultation.pk),
        answer="object",
        answer_summary="涉及商业秘密",
    )
    assert ended.status_code == 302
    consultation.refresh_from_db()
    assert consultation.answer == "object" and consultation.ended_on == dt.date(2026, 3, 13)
    case = fresh(case)
    assert case.excluded_workdays == 4 and case.due_on == dt.date(2026, 4, 3)


def test_it_refuses_a_consultation_on_a_closed_case(region: Region) -> None:
    case = make_case(region)
    services.foi_case_record_event(
        actor=region.lisi, case=case, type="reply", on=dt.date(2026, 3, 10), data={"outcome": "disclosed"}
    )
    refused = act(
        client_for(region.lisi),
        case,
        "consultation_started",
        on="2026-03-12",
        party="agency",
        addressee="市教育局",
    )
    assert refused.status_code == 409
    assert "办结" in text_of(refused) and "市教育局" in text_of(refused)


def test_it_lets_only_the_head_record_an_extension(region: Region) -> None:
    case = make_case(region)
    lisi = client_for(region.lisi)
    assert 'id="action-extension"' not in text_of(lisi.get(case_url(case)))
    refused = act(lisi, case, "extension", on="2026-03-16", workdays="10", reason="需要调取档案")
    assert refused.status_code == 403
    assert "负责人" in text_of(refused)
    assert fresh(case).extension_workdays == 0

    wangwu = client_for(region.wangwu)
    assert 'id="action-extension"' in text_of(wangwu.get(case_url(case)))
    assert (
        act(wangwu, case, "extension", on="2026-03-16", workdays="10", reason="需要调取档案").status_code
        == 302
    )
    case = fresh(case)
    assert case.extension_workdays == 10 and case.due_on == dt.date(2026, 4, 14)
    assert case.events.last().data == {"workdays": 10, "reason": "需要调取档案"}  # type: ignore[union-attr]

    second = act(wangwu, case, "extension", on="2026-03-16", workdays="5", reason="还要再延")
    assert second.status_code == 409 and "还要再延" in text_of(second)
    too_long = act(
        client_for(region.wangwu), make_case(region), "extension", on="2026-03-16", workdays="21", reason="x"
    )
    assert too_long.status_code == 400 and "“延长工作日数”应为1至20之间的整数。" in text_of(too_long)


def test_it_refuses_an_extension_to_a_handler_in_the_service_too(region: Region) -> None:
    case = make_case(region)
    with pytest.raises(ServicePermissionDenied):
        services.foi_case_extend(actor=region.lisi, case=case, on=TODAY, workdays=5, reason="档案")
    with pytest.raises(ServiceValidationError) as missing:
        services.foi_case_extend(actor=region.wangwu, case=case, on=TODAY, workdays=5, reason=" ")
    assert "reason" in missing.value.errors
    assert (
        services.foi_case_extend(
            actor=region.wangwu, case=case, on=TODAY, workdays=5, reason="档案"
        ).extension_workdays
        == 5
    )


def test_it_issues_a_fee_notice_and_records_the_payment(region: Region) -> None:
    case = make_case(region)
    client = client_for(region.lisi)
    assert act(client, case, "fee_notice", on="2026-03-05", method="per_page", pages="50").status_code == 302
    case = fresh(case)
    assert case.fee.pages == 50 and case.fee.amount > 0
    page = text_of(client.get(case_url(case)))
    assert "信息处理费" in page and "缴费期限" in page
    refused = act(client, case, "fee_lapsed", on="2026-03-16")
    assert refused.status_code == 409 and "缴费期限至" in text_of(refused)
    assert act(client, case, "fee_paid", on="2026-03-10").status_code == 302
    case = fresh(case)
    assert case.fee.paid_on == dt.date(2026, 3, 10)
    assert case.excluded_workdays == 3  # 6, 9, 10 March
    assert 'id="action-fee_paid"' not in text_of(client.get(case_url(case)))


def test_it_names_the_missing_pages_of_a_per_page_fee(region: Region) -> None:
    refused = act(
        client_for(region.lisi), make_case(region), "fee_notice", on="2026-03-05", method="per_page"
    )
    assert refused.status_code == 400
    assert "页数：按量计收时必填" in text_of(refused)


def test_it_sets_a_custom_due_date_and_refuses_one_before_the_statutory_date(region: Region) -> None:
    case = make_case(region)
    client = client_for(region.lisi)
    refused = act(
        client, case, "custom_due", on="2026-03-16", due_on="2026-03-20", reason="申请数量明显超过合理范围"
    )
    assert refused.status_code == 409
    assert "申请数量明显超过合理范围" in text_of(refused)  # what was typed stays
    assert (
        act(
            client,
            case,
            "custom_due",
            on="2026-03-16",
            due_on="2026-05-29",
            reason="申请数量明显超过合理范围",
        ).status_code
        == 302
    )
    assert fresh(case).due_on == dt.date(2026, 5, 29)


def test_it_replies_with_an_outcome_grouped_by_the_report_and_refuses_an_impossible_one(
    region: Region,
) -> None:
    case = make_case(region)
    client = client_for(region.lisi)
    page = text_of(client.get(case_url(case)))
    assert '<optgroup label="（三）不予公开">' in page and "不予公开：属于国家秘密" in page
    assert 'value="other.correction_lapsed"' not in page  # a lapse is its own event
    refused = act(client, case, "reply", on="2026-03-16", outcome="unavailable.unclear_after_correction")
    assert refused.status_code == 409 and "补正" in text_of(refused)
    assert act(client, case, "reply", on="2026-03-16", outcome="partially_disclosed").status_code == 302
    case = fresh(case)
    assert case.status == "closed" and case.outcome == "partially_disclosed"
    assert 'id="action-reply"' not in text_of(client.get(case_url(case)))


def test_it_records_a_withdrawal_and_refuses_what_follows(region: Region) -> None:
    case = make_case(region)
    client = client_for(region.lisi)
    assert act(client, case, "withdrawn", on="2026-03-12").status_code == 302
    case = fresh(case)
    assert case.status == "closed" and case.outcome == "other.other"
    refused = act(client, case, "withdrawn", on="2026-03-13")
    assert refused.status_code == 409 and "办结" in text_of(refused)


def test_it_archives_a_closed_case_only(region: Region) -> None:
    case = make_case(region)
    client = client_for(region.lisi)
    refused = act(client, case, "archive")
    assert refused.status_code == 409 and "只有已办结的案件可以归档" in text_of(refused)
    services.foi_case_record_event(
        actor=region.lisi, case=case, type="reply", on=dt.date(2026, 3, 10), data={"outcome": "disclosed"}
    )
    assert act(client, case, "archive").status_code == 302
    assert fresh(case).status == "archived"


def test_it_records_an_appeal_and_its_result(region: Region) -> None:
    case = make_case(region)
    client = client_for(region.lisi)
    refused = act(client, case, "appeal_add", kind="reconsideration", filed_on="2026-03-12")
    assert refused.status_code == 409 and "尚未办结" in text_of(refused)
    services.foi_case_record_event(
        actor=region.lisi, case=case, type="reply", on=dt.date(2026, 3, 10), data={"outcome": "disclosed"}
    )
    assert act(client, case, "appeal_add", kind="reconsideration", filed_on="2026-03-12").status_code == 302
    appeal = case.appeals.get()
    assert appeal.result == ""
    bad = act(client, case, "appeal_decide", appeal=str(appeal.pk), result="upheld", decided_on="2026-03-11")
    assert bad.status_code == 400 and "不能早于申请或起诉日期" in text_of(bad)
    assert (
        act(
            client, case, "appeal_decide", appeal=str(appeal.pk), result="upheld", decided_on="2026-03-16"
        ).status_code
        == 302
    )
    appeal.refresh_from_db()
    assert appeal.result == "upheld"


def test_it_adds_internal_notes_and_names_an_empty_one(region: Region) -> None:
    case = make_case(region)
    client = client_for(region.lisi)
    assert act(client, case, "note", text="已联系档案室").status_code == 302
    assert "已联系档案室" in text_of(client.get(case_url(case)))
    refused = act(client, case, "note", text="")
    assert refused.status_code == 400 and "请填写“办理意见”。" in text_of(refused)
    sunqi = client_for(org_admin_of_fgw(region))
    assert act(sunqi, case, "note", text="机构管理员").status_code == 403


# --- 转办 -------------------------------------------------------------------------------------------------


def test_it_transfers_a_case_to_another_organization_keeping_its_dates(region: Region) -> None:
    case = make_case(region)
    services.foi_case_assign(actor=region.wangwu, case=case, handler=region.lisi)
    before = fresh(case)
    lisi = client_for(region.lisi)

    response = act(lisi, case, "transfer", to_org=str(region.edu.pk), reason="属于教育局职责")

    assert response.status_code == 302 and response["Location"] == QUEUE  # 李四 no longer sees it
    case = fresh(case)
    assert case.org == region.edu and case.handler is None
    assert (case.number, case.received_on, case.due_on, case.status) == (
        before.number,
        before.received_on,
        before.due_on,
        before.status,
    )
    assert lisi.get(case_url(case)).status_code == 404
    assert case.number in text_of(client_for(region.zhaoliu).get(QUEUE))
    entry = audit_entries(case, "gongkai.foi.transfer")[0]
    assert (entry.data["from_org"], entry.data["to_org"], entry.data["reason"]) == (
        "fgw",
        "edu",
        "属于教育局职责",
    )
    assert entry.data["applicant_notice"] == "pending"
    assert "属于教育局职责" in text_of(client_for(region.zhaoliu).get(case_url(case, "history")))


def test_it_refuses_to_transfer_a_closed_case_or_to_the_same_organization(region: Region) -> None:
    case = make_case(region)
    with pytest.raises(ServiceValidationError) as same:
        services.foi_case_transfer(actor=region.lisi, case=case, to_org=region.fgw, reason="x")
    assert "to_org" in same.value.errors
    services.foi_case_record_event(
        actor=region.lisi, case=case, type="reply", on=dt.date(2026, 3, 10), data={"outcome": "disclosed"}
    )
    with pytest.raises(StateConflict):
        services.foi_case_transfer(actor=region.lisi, case=case, to_org=region.edu, reason="x")
    refused = act(client_for(region.lisi), case, "transfer", to_org=str(region.edu.pk), reason="迟了")
    assert refused.status_code == 409 and "只有办理中的案件可以转办" in text_of(refused)
    with pytest.raises(ServicePermissionDenied):
        services.foi_case_transfer(
            actor=region.zhaoliu, case=make_case(region), to_org=region.edu, reason="x"
        )


# --- 登记申请 ---------------------------------------------------------------------------------------------


def intake_data(region: Region, **changes: Any) -> dict[str, Any]:
    return {
        "org": str(region.fgw.pk),
        "channel": "in_person",
        "submitted_on": "2026-03-16",
        "received_on": "",
        "applicant_kind": "person",
        "applicant_name": "张三",
        "applicant_id_type": "resident_id",
        "applicant_id_number": ID_NUMBER,
        "applicant_phone": PHONE,
        "description": "示例市2025年度重大建设项目批准结果信息",
        "form": "paper",
        "delivery": "post",
        **changes,
    }


def register(client: Client, data: dict[str, Any]) -> tuple[Any, FoiCase | None]:
    response = client.post(INTAKE, data)
    case = FoiCase.objects.order_by("-id").first() if response.status_code == 302 else None
    return response, case


def test_it_registers_an_application_handed_in_and_shows_the_query_code_once(region: Region) -> None:
    client = client_for(region.lisi)
    assert "条例第三十一条" in text_of(client.get(INTAKE))
    response, case = register(client, intake_data(region))
    assert case is not None
    assert case.received_on == dt.date(2026, 3, 16) and case.channel == "in_person"
    assert case.applicant_id_number == ID_NUMBER and case.created_by == region.lisi
    registered = text_of(client.get(response["Location"]))
    code = re.search(r'class="gk-query-code"[^>]*>([A-Z2-9]{8})<', registered)
    assert code is not None
    assert services.foi_case_check_query_code(case=case, query_code=code.group(1))
    again = text_of(client.get(response["Location"]))
    assert code.group(1) not in again and "已经显示过" in again


@pytest.mark.parametrize(
    ("channel", "received_on"),
    [("post_signed", "2026-03-13"), ("fax", "2026-03-12"), ("email", "2026-03-16")],
)
def test_it_registers_letters_faxes_and_emails_with_their_receipt_date(
    region: Region, channel: str, received_on: str
) -> None:
    _response, case = register(
        client_for(region.lisi),
        intake_data(region, channel=channel, submitted_on="2026-03-11", received_on=received_on),
    )
    assert case is not None
    assert (case.channel, case.received_on, case.status) == (
        channel,
        dt.date.fromisoformat(received_on),
        "in_progress",
    )
    assert case.due_on is not None


def test_it_registers_an_ordinary_letter_awaiting_confirmation_and_confirms_it(region: Region) -> None:
    client = client_for(region.lisi)
    envelope = SimpleUploadedFile("信封.jpg", b"\xff\xd8\xff\xe0jpeg", content_type="image/jpeg")
    scan = SimpleUploadedFile("申请书.pdf", b"%PDF-1.4", content_type="application/pdf")
    response, case = register(
        client,
        intake_data(
            region,
            channel="post_ordinary",
            submitted_on="2026-03-12",
            envelope_scan=envelope,
            application_scan=scan,
        ),
    )
    assert case is not None
    assert case.status == "pending_receipt" and case.received_on is None and case.due_on is None
    assert sorted(case.attachments.values_list("kind", "original_name")) == [
        ("application", "申请书.pdf"),
        ("envelope", "信封.jpg"),
    ]
    registered = text_of(client.get(response["Location"]))
    assert "确认收到申请" in registered and case_url(case, "action", "confirm") in registered
    assert act(client, case, "confirm", on="2026-03-13").status_code == 302
    assert fresh(case).received_on == dt.date(2026, 3, 13)


def test_it_names_what_is_wrong_with_an_application_and_keeps_the_input(region: Region) -> None:
    client = client_for(region.lisi)
    response, case = register(
        client,
        intake_data(
            region,
            received_on="2026-03-13",  # in person: must be the submission day
            applicant_name="王小明",
            applicant_phone="",
            applicant_id_number="",
            description="",
        ),
    )
    assert case is None and response.status_code == 400
    page = text_of(response)
    assert "当面提交的申请，以提交之日为收到申请之日" in page
    assert "请填写“所需信息的特征描述”。" in page
    assert 'value="王小明"' in page

    response, case = register(client, intake_data(region, applicant_phone=""))
    assert case is None and response.status_code == 400
    assert "联系方式：联系电话、电子邮箱、通信地址至少填写一项" in text_of(response)


def test_it_refuses_a_scan_of_the_wrong_kind_without_registering_anything(region: Region) -> None:
    bad = SimpleUploadedFile("申请书.exe", b"MZ", content_type="application/octet-stream")
    response, case = register(client_for(region.lisi), intake_data(region, application_scan=bad))
    assert case is None and response.status_code == 400
    assert "只能上传" in text_of(response) and "请重新选择扫描件" in text_of(response)
    assert FoiCase.objects.count() == 0 and FoiAttachment.objects.count() == 0


def test_it_lets_only_handlers_register_and_only_for_their_organizations(region: Region) -> None:
    response, case = register(client_for(region.zhaoliu), intake_data(region))  # fgw is not 赵六's
    assert case is None and "“受理机关”：请从列表中选择。" in text_of(response)
    assert client_for(org_admin_of_fgw(region)).get(INTAKE).status_code == 403


# --- Dashboard ----------------------------------------------------------------------------------------------


def test_it_lists_the_handlers_cases_soonest_due_first(region: Region) -> None:
    later = make_case(region, info_name="较晚到期")
    sooner = make_case(region, submitted_on=dt.date(2026, 2, 12), info_name="较早到期")
    other = make_case(region, info_name="别人的")
    for case in (later, sooner):
        services.foi_case_assign(actor=region.wangwu, case=case, handler=region.lisi)
    services.foi_case_assign(actor=region.wangwu, case=other, handler=region.wangwu)

    items = my_cases(region.lisi)

    assert [item.title for item in items] == [f"{sooner.number} 较早到期", f"{later.number} 较晚到期"]
    assert items[0].due_on == dt.date(2026, 3, 18) and "即将到期" in items[0].note
    assert my_cases(region.zhaoliu) == []
    assert "较早到期" in text_of(client_for(region.lisi).get("/staff/"))


def test_it_shows_heads_the_cases_due_soon_or_overdue_with_labels(region: Region) -> None:
    overdue = make_case(region, submitted_on=dt.date(2026, 2, 9), info_name="逾期的")
    due_soon = make_case(region, submitted_on=dt.date(2026, 2, 12), info_name="快到期的")
    not_due = make_case(region, info_name="不急的")
    make_case(region, org=region.edu, submitted_on=dt.date(2026, 2, 9), info_name="教育局逾期的")

    page = text_of(client_for(region.wangwu).get("/staff/"))

    assert "即将到期/已逾期" in page
    assert page.index(overdue.number) < page.index(due_soon.number)
    assert 'gk-due--overdue">已逾期<' in page and 'gk-due--due_soon">即将到期<' in page
    assert not_due.number not in page and "教育局逾期的" not in page
    assert "即将到期/已逾期" not in text_of(client_for(region.lisi).get("/staff/"))  # not a head


def test_it_leaves_no_english_on_the_foi_screens(region: Region) -> None:
    from gongkai.core.tests.test_translation import UNTRANSLATABLE, english_leftovers

    case = make_case(region, channel="post_ordinary", submitted_on=dt.date(2026, 3, 12))
    services.foi_case_assign(actor=region.wangwu, case=case, handler=region.lisi)
    client = client_for(region.wangwu)
    for url in (QUEUE, case_url(case), case_url(case, "history"), INTAKE, "/staff/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert english_leftovers(text_of(response)) - UNTRANSLATABLE - {case.number} == set(), url
    revealed = client.post(case_url(case, "reveal"))
    assert english_leftovers(text_of(revealed)) - UNTRANSLATABLE - {case.number} == set()
