"""What ``manage.py tick`` does for disclosure on request, once a day or more often (idempotent).

- Refresh: every open case's stored dates and due status are recomputed from its events as of today, so
  the queues' colours are right without anyone opening the case.
- Lapses: a correction period (条例第三十条) or fee payment period (国办函〔2020〕109号) that has run out
  without the correction or the payment closes the case: the system records correction_lapsed or
  fee_lapsed on the first day after the period, exactly as a handler would.
- Reminders: when a case becomes 即将到期 or 已逾期, its handler is told (the organization's handlers when
  nobody is assigned), and for 已逾期 the heads of the disclosure office too — once per change, claimed
  with a conditional UPDATE so that two ticks at once send one reminder (architecture rule 8).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import F
from django.utils.translation import gettext as _

from gongkai.foi import engine_bridge
from gongkai.foi.choices import OPEN_STATUSES, EventType
from gongkai.foi.deadlines import (
    CaseEvent,
    ClockKind,
    ClockStatus,
    DeadlineRules,
    Deadlines,
    DueStatus,
    EventNotAllowed,
)
from gongkai.foi.models import FoiCase, FoiEvent
from gongkai.foi.services.events import foi_case_record_event
from gongkai.orgs.choices import Role
from gongkai.orgs.models import Membership

logger = logging.getLogger(__name__)

BATCH = 500
REFRESHED_FIELDS = (
    "status",
    "received_on",
    "due_on",
    "statutory_due_on",
    "correction_due_on",
    "correction_period_ends_on",
    "extension_workdays",
    "excluded_workdays",
    "due_status",
    "closed_on",
    "outcome",
    "replied_late",
    "deadlines_as_of",
)


def _open_cases() -> Iterator[list[tuple[FoiCase, list[CaseEvent]]]]:
    """Open cases in batches by primary key (stable while rows change), each with its history as the
    engine's events. Only the refreshed fields are loaded, and the events as plain values in recording
    order: building a model object per event was a fifth of a refresh (bench/bench_foi_queue.py)."""
    last_pk = 0
    while True:
        cases = list(
            FoiCase.objects.filter(status__in=OPEN_STATUSES, pk__gt=last_pk)
            .order_by("pk")
            .only("pk", *REFRESHED_FIELDS)[:BATCH]
        )
        if not cases:
            return
        histories: dict[int, list[CaseEvent]] = {case.pk: [] for case in cases}
        rows = (
            FoiEvent.objects.filter(case_id__in=histories)
            .order_by("case_id", "sequence")
            .values_list("case_id", "type", "on", "data")
        )
        for case_id, type, on, data in rows:
            histories[case_id].append(engine_bridge.stored_event(type, on, data))
        yield [(case, histories[case.pk]) for case in cases]
        last_pk = cases[-1].pk


def foi_cases_refresh(*, today: datetime.date) -> int:
    """Recompute every open case as of ``today``; returns how many changed. Lapsed periods are recorded."""
    changed_count = 0
    rules = DeadlineRules.from_settings()
    for batch in _open_cases():
        changed: list[tuple[int, dict[str, Any]]] = []
        for case, events in batch:
            try:
                result = engine_bridge.deadlines_of_stored(
                    events, today=max(today, events[-1].on), rules=rules
                )
            except EventNotAllowed:  # a history the engine refuses was never stored by a service
                logger.exception("foi case %s: stored history refused by the engine", case.pk)
                continue
            if _record_lapse(case, result, today=today):
                changed_count += 1
                continue
            before = [getattr(case, name) for name in REFRESHED_FIELDS]
            engine_bridge.apply_to_case(case, result)
            values = {
                name: getattr(case, name)
                for name, old in zip(REFRESHED_FIELDS, before, strict=True)
                if getattr(case, name) != old
            }
            if values:
                changed.append((case.pk, values))
        _store(changed)
        changed_count += len(changed)
    return changed_count


def _store(changed: list[tuple[int, dict[str, Any]]]) -> None:
    """Write what changed: one UPDATE per distinct set of new values, of the changed fields only.

    A day's refresh mostly moves every open case's as-of date and a few due statuses, so a batch takes
    a handful of statements. (``bulk_update`` of the refreshed fields built a CASE WHEN per case and
    field, about 2.5 ms of CPU a case in Django alone: minutes for 100,000, bench/bench_foi_queue.py.)
    """
    groups: dict[tuple[tuple[str, Any], ...], list[int]] = {}
    for pk, values in changed:
        groups.setdefault(tuple(sorted(values.items())), []).append(pk)
    for key, pks in groups.items():
        FoiCase.objects.filter(pk__in=pks).update(**dict(key))


def _record_lapse(case: FoiCase, result: Deadlines, *, today: datetime.date) -> bool:
    """Record the lapse of an expired correction or fee period (the service recomputes the case)."""
    for kind, event_type in (
        (ClockKind.CORRECTION_PERIOD, EventType.CORRECTION_LAPSED),
        (ClockKind.FEE_PAYMENT, EventType.FEE_LAPSED),
    ):
        for clock in result.clocks_of(kind):
            if clock.status == ClockStatus.EXPIRED and clock.lapses_on <= today:
                foi_case_record_event(actor=None, case=case, type=event_type, on=clock.lapses_on, today=today)
                return True
    return False


def foi_reminders_send(*, today: datetime.date) -> int:
    """Tell handlers (and, when overdue, heads) about cases that became due soon or overdue."""
    sent = 0
    wanted = [DueStatus.DUE_SOON.value, DueStatus.OVERDUE.value]
    cases = FoiCase.objects.filter(status__in=OPEN_STATUSES, due_status__in=wanted).exclude(
        reminded_status=F("due_status")
    )
    for case in cases.select_related("org", "handler").order_by("pk").iterator(chunk_size=BATCH):
        claimed = FoiCase.objects.filter(pk=case.pk, reminded_status=case.reminded_status).update(
            reminded_status=case.due_status
        )
        if claimed:
            _remind(case)
            sent += 1
    return sent


def _recipients(case: FoiCase) -> list[str]:
    roles = [Role.FOI_HEAD] if case.due_status == DueStatus.OVERDUE else []
    people = Membership.objects.filter(org=case.org, role__in=roles).select_related("user")
    addresses = {membership.user.email for membership in people if membership.user.email}
    if case.handler and case.handler.email:
        addresses.add(case.handler.email)
    elif case.handler is None:
        handlers = Membership.objects.filter(org=case.org, role=Role.FOI_HANDLER).select_related("user")
        addresses |= {membership.user.email for membership in handlers if membership.user.email}
    return sorted(addresses)


def _remind(case: FoiCase) -> None:
    recipients = _recipients(case)
    if not recipients:
        return
    label = DueStatus(case.due_status).label
    subject = _("【%(label)s】政府信息公开申请 %(number)s") % {"label": label, "number": case.number}
    body = _(
        "申请编号：%(number)s\n受理机关：%(org)s\n答复期限：%(due)s（%(label)s）\n所需信息：%(info)s\n\n"
        "请登录工作台办理：%(url)s"
    ) % {
        "number": case.number,
        "org": case.org.name,
        "due": case.due_on.isoformat() if case.due_on else "",
        "label": label,
        "info": case.info_name or case.description[:60],
        "url": f"{settings.WAGTAILADMIN_BASE_URL}/staff/",
    }
    send_mail(subject, body, None, recipients, fail_silently=True)
