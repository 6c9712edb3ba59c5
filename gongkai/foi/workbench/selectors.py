"""Reads of the 依申请公开 workbench screens, built on gongkai.foi.selectors (which owns who sees which case):
the queue with its filters and order, the people a case can be given to, everything the case page
shows, and the case's audit entries.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, Max, Min, Q, QuerySet
from django.utils import timezone
from wagtail.models import ModelLogEntry

from gongkai.core.permission_policies import user_roles
from gongkai.foi.choices import OPEN_STATUSES, CaseStatus
from gongkai.foi.deadlines import Clock, ClockKind, ClockStatus, Deadlines, DueStatus
from gongkai.foi.models import (
    FoiAppeal,
    FoiAttachment,
    FoiCase,
    FoiConsultation,
    FoiEvent,
    FoiFeeNotice,
    FoiLetter,
    FoiNote,
    queue_order,
    queue_rank,
)
from gongkai.foi.selectors import (
    CASE_READER_ROLES,
    TransferRecord,
    foi_case_deadlines,
    foi_case_last_transfer,
    foi_case_list_for,
)
from gongkai.foi.services.common import HANDLER_ROLES
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Organization

# The queue's "到期状态" filter: the engine's three, and 待确认 (no clock runs yet, 条例第三十一条).
PENDING_RECEIPT = "pending_receipt"
UNASSIGNED = "none"


@dataclass(frozen=True)
class QueueFilters:
    """What the queue is narrowed to; empty values do not filter."""

    org: Organization | None = None
    status: str = ""
    due: str = ""
    handler: str = ""  # a user's pk, or UNASSIGNED
    channel: str = ""
    applicant_kind: str = ""
    year: int | None = None
    q: str = ""


def foi_queue_for(*, user: Any, filters: QueueFilters | None = None) -> QuerySet[FoiCase]:
    """The cases ``user`` may see, narrowed by ``filters``, open ones first and the soonest due first
    (cases still awaiting their receipt confirmation have no due date: after the dated ones)."""
    return narrow_queue(foi_case_list_for(user=user), filters or QueueFilters())


def narrow_queue(cases: QuerySet[FoiCase], filters: QueueFilters) -> QuerySet[FoiCase]:
    """``cases`` (from foi_case_list_for) narrowed by ``filters`` and in the queue's order."""
    if filters.org is not None:
        cases = cases.filter(org=filters.org)
    if filters.status:
        cases = cases.filter(status=filters.status)
    if filters.due == PENDING_RECEIPT:
        cases = cases.filter(status=CaseStatus.PENDING_RECEIPT)
    elif filters.due:
        cases = cases.filter(due_status=filters.due, status__in=OPEN_STATUSES)
    if filters.handler == UNASSIGNED:
        cases = cases.filter(handler__isnull=True)
    elif filters.handler.isdigit():
        cases = cases.filter(handler_id=int(filters.handler))
    if filters.channel:
        cases = cases.filter(channel=filters.channel)
    if filters.applicant_kind:
        cases = cases.filter(applicant_kind=filters.applicant_kind)
    if filters.year:
        cases = cases.filter(submitted_on__year=filters.year)
    words = filters.q.split()
    for word in words:
        cases = cases.filter(
            Q(number__icontains=word)
            | Q(info_name__icontains=word)
            | Q(description__icontains=word)
            | Q(applicant_name__icontains=word)
        )
    return cases.order_by(queue_rank(), *queue_order())


def queue_orgs_for(*, user: Any) -> QuerySet[Organization]:
    """The organizations whose cases ``user`` may see (the queue's organization filter)."""
    roles = user_roles(user)
    orgs = Organization.objects.order_by("sort_order", "code")
    if roles.platform_admin:
        return orgs
    return orgs.filter(pk__in=roles.org_ids_with(CASE_READER_ROLES))


def handlers_of(*, org_ids: set[int] | None) -> QuerySet[Any]:
    """The 经办人 (foi_handler or foi_head) of these organizations (None: of every organization)."""
    users = get_user_model().objects.filter(is_active=True, memberships__role__in=HANDLER_ROLES)
    if org_ids is not None:
        users = users.filter(memberships__org_id__in=org_ids)
    return users.distinct().order_by("full_name", "username")


def queue_handlers_for(*, user: Any) -> QuerySet[Any]:
    roles = user_roles(user)
    return handlers_of(org_ids=None if roles.platform_admin else roles.org_ids_with(CASE_READER_ROLES))


def queue_years_for(*, user: Any, cases: QuerySet[FoiCase] | None = None) -> list[int]:
    """The years in which the visible cases (``cases``, from foi_case_list_for) were submitted, newest
    first."""
    cases = foi_case_list_for(user=user) if cases is None else cases
    # The first and last submission (read from the (org, submitted_on) index) and every year between:
    # a DISTINCT over the years would read every visible case. A year between two others with no case
    # at all would be offered and filter to an empty list, which is harmless.
    span = cases.order_by().aggregate(first=Min("submitted_on"), last=Max("submitted_on"))
    if span["first"] is None:
        return []
    return list(range(span["last"].year, span["first"].year - 1, -1))


# --- The case page ----------------------------------------------------------------------------------------


@dataclass
class ConsultationClock:
    consultation: FoiConsultation
    clock: Clock | None


@dataclass
class CaseFile:
    """Everything the case page shows of one case, read once."""

    case: FoiCase
    deadlines: Deadlines
    events: list[FoiEvent]
    consultations: list[ConsultationClock]
    fee: FoiFeeNotice | None
    appeals: list[FoiAppeal]
    notes: list[FoiNote]
    attachments: list[FoiAttachment]
    letters: list[FoiLetter]
    today: datetime.date
    other_clocks: list[Clock] = field(default_factory=list)
    transfer: TransferRecord | None = None  # the 转办 that brought the case to its organization

    @property
    def open_consultations(self) -> list[FoiConsultation]:
        return [row.consultation for row in self.consultations if row.consultation.ended_on is None]

    @property
    def pending_appeals(self) -> list[FoiAppeal]:
        return [appeal for appeal in self.appeals if not appeal.result]

    def has_event(self, type: str) -> bool:
        return any(event.type == type for event in self.events)

    @property
    def fee_open(self) -> bool:
        return self.fee is not None and self.fee.paid_on is None and self.fee.lapsed_on is None


def _shown_beside_the_reply(clock: Clock) -> bool:
    """The sub-clocks the case page lists. The correction notice is a window, not a duty (条例第三十条:
    only an unclear application needs one): once it has passed, or the case closed, without a correction
    request there is nothing to show, where "已届满" would read as a missed deadline."""
    if clock.kind is ClockKind.CORRECTION_NOTICE:
        return clock.ended_on is not None or clock.status is ClockStatus.RUNNING
    return clock.kind in (ClockKind.CORRECTION_PERIOD, ClockKind.FEE_PAYMENT)


def foi_case_file(*, case: FoiCase, today: datetime.date | None = None) -> CaseFile:
    """The case page's data for a case the user may see (load it with foi_case_get_for first)."""
    today = today or timezone.localdate()
    deadlines = foi_case_deadlines(case=case, today=today)
    events = list(case.events.select_related("actor").order_by("sequence"))
    clocks = {clock.key: clock for clock in deadlines.clocks_of(ClockKind.CONSULTATION)}
    consultations = [
        ConsultationClock(consultation=row, clock=clocks.get(row.pk)) for row in case.consultations.all()
    ]
    try:
        fee: FoiFeeNotice | None = case.fee
    except FoiFeeNotice.DoesNotExist:
        fee = None
    other = [clock for clock in deadlines.clocks if _shown_beside_the_reply(clock)]
    return CaseFile(
        case=case,
        deadlines=deadlines,
        events=events,
        consultations=consultations,
        fee=fee,
        appeals=list(case.appeals.all()),
        notes=list(case.notes.select_related("author")),
        attachments=list(case.attachments.select_related("uploaded_by")),
        letters=list(case.letters.select_related("drafted_by", "approved_by")),
        today=today,
        other_clocks=other,
        transfer=foi_case_last_transfer(case=case),
    )


def foi_case_audit_entries(*, case: FoiCase) -> QuerySet[ModelLogEntry]:
    """The case's audit entries (every service step, every view of personal data), newest first."""
    return ModelLogEntry.objects.for_instance(case).select_related("user").order_by("-timestamp", "-id")


# --- Dashboard --------------------------------------------------------------------------------------------


def foi_cases_assigned_to(*, user: Any) -> QuerySet[FoiCase]:
    """我的待办: the open cases given to ``user``, the soonest due first."""
    return (
        foi_case_list_for(user=user)
        .filter(handler_id=getattr(user, "pk", None), status__in=list(OPEN_STATUSES))
        .order_by(F("due_on").asc(nulls_last=True), "submitted_on", "id")
    )


def foi_cases_due_for_head(*, user: Any) -> QuerySet[FoiCase]:
    """即将到期/已逾期: the open cases of the organizations where ``user`` is the head of the disclosure
    office (foi_head), overdue or due soon, the soonest due first. None for anyone else."""
    org_ids = user_roles(user).org_ids_with([Role.FOI_HEAD])
    if not org_ids:
        return FoiCase.objects.none()
    return (
        foi_case_list_for(user=user)
        .filter(
            org_id__in=org_ids,
            status__in=list(OPEN_STATUSES),
            due_status__in=[DueStatus.OVERDUE.value, DueStatus.DUE_SOON.value],
        )
        .order_by(F("due_on").asc(nulls_last=True), "id")
    )
