"""Files kept with a case (案件附件): the applicant's identity document (条例第二十九条第二款第一项), scans,
envelopes, the information released. Stored in the private ``foi_private`` storage, never public."""

from __future__ import annotations

import secrets
import zipfile
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core.audit import audit_log
from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError
from gongkai.core.permissions import require_role
from gongkai.foi.choices import AttachmentKind, CaseStatus, Channel
from gongkai.foi.models import FoiAttachment, FoiCase
from gongkai.foi.services.common import HANDLER_ROLES, user_or_none

# Not statutory: the largest file one may attach (GONGKAI_FOI_ATTACHMENT_MAX_MB); a phone photo of an ID
# card or a scanned page is far below it.
ATTACHMENT_MAX_MB_DEFAULT = 10

# What a file of each accepted type begins with; a ZIP-based type also names a member it must contain.
# The type is decided by the content, never by the name the browser sent.
_JPEG = (b"\xff\xd8\xff", None)
_PNG = (b"\x89PNG\r\n\x1a\n", None)
_PDF = (b"%PDF-", None)
_ZIP = b"PK\x03\x04"
FILE_SIGNATURES: dict[str, tuple[bytes, str | None]] = {
    "pdf": _PDF,
    "jpg": _JPEG,
    "png": _PNG,
    "docx": (_ZIP, "word/"),
    "xlsx": (_ZIP, "xl/"),
    "ofd": (_ZIP, "OFD.xml"),
}
# An identity document is a photo or a scan; the other kinds may also be office documents.
IDENTITY_TYPES = ("jpg", "png", "pdf")
ACCEPTED_TYPES: dict[str, tuple[str, ...]] = {
    AttachmentKind.IDENTITY: IDENTITY_TYPES,
    AttachmentKind.ENVELOPE: IDENTITY_TYPES,
}
ALL_TYPES = tuple(FILE_SIGNATURES)


def attachment_max_bytes() -> int:
    """The upload limit of one file in bytes (settings.GONGKAI_FOI_ATTACHMENT_MAX_MB)."""
    return int(getattr(settings, "GONGKAI_FOI_ATTACHMENT_MAX_MB", ATTACHMENT_MAX_MB_DEFAULT)) * 1024 * 1024


def accepted_types(kind: str) -> tuple[str, ...]:
    return ACCEPTED_TYPES.get(kind, ALL_TYPES)


def _zip_has_member(file: Any, prefix: str) -> bool:
    try:
        with zipfile.ZipFile(file) as archive:
            return any(name.startswith(prefix) for name in archive.namelist())
    except (zipfile.BadZipFile, OSError):
        return False
    finally:
        file.seek(0)


def detect_file_type(file: Any) -> str | None:
    """The accepted type whose signature the file's content carries (``jpg``, ``pdf`` …), or None."""
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    for file_type, (magic, member) in FILE_SIGNATURES.items():
        if head.startswith(magic) and (member is None or _zip_has_member(file, member)):
            return file_type
    return None


def attachment_file_error(*, kind: str, file: Any, label: str | None = None) -> str:
    """A Chinese sentence naming the field and the rule the file breaks (size, type by content), or "".

    The public form calls it too, so that a wrong file is reported with the other fields' errors before
    anything is saved.
    """
    label = label or str(AttachmentKind(kind).label if kind in AttachmentKind.values else _("附件"))
    size = int(getattr(file, "size", 0) or 0)
    limit = attachment_max_bytes()
    if size <= 0:
        return _("%(label)s：文件是空的，请重新选择。") % {"label": label}
    if size > limit:
        return _("%(label)s：文件大小为%(size).1fMB，超过上限%(mb)sMB。") % {
            "label": label,
            "size": size / (1024 * 1024),
            "mb": limit // (1024 * 1024),
        }
    accepted = accepted_types(kind)
    detected = detect_file_type(file)
    if detected not in accepted:
        return _("%(label)s：只能上传%(types)s格式的文件（按文件内容判断，改扩展名无效）。") % {
            "label": label,
            "types": "、".join(t.upper() for t in accepted),
        }
    return ""


def _check_public_upload(case: FoiCase, kind: str) -> None:
    """Without an account holding a role, only the applicant's own identity document may be added, once,
    to an online application that still awaits its receipt confirmation (the application form)."""
    if kind != AttachmentKind.IDENTITY or case.channel != Channel.ONLINE:
        raise ServicePermissionDenied(_("只有工作人员可以为案件上传此类附件。"))
    if case.status != CaseStatus.PENDING_RECEIPT or case.attachments.filter(kind=kind).exists():
        raise ServicePermissionDenied(_("身份证明已经提交，不能再次上传；如需更换，请联系受理机关。"))


def foi_attachment_add(*, actor: Any, case: FoiCase, kind: str, file: Any) -> FoiAttachment:
    """Keep ``file`` with ``case`` as an attachment of ``kind`` (AttachmentKind) in the private storage.

    ``actor`` None is the public application form: the identity document of a new online application
    only. Staff attach files as foi_handler or foi_head of the case's organization. The file's type is
    decided by its content (JPG, PNG, PDF for identity documents and envelopes; also DOCX, XLSX, OFD for
    the others) and its size is limited (GONGKAI_FOI_ATTACHMENT_MAX_MB).
    """
    if kind not in AttachmentKind.values:
        raise ServiceValidationError(_("附件类型：不是允许的取值。"), {"kind": [_("不是允许的取值。")]})
    if actor is None:
        _check_public_upload(case, kind)
    else:
        require_role(actor, case.org, HANDLER_ROLES, action=_("上传案件附件"))
    problem = attachment_file_error(kind=kind, file=file)
    if problem:
        raise ServiceValidationError(problem, {"file": [problem]})
    file_type = detect_file_type(file)
    original_name = str(getattr(file, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    size = int(file.size)
    with transaction.atomic():
        attachment = FoiAttachment(
            case=case,
            kind=kind,
            original_name=(original_name or f"{kind}.{file_type}")[:200],
            size=size,
            uploaded_by=user_or_none(actor),
        )
        # The stored name is random: what the browser called the file never reaches the file system.
        attachment.file.save(f"{kind}-{secrets.token_hex(8)}.{file_type}", file, save=False)
        attachment.save()
        audit_log(
            instance=case,
            action="gongkai.foi.attachment",
            actor=actor,
            org_code=case.org.code,
            extra={
                "attachment": attachment.pk,
                "kind": kind,
                "type": file_type,
                "size": size,
            },
        )
    return attachment
