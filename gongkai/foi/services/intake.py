"""The staff side of registering and handling applications (申请登记、办理, 条例第四十五条) that the other
service modules do not cover:

- :func:`foi_case_intake`: an application received in person, by post, fax or e-mail, registered with
  the scans of the paper it came on (申请书, 信封或签收凭证), all in one transaction;
- :func:`foi_case_extend`: the extension of 条例第三十三条第二款, which needs the consent of the head of the
  disclosure office (政府信息公开工作机构负责人): only a foi_head records it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core.exceptions import ServiceValidationError
from gongkai.core.permissions import require_role
from gongkai.foi.choices import AttachmentKind, EventType
from gongkai.foi.models import FoiCase
from gongkai.foi.services.attachments import attachment_file_error, foi_attachment_add
from gongkai.foi.services.common import HEAD_ROLES
from gongkai.foi.services.events import foi_case_record_event
from gongkai.foi.services.registration import ApplicantData, RegisteredCase, foi_case_create
from gongkai.orgs.models import Organization


def foi_case_intake(
    *,
    actor: Any,
    org: Organization,
    channel: str,
    submitted_on: datetime.date,
    applicant: ApplicantData,
    description: str,
    received_on: datetime.date | None = None,
    info_name: str = "",
    info_doc_number: str = "",
    form: str = "",
    delivery: str = "",
    scans: Iterable[tuple[str, UploadedFile]] = (),
    today: datetime.date | None = None,
) -> RegisteredCase:
    """Register a paper, fax or e-mail application (条例第二十九条) with its scans, all or nothing.

    The receipt date follows 条例第三十一条 exactly as :func:`foi_case_create` says; ``scans`` are
    (AttachmentKind, file) pairs, checked before anything is saved so that a bad file refuses the whole
    registration with every message at once.
    """
    scans = list(scans)
    errors: dict[str, list[str]] = {}
    for kind, upload in scans:
        field = "envelope_scan" if kind == AttachmentKind.ENVELOPE else "application_scan"
        problem = (
            attachment_file_error(kind=kind, file=upload)
            if upload is not None
            else _("文件：请选择要上传的文件。")
        )
        if problem:
            errors.setdefault(field, []).append(problem)
    with transaction.atomic():
        try:
            registered = foi_case_create(
                actor=actor,
                org=org,
                channel=channel,
                submitted_on=submitted_on,
                received_on=received_on,
                applicant=applicant,
                description=description,
                info_name=info_name,
                info_doc_number=info_doc_number,
                form=form,
                delivery=delivery,
                today=today,
            )
        except ServiceValidationError as refusal:
            if not errors:
                raise
            merged = {**refusal.errors}
            for name, messages in errors.items():
                merged.setdefault(name, []).extend(messages)
            raise ServiceValidationError(refusal.message, merged) from refusal
        if errors:
            first = next(iter(errors.values()))[0]
            raise ServiceValidationError(first, errors)
        for kind, upload in scans:
            foi_attachment_add(actor=actor, case=registered.case, kind=kind, file=upload)
    return registered


def foi_case_extend(
    *,
    actor: Any,
    case: FoiCase,
    on: datetime.date,
    workdays: int,
    reason: str,
    today: datetime.date | None = None,
) -> FoiCase:
    """延期答复 (条例第三十三条第二款): "需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知
    申请人，延长的期限最长不得超过20个工作日". Recorded by the head (foi_head) of the case's organization,
    with the reason the 延期告知书 states; once per case (a second one is a StateConflict, the engine's
    reason)."""
    require_role(actor, case.org, HEAD_ROLES, action=_("延长答复期限（须经政府信息公开工作机构负责人同意）"))
    if not reason.strip():
        raise ServiceValidationError(
            _("延期理由：必填，延期须告知申请人理由（条例第三十三条第二款）。"), {"reason": [_("必填。")]}
        )
    return foi_case_record_event(
        actor=actor,
        case=case,
        type=EventType.EXTENSION,
        on=on,
        data={"workdays": workdays, "reason": reason.strip()},
        today=today,
    )
