"""依申请转主动 (条例第四十四条) and the case library (典型案例) of disclosure on request.

Information that applicants ask for repeatedly and that can be disclosed should be disclosed proactively:
one action drafts a proactive document from a case that released information; the draft then takes the
catalogue's normal path (保密审查, publication) in gongkai.publications. The case library keeps exemplary
cases for staff, with the applicant's identity removed.
"""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core.audit import audit_log
from gongkai.core.exceptions import StateConflict
from gongkai.core.permissions import require_role
from gongkai.foi.choices import CaseStatus, Outcome
from gongkai.foi.models import FoiCase, FoiLibraryEntry
from gongkai.foi.services.common import HANDLER_ROLES, Errors, user_or_none
from gongkai.publications.models import Document

RELEASING_OUTCOMES = frozenset({Outcome.DISCLOSED, Outcome.PARTIALLY_DISCLOSED})


def foi_case_convert_to_proactive(
    *, actor: Any, case: FoiCase, title: str, genre: str, subject: str, body: str, summary: str = ""
) -> Document:
    """Draft a proactive document from the information a closed case disclosed (条例第四十四条).

    The actor needs to handle the case and to edit the organization's catalogue (document_create checks
    the editor role); the draft goes through 保密审查 like any other.
    """
    from gongkai.publications.services import document_create

    require_role(actor, case.org, HANDLER_ROLES, action=_("将依申请公开的信息转为主动公开"))
    if case.status not in (CaseStatus.CLOSED, CaseStatus.ARCHIVED) or case.outcome not in RELEASING_OUTCOMES:
        raise StateConflict(
            _("只有答复为“予以公开”或“部分公开”的已办结案件，才能将所公开的信息转为主动公开。")
        )
    if case.converted_document_id is not None:
        raise StateConflict(
            _("本案公开的信息已转为主动公开（政府信息编号 %(id)s）。") % {"id": case.converted_document_id}
        )
    with transaction.atomic():
        document = document_create(
            actor=actor, org=case.org, title=title, genre=genre, subject=subject, body=body, summary=summary
        )
        FoiCase.objects.filter(pk=case.pk).update(converted_document=document)
        case.converted_document = document
        audit_log(
            instance=case,
            action="gongkai.foi.convert",
            actor=actor,
            org_code=case.org.code,
            extra={"document": document.pk},
        )
    return document


# ID numbers, mobile and landline numbers, e-mail addresses: removed from library texts whatever the case.
_IDENTIFYING = [
    re.compile(r"\d{17}[\dXx]|\d{15}"),
    re.compile(r"1[3-9]\d{9}"),
    re.compile(r"0\d{2,3}-?\d{7,8}"),
    re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"),
    re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}"),  # 统一社会信用代码
]


def anonymize(text: str, *, names: list[str]) -> str:
    """``text`` without the applicant's names and any ID number, phone, e-mail or credit code."""
    for name in sorted({n for n in names if n}, key=len, reverse=True):
        text = text.replace(name, _("申请人"))
    for pattern in _IDENTIFYING:
        text = pattern.sub("*" * 4, text)
    return text


def foi_library_add(
    *, actor: Any, case: FoiCase, title: str, request_summary: str, handling: str, basis: str = ""
) -> FoiLibraryEntry:
    """Add a closed case to the staff case library, with the applicant's identity removed from every text."""
    require_role(actor, case.org, HANDLER_ROLES, action=_("编写典型案例"))
    if case.status not in (CaseStatus.CLOSED, CaseStatus.ARCHIVED):
        raise StateConflict(_("只有已办结的案件可以编入案例库。"))
    errors = Errors()
    for field_name, value, label in (
        ("title", title, _("案例名称")),
        ("request_summary", request_summary, _("申请内容")),
        ("handling", handling, _("办理过程与要点")),
    ):
        if not value.strip():
            errors.add(field_name, _("%(label)s：必填。") % {"label": label})
    errors.raise_if_any()
    names = [case.applicant_name, case.applicant_contact_name, case.applicant_legal_representative]
    with transaction.atomic():
        entry = FoiLibraryEntry.objects.create(
            org=case.org,
            source_case=case,
            title=anonymize(title.strip(), names=names),
            request_summary=anonymize(request_summary.strip(), names=names),
            handling=anonymize(handling.strip(), names=names),
            outcome=case.outcome,
            basis=basis.strip(),
            year=(case.closed_on or case.submitted_on).year,
            created_by=user_or_none(actor),
        )
        audit_log(
            instance=case,
            action="gongkai.foi.library",
            actor=actor,
            org_code=case.org.code,
            extra={"entry": entry.pk},
        )
    return entry
