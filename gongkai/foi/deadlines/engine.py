"""The deadline engine of disclosure on request: every date of a case from its history (statutory.md §3.2).

:func:`compute_deadlines` replays the history (ordered by date; events of one day in the order given),
checks that each event is allowed where it stands, and derives

- R, the receipt date (条例第三十一条): the day of submission in person, else the day of signing or of
  confirmation; until then no clock runs (待确认);
- the correction notice due date add_workdays(R, 7) and, after a notice, the applicant's period
  (条例第三十条);
- the reply due date add_workdays(S, 20 + X + E) (条例第三十三条), S being R or the day the corrected
  application arrived (the clock restarts, it does not resume), X the working days excluded for
  consultations (第三十三条第三款) and unpaid fee notices (国办函〔2020〕109号), E the extension;
- a 第三十五条 date, which replaces the computed one;
- the clocks' status and, for a given today, which are due soon or overdue;
- the explanation: each step with its rule and article and the date it produced.

Pure: no database, no clock, no settings unless the caller leaves ``rules`` out. The calendar is the
region's :class:`~gongkai.core.workdays.WorkdayCalendar` (``gongkai.core.calendar.current_calendar()``);
a date that crossed a year without holiday data makes the result provisional (statutory.md §4), and
the caller alerts the administrators (as ``gongkai.core.calendar`` does).

Decisions where statutory.md §3.2 leaves room (each also at the code it governs):

1. Excluded periods count only from the first one that starts on or before the reply due date as it
   stood that day. A consultation or fee notice begun after the period ended has no period left to
   stop, and must not revive an overdue case. With this, add_workdays(S, 20 + X + E) is exactly "the
   (20 + E)-th working day after S that no counted period covers" (the clock pauses).
2. A period that began before S (a consultation sent before the correction notice) counts from S.
3. A period's expiry is counted from the day the letter or notice was sent: the engine does not know
   when the consulted party or the applicant received it. An answer or payment after the expiry ends
   the period at the expiry (B is whichever comes first).
4. Decisions that change the reply period — an extension, a correction notice, a 第三十五条 date — must
   be taken while it runs: on or before the due date in force. A correction notice after the 7 working
   days is recorded and marked late (the restart still follows 第三十条); after an extension or a
   第三十五条 date there can be no correction notice.
5. A 第三十五条 date that falls on a day off moves to the next working day (《民法典》第二百零三条), and
   must be later than the statutory due date. Later periods do not move it.
6. One fee notice per case; the payment period is add_workdays(notice day, 20).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NoReturn

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from gongkai.core import workdays
from gongkai.core.workdays import WorkdayCalendar
from gongkai.foi.choices import (
    DUE_SOON_WORKDAYS_DEFAULT,
    LAPSE_OUTCOMES,
    Channel,
    ConsultationParty,
    Outcome,
)
from gongkai.foi.deadlines import explain
from gongkai.foi.deadlines.events import (
    CaseEvent,
    ConsultationEnded,
    ConsultationStarted,
    CorrectionLapsed,
    CorrectionReceived,
    CorrectionRequested,
    CustomDue,
    EventNotAllowed,
    Extension,
    FeeLapsed,
    FeeNotice,
    FeePaid,
    ReceiptConfirmed,
    Reply,
    Submitted,
    Withdrawn,
)
from gongkai.foi.deadlines.results import (
    Clock,
    ClockKind,
    ClockState,
    ClockStatus,
    Deadlines,
    DueStatus,
    ExcludedPeriod,
    ExclusionReason,
)


@dataclass(frozen=True, slots=True)
class DeadlineRules:
    """The numbers the engine applies; :meth:`from_settings` reads them with their local overrides."""

    reply_workdays: int  # 条例第三十三条第二款: 20
    correction_notice_workdays: int  # 条例第三十条: 7
    correction_period_workdays: int  # 条例第三十条 "合理的补正期限": default 15
    max_extension_workdays: int  # 条例第三十三条第二款: at most 20
    consultation_workdays: int  # 条例第三十二条, 第三十四条: 15
    fee_payment_workdays: int  # 国办函〔2020〕109号: 20
    due_soon_workdays: int  # not statutory: the 即将到期 window

    @classmethod
    def from_settings(cls) -> DeadlineRules:
        from django.conf import settings

        from gongkai.core.rules import rule

        return cls(
            reply_workdays=rule("FOI_REPLY_WORKDAYS"),
            correction_notice_workdays=rule("FOI_CORRECTION_NOTICE_WORKDAYS"),
            correction_period_workdays=rule("FOI_CORRECTION_PERIOD_WORKDAYS"),
            max_extension_workdays=rule("FOI_MAX_EXTENSION_WORKDAYS"),
            consultation_workdays=rule("FOI_CONSULTATION_WORKDAYS"),
            fee_payment_workdays=rule("FOI_FEE_PAYMENT_WORKDAYS"),
            due_soon_workdays=getattr(settings, "GONGKAI_FOI_DUE_SOON_WORKDAYS", DUE_SOON_WORKDAYS_DEFAULT),
        )


def compute_deadlines(
    events: Sequence[CaseEvent],
    calendar: WorkdayCalendar,
    *,
    today: date | None = None,
    rules: DeadlineRules | None = None,
) -> Deadlines:
    """Every date of the case whose history is ``events`` (statutory.md §3.2), seen from ``today``.

    Raises :class:`EventNotAllowed` for an event its history does not allow, and ValueError for an
    empty history or a ``today`` before the last event.
    """
    if not events:
        raise ValueError("a case's history starts with its Submitted event")
    replay = _Replay(calendar, rules or DeadlineRules.from_settings())
    ordered = sorted(range(len(events)), key=lambda i: events[i].on)  # stable: same day, given order
    for seq, index in enumerate(ordered):
        replay.apply(events[index], index=index, seq=seq)
    last = events[ordered[-1]].on
    if today is not None and today < last:
        raise ValueError(f"today ({today}) is before the last event ({last})")
    return replay.result(as_of=today or last, today=today)


# --- Replay state ---------------------------------------------------------------------------------


class _Phase(enum.Enum):
    PENDING_RECEIPT = enum.auto()
    OPEN = enum.auto()
    AWAITING_CORRECTION = enum.auto()
    CLOSED = enum.auto()


@dataclass(slots=True)
class _Correction:
    requested_on: date
    period_workdays: int
    ends_on: date  # the applicant's last day
    late: bool  # notice after the 7 working days of 第三十条
    received_on: date | None = None
    lapsed_on: date | None = None


@dataclass(slots=True)
class _Period:
    """A consultation or a fee notice: sent on ``started_on``, expiring on ``expires_on``."""

    reason: ExclusionReason
    key: int | None
    started_on: date
    expires_on: date
    seq: int
    ended_on: date | None = None  # answer or payment
    lapsed_on: date | None = None  # fee only

    @property
    def ends_on(self) -> date:
        """Day B: the answer or payment, or the expiry, whichever first (decision 3)."""
        return min(self.ended_on, self.expires_on) if self.ended_on else self.expires_on

    @property
    def open(self) -> bool:
        return self.ended_on is None and self.lapsed_on is None


@dataclass(frozen=True, slots=True)
class _Granted:
    on: date
    workdays: int
    seq: int


@dataclass(frozen=True, slots=True)
class _Custom:
    on: date
    asked_on: date
    due_on: date  # asked_on, or the next working day when asked_on is a day off (decision 5)
    reason: str
    seq: int


@dataclass(slots=True)
class _Derivation:
    """The reply due date of the current state, with the steps that produced it."""

    statutory_due: date
    excluded: int
    periods: list[ExcludedPeriod]
    steps: list[explain.Step]
    missing_years: set[int] = field(default_factory=set)


class _Replay:
    """The case as the events so far have left it; ``apply`` checks and records one more event."""

    def __init__(self, calendar: WorkdayCalendar, rules: DeadlineRules) -> None:
        self.cal = calendar
        self.rules = rules
        self.missing_years: set[int] = set()
        self.phase = _Phase.PENDING_RECEIPT
        self.channel: Channel | None = None
        self.submitted_on: date | None = None
        self.received_on: date | None = None
        self.clock_start: date | None = None
        self.correction_notice_due: date | None = None
        self.correction: _Correction | None = None
        self.periods: list[_Period] = []
        self.extension: _Granted | None = None
        self.custom: _Custom | None = None
        self.closed_on: date | None = None
        self.outcome: Outcome | None = None
        self.closing_event: CaseEvent | None = None
        self.receipt_event: ReceiptConfirmed | None = None

    # -- calendar arithmetic that remembers years without data

    def _add(self, d: date, n: int, missing: set[int]) -> date:
        result = workdays.add_workdays(d, n, self.cal)
        missing.update(result.missing_years)
        return result.date

    def _between(self, a: date, b: date, missing: set[int]) -> int:
        count = workdays.workdays_between(a, b, self.cal)
        missing.update(count.missing_years)
        return count.workdays

    # -- one event

    def apply(self, event: CaseEvent, *, index: int, seq: int) -> None:
        try:
            self._check_sequence(event)
            self._apply(event, seq)
        except _NotAllowed as refusal:
            raise EventNotAllowed(refusal.reason, index=index, event=event) from None

    def _check_sequence(self, event: CaseEvent) -> None:
        if self.channel is None and not isinstance(event, Submitted):
            _refuse(_("申请记录须从提交申请开始"))
        if self.phase is _Phase.CLOSED:
            assert self.closed_on is not None
            _refuse(_("本申请已于%(date)s办结，不能再记录办理事项") % {"date": explain.d(self.closed_on)})
        if self.phase is _Phase.PENDING_RECEIPT and not isinstance(
            event, Submitted | ReceiptConfirmed | Withdrawn
        ):
            _refuse(_("尚未确认收到申请（《条例》第三十一条），答复期限尚未起算"))

    def _apply(self, event: CaseEvent, seq: int) -> None:
        match event:
            case Submitted():
                self._submitted(event)
            case ReceiptConfirmed():
                self._receipt_confirmed(event)
            case CorrectionRequested():
                self._correction_requested(event)
            case CorrectionReceived():
                self._correction_received(event)
            case CorrectionLapsed():
                self._correction_lapsed(event)
            case ConsultationStarted():
                self._consultation_started(event, seq)
            case ConsultationEnded():
                self._consultation_ended(event)
            case Extension():
                self._extension(event, seq)
            case FeeNotice():
                self._fee_notice(event, seq)
            case FeePaid():
                self._fee_paid(event)
            case FeeLapsed():
                self._fee_lapsed(event)
            case CustomDue():
                self._custom_due(event, seq)
            case Reply():
                self._reply(event)
            case Withdrawn():
                self._close(event, Outcome.OTHER_OTHER)
            case _:
                raise TypeError(f"not a case event: {event!r}")

    def _submitted(self, event: Submitted) -> None:
        if self.channel is not None:
            _refuse(_("申请已经提交，不能重复记录"))
        self.channel = Channel(event.channel)
        self.submitted_on = event.on
        if self.channel == Channel.IN_PERSON:
            # 第三十一条第（一）项: submitted in person, received that day.
            self._received(event.on)

    def _receipt_confirmed(self, event: ReceiptConfirmed) -> None:
        if self.channel == Channel.IN_PERSON:
            _refuse(_("当面提交的申请以提交之日为收到申请之日（《条例》第三十一条第（一）项），无需确认"))
        if self.received_on is not None:
            _refuse(_("已于%(date)s确认收到申请") % {"date": explain.d(self.received_on)})
        self.receipt_event = event
        self._received(event.on)

    def _received(self, on: date) -> None:
        self.received_on = on
        self.clock_start = on
        self.phase = _Phase.OPEN
        # 第三十条: the agency asks for a correction within 7 working days of receipt.
        self.correction_notice_due = self._add(on, self.rules.correction_notice_workdays, self.missing_years)

    def _correction_requested(self, event: CorrectionRequested) -> None:
        if self.correction is not None:
            _refuse(
                _("补正应当一次性告知（《条例》第三十条），本申请已于%(date)s告知补正")
                % {"date": explain.d(self.correction.requested_on)}
            )
        if self.phase is not _Phase.OPEN:
            _refuse(_("当前不能告知补正"))
        if self.extension is not None:
            _refuse(_("已延长答复期限，不能再告知补正（补正须在收到申请之日起7个工作日内告知）"))
        if self.custom is not None:
            _refuse(_("已依《条例》第三十五条确定答复期限，不能再告知补正"))
        self._refuse_after_due(event.on, gettext_noop("告知补正"))
        period = (
            self.rules.correction_period_workdays if event.period_workdays is None else event.period_workdays
        )
        if period < 1:
            _refuse(_("补正期限至少为1个工作日"))
        assert self.correction_notice_due is not None
        self.correction = _Correction(
            requested_on=event.on,
            period_workdays=period,
            ends_on=self._add(event.on, period, self.missing_years),
            late=event.on > self.correction_notice_due,
        )
        self.phase = _Phase.AWAITING_CORRECTION

    def _correction_received(self, event: CorrectionReceived) -> None:
        if self.phase is not _Phase.AWAITING_CORRECTION or self.correction is None:
            _refuse(_("没有待补正的申请"))
        self.correction.received_on = event.on
        # 第三十条: "答复期限自行政机关收到补正的申请之日起计算" — the clock restarts, it does not resume.
        self.clock_start = event.on
        self.phase = _Phase.OPEN

    def _correction_lapsed(self, event: CorrectionLapsed) -> None:
        if self.phase is not _Phase.AWAITING_CORRECTION or self.correction is None:
            _refuse(_("没有待补正的申请"))
        if event.on <= self.correction.ends_on:
            _refuse(
                _("补正期限至%(date)s，期满后才能记录逾期未补正")
                % {"date": explain.d(self.correction.ends_on)}
            )
        self.correction.lapsed_on = event.on
        self._close(event, Outcome.OTHER_CORRECTION_LAPSED)

    def _consultation_started(self, event: ConsultationStarted, seq: int) -> None:
        consultations = [p for p in self.periods if p.reason is not ExclusionReason.FEE]
        key = event.consultation if event.consultation is not None else len(consultations) + 1
        if any(p.key == key for p in consultations):
            _refuse(_("征求意见编号%(key)s已经使用") % {"key": key})
        party = ConsultationParty(event.party)
        reason = (
            ExclusionReason.THIRD_PARTY if party == ConsultationParty.THIRD_PARTY else ExclusionReason.AGENCY
        )
        # 第三十二条, 第三十四条: the party answers within 15 working days (decision 3: from sending).
        expires = self._add(event.on, self.rules.consultation_workdays, self.missing_years)
        self.periods.append(_Period(reason=reason, key=key, started_on=event.on, expires_on=expires, seq=seq))

    def _consultation_ended(self, event: ConsultationEnded) -> None:
        open_ones = [p for p in self.periods if p.reason is not ExclusionReason.FEE and p.open]
        if event.consultation is not None:
            open_ones = [p for p in open_ones if p.key == event.consultation]
        if not open_ones:
            _refuse(_("没有进行中的征求意见"))
        period = max(open_ones, key=lambda p: p.seq)  # the latest begun, when none is named
        period.ended_on = event.on

    def _extension(self, event: Extension, seq: int) -> None:
        if self.phase is not _Phase.OPEN:
            _refuse(_("补正期间答复期限尚未重新起算，不能延期"))
        if self.extension is not None:
            _refuse(
                _("答复期限只能延长一次（《条例》第三十三条第二款），已于%(date)s延长")
                % {"date": explain.d(self.extension.on)}
            )
        if not 1 <= event.workdays <= self.rules.max_extension_workdays:
            _refuse(
                _("延长的期限为1至%(max)s个工作日（《条例》第三十三条第二款）")
                % {"max": self.rules.max_extension_workdays}
            )
        if self.custom is not None:
            _refuse(_("已依《条例》第三十五条确定答复期限，不能再延期"))
        self._refuse_after_due(event.on, gettext_noop("延长答复期限"))
        self.extension = _Granted(on=event.on, workdays=event.workdays, seq=seq)

    def _fee_notice(self, event: FeeNotice, seq: int) -> None:
        fee = self._fee()
        if fee is not None:
            _refuse(_("本申请已于%(date)s发出收费通知") % {"date": explain.d(fee.started_on)})
        # 国办函〔2020〕109号: the applicant pays within 20 working days (decision 3: from the notice day).
        pay_by = self._add(event.on, self.rules.fee_payment_workdays, self.missing_years)
        self.periods.append(
            _Period(reason=ExclusionReason.FEE, key=None, started_on=event.on, expires_on=pay_by, seq=seq)
        )

    def _fee_paid(self, event: FeePaid) -> None:
        fee = self._fee()
        if fee is None or not fee.open:
            _refuse(_("没有待缴费的收费通知"))
        fee.ended_on = event.on

    def _fee_lapsed(self, event: FeeLapsed) -> None:
        fee = self._fee()
        if fee is None or not fee.open:
            _refuse(_("没有待缴费的收费通知"))
        if event.on <= fee.expires_on:
            _refuse(_("缴费期限至%(date)s，期满后才能记录逾期未缴费") % {"date": explain.d(fee.expires_on)})
        fee.lapsed_on = event.on
        self._close(event, Outcome.OTHER_FEE_LAPSED)

    def _fee(self) -> _Period | None:
        return next((p for p in self.periods if p.reason is ExclusionReason.FEE), None)

    def _custom_due(self, event: CustomDue, seq: int) -> None:
        if self.phase is not _Phase.OPEN:
            _refuse(_("补正期间答复期限尚未重新起算，不能确定答复期限"))
        reason = event.reason.strip()
        if not reason:
            _refuse(_("须说明延迟答复的理由（《条例》第三十五条）"))
        self._refuse_after_due(event.on, gettext_noop("确定答复期限"))
        due_on = _first_workday_from(event.due_on, self.cal)
        statutory = self._derive().statutory_due
        if due_on <= statutory:
            _refuse(
                _("《条例》第三十五条确定的答复期限应晚于法定答复期限%(date)s")
                % {"date": explain.d(statutory)}
            )
        self.custom = _Custom(on=event.on, asked_on=event.due_on, due_on=due_on, reason=reason, seq=seq)

    def _reply(self, event: Reply) -> None:
        outcome = Outcome(event.outcome)
        if outcome in LAPSE_OUTCOMES:
            _refuse(_("逾期未补正、逾期未缴费由相应的办理事项记录，不能作为答复结果"))
        if outcome == Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION and (
            self.correction is None or self.correction.received_on is None
        ):
            _refuse(_("没有收到补正后的申请，不能以“补正后申请内容仍不明确”答复"))
        self._close(event, outcome)

    def _close(self, event: CaseEvent, outcome: Outcome) -> None:
        self.closed_on = event.on
        self.outcome = outcome
        self.closing_event = event
        self.phase = _Phase.CLOSED

    def _refuse_after_due(self, on: date, action: str) -> None:
        """Decision 4: what changes the reply period is decided while the period runs. ``action`` is
        marked with gettext_noop and translated only for a refusal."""
        due = self._due_in_force()
        if due is not None and on > due:
            _refuse(
                _("答复期限已于%(date)s届满，不能再%(action)s")
                % {"date": explain.d(due), "action": _(action)}
            )

    def _reply_clock_runs(self) -> bool:
        """Received, and not waiting for (or given up waiting for) a correction (第三十条)."""
        if self.clock_start is None:
            return False
        return self.correction is None or self.correction.received_on is not None

    def _due_in_force(self) -> date | None:
        if not self._reply_clock_runs():
            return None
        return self.custom.due_on if self.custom else self._derive().statutory_due

    # -- the reply due date

    def _derive(self) -> _Derivation:
        """add_workdays(S, base + X + E), step by step in the order things happened (statutory.md §3.2).

        Periods are taken in the order they started (from S at the earliest, decision 2), the extension
        on its day. Each period adds the working days of (max(A, S), B] that no earlier period covered
        (overlapping periods count once) — if it started on or before the due date as it then stood
        (decision 1).
        """
        start = self.clock_start
        assert start is not None
        missing: set[int] = set()
        base = self.rules.reply_workdays
        items: list[tuple[date, int, _Period | _Granted]] = [
            (max(p.started_on, start), p.seq, p) for p in self.periods
        ]
        if self.extension is not None:
            items.append((self.extension.on, self.extension.seq, self.extension))
        items.sort(key=lambda item: (item[0], item[1]))
        excluded = extended = 0
        covered_until = start
        due = self._add(start, base, missing)
        steps: list[explain.Step] = [explain.BaseStep(start=start, workdays=base, due=due)]
        periods: list[ExcludedPeriod] = []
        for after, _seq, item in items:
            if isinstance(item, _Granted):
                extended = item.workdays
                due = self._add(start, base + excluded + extended, missing)
                steps.append(explain.ExtensionStep(on=item.on, workdays=item.workdays, due=due))
                continue
            ends = item.ends_on
            counted = ends > start and after <= due
            added = 0
            if counted:
                new_from = max(after, covered_until)
                added = self._between(new_from, ends, missing) if ends > new_from else 0
                covered_until = max(covered_until, ends)
                excluded += added
                due = self._add(start, base + excluded + extended, missing)
            period = ExcludedPeriod(
                reason=item.reason,
                started_on=item.started_on,
                ends_on=ends,
                open=item.open,
                counted_after=after,
                workdays=added,
                counted=counted,
                key=item.key,
            )
            periods.append(period)
            own = self._between(after, ends, missing) if counted else 0
            steps.append(
                explain.PeriodStep(
                    period=period,
                    own_workdays=own,
                    total_excluded=excluded,
                    due=due,
                    before_start=ends <= start,
                    answered_on=item.ended_on,
                    expires_on=item.expires_on,
                )
            )
        return _Derivation(
            statutory_due=due, excluded=excluded, periods=periods, steps=steps, missing_years=missing
        )

    # -- the result

    def result(self, *, as_of: date, today: date | None) -> Deadlines:
        assert self.channel is not None and self.submitted_on is not None
        derivation = self._derive() if self._reply_clock_runs() else None
        statutory_due = derivation.statutory_due if derivation else None
        due_on = self.custom.due_on if (self.custom and derivation) else statutory_due
        missing = set(self.missing_years) | (derivation.missing_years if derivation else set())
        if self.custom is not None and derivation is not None:
            # The 第三十五条 date was judged a working day (decision 5) by the calendar of its year.
            missing.update(
                y
                for y in range(self.custom.asked_on.year, self.custom.due_on.year + 1)
                if y not in self.cal.covered_years
            )
        clocks = self._clocks(as_of=as_of, today=today, due_on=due_on, missing=missing)
        reply = next((c for c in clocks if c.kind is ClockKind.REPLY), None)
        workdays_left = workdays_overdue = None
        if reply is not None and today is not None and reply.status is ClockStatus.RUNNING:
            workdays_left = self._between(today, reply.due_on, missing)
        if reply is not None and today is not None and reply.status is ClockStatus.EXPIRED:
            workdays_overdue = self._between(reply.due_on, today, missing)
        periods = tuple(derivation.periods) if derivation else ()
        replied_late = None
        if isinstance(self.closing_event, Reply) and due_on is not None and self.closed_on is not None:
            replied_late = self.closed_on > due_on
        lines = explain.lines(
            channel=self.channel,
            submitted_on=self.submitted_on,
            received_on=self.received_on,
            receipt_event=self.receipt_event,
            correction_notice_due=self.correction_notice_due,
            correction=self.correction,
            steps=derivation.steps if derivation else [],
            custom=self.custom,
            closing_event=self.closing_event,
            outcome=self.outcome,
            due_on=due_on,
            replied_late=replied_late,
            rules=self.rules,
            missing_years=missing,
            as_of=as_of,
        )
        return Deadlines(
            channel=self.channel,
            submitted_on=self.submitted_on,
            received_on=self.received_on,
            clock_started_on=self.clock_start,
            clock=self._clock_state(as_of, periods),
            due_on=due_on,
            statutory_due_on=statutory_due,
            custom_due_on=self.custom.due_on if self.custom else None,
            custom_due_reason=self.custom.reason if self.custom else "",
            base_workdays=self.rules.reply_workdays,
            excluded_workdays=derivation.excluded if derivation else 0,
            extension_workdays=self.extension.workdays if self.extension else 0,
            correction_notice_due_on=self.correction_notice_due,
            correction_period_ends_on=self.correction.ends_on if self.correction else None,
            clocks=tuple(clocks),
            excluded_periods=periods,
            closed_on=self.closed_on,
            outcome=self.outcome,
            replied_late=replied_late,
            as_of=as_of,
            due_status=reply.due_status if reply else None,
            workdays_left=workdays_left,
            workdays_overdue=workdays_overdue,
            provisional=bool(missing),
            missing_years=tuple(sorted(missing)),
            explanation=tuple(lines),
        )

    def _clock_state(self, as_of: date, periods: tuple[ExcludedPeriod, ...]) -> ClockState:
        if self.phase is _Phase.CLOSED:
            return ClockState.CLOSED
        if self.phase is _Phase.PENDING_RECEIPT:
            return ClockState.PENDING_RECEIPT
        if self.phase is _Phase.AWAITING_CORRECTION:
            return ClockState.AWAITING_CORRECTION
        paused = any(p.counted and p.counted_after < as_of <= p.ends_on for p in periods)
        return ClockState.PAUSED if paused else ClockState.RUNNING

    def _clocks(
        self, *, as_of: date, today: date | None, due_on: date | None, missing: set[int]
    ) -> list[Clock]:
        clock = _ClockMaker(as_of=as_of, today=today, closed_on=self.closed_on, replay=self, missing=missing)
        clocks: list[Clock] = []
        if self.clock_start is not None and due_on is not None:
            replied = self.closed_on if isinstance(self.closing_event, Reply) else None
            clocks.append(clock.make(ClockKind.REPLY, self.clock_start, due_on, replied))
        if self.received_on is not None and self.correction_notice_due is not None:
            requested = self.correction.requested_on if self.correction else None
            clocks.append(
                clock.make(
                    ClockKind.CORRECTION_NOTICE, self.received_on, self.correction_notice_due, requested
                )
            )
        if self.correction is not None:
            c = self.correction
            clocks.append(clock.make(ClockKind.CORRECTION_PERIOD, c.requested_on, c.ends_on, c.received_on))
        for p in self.periods:
            kind = ClockKind.FEE_PAYMENT if p.reason is ExclusionReason.FEE else ClockKind.CONSULTATION
            clocks.append(clock.make(kind, p.started_on, p.expires_on, p.ended_on, key=p.key))
        return clocks


@dataclass(slots=True)
class _ClockMaker:
    as_of: date
    today: date | None
    closed_on: date | None
    replay: _Replay
    missing: set[int]

    def make(
        self, kind: ClockKind, started: date, due: date, ended: date | None, key: int | None = None
    ) -> Clock:
        if ended is not None:
            status = ClockStatus.MET if ended <= due else ClockStatus.LATE
        elif self.closed_on is not None and self.closed_on <= due:
            status = ClockStatus.MOOT
        elif self.as_of > due:
            status = ClockStatus.EXPIRED
        else:
            status = ClockStatus.RUNNING
        return Clock(
            kind=kind,
            started_on=started,
            due_on=due,
            ended_on=ended,
            status=status,
            due_status=self._due_status(kind, status, due),
            key=key,
        )

    def _due_status(self, kind: ClockKind, status: ClockStatus, due: date) -> DueStatus | None:
        if self.today is None or self.closed_on is not None:
            return None  # a closed case is no longer due
        if status is ClockStatus.EXPIRED:
            # The correction notice is a window, not a duty: once it has passed there is nothing overdue.
            return None if kind is ClockKind.CORRECTION_NOTICE else DueStatus.OVERDUE
        if status is not ClockStatus.RUNNING:
            return None
        left = self.replay._between(self.today, due, self.missing)
        return DueStatus.DUE_SOON if left <= self.replay.rules.due_soon_workdays else DueStatus.NOT_DUE


class _NotAllowed(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _refuse(reason: str) -> NoReturn:
    raise _NotAllowed(reason)


def _first_workday_from(d: date, cal: WorkdayCalendar) -> date:
    """``d`` itself if a working day, else the next one (《民法典》第二百零三条)."""
    while not workdays.is_workday(d, cal):
        d += timedelta(days=1)
    return d
