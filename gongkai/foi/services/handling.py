"""Assignment, archiving and internal notes of a case (办理、归档, 条例第四十五条)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.audit import audit_log
from gongkai.core.exceptions import ServiceValidationError, StateConflict
from gongkai.core.permissions import has_role, require_role
from gongkai.foi.choices import (
    CaseStatus,
)
from gongkai.foi.models import (
    FoiCase,
    FoiNote,
)
from gongkai.foi.services.common import HANDLER_ROLES, state, user_or_none

# --- Assignment, transfer, notes, archive ------------------------------------------------------------


def foi_case_assign(*, actor: Any, case: FoiCase, handler: Any) -> FoiCase:
    """Give the case to a 经办人 of its organization (foi_head or foi_handler may assign)."""
    require_role(actor, case.org, HANDLER_ROLES, action=_("分配政府信息公开申请"))
    if handler is not None and not has_role(handler, case.org, HANDLER_ROLES):
        raise ServiceValidationError(
            _("经办人：%(name)s 不是本机构的依申请公开经办人。") % {"name": handler},
            {"handler": [_("不是本机构的经办人。")]},
        )
    with transaction.atomic():
        case = FoiCase.objects.select_for_update().select_related("org").get(pk=case.pk)
        before = state(case)
        case.handler = handler
        case.save(update_fields=["handler", "updated_at"])
        audit_log(
            instance=case,
            action="gongkai.foi.assign",
            actor=actor,
            org_code=case.org.code,
            before=before,
            after=state(case),
        )
    return case


def foi_case_archive(*, actor: Any, case: FoiCase) -> FoiCase:
    """归档, the last stage of 条例第四十五条: only a closed case; afterwards nothing more is recorded."""
    require_role(actor, case.org, HANDLER_ROLES, action=_("归档政府信息公开申请"))
    with transaction.atomic():
        case = FoiCase.objects.select_for_update().select_related("org").get(pk=case.pk)
        if case.status != CaseStatus.CLOSED:
            raise StateConflict(
                _("只有已办结的案件可以归档；本案状态为“%(status)s”。")
                % {"status": case.get_status_display()}
            )
        before = state(case)
        case.status = CaseStatus.ARCHIVED
        case.archived_at = timezone.now()
        case.save(update_fields=["status", "archived_at", "updated_at"])
        audit_log(
            instance=case,
            action="gongkai.foi.archive",
            actor=actor,
            org_code=case.org.code,
            before=before,
            after=state(case),
        )
    return case


# --- Internal notes -----------------------------------------------------------------------------------


def foi_note_add(*, actor: Any, case: FoiCase, text: str) -> FoiNote:
    """An internal note (办理意见, 内部会商): staff of the organization only; never shown to the applicant."""
    require_role(actor, case.org, HANDLER_ROLES, action=_("填写办理意见"))
    if not text.strip():
        raise ServiceValidationError(_("办理意见：必填。"), {"text": [_("必填。")]})
    with transaction.atomic():
        note = FoiNote.objects.create(case=case, author=user_or_none(actor), text=text.strip())
        audit_log(
            instance=case,
            action="gongkai.foi.note",
            actor=actor,
            org_code=case.org.code,
            extra={"note": note.pk},
        )
    return note
