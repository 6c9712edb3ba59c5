"""foi_attachment_add: files kept with a case in the private storage, typed by their content, audited."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError
from gongkai.core.testing import Region
from gongkai.foi.choices import AttachmentKind, Channel
from gongkai.foi.models import FoiAttachment, FoiCase
from gongkai.foi.services import ApplicantData, foi_attachment_add, foi_case_create

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


def _case(region: Region, channel: str = Channel.ONLINE) -> FoiCase:
    return foi_case_create(
        actor=None if channel == Channel.ONLINE else region.lisi,
        org=region.fgw,
        channel=channel,
        submitted_on=datetime.date(2026, 3, 2),
        applicant=ApplicantData(kind="person", name="张三", phone="13812345678"),
        description="示例市2025年度重大建设项目批准结果信息",
        today=datetime.date(2026, 3, 2),
    ).case


def _file(content: bytes, name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_it_keeps_the_identity_document_of_an_online_application_privately(region: Region) -> None:
    case = _case(region)

    attachment = foi_attachment_add(
        actor=None, case=case, kind=AttachmentKind.IDENTITY, file=_file(JPEG, "id.JPG")
    )

    assert attachment.original_name == "id.JPG" and attachment.size == len(JPEG)
    assert attachment.file.name.startswith("foi/") and attachment.file.name.endswith(".jpg")
    assert attachment.file.storage is FoiAttachment._meta.get_field("file").storage  # foi_private
    with attachment.file.open("rb") as stored:
        assert stored.read() == JPEG
    entry = ModelLogEntry.objects.filter(action="gongkai.foi.attachment").get()
    assert entry.data["kind"] == "identity" and entry.data["type"] == "jpg" and entry.user is None


def test_it_lets_the_public_add_one_identity_document_and_nothing_else(region: Region) -> None:
    case = _case(region)
    foi_attachment_add(actor=None, case=case, kind=AttachmentKind.IDENTITY, file=_file(PDF, "id.pdf"))

    with pytest.raises(ServicePermissionDenied, match="已经提交"):
        foi_attachment_add(actor=None, case=case, kind=AttachmentKind.IDENTITY, file=_file(PDF, "again.pdf"))
    with pytest.raises(ServicePermissionDenied, match="只有工作人员"):
        foi_attachment_add(actor=None, case=case, kind=AttachmentKind.RELEASED, file=_file(PDF, "x.pdf"))
    in_person = _case(region, Channel.IN_PERSON)
    with pytest.raises(ServicePermissionDenied):
        foi_attachment_add(
            actor=None, case=in_person, kind=AttachmentKind.IDENTITY, file=_file(PDF, "id.pdf")
        )
    assert FoiAttachment.objects.count() == 1


def test_it_lets_handlers_of_the_organization_attach_and_no_one_else(region: Region) -> None:
    case = _case(region, Channel.IN_PERSON)

    attachment = foi_attachment_add(
        actor=region.lisi, case=case, kind=AttachmentKind.APPLICATION, file=_file(PDF, "申请书.pdf")
    )
    assert attachment.uploaded_by == region.lisi

    with pytest.raises(ServicePermissionDenied):
        foi_attachment_add(
            actor=region.zhaoliu, case=case, kind=AttachmentKind.APPLICATION, file=_file(PDF, "x.pdf")
        )


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"MZ\x90\x00 an executable", "id.png", "身份证明：只能上传JPG、PNG、PDF格式的文件"),
        (b"PK\x03\x04 a zip, not a picture", "id.pdf", "只能上传JPG、PNG、PDF"),
        (b"", "id.pdf", "身份证明：文件是空的"),
    ],
)
def test_it_types_a_file_by_its_content_and_names_the_rule(
    region: Region, content: bytes, name: str, message: str
) -> None:
    case = _case(region)
    with pytest.raises(ServiceValidationError, match=message) as raised:
        foi_attachment_add(actor=None, case=case, kind=AttachmentKind.IDENTITY, file=_file(content, name))
    assert "file" in raised.value.errors
    assert FoiAttachment.objects.count() == 0


def test_it_refuses_a_file_over_the_size_limit(region: Region, settings: object) -> None:
    settings.GONGKAI_FOI_ATTACHMENT_MAX_MB = 1  # type: ignore[attr-defined]
    case = _case(region)
    big = _file(PDF + b"0" * (1024 * 1024), "big.pdf")

    with pytest.raises(ServiceValidationError, match="超过上限1MB"):
        foi_attachment_add(actor=None, case=case, kind=AttachmentKind.IDENTITY, file=big)
