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
from django.utils.translation import gettext_lazy as _

from gongkai.core.permissions import has_role, org_ids_where
from gongkai.foi import engine_bridge
from gongkai.foi.choices import EventType, LetterStatus, Outcome
from gongkai.foi.deadlines import Deadlines
from gongkai.foi.models import FoiCase, FoiLetter
from gongkai.foi.similarity import similar_groups
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import org_list_public

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


@dataclass(frozen=True)
class TransferRecord:
    """One 转办 of a case, as its audit entry (gongkai.foi.transfer) recorded it."""

    on: datetime.date  # the local date of the transfer
    at: datetime.datetime
    from_org_code: str
    from_org_name: str
    to_org_code: str
    to_org_name: str
    reason: str


def foi_case_last_transfer(*, case: FoiCase) -> TransferRecord | None:
    """The latest 转办 that brought ``case`` to its current organization, None if it was never transferred
    (one query, on the case's audit entries: the transfer keeps no row of its own)."""
    from wagtail.models import ModelLogEntry

    entry = (
        ModelLogEntry.objects.for_instance(case)
        .filter(action="gongkai.foi.transfer")
        .order_by("-timestamp", "-id")
        .only("timestamp", "data")
        .first()
    )
    if entry is None:
        return None
    data = entry.data or {}
    if data.get("to_org") != case.org.code:
        return None
    return TransferRecord(
        on=timezone.localdate(entry.timestamp),
        at=entry.timestamp,
        from_org_code=str(data.get("from_org", "")),
        from_org_name=str(data.get("from_org_name", "")),
        to_org_code=str(data.get("to_org", "")),
        to_org_name=str(data.get("to_org_name", "")),
        reason=str(data.get("reason", "")),
    )


def foi_case_deadlines(*, case: FoiCase, today: datetime.date | None = None) -> Deadlines:
    """The engine's full result for the case, with its explanation, seen from ``today``."""
    return engine_bridge.deadlines_of_case(case, today=today or timezone.localdate())


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


def foi_case_for_tracking(*, number: str, query_code: str) -> FoiCase | None:
    """The case whose 申请编号 and 查询码 are these, else None, whichever of the two is wrong.

    An unknown number costs the same hashing as a wrong code, so that the answer's timing does not tell
    which numbers exist.
    """
    from django.contrib.auth.hashers import check_password

    from gongkai.foi.services.registration import foi_case_check_query_code

    case = foi_case_by_number(number=number) if number else None
    if case is None:
        check_password(query_code or "-", "!")  # an unusable hash: Django still runs the hasher once
        return None
    return case if foi_case_check_query_code(case=case, query_code=query_code) else None


# --- The applicant's side: the application form, tracking and "我的申请" -----------------------------


@dataclass(frozen=True)
class OrgChoiceGroup:
    """A group of the application form's organization list: an organization with subordinate ones, its
    leaf children after it (the 机构目录's grouping by parent)."""

    label: str
    orgs: list[Organization]


def foi_application_org_groups() -> list[OrgChoiceGroup]:
    """The active organizations an application may be addressed to, grouped by parent (one query).

    Every organization that has active children heads a group holding itself and those of its children
    that have none; an organization with children of its own heads its own group instead.
    """
    orgs = list(org_list_public())
    parents_with_children = {org.parent_id for org in orgs if org.parent_id is not None}
    groups: dict[int, OrgChoiceGroup] = {}
    ungrouped: list[Organization] = []
    for org in orgs:
        if org.pk in parents_with_children:
            groups.setdefault(org.pk, OrgChoiceGroup(label=org.name, orgs=[])).orgs.insert(0, org)
    for org in orgs:
        if org.pk in parents_with_children:
            continue
        if org.parent_id is not None and org.parent_id in groups:
            groups[org.parent_id].orgs.append(org)
        else:
            ungrouped.append(org)
    result = list(groups.values())
    if ungrouped:
        result.append(OrgChoiceGroup(label=str(_("其他机构")), orgs=ungrouped))
    return result


def org_guide_url(*, org: Organization, request: Any = None) -> str:
    """The address of ``org``'s 信息公开指南 on the portal (its organization page), "" if it has none."""
    from gongkai.portal.models import OrganizationPage
    from gongkai.portal.templatetags.column_tags import GUIDE_ANCHOR

    page = OrganizationPage.objects.live().public().filter(org_id=org.pk).only("id", "url_path").first()
    url = page.get_url(request) if page is not None else None
    return f"{url}{GUIDE_ANCHOR}" if url else ""


@dataclass(frozen=True)
class TimelineEntry:
    """One step of a case as the applicant sees it: what happened and when, nothing else."""

    on: datetime.date
    label: str


@dataclass(frozen=True)
class CaseTracking:
    """What the tracking page shows of one case: its state, dates and the engine's explanation, the
    public timeline and the letters sent to the applicant. Never internal notes, actors or addressees."""

    case: FoiCase
    deadlines: Deadlines
    explanation: list[str]
    timeline: list[TimelineEntry]
    letters: list[FoiLetter]


def foi_letters_for_applicant(*, case: FoiCase) -> QuerySet[FoiLetter]:
    """The case's letters the applicant may read: sent, and addressed to the applicant."""
    return (
        FoiLetter.objects.filter(case=case, status=LetterStatus.SENT, to_applicant=True)
        .only("id", "case_id", "title", "number", "sent_on", "content", "docx", "kind")
        .order_by("sent_on", "id")
    )


def foi_case_tracking(*, case: FoiCase, today: datetime.date | None = None) -> CaseTracking:
    """The applicant's view of ``case`` (two queries: its events, its letters). The caller has checked
    the number and query code, or that the signed-in user is the case's applicant."""
    events = list(case.events.order_by("sequence").only("id", "case_id", "sequence", "type", "on", "data"))
    today = today or timezone.localdate()
    deadlines = engine_bridge.deadlines_of(events, today=max(today, events[-1].on))
    labels = dict(EventType.choices)
    timeline = [TimelineEntry(on=event.on, label=str(labels.get(event.type, event.type))) for event in events]
    return CaseTracking(
        case=case,
        deadlines=deadlines,
        explanation=deadlines.explanation_text(),
        timeline=timeline,
        letters=list(foi_letters_for_applicant(case=case)),
    )


def foi_case_list_for_applicant(*, user: Any) -> QuerySet[FoiCase]:
    """The cases a signed-in applicant submitted with their account (我的申请); none for anyone else."""
    if not getattr(user, "is_authenticated", False):
        return FoiCase.objects.none()
    return FoiCase.objects.filter(applicant_user=user).select_related("org").order_by("-submitted_on", "-id")
