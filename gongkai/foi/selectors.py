"""Reads of disclosure on request: who may see which case, and the shapes the screens and the API need.

A case is never public. Staff see the cases of the organizations where they handle applications or
administer (CASE_READER_ROLES); only handlers and heads see the applicant's ID number and phone in full
(PERSONAL_DATA_ROLES), and every such view is audited by the view that shows it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from gongkai.core.permissions import has_role, org_ids_where
from gongkai.foi import engine_bridge
from gongkai.foi.choices import Outcome
from gongkai.foi.deadlines import Deadlines
from gongkai.foi.models import FoiCase
from gongkai.foi.similarity import similar_groups
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


@dataclass(frozen=True)
class RepeatedRequest:
    """Applications received within ``days`` that ask for the same information (条例第四十四条)."""

    shared_words: tuple[str, ...]
    cases: list[FoiCase]

    @property
    def releasable(self) -> bool:
        """Whether one of them disclosed information, so converting it to proactive disclosure is possible."""
        return any(case.outcome in (Outcome.DISCLOSED, Outcome.PARTIALLY_DISCLOSED) for case in self.cases)

    @property
    def converted(self) -> bool:
        return any(case.converted_document_id for case in self.cases)


def foi_repeated_requests(
    *, user: Any, today: datetime.date | None = None, days: int = 365, min_size: int = 3, at_most: int = 3000
) -> list[RepeatedRequest]:
    """Groups of similar recent applications the user may see, largest first (依申请转主动 suggestions).

    Compared within each organization (conversion is the organization's decision), over the latest
    ``at_most`` applications received in the last ``days`` days.
    """
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=days)
    recent = list(
        foi_case_list_for(user=user)
        .filter(submitted_on__gte=since)
        .order_by("-submitted_on", "-pk")
        .select_related(None)
        .select_related("org")
        .only("pk", "org", "number", "info_name", "description", "submitted_on", "outcome", "status",
              "converted_document", "org__name", "org__code")[:at_most]
    )  # fmt: skip
    by_org: dict[int, list[FoiCase]] = {}
    for case in recent:
        by_org.setdefault(case.org_id, []).append(case)
    groups: list[RepeatedRequest] = []
    for cases in by_org.values():
        by_pk = {case.pk: case for case in cases}
        texts = [(case.pk, f"{case.info_name} {case.description}") for case in cases]
        for group in similar_groups(texts, min_size=min_size):
            groups.append(RepeatedRequest(group.shared_words, [by_pk[pk] for pk in group.keys]))
    return sorted(groups, key=lambda group: -len(group.cases))
