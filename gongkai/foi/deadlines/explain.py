"""The explanation of a case's dates, in Chinese: each line says what happened, the rule with its
article, and the date it produced (statutory.md §3.2, "every computed date comes with its explanation").

The engine records the steps of the reply due date as it derives it (:class:`BaseStep`,
:class:`PeriodStep`, :class:`ExtensionStep`); :func:`lines` turns them, with the receipt, the
correction and the closing, into :class:`~gongkai.foi.deadlines.results.ExplanationLine` in the order
things happened. Messages are :class:`~gongkai.foi.deadlines.results.Text`, translated when shown.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from gongkai.foi.choices import Channel, Outcome
from gongkai.foi.deadlines.events import (
    CaseEvent,
    CorrectionLapsed,
    FeeLapsed,
    ReceiptConfirmed,
    Reply,
    Withdrawn,
)
from gongkai.foi.deadlines.results import (
    ExcludedPeriod,
    ExclusionReason,
    ExplanationLine,
    Text,
    chinese_date,
)

if TYPE_CHECKING:
    from gongkai.foi.deadlines.engine import _Correction, _Custom
    from gongkai.foi.deadlines.rules import DeadlineRules

d = chinese_date


def _(message: str, /, **params: object) -> Text:
    """A message for translation with its parameters, translated when shown. Named ``_`` so that
    makemessages (xgettext) extracts the messages as it does gettext's."""
    return Text(message, tuple(params.items()))


# The articles, spelled once (statutory.md §3.1). 《条例》 is the 政府信息公开条例 (国务院令第711号).
RECEIPT_ARTICLE = {
    Channel.IN_PERSON: "《条例》第三十一条第（一）项",
    Channel.POST_SIGNED: "《条例》第三十一条第（二）项",
    Channel.POST_ORDINARY: "《条例》第三十一条第（二）项",
    Channel.ONLINE: "《条例》第三十一条第（三）项",
    # E-mail is a data message sent over the internet: "互联网渠道" of 第三十一条第（三）项.
    Channel.EMAIL: "《条例》第三十一条第（三）项",
    Channel.FAX: "《条例》第三十一条第（三）项",
}
CORRECTION_ARTICLE = "《条例》第三十条"
REPLY_ARTICLE = "《条例》第三十三条第二款"
CONSULTATION_ARTICLE = {
    ExclusionReason.THIRD_PARTY: "《条例》第三十三条第三款、第三十二条",
    ExclusionReason.AGENCY: "《条例》第三十三条第三款、第三十四条",
}
# The article of 109号 is not given: statutory.md §3.4 cites the measures as a whole.
FEE_ARTICLE = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"
CUSTOM_ARTICLE = "《条例》第三十五条"
DAY_COUNT_ARTICLE = "《民法典》第二百零一条"
DAY_OFF_ARTICLE = "《民法典》第二百零三条"

REASON_LABEL = {
    ExclusionReason.THIRD_PARTY: _("征求第三方意见"),
    ExclusionReason.AGENCY: _("征求其他机关意见"),
}


@dataclass(frozen=True, slots=True)
class BaseStep:
    """The reply clock from S: its base working days and the date they reach."""

    start: date
    workdays: int
    due: date


@dataclass(frozen=True, slots=True)
class PeriodStep:
    """One excluded period, what it added, and the due date after it."""

    period: ExcludedPeriod
    own_workdays: int  # its own working days from S (before overlaps are taken out)
    total_excluded: int  # X after it
    due: date
    before_start: bool  # ended before the clock (re)started
    answered_on: date | None  # the answer or payment, if any
    expires_on: date


@dataclass(frozen=True, slots=True)
class ExtensionStep:
    on: date
    workdays: int
    due: date


Step = BaseStep | PeriodStep | ExtensionStep


def lines(
    *,
    channel: Channel,
    submitted_on: date,
    received_on: date | None,
    receipt_event: ReceiptConfirmed | None,
    correction_notice_due: date | None,
    correction: _Correction | None,
    steps: Iterable[Step],
    custom: _Custom | None,
    closing_event: CaseEvent | None,
    outcome: Outcome | None,
    due_on: date | None,
    replied_late: bool | None,
    rules: DeadlineRules,
    missing_years: Iterable[int],
    as_of: date,
) -> list[ExplanationLine]:
    out = list(_receipt(channel, submitted_on, received_on, receipt_event))
    if received_on is not None and correction_notice_due is not None:
        out.append(
            ExplanationLine(
                on=None,
                what=_("补正告知期限：收到申请之日后第%(n)s个工作日", n=rules.correction_notice_workdays),
                rule=_("需要补正的，应当一次性告知，%(article)s", article=CORRECTION_ARTICLE),
                result=_("补正告知期限：%(date)s", date=d(correction_notice_due)),
                result_on=correction_notice_due,
            )
        )
    if correction is not None:
        out.extend(_correction(correction, correction_notice_due))
    out.extend(_due_steps(steps, custom, rules, as_of))
    if closing_event is not None and outcome is not None:
        out.append(_closing(closing_event, outcome, due_on, replied_late))
    years = sorted(missing_years)
    if years:
        out.append(
            ExplanationLine(
                on=None,
                what=_(
                    "%(years)s年的节假日安排尚未录入，暂按周末计算，以上日期为临时结果",
                    years="、".join(str(y) for y in years),
                ),
                rule=_("请管理员录入国务院办公厅节假日安排通知"),
                result=None,
                result_on=None,
            )
        )
    return out


def _receipt(
    channel: Channel, submitted_on: date, received_on: date | None, receipt_event: ReceiptConfirmed | None
) -> Iterator[ExplanationLine]:
    article = RECEIPT_ARTICLE[channel]
    if channel == Channel.IN_PERSON:
        yield ExplanationLine(
            on=submitted_on,
            what=_("当面提交申请"),
            rule=_("以提交之日为收到申请之日，%(article)s", article=article),
            result=_("收到申请之日：%(date)s", date=d(submitted_on)),
            result_on=submitted_on,
        )
        return
    if channel == Channel.POST_SIGNED:
        rule = _("以行政机关签收之日为收到申请之日，%(article)s", article=article)
    elif channel == Channel.POST_ORDINARY:
        rule = _(
            "工作机构应当于收到申请的当日与申请人确认，确认之日为收到申请之日，%(article)s", article=article
        )
    else:
        rule = _("以双方确认之日为收到申请之日，%(article)s", article=article)
    yield ExplanationLine(
        on=submitted_on,
        what=_("通过%(channel)s提交申请", channel=channel.label),
        rule=rule,
        result=None if received_on else _("收到申请之日：待确认"),
        result_on=None,
    )
    if receipt_event is None or received_on is None:
        return
    if channel == Channel.POST_SIGNED:
        what = _("签收申请")
    elif channel == Channel.POST_ORDINARY and received_on > submitted_on:
        what = _("与申请人确认收到申请（晚于信函到达之日）")
    else:
        what = _("与申请人确认收到申请")
    yield ExplanationLine(
        on=received_on,
        what=what,
        rule=_("%(article)s", article=article),
        result=_("收到申请之日：%(date)s", date=d(received_on)),
        result_on=received_on,
    )


def _correction(correction: _Correction, notice_due: date | None) -> Iterator[ExplanationLine]:
    if correction.late and notice_due is not None:
        what = _(
            "告知申请人补正，补正期限%(n)s个工作日（晚于补正告知期限%(due)s）",
            n=correction.period_workdays,
            due=d(notice_due),
        )
    else:
        what = _("告知申请人补正，补正期限%(n)s个工作日", n=correction.period_workdays)
    yield ExplanationLine(
        on=correction.requested_on,
        what=what,
        rule=_("答复期限停止计算，自收到补正的申请之日起重新计算，%(article)s", article=CORRECTION_ARTICLE),
        result=_("补正期限至：%(date)s", date=d(correction.ends_on)),
        result_on=correction.ends_on,
    )
    if correction.received_on is not None:
        late = correction.received_on > correction.ends_on
        yield ExplanationLine(
            on=correction.received_on,
            what=_("收到补正后的申请（已过补正期限）") if late else _("收到补正后的申请"),
            rule=_("答复期限自收到补正的申请之日起计算，%(article)s", article=CORRECTION_ARTICLE),
            result=_("重新起算之日：%(date)s", date=d(correction.received_on)),
            result_on=correction.received_on,
        )


def _due_steps(
    steps: Iterable[Step], custom: _Custom | None, rules: DeadlineRules, as_of: date
) -> Iterator[ExplanationLine]:
    """The reply due date's steps, with the 第三十五条 date in its place among them (by date)."""
    custom_said = False
    for step in steps:
        on = _step_date(step)
        if custom is not None and not custom_said and on is not None and on > custom.on:
            yield _custom_line(custom)
            custom_said = True
        match step:
            case BaseStep():
                yield _base_line(step)
            case PeriodStep():
                yield _period_line(step, superseded=custom_said, as_of=as_of)
            case ExtensionStep():
                yield ExplanationLine(
                    on=step.on,
                    what=_(
                        "经政府信息公开工作机构负责人同意，延长答复期限%(n)s个工作日，并告知申请人",
                        n=step.workdays,
                    ),
                    rule=_(
                        "延长的期限最长不得超过%(max)s个工作日，%(article)s",
                        max=rules.max_extension_workdays,
                        article=REPLY_ARTICLE,
                    ),
                    result=_("答复期限：%(date)s", date=d(step.due)),
                    result_on=step.due,
                )
    if custom is not None and not custom_said:
        yield _custom_line(custom)


def _step_date(step: Step) -> date | None:
    match step:
        case BaseStep():
            return None
        case PeriodStep():
            return step.period.started_on
        case ExtensionStep():
            return step.on


def _base_line(step: BaseStep) -> ExplanationLine:
    return ExplanationLine(
        on=None,
        what=_("答复期限：自%(start)s的次日起第%(n)s个工作日", start=d(step.start), n=step.workdays),
        rule=_(
            "收到申请之日起%(n)s个工作日内予以答复，%(article)s；起算之日不计入，%(count)s",
            n=step.workdays,
            article=REPLY_ARTICLE,
            count=DAY_COUNT_ARTICLE,
        ),
        result=_("答复期限：%(date)s", date=d(step.due)),
        result_on=step.due,
    )


def _period_what(step: PeriodStep, as_of: date) -> Text:
    period = step.period
    waiting = period.open and as_of <= step.expires_on  # no answer or payment yet, period not over
    if period.reason is ExclusionReason.FEE:
        if step.answered_on is not None:
            return _("发出收费通知，%(end)s缴费", end=d(step.answered_on))
        if waiting:
            return _("发出收费通知，尚未缴费，按缴费期限%(end)s计", end=d(step.expires_on))
        return _("发出收费通知，至缴费期限%(end)s未缴费", end=d(step.expires_on))
    label = REASON_LABEL[period.reason]
    if step.answered_on is not None and step.answered_on <= step.expires_on:
        return _(
            "%(label)s（第%(key)s次），%(end)s收到意见", label=label, key=period.key, end=d(step.answered_on)
        )
    if waiting:
        return _(
            "%(label)s（第%(key)s次），尚未收到意见，按答复期满日%(end)s计",
            label=label,
            key=period.key,
            end=d(step.expires_on),
        )
    return _(
        "%(label)s（第%(key)s次），至期满日%(end)s未收到意见",
        label=label,
        key=period.key,
        end=d(step.expires_on),
    )


def _period_rule(step: PeriodStep, article: str, superseded: bool) -> Text:
    period = step.period
    if step.before_start:
        return _("在答复期限重新起算前已结束，不予扣除，%(article)s", article=article)
    if not period.counted:
        return _("开始时答复期限已经届满，不予扣除，%(article)s", article=article)
    overlapping = period.workdays != step.own_workdays
    if overlapping and superseded:
        return _(
            "所需时间不计算在答复期限内：%(own)s个工作日，与其他期间重叠的部分只计一次，另计%(n)s个工作日，"
            "%(article)s；答复期限已依第三十五条确定，不再顺延",
            own=step.own_workdays,
            n=period.workdays,
            article=article,
        )
    if overlapping:
        return _(
            "所需时间不计算在答复期限内：%(own)s个工作日，与其他期间重叠的部分只计一次，另计%(n)s个工作日，"
            "%(article)s",
            own=step.own_workdays,
            n=period.workdays,
            article=article,
        )
    if superseded:
        return _(
            "所需时间不计算在答复期限内：%(n)s个工作日，%(article)s；答复期限已依第三十五条确定，不再顺延",
            n=period.workdays,
            article=article,
        )
    return _("所需时间不计算在答复期限内：%(n)s个工作日，%(article)s", n=period.workdays, article=article)


def _period_line(step: PeriodStep, *, superseded: bool, as_of: date) -> ExplanationLine:
    period = step.period
    article = FEE_ARTICLE if period.reason is ExclusionReason.FEE else CONSULTATION_ARTICLE[period.reason]
    moves_due = period.counted and not step.before_start and not superseded
    return ExplanationLine(
        on=period.started_on,
        what=_period_what(step, as_of),
        rule=_period_rule(step, article, superseded),
        result=_("答复期限：%(date)s", date=d(step.due)) if moves_due else None,
        result_on=step.due if moves_due else None,
    )


def _custom_line(custom: _Custom) -> ExplanationLine:
    if custom.due_on != custom.asked_on:
        rule = _(
            "申请理由合理但无法在法定期限内答复的，确定延迟答复的合理期限并告知申请人，%(article)s；"
            "%(asked)s为休息日，顺延至其后第一个工作日，%(day_off)s",
            article=CUSTOM_ARTICLE,
            asked=d(custom.asked_on),
            day_off=DAY_OFF_ARTICLE,
        )
    else:
        rule = _(
            "申请理由合理但无法在法定期限内答复的，确定延迟答复的合理期限并告知申请人，%(article)s",
            article=CUSTOM_ARTICLE,
        )
    return ExplanationLine(
        on=custom.on,
        what=_("确定延迟答复期限：%(reason)s", reason=custom.reason),
        rule=rule,
        result=_("答复期限：%(date)s", date=d(custom.due_on)),
        result_on=custom.due_on,
    )


def _closing(
    event: CaseEvent, outcome: Outcome, due_on: date | None, replied_late: bool | None
) -> ExplanationLine:
    match event:
        case Reply():
            what = _("答复申请人：%(outcome)s", outcome=outcome.label)
            if due_on is None:
                rule = _("答复期限未在计算中")
            elif replied_late:
                rule = _("晚于答复期限%(date)s", date=d(due_on))
            else:
                rule = _("在答复期限%(date)s内答复", date=d(due_on))
        case CorrectionLapsed():
            what = _("申请人无正当理由逾期不补正，视为放弃申请")
            rule = _("行政机关不再处理该政府信息公开申请，%(article)s", article=CORRECTION_ARTICLE)
        case FeeLapsed():
            what = _("申请人逾期未按收费通知要求缴纳费用，视为放弃申请")
            rule = _("行政机关不再处理该政府信息公开申请，%(article)s", article=FEE_ARTICLE)
        case Withdrawn():
            what = _("申请人撤回申请")
            rule = _("按“其他”办结")
        case _:
            raise TypeError(f"not a closing event: {event!r}")
    return ExplanationLine(
        on=event.on, what=what, rule=rule, result=_("办结：%(date)s", date=d(event.on)), result_on=event.on
    )
