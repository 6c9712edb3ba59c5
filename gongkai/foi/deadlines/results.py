"""What the deadline engine computes for a case: dates, clocks, excluded periods and the explanation."""

from __future__ import annotations

import enum
import functools
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext as _

from gongkai.foi.choices import Channel, Outcome


class ClockState(enum.StrEnum):
    """The reply clock of 条例第三十三条 as of a day."""

    PENDING_RECEIPT = "pending_receipt"  # receipt not yet confirmed (第三十一条): no clock runs, 待确认
    RUNNING = "running"
    PAUSED = "paused"  # inside an excluded period: consultation (第三十三条第三款) or unpaid fee notice
    AWAITING_CORRECTION = "awaiting_correction"  # stopped; restarts when the correction arrives (第三十条)
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {
            ClockState.PENDING_RECEIPT: _("待确认"),
            ClockState.RUNNING: _("计时中"),
            ClockState.PAUSED: _("暂停计时"),
            ClockState.AWAITING_CORRECTION: _("待补正"),
            ClockState.CLOSED: _("已办结"),
        }[self]


class ClockKind(enum.StrEnum):
    """The clocks of a case: the reply clock and the sub-clocks that run beside it."""

    REPLY = "reply"  # 第三十三条: the agency replies
    CORRECTION_NOTICE = (
        "correction_notice"  # 第三十条: the agency asks for a correction within 7 working days
    )
    CORRECTION_PERIOD = "correction_period"  # 第三十条: the applicant corrects within the period set
    CONSULTATION = (
        "consultation"  # 第三十二条, 第三十四条: the consulted party answers within 15 working days
    )
    FEE_PAYMENT = "fee_payment"  # 国办函〔2020〕109号: the applicant pays within 20 working days

    @property
    def label(self) -> str:
        return {
            ClockKind.REPLY: _("答复期限"),
            ClockKind.CORRECTION_NOTICE: _("补正告知期限"),
            ClockKind.CORRECTION_PERIOD: _("申请人补正期限"),
            ClockKind.CONSULTATION: _("征求意见期限"),
            ClockKind.FEE_PAYMENT: _("缴费期限"),
        }[self]


class ClockStatus(enum.StrEnum):
    """Where a clock stands as of a day."""

    RUNNING = "running"  # not ended, due date not passed
    MET = "met"  # ended on or before its due date
    LATE = "late"  # ended after its due date
    EXPIRED = "expired"  # not ended, due date passed
    MOOT = "moot"  # the case closed before the clock ended or expired

    @property
    def label(self) -> str:
        return {
            ClockStatus.RUNNING: _("进行中"),
            ClockStatus.MET: _("按期完成"),
            ClockStatus.LATE: _("逾期完成"),
            ClockStatus.EXPIRED: _("已届满"),
            ClockStatus.MOOT: _("不再适用"),
        }[self]


class DueStatus(enum.StrEnum):
    """A running clock seen from "today": not due yet, due soon, or overdue."""

    NOT_DUE = "not_due"
    DUE_SOON = "due_soon"  # due within the warning window (GONGKAI_FOI_DUE_SOON_WORKDAYS)
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {
            DueStatus.NOT_DUE: _("未到期"),
            DueStatus.DUE_SOON: _("即将到期"),
            DueStatus.OVERDUE: _("已逾期"),
        }[self]


class ExclusionReason(enum.StrEnum):
    """Why a period is not counted in the reply clock (statutory.md §3.2, X)."""

    THIRD_PARTY = "third_party"  # 第三十二条, 第三十三条第三款
    AGENCY = "agency"  # 第三十四条, 第三十三条第三款
    FEE = "fee"  # 国办函〔2020〕109号: from the fee notice to the payment

    @property
    def label(self) -> str:
        return {
            ExclusionReason.THIRD_PARTY: _("征求第三方意见"),
            ExclusionReason.AGENCY: _("征求其他机关意见"),
            ExclusionReason.FEE: _("收费通知至缴费"),
        }[self]


@dataclass(frozen=True, slots=True)
class Clock:
    """One clock of a case: when it started, when it is due, when it ended and how it stands.

    ``key`` tells consultations apart (their number); ``due_status`` is set only when the engine was
    given a ``today`` and the clock is running or expired.
    """

    kind: ClockKind
    started_on: date
    due_on: date
    ended_on: date | None
    status: ClockStatus
    due_status: DueStatus | None = None
    key: int | None = None

    @property
    def lapses_on(self) -> date:
        """The first day after the period: when an unanswered correction or fee period lapses (条例第三十条,
        国办函〔2020〕109号), the date for its correction_lapsed or fee_lapsed event."""
        return self.due_on + timedelta(days=1)


@dataclass(frozen=True, slots=True)
class ExcludedPeriod:
    """A period not counted in the reply clock: working days ``d`` with ``counted_after < d <= ends_on``.

    ``started_on`` is day A of statutory.md §3.2 (letter or notice sent), ``ends_on`` day B (answer or
    payment received, or the period's expiry, whichever first); ``open`` when B is the expiry only
    because nothing has ended the period yet. ``counted_after`` is A, or the day the clock (re)started if
    later. ``workdays`` is what this period adds to X once the days of periods before it are left out
    (overlapping periods count once); a period that started after the reply was due, or ended before
    the clock (re)started, adds nothing (``counted`` False).
    """

    reason: ExclusionReason
    started_on: date
    ends_on: date
    open: bool
    counted_after: date
    workdays: int
    counted: bool
    key: int | None = None


@functools.lru_cache(maxsize=2048)
def _translated(language: str | None, message: str) -> str:
    """gettext of ``message`` in ``language`` (the active one): the catalogues do not change while the
    process runs, and a miss walks every fallback catalogue (about 20 µs)."""
    return gettext(message)


@dataclass(frozen=True, slots=True)
class Text:
    """A message translated when it is shown, not when it is computed.

    The engine builds thousands of explanations in a ``tick``, and Django's gettext costs more than the
    date arithmetic (it walks the catalogue's fallbacks for every miss), so explanations keep the
    message and its parameters and :func:`str` translates them.
    """

    message: str
    params: tuple[tuple[str, object], ...] = ()

    def __str__(self) -> str:
        return self.render(get_language())

    def render(self, language: str | None) -> str:
        """The message in ``language``, which must be the active language (get_language() costs a few
        microseconds, so an explanation asks once for all its lines)."""
        text = _translated(language, self.message)
        if not self.params:
            return text
        return text % {name: _param(value, language) for name, value in self.params}


def _param(value: object, language: str | None) -> object:
    if isinstance(value, Text):
        return value.render(language)
    if isinstance(value, Promise):  # a choice's label (gettext_lazy)
        return _label(value, language)
    return value


# Translated choice labels by (language, id of the label). The entry holds the label itself, so that its
# id cannot be reused while the entry lives; labels are module constants, so the cache stays small.
_labels: dict[tuple[str | None, int], tuple[Promise, str]] = {}


def _label(value: Promise, language: str | None) -> str:
    key = (language, id(value))
    entry = _labels.get(key)
    if entry is None or entry[0] is not value:
        entry = _labels[key] = (value, str(value))
    return entry[1]


@dataclass(frozen=True, slots=True)
class ExplanationLine:
    """One step of the explanation: what happened (``on``, or None for a computed date), the rule with
    its article, and the result in words (``result``, with its date ``result_on`` if any)."""

    on: date | None
    what: Text
    rule: Text
    result: Text | None
    result_on: date | None

    def __str__(self) -> str:
        return self.render(get_language())

    def render(self, language: str | None) -> str:
        when = f"{chinese_date(self.on)} " if self.on else ""
        result = f" → {self.result.render(language)}" if self.result else ""
        return f"{when}{self.what.render(language)}（{self.rule.render(language)}）{result}"


def chinese_date(d: date) -> str:
    """2026年3月2日: dates as staff and letters write them."""
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True, slots=True)
class Deadlines:
    """Every date of a case computed from its history (statutory.md §3.2).

    ``received_on`` is R (条例第三十一条), None while the receipt awaits confirmation; ``clock_started_on``
    is S (R, or the day the corrected application arrived); ``due_on`` is the reply due date in force: the
    第三十五条 date if one was set, else ``statutory_due_on`` = add_workdays(S, base + excluded + extension).
    ``due_on`` is None while no reply clock runs (awaiting receipt or correction, or closed before one
    started). ``as_of`` is the "today" the engine was given, else the last event's date: ``clock``,
    the clocks' status and ``due_status`` are seen from it (``due_status`` only with a given today).
    ``provisional`` when a date crossed a year without holiday data (statutory.md §4).
    """

    channel: Channel
    submitted_on: date
    received_on: date | None
    clock_started_on: date | None
    clock: ClockState
    due_on: date | None
    statutory_due_on: date | None
    custom_due_on: date | None
    custom_due_reason: str
    base_workdays: int
    excluded_workdays: int
    extension_workdays: int
    correction_notice_due_on: date | None
    correction_period_ends_on: date | None
    clocks: tuple[Clock, ...]
    excluded_periods: tuple[ExcludedPeriod, ...]
    closed_on: date | None
    outcome: Outcome | None
    replied_late: bool | None
    as_of: date
    due_status: DueStatus | None
    workdays_left: int | None
    workdays_overdue: int | None
    provisional: bool
    missing_years: tuple[int, ...]
    explanation: tuple[ExplanationLine, ...]

    def explanation_text(self) -> list[str]:
        """The explanation as the lines the API's ``due_explanation`` and the case page show."""
        language = get_language()
        return [line.render(language) for line in self.explanation]

    def clocks_of(self, kind: ClockKind) -> tuple[Clock, ...]:
        return tuple(clock for clock in self.clocks if clock.kind == kind)
