"""转办: moving an application to another organization of the platform.

An application sent to the wrong agency is, under 条例第三十六条第（五）项, answered "not this agency's",
naming the responsible one. When both agencies work on this platform, the platform is one 受理 point
(集约化) and the application is handed on instead: the receiving agency handles it as received.

The choice made here, to be confirmed by the lead: the case keeps its number, its events and every date.
The applicant asked the platform on the day it was received, so the receiving agency answers within the
same clock (条例第三十三条); nothing restarts. The handler is cleared (the receiving office assigns its
own); the case's history, notes and files move with it.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core.audit import audit_log
from gongkai.core.exceptions import ServiceValidationError, StateConflict
from gongkai.core.permissions import require_role
from gongkai.foi.choices import OPEN_STATUSES
from gongkai.foi.models import FoiCase
from gongkai.foi.services.common import HANDLER_ROLES, state
from gongkai.orgs.models import Organization


def foi_case_transfer(*, actor: Any, case: FoiCase, to_org: Organization, reason: str) -> FoiCase:
    """Move an open case to ``to_org`` (转办), keeping its dates; foi_handler or foi_head of the case's
    current organization. Refused (StateConflict) once the case is closed: it was answered there."""
    require_role(actor, case.org, HANDLER_ROLES, action=_("转办政府信息公开申请"))
    errors: dict[str, list[str]] = {}
    if not reason.strip():
        errors["reason"] = [_("转办理由：必填，请写明为何由该机关办理。")]
    if to_org.pk == case.org_id:
        errors["to_org"] = [_("转办机关：不能是本机关。")]
    elif not to_org.is_active:
        errors["to_org"] = [_("转办机关：该机构已停用，不能受理申请。")]
    if errors:
        first = next(iter(errors.values()))[0]
        raise ServiceValidationError(first, errors)
    with transaction.atomic():
        case = FoiCase.objects.select_for_update().select_related("org").get(pk=case.pk)
        if case.status not in OPEN_STATUSES:
            raise StateConflict(
                _("只有办理中的案件可以转办；本案状态为“%(status)s”。")
                % {"status": case.get_status_display()}
            )
        from_org = case.org
        before = state(case)
        case.org = to_org
        case.handler = None
        case.save(update_fields=["org", "handler", "updated_at"])
        # The applicant is told with a 转办告知书 (LetterKind.TRANSFER) in the name of the organization
        # handing the case on (条例第三十六条第（五）项), prepared by the receiving one, which now holds the
        # case: its case page offers the letter while no transfer letter was drafted after this entry
        # (gongkai.foi.workbench.letters), and foi_letter_draft reads the organizations and the date from
        # this entry (gongkai.foi.selectors.foi_case_last_transfer). "applicant_notice" stays "pending"
        # here (the log is append-only); the letter's own send entry records the notice.
        audit_log(
            instance=case,
            action="gongkai.foi.transfer",
            actor=actor,
            org_code=from_org.code,
            before=before,
            after=state(case),
            extra={
                "from_org": from_org.code,
                "from_org_name": from_org.name,
                "to_org": to_org.code,
                "to_org_name": to_org.name,
                "reason": reason.strip(),
                "applicant_notice": "pending",
            },
        )
    return case
