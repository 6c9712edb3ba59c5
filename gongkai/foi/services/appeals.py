"""Reconsiderations and lawsuits about a case (条例第五十一条), section 四 of the annual report."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.audit import audit_log, snapshot
from gongkai.core.exceptions import StateConflict
from gongkai.core.permissions import require_role
from gongkai.foi.choices import (
    AppealKind,
    AppealResult,
    CaseStatus,
)
from gongkai.foi.models import (
    FoiAppeal,
    FoiCase,
)
from gongkai.foi.services.common import HANDLER_ROLES, Errors

# --- Appeals (条例第五十一条) ----------------------------------------------------------------------------


def foi_appeal_add(
    *,
    actor: Any,
    case: FoiCase,
    kind: str,
    filed_on: datetime.date,
    result: str = "",
    decided_on: datetime.date | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> FoiAppeal:
    """Record a reconsideration or lawsuit about a case, with its result once decided (section 四 of the
    annual report counts them by kind and result)."""
    require_role(actor, case.org, HANDLER_ROLES, action=_("登记行政复议或行政诉讼"))
    errors = Errors()
    _check_appeal(
        kind=kind, filed_on=filed_on, result=result, decided_on=decided_on, today=today, errors=errors
    )
    errors.raise_if_any()
    if case.status not in (CaseStatus.CLOSED, CaseStatus.ARCHIVED):
        raise StateConflict(_("案件尚未办结，不能登记行政复议或行政诉讼。"))
    with transaction.atomic():
        appeal = FoiAppeal.objects.create(
            case=case, kind=kind, filed_on=filed_on, result=result, decided_on=decided_on, note=note.strip()
        )
        audit_log(
            instance=case,
            action="gongkai.foi.appeal",
            actor=actor,
            org_code=case.org.code,
            after=snapshot(appeal, ("kind", "filed_on", "result", "decided_on")),
        )
    return appeal


def foi_appeal_decide(
    *,
    actor: Any,
    appeal: FoiAppeal,
    result: str,
    decided_on: datetime.date,
    today: datetime.date | None = None,
) -> FoiAppeal:
    """Record the result of a pending appeal."""
    case = appeal.case
    require_role(actor, case.org, HANDLER_ROLES, action=_("登记复议诉讼结果"))
    errors = Errors()
    _check_appeal(
        kind=appeal.kind,
        filed_on=appeal.filed_on,
        result=result,
        decided_on=decided_on,
        today=today,
        errors=errors,
    )
    if not result:
        errors.add("result", _("结果：必填。"))
    errors.raise_if_any()
    with transaction.atomic():
        before = snapshot(appeal, ("result", "decided_on"))
        appeal.result = result
        appeal.decided_on = decided_on
        appeal.save(update_fields=["result", "decided_on"])
        audit_log(
            instance=case,
            action="gongkai.foi.appeal",
            actor=actor,
            org_code=case.org.code,
            before=before,
            after=snapshot(appeal, ("result", "decided_on")),
        )
    return appeal


def _check_appeal(
    *,
    kind: str,
    filed_on: datetime.date,
    result: str,
    decided_on: datetime.date | None,
    today: datetime.date | None,
    errors: Errors,
) -> None:
    today = today or timezone.localdate()
    if kind not in AppealKind.values:
        errors.add("kind", _("类型：应为行政复议、直接起诉或复议后起诉之一。"))
    if filed_on > today:
        errors.add("filed_on", _("申请或起诉日期：不能晚于今天。"))
    if result and result not in AppealResult.values:
        errors.add("result", _("结果：应为维持（upheld）、纠正（corrected）或其他（other）。"))
    if result and decided_on is None:
        errors.add("decided_on", _("决定或判决日期：有结果时必填。"))
    if decided_on is not None:
        if not result:
            errors.add("result", _("结果：有决定或判决日期时必填。"))
        if decided_on < filed_on:
            errors.add("decided_on", _("决定或判决日期：不能早于申请或起诉日期。"))
        if decided_on > today:
            errors.add("decided_on", _("决定或判决日期：不能晚于今天。"))
