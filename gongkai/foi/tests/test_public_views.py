"""The citizen's side of 依申请公开 (issue 5 items 1 and 2): the online application form, its receipt and
e-mail, tracking with 申请编号 + 查询码, the letters sent to the applicant, and 我的申请."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import docx
import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.core.testing import Region, client_for
from gongkai.foi import identity
from gongkai.foi.choices import AttachmentKind, CaseStatus, Channel, EventType, LetterStatus
from gongkai.foi.models import FoiAttachment, FoiCase, FoiConsultation, FoiLetter, FoiNote
from gongkai.foi.services import (
    ApplicantData,
    foi_case_check_query_code,
    foi_case_create,
    foi_case_record_event,
    foi_note_add,
)
from gongkai.foi.tests.captcha_helpers import fix_captcha, solved_captcha
from gongkai.foi.views import SESSION_RECEIPT
from gongkai.orgs.credit_code import complete_credit_code

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ID_FIRST17 = "11010519491231002"
ID_NUMBER = ID_FIRST17 + identity.id_check_char(ID_FIRST17)
WRONG_CHECK = ID_FIRST17 + ("0" if ID_NUMBER[-1] != "0" else "1")
CREDIT_CODE = complete_credit_code("91110105", "12345678")
DESCRIPTION = "示例市2025年度重大建设项目批准结果信息"


def person(**changes: Any) -> dict[str, Any]:
    """POST data of a valid application by a natural person (the CAPTCHA is added by ``post``)."""
    return {
        "org": "fgw",
        "applicant_kind": "person",
        "person_name": "张三",
        "id_type": "resident_id",
        "id_number": ID_NUMBER,
        "work_unit": "示例市第一中学",
        "phone": "13812345678",
        "email": "zhangsan@example.com",
        "address": "示例市人民大道100号",
        "postcode": "999000",
        "info_name": "重大建设项目批准结果",
        "info_doc_number": "",
        "description": DESCRIPTION,
        "form": "electronic",
        "delivery": "email",
        **changes,
    }


def company(**changes: Any) -> dict[str, Any]:
    data = person(
        applicant_kind="company",
        person_name="",
        id_number="",
        work_unit="",
        org_name="示例科技有限公司",
        credit_code=CREDIT_CODE,
        legal_representative="李总",
        contact_name="王经理",
        email="",
        delivery="post",
    )
    data.update(changes)
    return data


def identity_file(content: bytes = PNG, name: str = "身份证.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="image/png")


def post(client: Client, monkeypatch: pytest.MonkeyPatch, data: dict[str, Any], **kwargs: Any) -> Any:
    """Submit the application form with a solved CAPTCHA and an identity document (unless given)."""
    payload = {**solved_captcha(monkeypatch), **data}
    if "identity_file" not in payload:
        payload["identity_file"] = identity_file()
    return client.post("/foi/apply/", payload, **kwargs)


def html_of(response: Any) -> str:
    return str(response.content.decode())


def staff_case(region: Region, *, name: str = "张三", description: str = DESCRIPTION, **kwargs: Any) -> Any:
    """A case handed in at 市发展改革委 on 2 March 2026 (received the same day, 条例第三十一条)."""
    return foi_case_create(
        actor=region.lisi,
        org=region.fgw,
        channel=Channel.IN_PERSON,
        submitted_on=datetime.date(2026, 3, 2),
        applicant=ApplicantData(
            kind="person",
            name=name,
            id_type="resident_id",
            id_number=ID_NUMBER,
            phone="13812345678",
            email="zhangsan@example.com",
        ),
        description=description,
        today=datetime.date(2026, 3, 2),
        **kwargs,
    )


def track(client: Client, number: str, code: str) -> Any:
    return client.post("/foi/track/", {"number": number, "query_code": code})


# --- The form ---------------------------------------------------------------------------------------


def test_it_groups_the_directory_by_parent_and_preselects_the_org_of_the_link(
    region: Region, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    fix_captcha(monkeypatch)
    html = html_of(client.get("/foi/apply/?org=fgw"))

    group = html.split('<optgroup label="示例市人民政府">', 1)[1].split("</optgroup>", 1)[0]
    assert re.findall(r'<option value="([^"]+)"', group) == ["city", "edu", "fgw"]  # directory order
    assert '<option value="fgw" selected>示例市发展和改革委员会</option>' in html
    assert '<a href="/orgs/fgw/#guide-title">查看示例市发展和改革委员会的政府信息公开指南</a>' in html
    for label in ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"):
        assert re.search(rf'<label for="id_applicant_kind_\d">{label}</label>', html), label
    assert 'enctype="multipart/form-data"' in html
    assert 'name="captcha_token"' in html


def test_it_registers_a_person_application_and_shows_the_query_code_once(
    region: Region, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    response = post(client, monkeypatch, person())

    assert response.status_code == 302 and response["Location"] == "/foi/apply/receipt/"
    case = FoiCase.objects.get()
    assert case.channel == Channel.ONLINE and case.status == CaseStatus.PENDING_RECEIPT
    assert case.received_on is None and case.due_on is None  # 第三十一条: waits for the confirmation
    assert case.applicant_kind == "person" and case.applicant_id_number == ID_NUMBER
    assert case.applicant_work_unit == "示例市第一中学"
    assert case.applicant_user is None
    attachment = FoiAttachment.objects.get(case=case)
    assert attachment.kind == AttachmentKind.IDENTITY and attachment.original_name == "身份证.png"
    assert attachment.file.name.endswith(".png") and "身份证" not in attachment.file.name
    assert attachment.file.storage.exists(attachment.file.name)

    first = html_of(client.get("/foi/apply/receipt/"))
    code = re.search(r'<span class="receipt-code">([A-Z0-9]{8})</span>', first)
    assert code is not None
    assert foi_case_check_query_code(case=case, query_code=code.group(1))
    assert case.number in first and "示例市发展和改革委员会" in first
    assert "以双方确认之日为收到申请之日" in first and "20个工作日内予以答复" in first
    assert "data-print-page" in first

    again = html_of(client.get("/foi/apply/receipt/"))
    assert case.number in again
    assert code.group(1) not in again and "查询码只显示一次" in again
    assert "code" not in client.session[SESSION_RECEIPT]


def test_it_mails_the_number_code_and_tracking_address(
    region: Region, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    post(client, monkeypatch, person())

    case = FoiCase.objects.get()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["zhangsan@example.com"]
    assert case.number in message.subject
    code = re.search(r"查询码：([A-Z0-9]{8})", str(message.body))
    assert code and foi_case_check_query_code(case=case, query_code=code.group(1))
    assert "http://testserver/foi/track/" in message.body
    assert "第三十一条" in message.body
    assert "z***@example.com" in html_of(client.get("/foi/apply/receipt/"))


def test_it_registers_a_company_application_without_mail(
    region: Region, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    response = post(client, monkeypatch, company())

    assert response.status_code == 302
    case = FoiCase.objects.get()
    assert case.applicant_kind == "company" and case.applicant_name == "示例科技有限公司"
    assert case.applicant_credit_code == CREDIT_CODE and case.applicant_id_number == ""
    assert case.applicant_legal_representative == "李总" and case.applicant_contact_name == "王经理"
    assert mail.outbox == []


def test_it_links_the_case_to_a_signed_in_account_and_lists_it_in_my_applications(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(region.zhangsan)
    post(client, monkeypatch, person())
    staff_case(region, name="别人")  # not zhangsan's account

    case = FoiCase.objects.get(channel=Channel.ONLINE)
    assert case.applicant_user == region.zhangsan
    html = html_of(client.get("/foi/mine/"))
    assert case.number in html
    assert FoiCase.objects.exclude(pk=case.pk).get().number not in html
    other = html_of(client_for(region.zhaoliu).get("/foi/mine/"))
    assert case.number not in other and "您还没有用本账号提交过申请" in other
    assert Client().get("/foi/mine/").status_code == 302  # sign in first


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (person(id_number=WRONG_CHECK), "id_number", "校验位（第18位）不正确"),
        (person(id_number="12345"), "id_number", "应为18位"),
        (
            company(credit_code=CREDIT_CODE[:17] + ("0" if CREDIT_CODE[-1] != "0" else "1")),
            "credit_code",
            "统一社会信用代码：第18位",
        ),
        (person(description="  "), "description", "所需信息的特征描述：必填"),
        (person(phone="12345"), "phone", "联系电话格式不正确"),
        (person(person_name=""), "person_name", "姓名：自然人申请时必填"),
        (
            company(legal_representative=""),
            "legal_representative",
            "法定代表人或负责人：法人或其他组织申请时必填",
        ),
        (person(delivery="post", address=""), "address", "通信地址：选择邮寄获取信息时必填"),
        (person(postcode="12a"), "postcode", "邮政编码：应为6位数字"),
        (person(email="not-an-address"), "email", "电子邮箱：格式不正确"),
        (person(org=""), "org", "受理机关：请选择"),
    ],
)
def test_it_names_the_field_and_rule_and_keeps_what_was_typed(
    region: Region,
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
    data: dict[str, Any],
    field: str,
    message: str,
) -> None:
    response = post(client, monkeypatch, data)

    assert response.status_code == 200
    html = html_of(response)
    assert FoiCase.objects.count() == 0
    error = re.search(rf'<p class="form-error" id="id_{field}-error">([^<]*)</p>', html)
    assert error is not None and message in error.group(1), html
    assert f'<a href="#id_{field}">' in html  # the summary links to the field
    assert re.search(
        rf'id="id_{field}"[^>]*aria-invalid="true"|aria-invalid="true"[^>]*id="id_{field}"', html
    )
    # What was typed stays, the file has to be chosen again and the page says so.
    kept = data["org_name"] if data["applicant_kind"] == "company" else data["person_name"]
    if kept:
        assert f'value="{kept}"' in html
    assert DESCRIPTION in html or data["description"].strip() == ""
    assert "请重新选择身份证明文件" in html


def test_it_refuses_a_file_that_is_not_an_image_or_pdf_by_its_content(
    region: Region, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    renamed = identity_file(b"MZ\x90\x00 not really a picture", name="身份证.png")
    html = html_of(post(client, monkeypatch, person(identity_file=renamed)))

    assert FoiCase.objects.count() == 0
    assert "身份证明：只能上传JPG、PNG、PDF格式的文件" in html


def test_it_refuses_a_wrong_captcha_answer(
    region: Region, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    payload = {**person(), **solved_captcha(monkeypatch), "captcha": "3", "identity_file": identity_file()}
    html = html_of(client.post("/foi/apply/", payload))

    assert FoiCase.objects.count() == 0
    assert re.search(r'<p class="form-error" id="id_captcha-error">验证码不正确或已过期', html)
    assert 'value="张三"' in html


def test_it_takes_nothing_from_a_program_that_fills_the_hidden_field(
    region: Region, client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    html = html_of(post(client, monkeypatch, person(homepage="http://spam.example")))

    assert FoiCase.objects.count() == 0 and mail.outbox == []
    assert "提交未通过自动提交检查" in html
    assert '<div class="foi-hp" aria-hidden="true">' in html


def test_it_limits_applications_per_address_with_429(
    region: Region, client: Client, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.GONGKAI_FOI_APPLY_LIMIT_PER_IP = 1
    assert post(client, monkeypatch, person()).status_code == 302

    refused = post(client, monkeypatch, company())
    assert refused.status_code == 429
    assert "提交过于频繁：同一网络地址每小时最多在线提交1件申请" in html_of(refused)
    assert FoiCase.objects.count() == 1


def test_it_limits_applications_per_applicant_from_any_address(
    region: Region, monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.GONGKAI_FOI_APPLY_LIMIT_PER_APPLICANT = 1
    assert post(Client(REMOTE_ADDR="10.0.0.1"), monkeypatch, person()).status_code == 302

    refused = post(Client(REMOTE_ADDR="10.0.0.2"), monkeypatch, person(id_number=ID_NUMBER.lower()))
    assert refused.status_code == 429
    assert "同一申请人每天最多在线提交1件申请" in html_of(refused)
    assert post(Client(REMOTE_ADDR="10.0.0.3"), monkeypatch, company()).status_code == 302


# --- Tracking ---------------------------------------------------------------------------------------


def test_it_opens_the_case_with_its_number_and_code_and_masks_the_applicant(
    region: Region, client: Client
) -> None:
    registered = staff_case(region)
    case = registered.case

    response = track(client, case.number.lower(), registered.query_code.lower())
    assert response.status_code == 302 and response["Location"] == f"/foi/track/{case.number}/"
    assert registered.query_code not in response["Location"]
    html = html_of(client.get(response["Location"]))

    assert "当前状态：<strong>办理中</strong>" in html
    assert "2026年3月2日" in html  # submitted and received the same day (handed in)
    assert '<time datetime="2026-03-30">2026年3月30日</time>' in html  # statutory.md §3.2 example
    assert "第三十三条" in html  # the engine's explanation
    assert "张*" in html and "张三" not in html
    assert identity.mask_id_number(ID_NUMBER) in html and ID_NUMBER not in html
    assert "138****5678" in html and "13812345678" not in html
    assert DESCRIPTION in html


def test_it_answers_a_wrong_code_and_an_unknown_number_alike(region: Region, client: Client) -> None:
    registered = staff_case(region)
    number = registered.case.number

    wrong_code = track(client, number, "ABCDEFGH")
    wrong_number = track(client, number[:-1] + ("9" if number[-1] != "9" else "8"), registered.query_code)

    assert wrong_code.status_code == wrong_number.status_code == 200
    message = "申请编号或查询码不正确"
    assert message in html_of(wrong_code) and message in html_of(wrong_number)
    strip = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"|value="[^"]*"')
    assert strip.sub("", html_of(wrong_code)) == strip.sub("", html_of(wrong_number))
    # Without the code the case page sends back to the form, whether the number exists or not.
    for path in (f"/foi/track/{number}/", "/foi/track/NOPE-2026-00001/"):
        answer = client.get(path)
        assert answer.status_code == 302 and answer["Location"].startswith("/foi/track/?number=")


def test_it_limits_tracking_attempts_per_address_with_429(
    region: Region, client: Client, settings: Any
) -> None:
    settings.GONGKAI_FOI_TRACK_LIMIT_PER_IP = 2
    registered = staff_case(region)
    track(client, "X-2026-00001", "ABCDEFGH")
    track(client, "X-2026-00002", "ABCDEFGH")

    refused = track(client, registered.case.number, registered.query_code)
    assert refused.status_code == 429
    assert "查询过于频繁" in html_of(refused)


def test_it_shows_the_timeline_without_notes_actors_or_addressees(region: Region, client: Client) -> None:
    registered = staff_case(region)
    case = registered.case
    foi_case_record_event(
        actor=region.lisi,
        case=case,
        type=EventType.CONSULTATION_STARTED,
        on=datetime.date(2026, 3, 9),
        data={"party": "third_party", "addressee": "某某科技有限公司"},
        today=datetime.date(2026, 3, 9),
    )
    foi_case_record_event(
        actor=region.lisi,
        case=case,
        type=EventType.CONSULTATION_ENDED,
        on=datetime.date(2026, 3, 13),
        today=datetime.date(2026, 3, 13),
    )
    foi_case_record_event(
        actor=region.lisi,
        case=case,
        type=EventType.EXTENSION,
        on=datetime.date(2026, 3, 20),
        data={"workdays": 10},
        today=datetime.date(2026, 3, 20),
    )
    foi_note_add(actor=region.lisi, case=case, text="内部会商：拟部分公开")
    assert FoiConsultation.objects.filter(case=case).exists() and FoiNote.objects.filter(case=case).exists()

    track(client, case.number, registered.query_code)
    html = html_of(client.get(f"/foi/track/{case.number}/"))

    timeline = html.split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r"(\d{4}-\d{2}-\d{2})</time> ([^<]+)</li>", timeline) == [
        ("2026-03-02", "提交申请"),
        ("2026-03-09", "征求意见"),
        ("2026-03-13", "收到意见"),
        ("2026-03-20", "延期答复"),
    ]
    assert "答复期限已延长10个工作日" in html
    for secret in ("某某科技有限公司", "内部会商", "李四", region.lisi.username):
        assert secret not in html, secret


def _docx_bytes(text: str) -> bytes:
    document = docx.Document()
    document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _letter(
    case: FoiCase, title: str, *, status: str, to_applicant: bool = True, with_docx: bool = False
) -> FoiLetter:
    letter = FoiLetter.objects.create(
        case=case,
        kind="reply",
        title=title,
        to_applicant=to_applicant,
        addressee="" if to_applicant else "某某科技有限公司",
        content={"text": f"{title}的正文。"},
        status=status,
        sent_on=datetime.date(2026, 3, 20) if status == LetterStatus.SENT else None,
    )
    if with_docx:
        letter.docx.save("letter.docx", ContentFile(_docx_bytes(f"{title}的正文。")))
    return letter


def test_it_shows_only_sent_letters_to_the_applicant_and_serves_their_docx(
    region: Region, client: Client
) -> None:
    registered = staff_case(region)
    case = registered.case
    sent = _letter(case, "政府信息公开申请答复告知书", status=LetterStatus.SENT, with_docx=True)
    _letter(case, "延期答复告知书（草稿）", status=LetterStatus.DRAFT)
    _letter(case, "补正告知书（已审批未送达）", status=LetterStatus.APPROVED)
    third = _letter(case, "征求第三方意见函", status=LetterStatus.SENT, to_applicant=False, with_docx=True)
    download = f"/foi/track/{case.number}/letters/{sent.pk}/"

    assert client.get(download).status_code == 403  # not opened with number and code yet
    track(client, case.number, registered.query_code)
    html = html_of(client.get(f"/foi/track/{case.number}/"))

    letters = html.split('id="letters-title"', 1)[1].split("</section>", 1)[0]
    assert re.findall(r'<h3 id="letter-\d+-title">([^<]+)</h3>', letters) == ["政府信息公开申请答复告知书"]
    assert "政府信息公开申请答复告知书的正文。" in letters and "2026年3月20日" in letters
    assert f'href="{download}"' in letters
    for hidden in ("草稿", "已审批未送达", "征求第三方意见函", "某某科技有限公司"):
        assert hidden not in html

    response = client.get(download)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    reopened = docx.Document(io.BytesIO(response.getvalue()))
    assert reopened.paragraphs[0].text == "政府信息公开申请答复告知书的正文。"
    assert client.get(f"/foi/track/{case.number}/letters/{third.pk}/").status_code == 404


def test_it_never_shows_another_case(region: Region, client: Client) -> None:
    mine = staff_case(region)
    other = staff_case(region, name="王小二", description="另一件申请所需的信息")
    other_letter = _letter(other.case, "另一件的答复告知书", status=LetterStatus.SENT, with_docx=True)

    track(client, mine.case.number, mine.query_code)
    html = html_of(client.get(f"/foi/track/{mine.case.number}/"))

    assert other.case.number not in html and "另一件" not in html and "王*" not in html
    # Opening one case opens no other: not its page, not its letters (even under this case's number).
    assert client.get(f"/foi/track/{other.case.number}/").status_code == 302
    assert client.get(f"/foi/track/{other.case.number}/letters/{other_letter.pk}/").status_code == 403
    assert client.get(f"/foi/track/{mine.case.number}/letters/{other_letter.pk}/").status_code == 404
    # Nor does the other case's code open this one.
    assert "申请编号或查询码不正确" in html_of(track(Client(), mine.case.number, other.query_code))


def test_it_reads_the_tracking_page_in_a_bounded_number_of_queries(
    region: Region, client: Client, django_assert_max_num_queries: Any, memos_kept: None
) -> None:
    registered = staff_case(region)
    case = registered.case
    for title in ("答复告知书一", "答复告知书二", "答复告知书三"):
        _letter(case, title, status=LetterStatus.SENT)
    track(client, case.number, registered.query_code)
    client.get(f"/foi/track/{case.number}/")  # the layout's settings are remembered from here on

    with django_assert_max_num_queries(5):  # session, case, events, letters (+1 spare)
        response = client.get(f"/foi/track/{case.number}/")
    assert response.status_code == 200 and "答复告知书三" in html_of(response)


def test_it_lets_the_signed_in_applicant_track_without_the_code(
    region: Region, monkeypatch: pytest.MonkeyPatch
) -> None:
    post(client_for(region.zhangsan), monkeypatch, person())
    case = FoiCase.objects.get()

    html = html_of(client_for(region.zhangsan).get(f"/foi/track/{case.number}/"))
    assert "当前状态：<strong>待确认</strong>" in html and "待确认收到申请后计算" in html
    assert client_for(region.zhaoliu).get(f"/foi/track/{case.number}/").status_code == 302


def test_it_links_apply_and_track_from_the_home_page_and_the_guide(region: Region, client: Client) -> None:
    home = html_of(client.get("/"))
    assert 'href="/foi/apply/"' in home and 'href="/foi/track/"' in home
    guide = html_of(client.get("/orgs/fgw/"))
    assert '<a href="/foi/apply/?org=fgw">在线提交政府信息公开申请</a>' in guide


def test_it_serves_the_track_form(region: Region, client: Client) -> None:
    html = html_of(client.get("/foi/track/?number=FGW-2026-00001"))
    assert '<label for="id_number">申请编号' in html and 'value="FGW-2026-00001"' in html


def test_it_lists_my_applications_in_a_bounded_number_of_queries(
    region: Region, django_assert_max_num_queries: Any, memos_kept: None
) -> None:
    client = client_for(region.zhangsan)
    numbers = [staff_case(region, applicant_user=region.zhangsan).case.number for _i in range(3)]
    client.get("/foi/mine/")  # the layout's settings are remembered from here on

    with django_assert_max_num_queries(4):  # session, user, cases with their organizations (+1 spare)
        html = html_of(client.get("/foi/mine/"))
    assert all(number in html for number in numbers)


def test_it_shows_a_letter_once_the_head_approved_it_and_it_was_sent(region: Region, client: Client) -> None:
    from gongkai.foi.choices import LetterKind
    from gongkai.foi.services import foi_letter_approve, foi_letter_draft, foi_letter_send

    registered = staff_case(region)
    case = registered.case
    track(client, case.number, registered.query_code)
    letter = foi_letter_draft(
        actor=region.lisi,
        case=case,
        kind=LetterKind.EXTENSION,
        fields={"extension_workdays": 10, "extension_reason": "需要调取多个年度的档案"},
        today=datetime.date(2026, 3, 20),
    )
    page = f"/foi/track/{case.number}/"
    assert "延期答复告知书" not in html_of(client.get(page)).split('id="letters-title"', 1)[1]

    foi_letter_approve(actor=region.wangwu, letter=letter)
    assert "需要调取多个年度的档案" not in html_of(client.get(page))  # approved, not yet sent
    foi_letter_send(
        actor=region.lisi,
        letter=letter,
        on=datetime.date(2026, 3, 20),
        delivery="email",
        today=datetime.date(2026, 3, 20),
    )

    html = html_of(client.get(page))
    letters = html.split('id="letters-title"', 1)[1].split("</section>", 1)[0]
    assert "需要调取多个年度的档案" in letters and "2026年3月20日" in letters
    assert "答复期限已延长10个工作日" in html and '<time datetime="2026-04-14">' in html
    download = client.get(f"/foi/track/{case.number}/letters/{letter.pk}/")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(download.getvalue())).paragraphs)
    assert "需要调取多个年度的档案" in text
