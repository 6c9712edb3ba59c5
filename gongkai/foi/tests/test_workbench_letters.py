"""The 告知书 section of the case page (/staff/foi/cases/<pk>/): letters drafted from the page for each kind
the case allows, approved by the head of the disclosure office only (王五), sent with the step they bring,
downloaded as DOCX by the staff who see the case, and the 转办告知书 the receiving organization prepares:
driven through the real admin with the personas (李四 handler and 王五 head of 市发展改革委, 赵六 of
市教育局)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zoneinfo
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import docx
import pytest
import time_machine
from django.test import Client

from gongkai.core.testing import Region, client_for, make_user
from gongkai.foi import services
from gongkai.foi.choices import CaseStatus, LetterKind, LetterStatus
from gongkai.foi.models import FoiCase, FoiLetter
from gongkai.orgs.choices import Role

pytestmark = pytest.mark.django_db

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")
TODAY = dt.date(2026, 3, 16)  # a Monday


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
        "applicant": services.ApplicantData(kind="person", name="张三", phone="13812345678"),
        "description": "示例市2025年度重大建设项目批准结果信息",
        **changes,
    }
    actor = region.lisi if org == region.fgw else region.zhaoliu
    return services.foi_case_create(actor=actor, org=org, **values).case


def case_url(case: FoiCase, *rest: Any) -> str:
    return "/".join([f"/staff/foi/cases/{case.pk}", *(str(part) for part in rest)]) + "/"


def draft(client: Client, case: FoiCase, kind: str, **fields: Any) -> Any:
    """POST the draft form of ``kind`` as the case page renders it (fields prefixed letter-<kind>)."""
    data = {f"letter-{kind}-{name}": value for name, value in fields.items()}
    return client.post(case_url(case, "letters", "draft", kind), data)


def approve(client: Client, letter: FoiLetter) -> Any:
    return client.post(case_url(letter.case, "letters", letter.pk, "approve"))


def send(client: Client, letter: FoiLetter, **fields: Any) -> Any:
    data = {f"send-{letter.pk}-{name}": value for name, value in fields.items()}
    return client.post(case_url(letter.case, "letters", letter.pk, "send"), data)


def text_of(response: Any) -> str:
    return str(response.content.decode())


def errors_in(response: Any) -> list[str]:
    """The messages a refused form shows (for a failing assertion's message)."""
    return re.findall(r'(?:role="alert"|class="error-message")[^>]*>\s*(?:<p>)?([^<]+)', text_of(response))


def fresh(case: FoiCase) -> FoiCase:
    return FoiCase.objects.get(pk=case.pk)


def last_letter(case: FoiCase) -> FoiLetter:
    letter = case.letters.order_by("-id").first()
    assert letter is not None
    return letter


def drafted(region: Region, case: FoiCase, kind: str, fields: dict[str, Any]) -> FoiLetter:
    return services.foi_letter_draft(actor=region.lisi, case=case, kind=kind, fields=fields)


REPLY_FIELDS = {
    "outcome": "disclosed",
    "disclosure_manner": "以电子邮件方式提供",
    "attachments": ["批准结果.pdf", "项目清单.xlsx"],
}


# --- 拟制 -------------------------------------------------------------------------------------------------

# Each kind, the case it needs (changes to make_case), what the form posts and what the letter then says.
KINDS: list[tuple[str, dict[str, Any], dict[str, Any], list[str]]] = [
    (
        "reply",
        {},
        {
            "outcome": "partially_disclosed",
            "reasons": "其中涉及个人隐私的内容不予公开",
            "disclosure_manner": "以电子邮件方式提供",
            "attachments": "批准结果.pdf\n\n项目清单.xlsx\n",
            "doc_number": "示发改依申〔2026〕12号",
        },
        ["第三十七条", "涉及个人隐私", "附件：1.批准结果.pdf", "2.项目清单.xlsx", "示发改依申〔2026〕12号"],
    ),
    (
        "correction",
        {"submitted_on": dt.date(2026, 3, 12)},
        {"correction_items": "请写明所需信息的年度\n请写明项目名称", "correction_workdays": "10"},
        ["第三十条", "（一）请写明所需信息的年度；", "（二）请写明项目名称。", "10个工作日"],
    ),
    (
        "extension",
        {},
        {"extension_workdays": "10", "extension_reason": "需要调取多个年度的档案"},
        ["第三十三条第二款", "需要调取多个年度的档案", "延长10个工作日", "2026年4月14日"],
    ),
    (
        "consultation",
        {},
        {"consultation_party_kind": "third_party", "consulted_party": "某建设有限公司"},
        ["第三十二条", "某建设有限公司：", "15个工作日"],
    ),
    (
        "fee",
        {},
        {"fee_method": "per_page", "fee_pages": "120", "fee_payment_instructions": "通过非税收入缴款码缴纳"},
        ["国办函〔2020〕109号", "本次提供的政府信息共120页", "通过非税收入缴款码缴纳"],
    ),
    (
        "custom_due",
        {},
        {"custom_due": "2026-05-29", "custom_due_reason": "申请数量明显超过合理范围"},
        ["第三十五条", "2026年5月29日", "申请数量明显超过合理范围"],
    ),
]


@pytest.mark.parametrize(("kind", "case_changes", "posted", "says"), KINDS, ids=[k[0] for k in KINDS])
def test_it_drafts_each_kind_of_letter_from_the_case_page(
    region: Region, kind: str, case_changes: dict[str, Any], posted: dict[str, str], says: list[str]
) -> None:
    case = make_case(region, **case_changes)
    lisi = client_for(region.lisi)
    page = text_of(lisi.get(case_url(case)))
    assert f'id="draft-{kind}"' in page and str(LetterKind(kind).label) in page
    if kind == "reply":  # the fields of the chosen outcome only, once the script runs
        assert "foi/letter_form.js" in page and "data-gk-outcome-fields" in page

    response = draft(lisi, case, kind, **posted)

    assert response.status_code == 302, errors_in(response)
    letter = last_letter(case)
    assert response["Location"].endswith(f"#letter-{letter.pk}")
    assert (letter.kind, letter.status, letter.drafted_by) == (kind, LetterStatus.DRAFT, region.lisi)
    for words in says:
        assert words in letter.content["text"], words
    page = text_of(lisi.get(case_url(case)))
    assert letter.title in page and "草稿" in page and "待王五审批" in page
    assert fresh(case).events.count() == 1  # nothing is recorded before the letter is sent


def test_it_offers_only_the_kinds_the_cases_state_allows(region: Region) -> None:
    case = make_case(region)
    services.foi_case_record_event(
        actor=region.lisi, case=case, type="extension", on=dt.date(2026, 3, 10), data={"workdays": 5}
    )
    page = text_of(client_for(region.lisi).get(case_url(case)))
    assert 'id="draft-reply"' in page and 'id="draft-extension"' not in page
    assert 'id="draft-transfer"' not in page  # never transferred
    services.foi_case_record_event(
        actor=region.lisi, case=case, type="reply", on=dt.date(2026, 3, 12), data={"outcome": "disclosed"}
    )
    page = text_of(client_for(region.lisi).get(case_url(case)))
    assert 'id="draft-' not in page and "拟制告知书" not in page
    # 孙七, org_admin of the organization, sees the letters but drafts nothing.
    sunqi = client_for(make_user("sunqi", "孙七", [(region.fgw, Role.ORG_ADMIN)]))
    open_case = make_case(region)
    assert 'id="draft-' not in text_of(sunqi.get(case_url(open_case)))
    assert draft(sunqi, open_case, "reply", **{"outcome": "disclosed"}).status_code == 403


def test_it_shows_a_refused_draft_with_the_reason_and_keeps_what_was_typed(region: Region) -> None:
    case = make_case(region)
    services.foi_case_record_event(
        actor=region.lisi, case=case, type="extension", on=dt.date(2026, 3, 10), data={"workdays": 5}
    )
    lisi = client_for(region.lisi)

    conflict = draft(lisi, case, "extension", extension_workdays="3", extension_reason="还要再调取档案")

    assert conflict.status_code == 409
    page = text_of(conflict)
    assert "只能延长一次" in page and "还要再调取档案" in page
    assert '<details id="draft-extension" open>' in page
    assert not case.letters.exists()

    # What a letter lacks: the reasons of a partial disclosure (条例第三十七条), named with its field.
    lacking = draft(lisi, case, "reply", outcome="partially_disclosed", disclosure_manner="当面领取")
    assert lacking.status_code == 400
    assert "“不予公开的理由”" in text_of(lacking) and "第三十七条" in text_of(lacking)
    assert 'value="当面领取"' in text_of(lacking)
    # Bad input is named before the service is asked.
    bad = draft(lisi, case, "fee", fee_method="per_page", fee_payment_instructions="缴款码")
    assert bad.status_code == 400 and "“页数”：按量计收时必填" in text_of(bad)
    assert not case.letters.exists()


# --- 审批 and 送达 ----------------------------------------------------------------------------------------


def test_it_lets_only_wangwu_the_head_approve_a_draft(region: Region) -> None:
    case = make_case(region)
    letter = drafted(region, case, "reply", REPLY_FIELDS)
    lisi, wangwu = client_for(region.lisi), client_for(region.wangwu)
    assert "审批通过" not in text_of(lisi.get(case_url(case)))

    refused = approve(lisi, letter)
    assert refused.status_code == 403 and "负责人" in text_of(refused)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DRAFT

    assert "审批通过" in text_of(wangwu.get(case_url(case)))
    assert approve(wangwu, letter).status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.approved_by) == (LetterStatus.APPROVED, region.wangwu)

    again = approve(wangwu, letter)
    assert again.status_code == 409 and "只有草稿可以审批" in text_of(again)
    assert client_for(region.zhaoliu).post(case_url(case, "letters", letter.pk, "approve")).status_code == 404


def test_it_discards_a_draft_from_the_case_page_keeping_the_record_and_what_was_typed(region: Region) -> None:
    case = make_case(region)
    letter = drafted(region, case, "reply", REPLY_FIELDS)
    lisi = client_for(region.lisi)
    url = case_url(case, "letters", letter.pk, "discard")
    assert url in text_of(lisi.get(case_url(case)))

    refused = lisi.post(url, {f"discard-{letter.pk}-reason": ""})
    assert refused.status_code == 400 and "作废原因" in text_of(refused)
    assert client_for(region.zhaoliu).post(url, {f"discard-{letter.pk}-reason": "x"}).status_code == 404

    done = lisi.post(url, {f"discard-{letter.pk}-reason": "答复内容需要重新核对"})
    assert done.status_code == 302
    letter.refresh_from_db()
    assert letter.status == LetterStatus.DISCARDED
    page = text_of(lisi.get(case_url(case)))
    assert "已作废" in page and "答复内容需要重新核对" in page
    assert url not in page  # nothing more to do with it

    again = lisi.post(url, {f"discard-{letter.pk}-reason": "再次作废"})
    assert again.status_code == 409 and "只有未送达的告知书可以作废" in text_of(again)


def test_it_sends_an_approved_letter_and_the_case_dates_follow_it(region: Region) -> None:
    case = make_case(region)
    letter = drafted(
        region, case, "extension", {"extension_workdays": 10, "extension_reason": "需要调取多个年度的档案"}
    )
    lisi = client_for(region.lisi)
    early = send(lisi, letter, on="2026-03-16", delivery="email")
    assert early.status_code == 409 and "审批" in text_of(early)
    services.foi_letter_approve(actor=region.wangwu, letter=letter)
    assert "登记送达" in text_of(lisi.get(case_url(case)))

    no_number = send(lisi, letter, on="2026-03-13", delivery="post")
    assert no_number.status_code == 400 and "“邮件号码”：邮寄送达时必填" in text_of(no_number)

    response = send(lisi, letter, on="2026-03-13", delivery="post", tracking_number="EMS1234567", note="挂号")

    assert response.status_code == 302
    letter.refresh_from_db()
    assert (letter.status, letter.sent_on, letter.tracking_number) == (
        LetterStatus.SENT,
        dt.date(2026, 3, 13),
        "EMS1234567",
    )
    case = fresh(case)
    assert case.extension_workdays == 10 and case.due_on == dt.date(2026, 4, 14)
    event = case.events.order_by("sequence").last()
    assert event is not None and (event.type, event.on) == ("extension", dt.date(2026, 3, 13))
    page = text_of(lisi.get(case_url(case)))
    assert "已送达" in page and "EMS1234567" in page and "2026-04-14" in page and "2026-03-13" in page


def test_it_closes_the_case_when_the_reply_letter_is_sent(region: Region) -> None:
    case = make_case(region)
    letter = drafted(region, case, "reply", REPLY_FIELDS)
    services.foi_letter_approve(actor=region.wangwu, letter=letter)
    response = send(client_for(region.lisi), letter, on="2026-03-16", delivery="email")
    assert response.status_code == 302
    case = fresh(case)
    assert (case.status, case.outcome, case.closed_on) == (CaseStatus.CLOSED, "disclosed", TODAY)


# --- DOCX ----------------------------------------------------------------------------------------------


def test_it_serves_the_letter_as_a_docx_that_reopens_to_the_staff_of_the_case_only(region: Region) -> None:
    case = make_case(region)
    letter = drafted(region, case, "reply", REPLY_FIELDS)
    url = case_url(case, "letters", letter.pk, "docx")

    response = client_for(region.lisi).get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    disposition = response["Content-Disposition"]
    name = f"{case.number}-政府信息公开申请答复告知书（草稿）.docx"
    assert disposition.startswith("attachment;") and f"filename*=utf-8''{quote(name)}" in disposition
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs)
    assert "政府信息公开申请答复告知书" in text and "第三十六条第（二）项" in text and "张三" in text

    assert client_for(region.zhaoliu).get(url).status_code == 404  # 赵六 of 市教育局
    other = make_case(region)
    assert client_for(region.lisi).get(case_url(other, "letters", letter.pk, "docx")).status_code == 404
    sunqi = make_user("sunqi", "孙七", [(region.fgw, Role.ORG_ADMIN)])
    assert client_for(sunqi).get(url).status_code == 200  # sees the case, so its letters

    services.foi_letter_approve(actor=region.wangwu, letter=letter)
    services.foi_letter_send(actor=region.lisi, letter=letter, on=TODAY, delivery="email")
    sent = client_for(region.wangwu).get(url)
    assert (
        f"filename*=utf-8''{quote(case.number + '-政府信息公开申请答复告知书.docx')}"
        in sent["Content-Disposition"]
    )
    assert "2026年3月16日" in "\n".join(p.text for p in docx.Document(io.BytesIO(sent.content)).paragraphs)


# --- 转办告知书 --------------------------------------------------------------------------------------------


def test_it_lets_the_receiving_organization_tell_the_applicant_of_a_transfer(region: Region) -> None:
    case = make_case(region)
    services.foi_case_transfer(actor=region.lisi, case=case, to_org=region.edu, reason="属于教育局职责")
    zhaoliu = client_for(region.zhaoliu)
    page = text_of(zhaoliu.get(case_url(case)))
    assert "本案由示例市发展和改革委员会于2026-03-16转来，尚未告知申请人" in page
    assert 'id="draft-transfer"' in page and 'value="示例市教育局"' in page

    response = draft(
        zhaoliu, case, "transfer", transfer_target="示例市教育局", transfer_target_contact="0999-7654321"
    )

    assert response.status_code == 302, errors_in(response)
    letter = last_letter(case)
    text = letter.content["text"]
    # The notice of the organization that handed the case on (条例第三十六条第（五）项) …
    assert letter.content["signature_org"] == "示例市发展和改革委员会"
    assert "不属于本机关负责公开的政府信息，由示例市教育局负责公开" in text
    assert "已于2026年3月16日将您的申请转交示例市教育局办理（联系方式：0999-7654321）" in text
    # … with the reply date the case keeps (the platform's choice: nothing restarts).
    assert "答复期限不因转办重新计算" in text and "2026年3月30日" in text
    page = text_of(zhaoliu.get(case_url(case)))
    assert "尚未告知申请人" not in page and 'id="draft-transfer"' not in page

    assert approve(zhaoliu, letter).status_code == 302  # 赵六 is the head of 市教育局's office too
    assert send(zhaoliu, letter, on="2026-03-16", delivery="email").status_code == 302
    case = fresh(case)
    assert case.status == CaseStatus.IN_PROGRESS and case.events.count() == 1  # a transfer brings no event
    assert fresh(case).letters.get().status == LetterStatus.SENT


def test_it_refuses_a_transfer_letter_for_a_case_never_transferred(region: Region) -> None:
    case = make_case(region)
    refused = draft(client_for(region.lisi), case, "transfer", transfer_target="示例市教育局")
    assert refused.status_code == 409 and "没有从其他机关转来的记录" in text_of(refused)


# --- The page ---------------------------------------------------------------------------------------------


def test_it_keeps_the_direct_actions_for_letters_sent_elsewhere(region: Region) -> None:
    case = make_case(region)
    lisi = client_for(region.lisi)
    page = text_of(lisi.get(case_url(case)))
    assert "直接记录（告知书已另行送达）" in page
    direct = page[page.index("直接记录（告知书已另行送达）") :]
    assert 'id="action-reply"' in direct and 'id="action-correction_requested"' in direct
    assert 'id="action-confirm"' not in direct and 'id="action-assign"' not in direct
    response = lisi.post(
        case_url(case, "action", "reply"), {"reply-on": "2026-03-16", "reply-outcome": "disclosed"}
    )
    assert response.status_code == 302 and fresh(case).status == CaseStatus.CLOSED


def test_it_shows_the_case_page_with_letters_in_a_number_of_queries_that_does_not_grow(
    region: Region, django_assert_max_num_queries: Any
) -> None:
    case = make_case(region)
    drafted(
        region, case, "consultation", {"consultation_party_kind": "agency", "consulted_party": "市教育局"}
    )
    lisi = client_for(region.lisi)
    lisi.get(case_url(case))
    with django_assert_max_num_queries(60) as few:
        assert lisi.get(case_url(case)).status_code == 200
    for number in range(3):
        letter = drafted(
            region, case, "reply", {**REPLY_FIELDS, "doc_number": f"示发改依申〔2026〕{number}号"}
        )
        if number:
            services.foi_letter_approve(actor=region.wangwu, letter=letter)
    consultation = drafted(
        region, case, "consultation", {"consultation_party_kind": "third_party", "consulted_party": "某公司"}
    )
    services.foi_letter_approve(actor=region.wangwu, letter=consultation)
    services.foi_letter_send(
        actor=region.lisi, letter=consultation, on=TODAY, delivery="post", tracking_number="EMS1"
    )
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = lisi.get(case_url(case))
    page = text_of(response)
    assert page.count('class="gk-letter gk-letter--') == 5
    assert "示发改依申〔2026〕2号" in page and "EMS1" in page


def test_it_leaves_no_english_on_the_letter_screens(region: Region) -> None:
    from gongkai.core.tests.test_translation import UNTRANSLATABLE, english_leftovers

    case = make_case(region)
    for kind, fields in (
        ("reply", REPLY_FIELDS),
        ("extension", {"extension_workdays": 5, "extension_reason": "档案"}),
        ("fee", {"fee_method": "per_page", "fee_pages": 120, "fee_payment_instructions": "缴款码"}),
    ):
        letter = drafted(region, case, kind, fields)
    services.foi_letter_approve(actor=region.wangwu, letter=letter)
    consultation = drafted(
        region, case, "consultation", {"consultation_party_kind": "third_party", "consulted_party": "某公司"}
    )
    services.foi_letter_approve(actor=region.wangwu, letter=consultation)
    services.foi_letter_send(actor=region.lisi, letter=consultation, on=TODAY, delivery="email")
    allowed = UNTRANSLATABLE | {case.number}
    for user in (region.lisi, region.wangwu):
        client = client_for(user)
        response = client.get(case_url(case))
        assert response.status_code == 200
        assert english_leftovers(text_of(response)) - allowed == set()
    lisi = client_for(region.lisi)
    for refused in (
        draft(lisi, case, "reply", outcome="partially_disclosed"),
        send(lisi, letter, on="2026-03-16", delivery="post"),
        approve(lisi, letter),
    ):
        assert refused.status_code in (400, 403, 409)
        assert english_leftovers(text_of(refused)) - allowed == set()
