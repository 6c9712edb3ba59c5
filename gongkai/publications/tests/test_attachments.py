"""Attachments of documents (附件, issue 3 item 1): upload checks, the public download and its counter."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError, StateConflict
from gongkai.core.testing import Region
from gongkai.publications.models import DocumentAttachment
from gongkai.publications.services import (
    document_approve,
    document_attachment_add,
    document_publish,
    document_submit,
    document_withdraw,
)
from gongkai.publications.tests.helpers import draft

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _publish(region: Region, document: Any) -> Any:
    document = document_submit(actor=region.lisi, document=document)
    document = document_approve(actor=region.wangwu, document=document)
    return document_publish(actor=region.wangwu, document=document)


def test_it_stores_an_attachment_in_the_organizations_collection(region: Region) -> None:
    document = draft(region)
    first = document_attachment_add(
        actor=region.lisi, document=document, file=SimpleUploadedFile("原件.pdf", PDF), title="通知原件"
    )
    second = document_attachment_add(
        actor=region.lisi, document=document, file=SimpleUploadedFile("附表.docx", _docx()), title=""
    )

    region.fgw.refresh_from_db()
    assert first.file.collection_id == region.fgw.collection_id is not None
    assert (first.sort_order, first.file_type, first.file_size) == (1, "pdf", len(PDF))
    assert (second.sort_order, second.file_type, second.title) == (2, "docx", "附表.docx")
    assert first.get_url() == f"/documents/{document.pk}/attachments/1/"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("程序.exe", b"MZ\x90\x00", "不支持的文件类型“exe”"),
        ("伪装.pdf", b"MZ\x90\x00", "文件内容不是PDF格式"),
        ("伪装.docx", b"PK\x03\x04not really a zip", "文件内容不是DOCX格式"),
        ("表格.xlsx", _docx(), "文件内容不是XLSX格式"),  # a Word file renamed to .xlsx
    ],
)
def test_it_refuses_a_file_whose_type_or_content_is_not_accepted(
    region: Region, name: str, content: bytes, message: str
) -> None:
    document = draft(region)
    with pytest.raises(ServiceValidationError) as refused:
        document_attachment_add(
            actor=region.lisi, document=document, file=SimpleUploadedFile(name, content), title=""
        )

    assert "file" in refused.value.errors
    assert refused.value.message.startswith("“附件”：") and message in refused.value.message
    assert not DocumentAttachment.objects.exists()


def test_it_refuses_a_file_over_the_size_limit(region: Region, settings: Any) -> None:
    settings.GONGKAI_ATTACHMENT_MAX_MB = 1
    big = SimpleUploadedFile("大文件.pdf", PDF + b"0" * (1024 * 1024))

    with pytest.raises(ServiceValidationError) as refused:
        document_attachment_add(actor=region.lisi, document=draft(region), file=big, title="")

    assert refused.value.errors == {"file": ["文件过大。"]}
    assert "超过上限1MB" in refused.value.message


def test_it_lets_only_the_organizations_editor_attach_to_a_draft(region: Region) -> None:
    document = draft(region)
    with pytest.raises(ServicePermissionDenied):
        document_attachment_add(
            actor=region.zhaoliu, document=document, file=SimpleUploadedFile("a.pdf", PDF)
        )
    published_document = _publish(region, draft(region, title="已发布"))
    with pytest.raises(StateConflict):
        document_attachment_add(
            actor=region.lisi, document=published_document, file=SimpleUploadedFile("a.pdf", PDF)
        )


def test_it_serves_and_counts_downloads_of_a_published_documents_attachment(
    region: Region, client: Client
) -> None:
    document = draft(region)
    document_attachment_add(
        actor=region.lisi, document=document, file=SimpleUploadedFile("原件.pdf", PDF), title="通知原件"
    )
    url = f"/documents/{document.pk}/attachments/1/"
    assert client.get(url).status_code == 404  # a draft's files are not public

    _publish(region, document)
    page = client.get(f"/documents/{document.pk}/").content.decode()
    answers = [client.get(url) for _ in range(2)]

    assert f'<a href="{url}" download>通知原件</a>' in page and "（PDF，" in page
    assert all(answer.status_code == 200 for answer in answers)
    assert b"".join(answers[0].streaming_content) == PDF  # type: ignore[attr-defined]
    assert "attachment;" in answers[0]["Content-Disposition"]
    assert DocumentAttachment.objects.get().download_count == 2
    assert client.get(f"/documents/{document.pk}/attachments/2/").status_code == 404


def test_it_stops_serving_attachments_of_a_withdrawn_document(region: Region, client: Client) -> None:
    document = draft(region)
    document_attachment_add(actor=region.lisi, document=document, file=SimpleUploadedFile("a.pdf", PDF))
    document_withdraw(actor=region.wangwu, document=_publish(region, document), reason="内容有误")

    assert client.get(f"/documents/{document.pk}/attachments/1/").status_code == 404
    assert "/attachments/1/" not in client.get(f"/documents/{document.pk}/").content.decode()
    assert DocumentAttachment.objects.get().download_count == 0


def test_it_keeps_wagtails_own_url_of_a_drafts_attachment_private(
    region: Region, client: Client, settings: Any
) -> None:
    # Wagtail's view sends files from a local path, which the tests' in-memory storage does not have.
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    document = draft(region)
    attachment = document_attachment_add(
        actor=region.lisi, document=document, file=SimpleUploadedFile("原件.pdf", PDF), title="通知原件"
    )
    wagtail_url = attachment.file.url  # /documents/<wagtail id>/<filename>, served by Wagtail's view

    assert client.get(wagtail_url).status_code == 404
    client.force_login(region.zhaoliu)  # staff of another organization
    assert client.get(wagtail_url).status_code == 404
    client.force_login(region.lisi)  # the document's editor
    assert client.get(wagtail_url).status_code == 200

    client.logout()
    _publish(region, document)
    assert client.get(wagtail_url).status_code == 200
