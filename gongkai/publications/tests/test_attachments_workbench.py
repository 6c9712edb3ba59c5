"""The document edit screen's attachments (附件), columns (所属栏目) and searchable choosers (解读的政策文件,
联合发文机构), driven through the workbench form as the personas."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import ModelLogEntry

from gongkai.core.exceptions import ServicePermissionDenied, StateConflict
from gongkai.core.testing import Region, client_for
from gongkai.orgs.models import Organization
from gongkai.portal.models import ColumnPage, OrganizationPage
from gongkai.publications.models import Document, DocumentAttachment
from gongkai.publications.services import (
    document_attachment_add,
    document_attachment_remove,
    document_submit,
)
from gongkai.publications.tests.helpers import draft, published
from gongkai.publications.tests.test_viewsets import form_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("two_factor_off", "media_in_tmp")]

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
NS = "wagtailsnippets_publications_document"


@pytest.fixture
def media_in_tmp(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = str(tmp_path)


def edit_url(document: Document) -> str:
    return reverse(f"{NS}:edit", args=[document.pk])


def edit_data(region: Region, document: Document, **changes: Any) -> dict[str, Any]:
    """The form as the edit screen posts it for ``document`` (title and org of the draft kept)."""
    return form_data(region, title=document.title, **changes)


def column(org: Organization, key: str) -> ColumnPage:
    return ColumnPage.objects.descendant_of(OrganizationPage.objects.get(org=org)).get(column_key=key)


def updates_of(document: Document) -> list[dict[str, Any]]:
    entries = ModelLogEntry.objects.filter(object_id=str(document.pk), action="gongkai.document.update")
    return [entry.data for entry in entries.order_by("pk")]


# --- Attachments ----------------------------------------------------------------------------------------


def test_it_uploads_lists_and_removes_attachments_on_the_edit_screen(region: Region) -> None:
    document = draft(region)
    lisi = client_for(region.lisi)
    upload = SimpleUploadedFile("原件.pdf", PDF, content_type="application/pdf")

    saved = lisi.post(
        edit_url(document),
        {**edit_data(region, document), "attachment_file": upload, "attachment_title": "通知原件"},
    )
    attachment = DocumentAttachment.objects.get(document=document)
    assert saved.status_code == 302
    assert (attachment.title, attachment.file_type, attachment.file_size) == ("通知原件", "pdf", len(PDF))
    page = lisi.get(edit_url(document)).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "通知原件" in page and "48" in page and "保存时删除" in page  # size in bytes, download count

    removed = lisi.post(
        edit_url(document), {**edit_data(region, document), "attachments_remove": [attachment.pk]}
    )
    assert removed.status_code == 302 and not document.attachments.exists()
    extras = updates_of(document)
    assert any("attachment_added" in extra for extra in extras)
    assert any(extra.get("attachment_removed", {}).get("title") == "通知原件" for extra in extras)


def test_it_refuses_a_bad_file_on_its_field_and_keeps_everything_typed(region: Region) -> None:
    document = draft(region)
    data = {**edit_data(region, document, summary="新的内容概述"), "attachment_title": "保留的附件名"}
    data["attachment_file"] = SimpleUploadedFile("程序.exe", b"MZ\x90\x00")

    response = client_for(region.lisi).post(edit_url(document), data)

    assert response.status_code == 200
    errors = response.context["form"].errors["attachment_file"]
    assert "不支持的文件类型" in errors[0] and "请重新选择要上传的文件。" in errors
    html = response.content.decode()
    assert "新的内容概述" in html and 'value="保留的附件名"' in html
    document.refresh_from_db()
    assert document.summary != "新的内容概述"  # the whole save was undone
    assert not document.attachments.exists()


def test_it_offers_no_upload_once_submitted_and_the_service_refuses_removal(region: Region) -> None:
    document = draft(region)
    attachment = document_attachment_add(
        actor=region.lisi, document=document, file=SimpleUploadedFile("a.pdf", PDF)
    )
    with pytest.raises(ServicePermissionDenied):
        document_attachment_remove(actor=region.zhaoliu, attachment=attachment)
    document_submit(actor=region.lisi, document=document)

    page = client_for(region.lisi).get(edit_url(document)).content.decode()
    assert 'name="attachment_file"' not in page and "只有草稿可以上传或删除附件" in page
    with pytest.raises(StateConflict):
        document_attachment_remove(actor=region.lisi, attachment=attachment)
    assert document.attachments.count() == 1


def test_it_hides_another_organizations_attachments(region: Region) -> None:
    document = draft(region)
    document_attachment_add(actor=region.lisi, document=document, file=SimpleUploadedFile("a.pdf", PDF))
    assert client_for(region.zhaoliu).get(edit_url(document)).status_code == 404


# --- Columns ----------------------------------------------------------------------------------------------


def test_it_places_a_draft_in_its_organizations_columns_from_the_form(region: Region) -> None:
    document = draft(region)
    policies = column(region.fgw, "policies")
    lisi = client_for(region.lisi)

    saved = lisi.post(edit_url(document), edit_data(region, document, columns=[policies.pk]))
    assert saved.status_code == 302
    assert list(document.columns.all()) == [policies]
    page = lisi.get(edit_url(document)).content.decode()
    assert "示例市发展和改革委员会 › " in page and f'<option value="{policies.pk}" selected>' in page

    refused = lisi.post(
        edit_url(document), edit_data(region, document, columns=[column(region.edu, "policies").pk])
    )
    assert refused.status_code == 200
    assert refused.context["form"].errors["columns"] == ["“所属栏目”：所选栏目不是本机构的栏目。"]
    assert list(document.columns.all()) == [policies]


def test_it_searches_only_the_columns_of_the_editors_organization(region: Region) -> None:
    url = reverse("publications_search_select", args=["columns"])
    found = client_for(region.lisi).get(url, {"q": "政策", "org": str(region.fgw.pk)}).json()["results"]
    assert found and all(row["label"].startswith("示例市发展和改革委员会 › ") for row in found)
    assert client_for(region.lisi).get(url, {"org": region.edu.pk}).json()["results"] == []


# --- Choosers for long lists -------------------------------------------------------------------------------


def test_it_renders_only_the_chosen_organizations_and_documents(region: Region) -> None:
    # Many organizations: plain rows are enough here (no pages or collections needed to be offered).
    Organization.objects.bulk_create(
        Organization(code=f"town{number}", name=f"示例镇{number}", parent=region.city) for number in range(30)
    )
    policy = published(region, title="被解读的政策")
    published(region, title="另一份政策")
    interpretation = draft(
        region, title="政策解读", kind="interpretation", interprets=[policy.pk], joint_issuers=[region.edu]
    )

    html = client_for(region.lisi).get(edit_url(interpretation)).content.decode()

    joint = re.search(r'<select name="joint_issuers".*?</select>', html, re.S)
    interprets = re.search(r'<select name="interprets".*?</select>', html, re.S)
    assert joint and re.findall(r"<option[^>]*>([^<]*)</option>", joint.group()) == ["示例市教育局"]
    assert interprets and len(re.findall("<option", interprets.group())) == 1
    assert "被解读的政策" in interprets.group() and "另一份政策" not in interprets.group()
    assert "data-gk-search-select" in html and "search-select.js" in html


def test_it_searches_policy_documents_and_organizations_for_the_choosers(region: Region) -> None:
    policy = published(region, title="关于促进民营经济发展的若干措施")
    search = reverse("publications_search_select", args=["policy-documents"])
    orgs = reverse("publications_search_select", args=["organizations"])

    found = client_for(region.lisi).get(search, {"q": "民营 措施"}).json()["results"]
    assert [row["id"] for row in found] == [policy.pk]
    # Not another organization's: 赵六 of 市教育局 does not find 市发展改革委's documents.
    assert client_for(region.zhaoliu).get(search, {"q": "民营"}).json()["results"] == []
    assert [row["label"] for row in client_for(region.lisi).get(orgs, {"q": "教育"}).json()["results"]] == [
        "示例市教育局"
    ]
    assert (
        client_for(region.lisi).get(reverse("publications_search_select", args=["nothing"])).status_code
        == 404
    )
