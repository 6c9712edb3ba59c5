"""Supervision reports of 主动公开 (issue 3 §3 and §4): timeliness, withheld items due for review, and
policy interpretation. Pure reads: each report is computed in a fixed, small number of queries whatever
the number of documents, and the date arithmetic runs in Python on one snapshot of the working-day
calendar (statutory.md §4).

Working days: the functions use :func:`gongkai.core.calendar.current_calendar` once per report and the
pure arithmetic of :mod:`gongkai.core.workdays` (the same functions ``gongkai.core.calendar.add_workdays``
and ``workdays_between`` wrap). Calling the wrappers once per row would write a CalendarAlert per row for
every provisional result; instead each report alerts once per year that lacked data (see ``_Clock``).
"""

from __future__ import annotations

import datetime
from calendar import monthrange
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone

from gongkai.core import calendar as workcalendar
from gongkai.core import workdays
from gongkai.core.rules import rule
from gongkai.orgs.models import Organization
from gongkai.publications.choices import (
    Disclosure,
    DocumentKind,
    DocumentStatus,
    InterpretationForm,
    WithheldGround,
)
from gongkai.publications.models import Document

# --- Settings of the reports ---------------------------------------------------------------------------

# Not statutory: how many working days before the 第二十六条 deadline an unpublished item is shown as
# 即将到期 (GONGKAI_TIMELINESS_WARNING_WORKDAYS).
TIMELINESS_WARNING_WORKDAYS_DEFAULT = 5

# The 第二十条 items whose documents are policy documents for the interpretation report: (一) 行政法规、
# 规章和规范性文件 and (三) 规划及相关政策.
POLICY_STATUTORY_ITEMS = frozenset({1, 3})

# Statuses before publication: the 第二十六条 clock is still running for these.
UNPUBLISHED_STATUSES = (
    DocumentStatus.DRAFT,
    DocumentStatus.SUBMITTED,
    DocumentStatus.APPROVED,
    DocumentStatus.SCHEDULED,
    DocumentStatus.PUBLISHING,
)
# Statuses that were published on ``published_on`` (a withdrawn item was public until withdrawn).
PUBLISHED_STATUSES = (DocumentStatus.PUBLISHED, DocumentStatus.WITHDRAWN)


def withheld_review_months() -> int:
    """Months between two reviews of a withheld item (条例第十八条), GONGKAI_WITHHELD_REVIEW_MONTHS."""
    return rule("WITHHELD_REVIEW_MONTHS")


def timeliness_warning_workdays() -> int:
    """Working days before the deadline from which an unpublished item is 即将到期."""
    value: int = getattr(settings, "GONGKAI_TIMELINESS_WARNING_WORKDAYS", TIMELINESS_WARNING_WORKDAYS_DEFAULT)
    return value


# --- Working days on one calendar snapshot -----------------------------------------------------------


class _Clock:
    """Working-day arithmetic for one report on one calendar snapshot; remembers the years without data."""

    def __init__(self) -> None:
        self.calendar = workcalendar.current_calendar()
        self.missing_years: set[int] = set()

    def add(self, d: datetime.date, n: int) -> workdays.WorkdayResult:
        result = workdays.add_workdays(d, n, self.calendar)
        self.missing_years.update(result.missing_years)
        return result

    def between(self, a: datetime.date, b: datetime.date) -> workdays.WorkdayCount:
        count = workdays.workdays_between(a, b, self.calendar)
        self.missing_years.update(count.missing_years)
        return count

    def alert(self) -> None:
        """Alert administrators once per year that lacked data (statutory.md §4): is_workday on a day of
        that year records the alert through gongkai.core.calendar, which knows which years to alert."""
        for year in sorted(self.missing_years):
            workcalendar.is_workday(datetime.date(year, 1, 1))


def _year_range(year: int) -> tuple[datetime.date, datetime.date]:
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _org_ids(orgs: Sequence[Organization]) -> list[int]:
    return [org.pk for org in orgs]


def percent(ratio: float | None) -> str:
    """ "83.3%" for display; "—" when there is nothing to divide."""
    return "—" if ratio is None else f"{ratio * 100:.1f}%"


# --- 1. Timeliness (条例第二十六条) --------------------------------------------------------------------


@dataclass(frozen=True)
class TimelinessRow:
    """One proactive item checked against its 第二十六条 deadline.

    ``workdays`` is the working days late (逾期) or, for an item not yet due, the working days left.
    """

    document_id: int
    title: str
    org: Organization
    formed_on: datetime.date
    due_on: datetime.date
    workdays: int
    status: str
    status_label: str
    published_on: datetime.date | None
    provisional: bool


@dataclass(frozen=True)
class MissingFormedOnRow:
    """A proactive item without 形成日期: its deadline cannot be checked."""

    document_id: int
    title: str
    org: Organization
    status: str
    status_label: str
    published_on: datetime.date | None


@dataclass
class OrgTimeliness:
    """The timeliness figures of one organization."""

    org: Organization
    overdue: list[TimelinessRow] = field(default_factory=list)
    at_risk: list[TimelinessRow] = field(default_factory=list)
    published_late: list[TimelinessRow] = field(default_factory=list)
    published_on_time: int = 0
    missing_formed_on: list[MissingFormedOnRow] = field(default_factory=list)

    @property
    def published_checked(self) -> int:
        return self.published_on_time + len(self.published_late)

    @property
    def on_time_ratio(self) -> float | None:
        """Share of the year's checked publications made within the deadline; None when there were none."""
        checked = self.published_checked
        return self.published_on_time / checked if checked else None

    @property
    def on_time_percent(self) -> str:
        return percent(self.on_time_ratio)


@dataclass
class TimelinessReport:
    year: int
    today: datetime.date
    limit_workdays: int
    warning_workdays: int
    orgs: list[OrgTimeliness]

    def _all(self, attribute: str) -> list[TimelinessRow]:
        return [row for entry in self.orgs for row in getattr(entry, attribute)]

    @property
    def overdue(self) -> list[TimelinessRow]:
        return sorted(self._all("overdue"), key=lambda row: (-row.workdays, row.due_on, row.document_id))

    @property
    def at_risk(self) -> list[TimelinessRow]:
        return sorted(self._all("at_risk"), key=lambda row: (row.workdays, row.due_on, row.document_id))

    @property
    def published_late(self) -> list[TimelinessRow]:
        return sorted(self._all("published_late"), key=lambda row: (-row.workdays, row.document_id))

    @property
    def missing_formed_on(self) -> list[MissingFormedOnRow]:
        return [row for entry in self.orgs for row in entry.missing_formed_on]

    @property
    def any_provisional(self) -> bool:
        return any(row.provisional for row in (*self.overdue, *self.at_risk, *self.published_late))


def _timeliness_row(
    document: Document, org: Organization, due: workdays.WorkdayResult, *, days: int, provisional: bool
) -> TimelinessRow:
    assert document.formed_on is not None
    return TimelinessRow(
        document_id=document.pk,
        title=document.title,
        org=org,
        formed_on=document.formed_on,
        due_on=due.date,
        workdays=days,
        status=document.status,
        status_label=str(DocumentStatus(document.status).label),
        published_on=document.published_on,
        provisional=due.provisional or provisional,
    )


def timeliness_report(
    *, orgs: Sequence[Organization], year: int, today: datetime.date | None = None
) -> TimelinessReport:
    """The 第二十六条 report of ``orgs``: proactive items must be published within
    ``rule("PROACTIVE_PUBLISH_WORKDAYS")`` (20) working days after their 形成日期 (formed_on).

    - 逾期未公开: not yet published, deadline before ``today`` (as of today, whatever the year);
    - 即将到期: not yet published, deadline from today to the warning window's last working day;
    - 逾期公开: published in ``year`` after the deadline; the others published in ``year`` are on time;
    - 缺少形成日期: unpublished items, and items published in ``year``, that have no formed_on.

    Two queries (the documents, nothing per row) plus the calendar's cached check.
    """
    today = today or timezone.localdate()
    limit = rule("PROACTIVE_PUBLISH_WORKDAYS")  # 条例第二十六条: 20 working days
    warning = timeliness_warning_workdays()
    clock = _Clock()
    warning_end = clock.add(today, warning).date
    first, last = _year_range(year)
    entries = {org.pk: OrgTimeliness(org=org) for org in orgs}
    documents = (
        Document.objects.filter(org_id__in=_org_ids(orgs), disclosure=Disclosure.PROACTIVE)
        .filter(
            Q(status__in=UNPUBLISHED_STATUSES)
            | Q(status__in=PUBLISHED_STATUSES, published_on__gte=first, published_on__lte=last)
        )
        .only("id", "org_id", "title", "status", "formed_on", "published_on")
        .order_by("id")
    )
    for document in documents:
        entry = entries[document.org_id]
        status_label = str(DocumentStatus(document.status).label)
        if document.formed_on is None:
            entry.missing_formed_on.append(
                MissingFormedOnRow(
                    document_id=document.pk,
                    title=document.title,
                    org=entry.org,
                    status=document.status,
                    status_label=status_label,
                    published_on=document.published_on,
                )
            )
            continue
        due = clock.add(document.formed_on, limit)
        if document.status in PUBLISHED_STATUSES and document.published_on is not None:
            if document.published_on > due.date:
                late = clock.between(due.date, document.published_on)
                entry.published_late.append(
                    _timeliness_row(
                        document, entry.org, due, days=late.workdays, provisional=late.provisional
                    )
                )
            else:
                entry.published_on_time += 1
        elif due.date < today:
            late = clock.between(due.date, today)
            entry.overdue.append(
                _timeliness_row(document, entry.org, due, days=late.workdays, provisional=late.provisional)
            )
        elif due.date <= warning_end:
            left = clock.between(today, due.date)
            entry.at_risk.append(
                _timeliness_row(document, entry.org, due, days=left.workdays, provisional=left.provisional)
            )
    clock.alert()
    return TimelinessReport(
        year=year, today=today, limit_workdays=limit, warning_workdays=warning, orgs=list(entries.values())
    )


# --- 2. Withheld items due for review (条例第十八条) -------------------------------------------------


def months_before(d: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` calendar months earlier (the month's last day when it is shorter)."""
    index = d.year * 12 + d.month - 1 - months
    year, month = divmod(index, 12)
    return datetime.date(year, month + 1, min(d.day, monthrange(year, month + 1)[1]))


def months_after(d: datetime.date, months: int) -> datetime.date:
    return months_before(d, -months)


@dataclass(frozen=True)
class WithheldReviewRow:
    """A 不予公开 item whose periodic review (第十八条) is due."""

    document_id: int
    title: str
    org: Organization
    ground: str
    ground_label: str
    status_label: str
    last_reviewed_on: datetime.date
    review_due_on: datetime.date
    days_overdue: int


@dataclass
class OrgWithheld:
    org: Organization
    withheld_total: int = 0
    due: list[WithheldReviewRow] = field(default_factory=list)


@dataclass
class WithheldReviewReport:
    today: datetime.date
    months: int
    orgs: list[OrgWithheld]

    @property
    def due(self) -> list[WithheldReviewRow]:
        rows = [row for entry in self.orgs for row in entry.due]
        return sorted(rows, key=lambda row: (-row.days_overdue, row.document_id))


def withheld_review_report(
    *, orgs: Sequence[Organization], today: datetime.date | None = None
) -> WithheldReviewReport:
    """不予公开 items of ``orgs`` whose last review is ``withheld_review_months()`` or more ago (第十八条).

    There is no review record yet: the item's last change (``updated_at``, which is never earlier than
    ``created_at``) counts as its last review, so editing a withheld item restarts its interval. Two
    queries: the totals per organization and the items due.
    """
    today = today or timezone.localdate()
    months = withheld_review_months()
    cutoff = months_before(today, months)
    # Due when last_reviewed + months <= today, i.e. last reviewed on the cutoff day or earlier (local days).
    before = timezone.make_aware(
        datetime.datetime.combine(cutoff + datetime.timedelta(days=1), datetime.time.min)
    )
    entries = {org.pk: OrgWithheld(org=org) for org in orgs}
    withheld = Document.objects.filter(org_id__in=_org_ids(orgs), disclosure=Disclosure.WITHHELD)
    for org_id, total in withheld.values_list("org_id").annotate(total=Count("id")).order_by("org_id"):
        entries[org_id].withheld_total = total
    due = withheld.filter(updated_at__lt=before).only(
        "id", "org_id", "title", "withheld_ground", "status", "updated_at"
    )
    for document in due.order_by("updated_at", "id"):
        entry = entries[document.org_id]
        reviewed = timezone.localdate(document.updated_at)
        review_due = months_after(reviewed, months)
        entry.due.append(
            WithheldReviewRow(
                document_id=document.pk,
                title=document.title,
                org=entry.org,
                ground=document.withheld_ground,
                ground_label=str(WithheldGround(document.withheld_ground).label),
                status_label=str(DocumentStatus(document.status).label),
                last_reviewed_on=reviewed,
                review_due_on=review_due,
                days_overdue=(today - review_due).days,
            )
        )
    return WithheldReviewReport(today=today, months=months, orgs=list(entries.values()))


# --- 3. Policy interpretation (statutory.md §2, 国办发〔2016〕80号) -----------------------------------


@dataclass(frozen=True)
class InterpretationLink:
    """A published interpretation of a policy document."""

    interpretation_id: int
    title: str
    published_on: datetime.date
    form: str


@dataclass
class PolicyRow:
    """A policy document published in the year, with its published interpretations."""

    document_id: int
    title: str
    doc_number: str
    org: Organization
    kind_label: str
    published_on: datetime.date
    interpretations: list[InterpretationLink] = field(default_factory=list)


@dataclass(frozen=True)
class LateInterpretationRow:
    """An interpretation published after the grace period of its policy document (statutory.md §2)."""

    interpretation_id: int
    interpretation_title: str
    document_id: int
    document_title: str
    org: Organization
    document_published_on: datetime.date
    due_on: datetime.date
    published_on: datetime.date
    workdays_late: int
    provisional: bool


@dataclass
class OrgInterpretation:
    org: Organization
    policies: list[PolicyRow] = field(default_factory=list)
    late: list[LateInterpretationRow] = field(default_factory=list)
    interpretations_total: int = 0
    leader_interpretations: int = 0

    @property
    def interpreted(self) -> int:
        return sum(1 for policy in self.policies if policy.interpretations)

    @property
    def lacking(self) -> list[PolicyRow]:
        return [policy for policy in self.policies if not policy.interpretations]

    @property
    def ratio(self) -> float | None:
        """解读比例: interpreted policy documents / policy documents; None when there were none."""
        return self.interpreted / len(self.policies) if self.policies else None

    @property
    def ratio_percent(self) -> str:
        return percent(self.ratio)


@dataclass
class InterpretationReport:
    year: int
    grace_workdays: int
    orgs: list[OrgInterpretation]

    @property
    def policy_count(self) -> int:
        return sum(len(entry.policies) for entry in self.orgs)

    @property
    def interpreted(self) -> int:
        return sum(entry.interpreted for entry in self.orgs)

    @property
    def ratio(self) -> float | None:
        total = self.policy_count
        return self.interpreted / total if total else None

    @property
    def ratio_percent(self) -> str:
        return percent(self.ratio)

    @property
    def lacking(self) -> list[PolicyRow]:
        return [policy for entry in self.orgs for policy in entry.lacking]

    @property
    def late(self) -> list[LateInterpretationRow]:
        return [row for entry in self.orgs for row in entry.late]

    @property
    def leader_interpretations(self) -> int:
        return sum(entry.leader_interpretations for entry in self.orgs)

    @property
    def any_provisional(self) -> bool:
        return any(row.provisional for row in self.late)

    @property
    def interpretations_total(self) -> int:
        return sum(entry.interpretations_total for entry in self.orgs)


def is_policy_document(*, kind: str, statutory_items: Iterable[object]) -> bool:
    """The rule of the interpretation report: a 行政规范性文件, or a 政府信息 tagged with 条例第二十条
    item (一) or (三) (the policies interpretation is required for, 国办发〔2016〕80号)."""
    if kind == DocumentKind.NORMATIVE:
        return True
    if kind != DocumentKind.DOCUMENT:
        return False
    return any(item in POLICY_STATUTORY_ITEMS for item in statutory_items if isinstance(item, int))


def interpretation_report(*, orgs: Sequence[Organization], year: int) -> InterpretationReport:
    """Per organization: the policy documents it published in ``year``, which have at least one
    published interpretation (解读比例), those lacking one, interpretations published later than
    ``rule("INTERPRETATION_GRACE_WORKDAYS")`` working days after their document (0: the same day), and
    its leader interpretations (领导解读) published in ``year``.

    Policy documents are the published documents with ``is_policy_document``: every 行政规范性文件, and
    政府信息 tagged with 第二十条 item (一) or (三). Only published interpretations count (a withdrawn one
    no longer interprets anything for the public). The policy documents' organization owns the figures
    (谁起草、谁解读). Three queries: policy candidates, their interpretation links, form counts.
    """
    grace = rule("INTERPRETATION_GRACE_WORKDAYS")  # 国办发〔2016〕80号 + local grace (statutory.md §2)
    first, last = _year_range(year)
    entries = {org.pk: OrgInterpretation(org=org) for org in orgs}
    ids = _org_ids(orgs)
    in_year = Q(status=DocumentStatus.PUBLISHED, published_on__gte=first, published_on__lte=last)
    candidates = (
        Document.objects.filter(
            in_year, org_id__in=ids, kind__in=(DocumentKind.DOCUMENT, DocumentKind.NORMATIVE)
        )
        .only("id", "org_id", "title", "doc_number", "kind", "statutory_items", "published_on")
        .order_by("published_on", "id")
    )
    policies: dict[int, PolicyRow] = {}
    for document in candidates:
        if not is_policy_document(kind=document.kind, statutory_items=document.statutory_items or ()):
            continue
        assert document.published_on is not None
        entry = entries[document.org_id]
        policies[document.pk] = PolicyRow(
            document_id=document.pk,
            title=document.title,
            doc_number=document.doc_number,
            org=entry.org,
            kind_label=str(DocumentKind(document.kind).label),
            published_on=document.published_on,
        )
        entry.policies.append(policies[document.pk])
    _attach_interpretations(policies, ids=ids, first=first, last=last, grace=grace, entries=entries)
    forms = (
        Document.objects.filter(in_year, org_id__in=ids, kind=DocumentKind.INTERPRETATION)
        .values_list("org_id", "interpretation_form")
        .annotate(total=Count("id"))
        .order_by("org_id")
    )
    for org_id, form, total in forms:
        entries[org_id].interpretations_total += total
        if form == InterpretationForm.LEADER:
            entries[org_id].leader_interpretations += total
    return InterpretationReport(year=year, grace_workdays=grace, orgs=list(entries.values()))


def _attach_interpretations(
    policies: dict[int, PolicyRow],
    *,
    ids: list[int],
    first: datetime.date,
    last: datetime.date,
    grace: int,
    entries: dict[int, OrgInterpretation],
) -> None:
    """Load the published interpretations of the year's documents in one query on the link table
    (filtered by join, not by a list of ids) and flag the late ones."""
    links = (
        Document.interprets.through.objects.filter(
            to_document__org_id__in=ids,
            to_document__status=DocumentStatus.PUBLISHED,
            to_document__published_on__gte=first,
            to_document__published_on__lte=last,
            from_document__status=DocumentStatus.PUBLISHED,
            from_document__kind=DocumentKind.INTERPRETATION,
        )
        .values_list(
            "to_document_id",
            "from_document_id",
            "from_document__title",
            "from_document__published_on",
            "from_document__interpretation_form",
        )
        .order_by("from_document__published_on", "from_document_id")
    )
    clock = _Clock()
    for policy_id, interpretation_id, title, published_on, form in links:
        policy = policies.get(policy_id)
        if policy is None or published_on is None:  # not a policy document under the report's rule
            continue
        policy.interpretations.append(
            InterpretationLink(
                interpretation_id=interpretation_id, title=title, published_on=published_on, form=form
            )
        )
        due = clock.add(policy.published_on, grace)
        if published_on > due.date:
            late = clock.between(due.date, published_on)
            entries[policy.org.pk].late.append(
                LateInterpretationRow(
                    interpretation_id=interpretation_id,
                    interpretation_title=title,
                    document_id=policy.document_id,
                    document_title=policy.title,
                    org=policy.org,
                    document_published_on=policy.published_on,
                    due_on=due.date,
                    published_on=published_on,
                    workdays_late=late.workdays,
                    provisional=due.provisional or late.provisional,
                )
            )
    clock.alert()
