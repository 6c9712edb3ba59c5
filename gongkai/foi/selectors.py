"""Reads of disclosure on request: who may see which case, and the shapes the screens and the API need.

A case is never public. Staff see the cases of the organizations where they handle applications or
administer (CASE_READER_ROLES); only handlers and heads see the applicant's ID number and phone in full
(PERSONAL_DATA_ROLES), and every such view is audited by the view that shows it.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.core.permissions import has_role, org_ids_where
from gongkai.foi import engine_bridge
from gongkai.foi.deadlines import Deadlines
from gongkai.foi.models import FoiCase
from gongkai.orgs.choices import Role

CASE_READER_ROLES = [Role.FOI_HANDLER, Role.FOI_HEAD, Role.ORG_ADMIN]
PERSONAL_DATA_ROLES = [Role.FOI_HANDLER, Role.FOI_HEAD]


def foi_case_list_for(*, user: Any) -> QuerySet[FoiCase]:
    """The cases ``user`` may see (none for the public; every case for a platform_admin)."""
    org_ids = org_ids_where(user, CASE_READER_ROLES)
    cases = FoiCase.objects.select_related("org", "handler")
    if org_ids is None:
        return cases
    return cases.filter(org_id__in=org_ids)


def foi_case_get_for(*, user: Any, case_id: int) -> FoiCase:
    """One case ``user`` may see; FoiCase.DoesNotExist otherwise (a 404, never a 403: the number of a case
    of another organization is not to be confirmed)."""
    return foi_case_list_for(user=user).get(pk=case_id)


def may_see_personal_data(*, user: Any, case: FoiCase) -> bool:
    return has_role(user, case.org, PERSONAL_DATA_ROLES)


def foi_case_deadlines(*, case: FoiCase, today: datetime.date | None = None) -> Deadlines:
    """The engine's full result for the case, with its explanation, seen from ``today``."""
    events = list(case.events.order_by("sequence"))
    today = today or timezone.localdate()
    return engine_bridge.deadlines_of(events, today=max(today, events[-1].on))


def foi_case_by_number(*, number: str) -> FoiCase | None:
    """The case with this 申请编号 (for tracking, which also checks the query code)."""
    return FoiCase.objects.select_related("org").filter(number=number.strip().upper()).first()
