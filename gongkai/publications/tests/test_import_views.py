"""从Word导入 in the workbench: who may upload, how a wrong file is refused, the pre-filled add form, and
the whole way from a .docx to a saved draft (nothing is saved before the editor saves the form)."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.testing import Region, client_for, make_user
from gongkai.orgs.choices import Role
from gongkai.publications.choices import DocumentStatus
from gongkai.publications.import_views import SESSION_KEY
from gongkai.publications.models import Document, Subject
from gongkai.publications.tests.test_gongwen import build_docx

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_off")]

NS = "wagtailsnippets_publications_document"
LIST_URL = reverse(f"{NS}:list")
ADD_URL = reverse(f"{NS}:add")
IMPORT_URL = reverse(f"{NS}:import_docx")
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

FGW_GONGWEN = (
    "示例市发展和改革委员会文件",
    "示发改价格［2026］15号",
    "示例市发展和改革委员会关于开展2026年度",
    "重要民生商品价格监测工作的通知",
    "各区发展改革局：",
    "为及时掌握重要民生商品价格变动情况，决定开展2026年度价格监测工作。",
    "各监测点要按周报送粮油、肉蛋、蔬菜等商品价格。",
    "附件：价格监测点名单",
    "示例市发展和改革委员会",
    "二〇二六年三月二日",
)
TITLE = "示例市发展和改革委员会关于开展2026年度重要民生商品价格监测工作的通知"


def upload(data: bytes, name: str = "价格监测通知.docx", content_type: str = DOCX_TYPE) -> dict[str, Any]:
    return {"file": SimpleUploadedFile(name, data, content_type=content_type)}


def docx_bytes(lines: tuple[str, ...] = FGW_GONGWEN) -> bytes:
    return build_docx(lines).getvalue()


def messages_of(response: Any) -> str:
    return "\n".join(str(m) for m in response.wsgi_request._messages)


def field_errors(response: Any) -> list[str]:
    assert response.status_code == 200
    return list(response.context["form"].errors.get("file", []))


# --- Who may import ---------------------------------------------------------------------------------


def test_it_offers_the_import_button_to_editors_only(region: Region) -> None:
    assert IMPORT_URL in client_for(region.lisi).get(LIST_URL).content.decode()
    assert "从Word导入" in client_for(region.lisi).get(LIST_URL).content.decode()
    assert IMPORT_URL not in client_for(region.wangwu).get(LIST_URL).content.decode()  # a reviewer


def test_it_shows_the_upload_page_to_an_editor(region: Region) -> None:
    response = client_for(region.lisi).get(IMPORT_URL)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


@pytest.mark.parametrize("persona", ["viewer", "wangwu", "foi_handler"])
def test_it_refuses_people_who_draft_nowhere(region: Region, persona: str) -> None:
    users = {
        "viewer": make_user("zhouba", "周八", [(region.fgw, Role.VIEWER)]),
        "wangwu": region.wangwu,  # reviewer and foi_head: reviews, never drafts
        "foi_handler": make_user("sunqi", "孙七", [(region.fgw, Role.FOI_HANDLER)]),
    }
    client = client_for(users[persona])

    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, upload(docx_bytes())).status_code == 403
    assert SESSION_KEY not in client.session


def test_it_never_preselects_another_organization_for_its_staff(region: Region) -> None:
    # 赵六 drafts for 市教育局; a 公文 of 市发展改革委 opens in his own organization, with a note.
    client = client_for(region.zhaoliu)
    response = client.post(IMPORT_URL, upload(docx_bytes()), follow=True)

    form = response.context["form"]
    assert form["org"].value() == region.edu.pk
    assert region.fgw not in form.fields["org"].queryset
    assert "您不是该机构的信息编辑" in messages_of(response)


# --- Refused files ----------------------------------------------------------------------------------


def zip_bytes(members: dict[str, bytes]) -> bytes:
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return stream.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("通知.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old word", ".docx"),
        ("通知.pdf", b"%PDF-1.7", ".docx"),
        ("通知", b"text", ".docx"),
        ("通知.docx", b"%PDF-1.7 renamed", "改了扩展名"),
        ("通知.docx", zip_bytes({"readme.txt": b"a zip, renamed"}), "改了扩展名"),
        ("通知.docx", zip_bytes({"word/document.xml": b"<not-xml"}), "无法读取"),
        ("通知.docx", b"", "空的"),
    ],
)
def test_it_refuses_what_is_not_a_docx_with_a_chinese_field_error(
    region: Region, name: str, data: bytes, expected: str
) -> None:
    response = client_for(region.lisi).post(IMPORT_URL, upload(data, name=name))

    errors = field_errors(response)
    assert errors and errors[0].startswith("“Word 公文”：") and expected in errors[0]
    assert SESSION_KEY not in response.wsgi_request.session


def test_it_refuses_a_file_over_the_size_limit(region: Region, settings: Any) -> None:
    settings.GONGKAI_DOCX_IMPORT_MAX_MB = 0
    errors = field_errors(client_for(region.lisi).post(IMPORT_URL, upload(docx_bytes())))
    assert errors and "文件大小超过上限" in errors[0]


def test_it_asks_for_a_file_when_none_is_sent(region: Region) -> None:
    assert field_errors(client_for(region.lisi).post(IMPORT_URL, {})) == [
        "“Word 公文”：请选择要导入的 .docx 文件。"
    ]


# --- The pre-filled add form ------------------------------------------------------------------------


def test_it_prefills_the_add_form_and_saves_nothing(region: Region) -> None:
    client = client_for(region.lisi)
    uploaded = client.post(IMPORT_URL, upload(docx_bytes()))

    assert uploaded.status_code == 302 and uploaded["Location"].startswith(f"{ADD_URL}?import=")
    response = client.get(uploaded["Location"])
    form = response.context["form"]
    assert form["title"].value() == TITLE
    assert form["doc_number"].value() == "示发改价格〔2026〕15号"
    assert form["genre"].value() == "通知"
    assert form["written_on"].value() == datetime.date(2026, 3, 2)
    assert form["formed_on"].value() == datetime.date(2026, 3, 2)
    assert form["org"].value() == region.fgw.pk
    assert "决定开展2026年度价格监测工作" in form["body"].value()
    html = response.content.decode()
    assert f'value="{TITLE}"' in html
    assert "价格监测点名单" in messages_of(response)  # the 附件 to upload after saving
    assert Document.objects.count() == 0


def test_it_lists_the_warnings_in_a_message(region: Region) -> None:
    lines = ("关于开展价格监测的通知", "各区发展改革局：", "现将有关事项通知如下。")
    response = client_for(region.lisi).post(IMPORT_URL, upload(docx_bytes(lines)), follow=True)

    text = messages_of(response)
    assert "未找到发文字号" in text and "未找到成文日期" in text
    assert response.context["form"]["title"].value() == "关于开展价格监测的通知"
    assert response.context["form"]["org"].value() == region.fgw.pk  # his only editor organization


def test_it_shows_a_blank_add_form_for_an_unknown_token(region: Region) -> None:
    response = client_for(region.lisi).get(f"{ADD_URL}?import=nonsense")
    assert response.status_code == 200
    assert not response.context["form"]["title"].value()


def test_it_takes_a_word_document_to_a_saved_draft(region: Region) -> None:
    client = client_for(region.lisi)
    add_page = client.get(client.post(IMPORT_URL, upload(docx_bytes()))["Location"])
    form = add_page.context["form"]
    body_widget = form.fields["body"].widget
    subject = Subject.objects.filter(parent__isnull=False).order_by("sort").first()
    assert subject is not None
    # What the browser sends back when the editor only picks a 主题分类 and saves.
    data = {
        "org": form["org"].value(),
        "title": form["title"].value(),
        "kind": "document",
        "doc_number": form["doc_number"].value(),
        "genre": form["genre"].value(),
        "subject": subject.pk,
        "validity": "valid",
        "disclosure": "proactive",
        "written_on": form["written_on"].value().isoformat(),
        "formed_on": form["formed_on"].value().isoformat(),
        "body": body_widget.format_value(form["body"].value()),
    }

    response = client.post(ADD_URL, data)

    document = Document.objects.get()
    assert response.status_code == 302
    assert document.status == DocumentStatus.DRAFT and document.created_by == region.lisi
    assert (document.org, document.title, document.doc_number, document.genre) == (
        region.fgw,
        TITLE,
        "示发改价格〔2026〕15号",
        "通知",
    )
    assert document.written_on == datetime.date(2026, 3, 2)
    assert "各监测点要按周报送粮油、肉蛋、蔬菜等商品价格。" in document.body
    assert "示发改价格" not in document.body
