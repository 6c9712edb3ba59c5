"""The deadline engine, rule by rule, with dates worked by hand (statutory.md §3.2, lines 130–158).

2026 calendar used below (国务院办公厅 notice, via chinese_calendar): 清明 4–6 Apr (Mon 6 Apr off);
劳动节 1–5 May, Saturday 9 May worked; 国庆 1–7 Oct, Saturday 10 Oct worked. March 2026 has no holiday:
its working days are 2–6, 9–13, 16–20, 23–27, 30–31.
"""

from __future__ import annotations

import itertools
import random
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import override_settings

from gongkai.foi.choices import Channel, ConsultationParty, FeeMethod, Outcome
from gongkai.foi.deadlines import (
    CaseEvent,
    ClockKind,
    ClockState,
    ClockStatus,
    ConsultationEnded,
    ConsultationStarted,
    CorrectionLapsed,
    CorrectionReceived,
    CorrectionRequested,
    CustomDue,
    DeadlineRules,
    DueStatus,
    EventNotAllowed,
    ExclusionReason,
    Extension,
    FeeLapsed,
    FeeNotice,
    FeePaid,
    ReceiptConfirmed,
    Reply,
    Submitted,
    Withdrawn,
    compute_deadlines,
)
from gongkai.foi.tests.helpers import (
    CAL,
    RULES,
    D,
    RefExtension,
    RefPeriod,
    compute,
    in_person,
    reference_due,
)

THIRD = ConsultationParty.THIRD_PARTY
AGENCY = ConsultationParty.AGENCY


def third_party(on: date, key: int | None = None) -> ConsultationStarted:
    return ConsultationStarted(on=on, party=THIRD, consultation=key)


def refusal(*events: object, today: date | None = None) -> EventNotAllowed:
    with pytest.raises(EventNotAllowed) as caught:
        compute(*events, today=today)  # type: ignore[arg-type]
    return caught.value


# --- statutory.md §3.2, the worked examples (lines 152–158) -------------------------------------------


def test_it_reproduces_the_march_example() -> None:
    # "R = 2026-03-02 (Mon), no events → due 2026-03-30 (Mon): 3 Mar is working day 1, 30 Mar is day 20."
    result = compute(in_person(D(3, 2)))
    assert result.received_on == D(3, 2)
    assert result.due_on == D(3, 30)
    assert result.statutory_due_on == D(3, 30)
    assert result.clock is ClockState.RUNNING
    assert result.provisional is False


def test_it_reproduces_the_national_day_example() -> None:
    # "R = 2026-09-28 (Mon) … → due 2026-10-30; its 补正 notice is due 2026-10-13."
    result = compute(Submitted(on=D(9, 28), channel=Channel.ONLINE), ReceiptConfirmed(on=D(9, 28)))
    assert result.due_on == D(10, 30)
    assert result.correction_notice_due_on == D(10, 13)


# --- Receipt date per channel (条例第三十一条; statutory.md lines 100–102, 136–137) ---------------------


def test_it_receives_an_application_handed_in_on_the_day_of_submission() -> None:
    result = compute(in_person(D(3, 2)))
    assert result.received_on == D(3, 2)
    assert result.clock_started_on == D(3, 2)
    assert "第三十一条第（一）项" in result.explanation_text()[0]


@pytest.mark.parametrize(
    "channel", [Channel.ONLINE, Channel.FAX, Channel.EMAIL, Channel.POST_SIGNED, Channel.POST_ORDINARY]
)
def test_it_runs_no_clock_until_the_receipt_is_confirmed(channel: Channel) -> None:
    result = compute(Submitted(on=D(3, 2), channel=channel), today=D(4, 30))
    assert result.received_on is None
    assert result.due_on is None
    assert result.correction_notice_due_on is None
    assert result.clock is ClockState.PENDING_RECEIPT
    assert result.clock.label == "待确认"
    assert result.clocks == ()
    assert result.due_status is None
    assert result.explanation_text()[0].endswith("收到申请之日：待确认")


@pytest.mark.parametrize(
    ("channel", "item"),
    [
        (Channel.ONLINE, "第（三）项"),
        (Channel.FAX, "第（三）项"),
        (Channel.EMAIL, "第（三）项"),
        (Channel.POST_SIGNED, "第（二）项"),
        (Channel.POST_ORDINARY, "第（二）项"),
    ],
)
def test_it_counts_from_the_day_of_signing_or_confirmation(channel: Channel, item: str) -> None:
    # Arrived Friday 27 Feb, confirmed Tuesday 3 Mar: 20 working days after 3 Mar is Tuesday 31 Mar.
    result = compute(Submitted(on=D(2, 27), channel=channel), ReceiptConfirmed(on=D(3, 3)))
    assert result.received_on == D(3, 3)
    assert result.due_on == D(3, 31)
    assert result.correction_notice_due_on == D(3, 12)
    assert f"第三十一条{item}" in result.explanation_text()[1]


def test_it_names_the_signing_for_a_registered_letter() -> None:
    result = compute(Submitted(on=D(3, 2), channel=Channel.POST_SIGNED), ReceiptConfirmed(on=D(3, 2)))
    assert str(result.explanation[1].what) == "签收申请"


def test_it_notes_an_ordinary_letter_confirmed_after_the_day_it_arrived() -> None:
    # 第三十一条第（二）项: the 工作机构 confirms on the day the letter arrives; the receipt date is still
    # the day of confirmation.
    late = compute(Submitted(on=D(3, 2), channel=Channel.POST_ORDINARY), ReceiptConfirmed(on=D(3, 4)))
    assert late.received_on == D(3, 4)
    assert "晚于信函到达之日" in str(late.explanation[1].what)
    same_day = compute(Submitted(on=D(3, 2), channel=Channel.POST_ORDINARY), ReceiptConfirmed(on=D(3, 2)))
    assert "晚于" not in str(same_day.explanation[1].what)


def test_it_confirms_an_application_submitted_on_a_holiday_on_the_next_working_day() -> None:
    # Sent online on 国庆 Saturday 3 Oct 2026, confirmed Thursday 8 Oct: days 9 (1), Saturday 10 (2, 调休),
    # 12–16 (7) → correction notice due Friday 16 Oct; reply 19–23 (12), 26–30 (17), 2–4 Nov (20).
    result = compute(Submitted(on=D(10, 3), channel=Channel.ONLINE), ReceiptConfirmed(on=D(10, 8)))
    assert result.correction_notice_due_on == D(10, 16)
    assert result.due_on == D(11, 4)


def test_it_refuses_to_confirm_an_application_handed_in() -> None:
    error = refusal(in_person(D(3, 2)), ReceiptConfirmed(on=D(3, 3)))
    assert "无需确认" in error.reason
    assert error.index == 1


def test_it_refuses_a_second_confirmation() -> None:
    error = refusal(
        Submitted(on=D(3, 2), channel=Channel.FAX), ReceiptConfirmed(on=D(3, 2)), ReceiptConfirmed(on=D(3, 3))
    )
    assert "已于2026年3月2日确认" in error.reason


def test_it_refuses_to_handle_an_application_before_its_receipt_is_confirmed() -> None:
    for event in (
        third_party(D(3, 3)),
        Extension(on=D(3, 3), workdays=5),
        CorrectionRequested(on=D(3, 3)),
        FeeNotice(on=D(3, 3), method=FeeMethod.PER_ITEM),
        Reply(on=D(3, 3), outcome=Outcome.DISCLOSED),
    ):
        error = refusal(Submitted(on=D(3, 2), channel=Channel.ONLINE), event)
        assert "尚未确认收到申请" in error.reason


def test_it_lets_the_applicant_withdraw_before_the_receipt_is_confirmed() -> None:
    result = compute(Submitted(on=D(3, 2), channel=Channel.ONLINE), Withdrawn(on=D(3, 4)))
    assert result.clock is ClockState.CLOSED
    assert result.outcome == Outcome.OTHER_OTHER
    assert result.due_on is None
    assert result.replied_late is None


# --- Correction (补正, 条例第三十条; statutory.md lines 138, 140–141, 148–149) ----------------------------


def test_it_dues_the_correction_notice_seven_working_days_after_receipt() -> None:
    result = compute(in_person(D(3, 2)))
    # 3, 4, 5, 6, 9, 10, 11 March.
    assert result.correction_notice_due_on == D(3, 11)
    (notice,) = result.clocks_of(ClockKind.CORRECTION_NOTICE)
    assert notice.started_on == D(3, 2)
    assert notice.due_on == D(3, 11)


def test_it_stops_the_clock_while_the_applicant_corrects() -> None:
    result = compute(in_person(D(3, 2)), CorrectionRequested(on=D(3, 5)), today=D(3, 20))
    assert result.clock is ClockState.AWAITING_CORRECTION
    assert result.due_on is None
    assert result.clocks_of(ClockKind.REPLY) == ()
    # Default period 15 working days after the notice: 6 (1), 9–13 (6), 16–20 (11), 23–26 (15).
    assert result.correction_period_ends_on == D(3, 26)
    (period,) = result.clocks_of(ClockKind.CORRECTION_PERIOD)
    assert period.status is ClockStatus.RUNNING
    assert period.due_status is DueStatus.DUE_SOON  # 23, 24, 25, 26: four working days left
    assert period.lapses_on == D(3, 27)


def test_it_takes_the_correction_period_staff_set() -> None:
    result = compute(in_person(D(3, 2)), CorrectionRequested(on=D(3, 5), period_workdays=10))
    assert result.correction_period_ends_on == D(3, 19)


def test_it_restarts_the_reply_clock_from_the_corrected_application() -> None:
    # Corrected application on Friday 20 Mar: 23–27 (5), 30–31 (7), 1–3 Apr (10), 清明 4–6 Apr off,
    # 7–10 (14), 13–17 (19), Monday 20 Apr (20). Three working days had run before the notice: they are
    # not carried over ("the clock restarts, it does not resume").
    result = compute(in_person(D(3, 2)), CorrectionRequested(on=D(3, 5)), CorrectionReceived(on=D(3, 20)))
    assert result.clock_started_on == D(3, 20)
    assert result.received_on == D(3, 2)
    assert result.due_on == D(4, 20)
    assert result.clock is ClockState.RUNNING
    (reply,) = result.clocks_of(ClockKind.REPLY)
    assert reply.started_on == D(3, 20)
    (notice,) = result.clocks_of(ClockKind.CORRECTION_NOTICE)
    assert notice.status is ClockStatus.MET
    (period,) = result.clocks_of(ClockKind.CORRECTION_PERIOD)
    assert (period.ended_on, period.status) == (D(3, 20), ClockStatus.MET)
    text = result.explanation_text()
    assert any("收到补正后的申请" in line and "第三十条" in line for line in text)
    assert text[-1].endswith("答复期限：2026年4月20日")


def test_it_marks_a_correction_notice_sent_after_seven_working_days_as_late() -> None:
    result = compute(in_person(D(3, 2)), CorrectionRequested(on=D(3, 12)), CorrectionReceived(on=D(3, 16)))
    (notice,) = result.clocks_of(ClockKind.CORRECTION_NOTICE)
    assert notice.status is ClockStatus.LATE
    assert "晚于补正告知期限2026年3月11日" in result.explanation_text()[2]
    # The restart still applies: 20 working days after Monday 16 Mar is Thursday 14 Apr.
    assert result.due_on == D(4, 14)


def test_it_accepts_a_correction_after_its_period_and_says_so() -> None:
    result = compute(in_person(D(3, 2)), CorrectionRequested(on=D(3, 5)), CorrectionReceived(on=D(3, 30)))
    (period,) = result.clocks_of(ClockKind.CORRECTION_PERIOD)
    assert period.status is ClockStatus.LATE
    assert any("已过补正期限" in line for line in result.explanation_text())
    assert result.clock_started_on == D(3, 30)


def test_it_allows_only_one_correction_notice() -> None:
    error = refusal(
        in_person(D(3, 2)),
        CorrectionRequested(on=D(3, 5)),
        CorrectionReceived(on=D(3, 9)),
        CorrectionRequested(on=D(3, 10)),
    )
    assert "一次性告知" in error.reason
    assert error.index == 3


def test_it_closes_a_case_whose_correction_period_lapsed() -> None:
    history = [in_person(D(3, 2)), CorrectionRequested(on=D(3, 5))]
    error = refusal(*history, CorrectionLapsed(on=D(3, 26)))
    assert "补正期限至2026年3月26日" in error.reason
    result = compute(*history, CorrectionLapsed(on=D(3, 27)), today=D(4, 1))
    assert result.clock is ClockState.CLOSED
    assert result.outcome == Outcome.OTHER_CORRECTION_LAPSED
    assert result.closed_on == D(3, 27)
    assert result.due_on is None
    (period,) = result.clocks_of(ClockKind.CORRECTION_PERIOD)
    assert period.status is ClockStatus.EXPIRED
    assert period.due_status is None  # closed cases are not due
    assert "逾期不补正" in result.explanation_text()[-1]


def test_it_refuses_correction_events_without_a_pending_correction() -> None:
    assert "没有待补正" in refusal(in_person(D(3, 2)), CorrectionReceived(on=D(3, 5))).reason
    assert "没有待补正" in refusal(in_person(D(3, 2)), CorrectionLapsed(on=D(4, 5))).reason


def test_it_refuses_a_correction_period_of_no_days() -> None:
    assert (
        "至少为1个工作日"
        in refusal(in_person(D(3, 2)), CorrectionRequested(on=D(3, 5), period_workdays=0)).reason
    )


def test_it_refuses_a_correction_notice_after_the_reply_was_due() -> None:
    error = refusal(in_person(D(3, 2)), CorrectionRequested(on=D(3, 31)))
    assert "答复期限已于2026年3月30日届满" in error.reason


def test_it_replies_unclear_after_correction_only_after_a_correction() -> None:
    outcome = Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION
    assert "没有收到补正" in refusal(in_person(D(3, 2)), Reply(on=D(3, 9), outcome=outcome)).reason
    result = compute(
        in_person(D(3, 2)),
        CorrectionRequested(on=D(3, 5)),
        CorrectionReceived(on=D(3, 9)),
        Reply(on=D(3, 20), outcome=outcome),
    )
    assert result.outcome == outcome
    assert result.replied_late is False


def test_it_counts_a_consultation_begun_before_the_correction_only_from_the_restart() -> None:
    # Letter to a third party Tuesday 3 Mar, answered Friday 13 Mar; correction asked 4 Mar, corrected
    # application Monday 9 Mar. Only 10–13 Mar are excluded (4), so the due date is 20 + 4 working days
    # after 9 Mar: 10–13 (4), 16–20 (9), 23–27 (14), 30–31 (16), 1–3 Apr (19), 7–10 Apr (23), 13 Apr (24).
    result = compute(
        in_person(D(3, 2)),
        third_party(D(3, 3)),
        CorrectionRequested(on=D(3, 4)),
        CorrectionReceived(on=D(3, 9)),
        ConsultationEnded(on=D(3, 13)),
    )
    (period,) = result.excluded_periods
    assert period.counted_after == D(3, 9)
    assert period.workdays == 4
    assert result.due_on == D(4, 13)


def test_it_ignores_a_consultation_ended_before_the_restart() -> None:
    result = compute(
        in_person(D(3, 2)),
        third_party(D(3, 3)),
        ConsultationEnded(on=D(3, 4)),
        CorrectionRequested(on=D(3, 5)),
        CorrectionReceived(on=D(3, 9)),
    )
    (period,) = result.excluded_periods
    assert period.counted is False
    assert result.excluded_workdays == 0
    assert result.due_on == D(4, 7)  # 20 working days after 9 Mar, over 清明
    assert any("重新起算前已结束" in line for line in result.explanation_text())


# --- Consultation (第三十二条, 第三十四条, 第三十三条第三款; statutory.md lines 142–145) -----------------


def test_it_excludes_the_working_days_of_a_third_party_consultation() -> None:
    # Sent Monday 9 Mar, answered Friday 13 Mar: 10, 11, 12, 13 excluded (A < d <= B) → 24 working days
    # after 2 Mar: 30 Mar is the 20th, 31 Mar, 1, 2, 3 Apr → Friday 3 Apr.
    result = compute(in_person(D(3, 2)), third_party(D(3, 9)), ConsultationEnded(on=D(3, 13)))
    (period,) = result.excluded_periods
    assert (period.reason, period.started_on, period.ends_on, period.workdays) == (
        ExclusionReason.THIRD_PARTY,
        D(3, 9),
        D(3, 13),
        4,
    )
    assert result.excluded_workdays == 4
    assert result.due_on == D(4, 3)
    line = next(line for line in result.explanation_text() if "征求第三方意见" in line)
    assert "4个工作日" in line and "第三十三条第三款" in line and "第三十二条" in line
    assert line.endswith("答复期限：2026年4月3日")


def test_it_excludes_an_unanswered_consultation_up_to_its_expiry() -> None:
    # 15 working days after Monday 9 Mar is Monday 30 Mar; excluded 10–30 Mar (15) → 35 working days
    # after 2 Mar: 31 Mar (21), 1–3 Apr (24), 7–10 (28), 13–17 (33), 20, 21 Apr (35).
    result = compute(in_person(D(3, 2)), third_party(D(3, 9)), today=D(3, 20))
    (period,) = result.excluded_periods
    assert period.open is True
    assert period.ends_on == D(3, 30)
    assert result.due_on == D(4, 21)
    assert result.clock is ClockState.PAUSED
    assert result.clock.label == "暂停计时"
    (consultation,) = result.clocks_of(ClockKind.CONSULTATION)
    assert (consultation.due_on, consultation.status) == (D(3, 30), ClockStatus.RUNNING)
    assert any("尚未收到意见" in line for line in result.explanation_text())


def test_it_runs_again_once_a_consultation_expired_unanswered() -> None:
    result = compute(in_person(D(3, 2)), third_party(D(3, 9)), today=D(3, 31))
    assert result.clock is ClockState.RUNNING
    (consultation,) = result.clocks_of(ClockKind.CONSULTATION)
    assert consultation.status is ClockStatus.EXPIRED
    assert consultation.due_status is DueStatus.OVERDUE
    assert any("至期满日2026年3月30日未收到意见" in line for line in result.explanation_text())


def test_it_ends_a_late_answer_at_the_expiry() -> None:
    result = compute(in_person(D(3, 2)), third_party(D(3, 9)), ConsultationEnded(on=D(4, 1)))
    (period,) = result.excluded_periods
    assert period.ends_on == D(3, 30)
    assert result.due_on == D(4, 21)
    (consultation,) = result.clocks_of(ClockKind.CONSULTATION)
    assert consultation.status is ClockStatus.LATE


def test_it_excludes_nothing_for_an_answer_on_the_day_of_the_letter() -> None:
    result = compute(in_person(D(3, 2)), third_party(D(3, 9)), ConsultationEnded(on=D(3, 9)))
    assert result.excluded_workdays == 0
    assert result.due_on == D(3, 30)


def test_it_counts_overlapping_consultations_once() -> None:
    # Third party 9→13 Mar, agency 11→18 Mar: union 10–13, 16–18 = 7 working days (not 4 + 5 = 9) →
    # 27 working days after 2 Mar: 3 Apr (24), 7, 8, 9 Apr (27).
    result = compute(
        in_person(D(3, 2)),
        third_party(D(3, 9), key=1),
        ConsultationStarted(on=D(3, 11), party=AGENCY, consultation=2),
        ConsultationEnded(on=D(3, 13), consultation=1),
        ConsultationEnded(on=D(3, 18), consultation=2),
    )
    assert [p.workdays for p in result.excluded_periods] == [4, 3]
    assert result.excluded_workdays == 7
    assert result.due_on == D(4, 9)
    agency_line = next(line for line in result.explanation_text() if "征求其他机关意见" in line)
    assert (
        "5个工作日" in agency_line and "重叠的部分只计一次" in agency_line and "另计3个工作日" in agency_line
    )
    assert "第三十四条" in agency_line


def test_it_counts_a_consultation_inside_another_not_at_all() -> None:
    # 9→20 Mar holds 10→12 Mar: 9 working days in all → 29 after 2 Mar: 10 Apr (28), Monday 13 Apr (29).
    result = compute(
        in_person(D(3, 2)),
        third_party(D(3, 9), key=1),
        third_party(D(3, 10), key=2),
        ConsultationEnded(on=D(3, 12), consultation=2),
        ConsultationEnded(on=D(3, 20), consultation=1),
    )
    assert [p.workdays for p in result.excluded_periods] == [9, 0]
    assert result.due_on == D(4, 13)


def test_it_adds_disjoint_consultations() -> None:
    # 3→5 Mar (4, 5: 2) and 16→17 Mar (17: 1) → 23 working days after 2 Mar: Thursday 2 Apr.
    result = compute(
        in_person(D(3, 2)),
        third_party(D(3, 3)),
        ConsultationEnded(on=D(3, 5)),
        ConsultationStarted(on=D(3, 16), party=AGENCY),
        ConsultationEnded(on=D(3, 17)),
    )
    assert result.excluded_workdays == 3
    assert result.due_on == D(4, 2)


def test_it_does_not_revive_an_overdue_case_with_a_consultation() -> None:
    # Due 30 Mar; a letter sent on 31 Mar stops nothing (decision 1 of the engine).
    result = compute(in_person(D(3, 2)), third_party(D(3, 31)), ConsultationEnded(on=D(4, 3)), today=D(4, 7))
    (period,) = result.excluded_periods
    assert period.counted is False
    assert result.due_on == D(3, 30)
    assert result.due_status is DueStatus.OVERDUE
    assert any("答复期限已经届满，不予扣除" in line for line in result.explanation_text())


def test_it_counts_a_consultation_begun_on_the_due_date() -> None:
    # Due Monday 30 Mar, letter that day, answer Thursday 2 Apr: 31 Mar, 1, 2 Apr excluded → the reply
    # is due on the day of the answer.
    result = compute(in_person(D(3, 2)), third_party(D(3, 30)), ConsultationEnded(on=D(4, 2)))
    assert result.excluded_workdays == 3
    assert result.due_on == D(4, 2)


def test_it_ends_the_latest_open_consultation_when_none_is_named() -> None:
    result = compute(
        in_person(D(3, 2)),
        third_party(D(3, 9)),
        ConsultationStarted(on=D(3, 10), party=AGENCY),
        ConsultationEnded(on=D(3, 11)),
        today=D(3, 12),
    )
    first, second = result.clocks_of(ClockKind.CONSULTATION)
    assert (first.key, first.ended_on) == (1, None)
    assert (second.key, second.ended_on) == (2, D(3, 11))


def test_it_refuses_to_end_a_consultation_that_is_not_open() -> None:
    assert "没有进行中的征求意见" in refusal(in_person(D(3, 2)), ConsultationEnded(on=D(3, 5))).reason
    error = refusal(
        in_person(D(3, 2)), third_party(D(3, 3)), ConsultationEnded(on=D(3, 4)), ConsultationEnded(on=D(3, 5))
    )
    assert "没有进行中的征求意见" in error.reason
    assert (
        "没有进行中"
        in refusal(
            in_person(D(3, 2)), third_party(D(3, 3)), ConsultationEnded(on=D(3, 4), consultation=7)
        ).reason
    )


def test_it_refuses_a_consultation_number_twice() -> None:
    assert (
        "已经使用"
        in refusal(in_person(D(3, 2)), third_party(D(3, 3), key=5), third_party(D(3, 4), key=5)).reason
    )


# --- Fee notice (§3.4: the time from notice to payment is excluded) -----------------------------------


def test_it_excludes_the_days_from_fee_notice_to_payment() -> None:
    # Notice Wednesday 4 Mar, paid Wednesday 11 Mar: 5, 6, 9, 10, 11 (5) → 25 working days after 2 Mar:
    # 3 Apr (24), Tuesday 7 Apr (25).
    result = compute(
        in_person(D(3, 2)),
        FeeNotice(on=D(3, 4), method=FeeMethod.PER_PAGE, amount=Decimal("200")),
        FeePaid(on=D(3, 11)),
    )
    (period,) = result.excluded_periods
    assert (period.reason, period.workdays) == (ExclusionReason.FEE, 5)
    assert result.due_on == D(4, 7)
    (fee,) = result.clocks_of(ClockKind.FEE_PAYMENT)
    assert (fee.due_on, fee.status) == (D(4, 1), ClockStatus.MET)
    assert any("国办函〔2020〕109号" in line for line in result.explanation_text())


def test_it_pauses_while_a_fee_is_unpaid() -> None:
    # Payment period: 20 working days after 4 Mar is Wednesday 1 Apr; projected exclusion 5 Mar–1 Apr
    # (20) → 40 working days after 2 Mar: 3 Apr (24), 7–10 (28), 13–17 (33), 20–24 (38), 27, 28 Apr (40).
    result = compute(in_person(D(3, 2)), FeeNotice(on=D(3, 4), method=FeeMethod.PER_ITEM), today=D(3, 25))
    assert result.clock is ClockState.PAUSED
    assert result.due_on == D(4, 28)
    (fee,) = result.clocks_of(ClockKind.FEE_PAYMENT)
    assert fee.due_status is DueStatus.DUE_SOON  # 26, 27, 30, 31 Mar, 1 Apr
    assert fee.lapses_on == D(4, 2)


def test_it_closes_a_case_whose_fee_was_not_paid_in_time() -> None:
    history = [in_person(D(3, 2)), FeeNotice(on=D(3, 4), method=FeeMethod.PER_ITEM)]
    assert "缴费期限至2026年4月1日" in refusal(*history, FeeLapsed(on=D(4, 1))).reason
    result = compute(*history, FeeLapsed(on=D(4, 2)))
    assert result.outcome == Outcome.OTHER_FEE_LAPSED
    assert result.closed_on == D(4, 2)
    assert result.clock is ClockState.CLOSED
    assert "逾期未按收费通知要求缴纳费用" in result.explanation_text()[-1]


def test_it_caps_a_late_payment_at_the_end_of_the_payment_period() -> None:
    result = compute(
        in_person(D(3, 2)), FeeNotice(on=D(3, 4), method=FeeMethod.PER_ITEM), FeePaid(on=D(4, 3))
    )
    (period,) = result.excluded_periods
    assert period.ends_on == D(4, 1)
    assert result.due_on == D(4, 28)
    (fee,) = result.clocks_of(ClockKind.FEE_PAYMENT)
    assert fee.status is ClockStatus.LATE


def test_it_counts_a_fee_notice_and_a_consultation_that_overlap_once() -> None:
    # Consultation 9→13 Mar (10–13) and fee 11→18 Mar (12, 13, 16, 17, 18): union 10–13, 16–18 (7).
    result = compute(
        in_person(D(3, 2)),
        third_party(D(3, 9)),
        FeeNotice(on=D(3, 11), method=FeeMethod.PER_ITEM),
        ConsultationEnded(on=D(3, 13)),
        FeePaid(on=D(3, 18)),
    )
    assert result.excluded_workdays == 7
    assert result.due_on == D(4, 9)


def test_it_refuses_payments_without_a_pending_notice_and_a_second_notice() -> None:
    assert "没有待缴费" in refusal(in_person(D(3, 2)), FeePaid(on=D(3, 5))).reason
    assert "没有待缴费" in refusal(in_person(D(3, 2)), FeeLapsed(on=D(4, 5))).reason
    notice = FeeNotice(on=D(3, 4), method=FeeMethod.PER_ITEM)
    assert (
        "已于2026年3月4日发出收费通知"
        in refusal(in_person(D(3, 2)), notice, FeePaid(on=D(3, 5)), notice).reason
    )


# --- Extension (第三十三条第二款; statutory.md line 146) ---------------------------------------------------


@pytest.mark.parametrize(("workdays", "due"), [(1, D(3, 31)), (15, D(4, 21)), (20, D(4, 28))])
def test_it_extends_by_the_working_days_granted(workdays: int, due: date) -> None:
    result = compute(in_person(D(3, 2)), Extension(on=D(3, 20), workdays=workdays))
    assert result.extension_workdays == workdays
    assert result.due_on == due
    line = result.explanation_text()[-1]
    assert f"延长答复期限{workdays}个工作日" in line and "第三十三条第二款" in line


def test_it_extends_on_the_due_date_but_not_after() -> None:
    assert compute(in_person(D(3, 2)), Extension(on=D(3, 30), workdays=5)).due_on == D(4, 7)
    error = refusal(in_person(D(3, 2)), Extension(on=D(3, 31), workdays=5))
    assert error.reason == "答复期限已于2026年3月30日届满，不能再延长答复期限"


def test_it_extends_only_once() -> None:
    error = refusal(
        in_person(D(3, 2)), Extension(on=D(3, 20), workdays=5), Extension(on=D(3, 23), workdays=5)
    )
    assert "只能延长一次" in error.reason


@pytest.mark.parametrize("workdays", [0, -1, 21])
def test_it_refuses_an_extension_outside_one_to_twenty_working_days(workdays: int) -> None:
    assert "1至20个工作日" in refusal(in_person(D(3, 2)), Extension(on=D(3, 20), workdays=workdays)).reason


def test_it_refuses_an_extension_while_awaiting_a_correction() -> None:
    error = refusal(in_person(D(3, 2)), CorrectionRequested(on=D(3, 5)), Extension(on=D(3, 9), workdays=5))
    assert "补正期间" in error.reason


def test_it_refuses_a_correction_notice_after_an_extension() -> None:
    error = refusal(in_person(D(3, 2)), Extension(on=D(3, 3), workdays=5), CorrectionRequested(on=D(3, 4)))
    assert "已延长答复期限" in error.reason


def test_it_adds_the_extension_after_the_exclusions_whatever_their_order() -> None:
    # 20 + 4 (consultation 9→13 Mar) + 10 (extension) = 34 working days after 2 Mar: Monday 20 Apr.
    before = compute(
        in_person(D(3, 2)),
        Extension(on=D(3, 5), workdays=10),
        third_party(D(3, 9)),
        ConsultationEnded(on=D(3, 13)),
    )
    after = compute(
        in_person(D(3, 2)),
        third_party(D(3, 9)),
        ConsultationEnded(on=D(3, 13)),
        Extension(on=D(3, 20), workdays=10),
    )
    assert before.due_on == after.due_on == D(4, 20)


@pytest.mark.parametrize("order", list(itertools.permutations(("consultation", "fee", "extension"))))
@pytest.mark.parametrize("gap", [1, 3, 6])
def test_it_gives_the_reference_date_for_every_order_of_consultation_fee_and_extension(
    order: tuple[str, ...], gap: int
) -> None:
    # The three happen on different days in the given order, each period lasting a week; over 清明
    # (4–6 Apr 2026) for the later ones. Compared with the day-walking reference.
    received = D(3, 16)
    events: list[CaseEvent] = [in_person(received)]
    items: list[RefPeriod | RefExtension] = []
    day = received
    for action in order:
        day += timedelta(days=gap)
        if action == "consultation":
            events += [third_party(day), ConsultationEnded(on=day + timedelta(days=7))]
            items.append(RefPeriod(day, day + timedelta(days=7)))
        elif action == "fee":
            events += [FeeNotice(on=day, method=FeeMethod.PER_ITEM), FeePaid(on=day + timedelta(days=7))]
            items.append(RefPeriod(day, day + timedelta(days=7)))
        else:
            events.append(Extension(on=day, workdays=10))
            items.append(RefExtension(day, 10))
    result = compute(*events)
    assert result.due_on == reference_due(received, 20, items)
    assert result.extension_workdays == 10


# --- 第三十五条 custom due date (statutory.md line 147) ---------------------------------------------------


def test_it_replaces_the_computed_date_with_the_article_35_date() -> None:
    result = compute(
        in_person(D(3, 2)), CustomDue(on=D(3, 10), due_on=D(4, 30), reason="申请数量明显超出合理范围")
    )
    assert result.due_on == D(4, 30)
    assert result.custom_due_on == D(4, 30)
    assert result.custom_due_reason == "申请数量明显超出合理范围"
    assert result.statutory_due_on == D(3, 30)
    line = result.explanation_text()[-1]
    assert "第三十五条" in line and line.endswith("答复期限：2026年4月30日")


def test_it_moves_an_article_35_date_off_a_holiday() -> None:
    # Friday 1 May 2026 is 劳动节 (1–5 May): the date moves to Wednesday 6 May (《民法典》第二百零三条).
    result = compute(in_person(D(3, 2)), CustomDue(on=D(3, 10), due_on=D(5, 1), reason="理由"))
    assert result.due_on == D(5, 6)
    assert "第二百零三条" in result.explanation_text()[-1]


@pytest.mark.parametrize("due_on", [D(3, 27), D(3, 30)])
def test_it_refuses_an_article_35_date_not_later_than_the_statutory_one(due_on: date) -> None:
    error = refusal(in_person(D(3, 2)), CustomDue(on=D(3, 10), due_on=due_on, reason="理由"))
    assert "应晚于法定答复期限2026年3月30日" in error.reason


def test_it_refuses_an_article_35_date_without_reasons_or_after_the_due_date() -> None:
    assert (
        "须说明" in refusal(in_person(D(3, 2)), CustomDue(on=D(3, 10), due_on=D(4, 30), reason="  ")).reason
    )
    assert (
        "届满" in refusal(in_person(D(3, 2)), CustomDue(on=D(3, 31), due_on=D(4, 30), reason="理由")).reason
    )


def test_it_keeps_the_article_35_date_when_a_consultation_follows() -> None:
    result = compute(
        in_person(D(3, 2)),
        CustomDue(on=D(3, 10), due_on=D(4, 30), reason="理由"),
        third_party(D(3, 11)),
        ConsultationEnded(on=D(3, 13)),
    )
    assert result.due_on == D(4, 30)
    assert result.statutory_due_on == D(4, 1)  # 20 + 2 (12, 13 Mar): 31 Mar, 1 Apr
    assert any("不再顺延" in line for line in result.explanation_text())


def test_it_lets_a_later_article_35_date_replace_an_earlier_one() -> None:
    result = compute(
        in_person(D(3, 2)),
        CustomDue(on=D(3, 10), due_on=D(4, 30), reason="第一次"),
        CustomDue(on=D(3, 20), due_on=D(4, 15), reason="第二次"),
    )
    assert (result.due_on, result.custom_due_reason) == (D(4, 15), "第二次")


def test_it_refuses_to_extend_or_ask_for_correction_after_an_article_35_date() -> None:
    custom = CustomDue(on=D(3, 5), due_on=D(4, 30), reason="理由")
    assert "第三十五条" in refusal(in_person(D(3, 2)), custom, Extension(on=D(3, 6), workdays=5)).reason
    assert "第三十五条" in refusal(in_person(D(3, 2)), custom, CorrectionRequested(on=D(3, 6))).reason


# --- Reply, closing, and what may follow what ---------------------------------------------------------


def test_it_records_a_reply_in_time() -> None:
    result = compute(in_person(D(3, 2)), Reply(on=D(3, 30), outcome=Outcome.DISCLOSED), today=D(4, 15))
    assert result.clock is ClockState.CLOSED
    assert (result.closed_on, result.outcome, result.replied_late) == (D(3, 30), Outcome.DISCLOSED, False)
    (reply,) = result.clocks_of(ClockKind.REPLY)
    assert reply.status is ClockStatus.MET
    assert result.due_status is None
    assert "在答复期限2026年3月30日内答复" in result.explanation_text()[-1]


def test_it_records_a_reply_on_the_spot() -> None:
    # 第三十三条第一款: 能够当场答复的，应当当场予以答复.
    result = compute(in_person(D(3, 2)), Reply(on=D(3, 2), outcome=Outcome.NOT_PROCESSED_PUBLICATION))
    assert (result.closed_on, result.replied_late) == (D(3, 2), False)


def test_it_records_a_late_reply() -> None:
    result = compute(in_person(D(3, 2)), Reply(on=D(3, 31), outcome=Outcome.PARTIALLY_DISCLOSED))
    assert result.replied_late is True
    (reply,) = result.clocks_of(ClockKind.REPLY)
    assert reply.status is ClockStatus.LATE
    assert "晚于答复期限2026年3月30日" in result.explanation_text()[-1]


def test_it_replies_while_a_consultation_is_still_open() -> None:
    result = compute(in_person(D(3, 2)), third_party(D(3, 9)), Reply(on=D(3, 20), outcome=Outcome.DISCLOSED))
    (consultation,) = result.clocks_of(ClockKind.CONSULTATION)
    assert consultation.status is ClockStatus.MOOT
    assert result.replied_late is False


@pytest.mark.parametrize("outcome", [Outcome.OTHER_CORRECTION_LAPSED, Outcome.OTHER_FEE_LAPSED])
def test_it_refuses_a_reply_claiming_a_lapse(outcome: Outcome) -> None:
    assert "不能作为答复结果" in refusal(in_person(D(3, 2)), Reply(on=D(3, 9), outcome=outcome)).reason


def test_it_refuses_anything_after_the_case_closed() -> None:
    for event in (
        Reply(on=D(3, 12), outcome=Outcome.DISCLOSED),
        Withdrawn(on=D(3, 12)),
        third_party(D(3, 12)),
        Extension(on=D(3, 12), workdays=5),
    ):
        error = refusal(in_person(D(3, 2)), Withdrawn(on=D(3, 10)), event)
        assert error.reason == "本申请已于2026年3月10日办结，不能再记录办理事项"


def test_it_starts_every_history_with_its_submission() -> None:
    assert "须从提交申请开始" in refusal(ReceiptConfirmed(on=D(3, 2))).reason
    assert "不能重复记录" in refusal(in_person(D(3, 2)), in_person(D(3, 3))).reason
    with pytest.raises(ValueError, match="starts with"):
        compute_deadlines([], CAL, rules=RULES)


def test_it_orders_the_history_by_date_and_a_day_by_the_order_given() -> None:
    events = [
        in_person(D(3, 2)),
        third_party(D(3, 9)),
        ConsultationEnded(on=D(3, 13)),
        Extension(on=D(3, 20), workdays=3),
        FeeNotice(on=D(3, 23), method=FeeMethod.PER_ITEM),
        FeePaid(on=D(3, 25)),
    ]
    expected = compute(*events)
    shuffled = events[:]
    random.Random(7).shuffle(shuffled)
    assert compute(*shuffled) == expected
    # Within a day the order given counts: a confirmation recorded before its submission is refused.
    error = refusal(ReceiptConfirmed(on=D(3, 2)), Submitted(on=D(3, 2), channel=Channel.ONLINE))
    assert error.index == 0


def test_it_points_at_the_refused_event_in_the_history_as_given() -> None:
    error = refusal(
        Extension(on=D(3, 20), workdays=5), in_person(D(3, 2)), Extension(on=D(3, 23), workdays=5)
    )
    assert error.index == 2
    assert isinstance(error.event, Extension)


# --- Seen from today: running, due soon, overdue --------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "status", "left", "overdue"),
    [
        (D(3, 2), DueStatus.NOT_DUE, 20, None),
        (D(3, 20), DueStatus.NOT_DUE, 6, None),  # 23–27, 30
        (D(3, 23), DueStatus.DUE_SOON, 5, None),
        (D(3, 28), DueStatus.DUE_SOON, 1, None),  # a Saturday: only Monday 30 is left
        (D(3, 30), DueStatus.DUE_SOON, 0, None),
        (D(3, 31), DueStatus.OVERDUE, None, 1),
        (D(4, 7), DueStatus.OVERDUE, None, 5),  # 31 Mar, 1, 2, 3, 7 Apr (清明 in between)
    ],
)
def test_it_tells_how_the_reply_stands_today(
    today: date, status: DueStatus, left: int | None, overdue: int | None
) -> None:
    result = compute(in_person(D(3, 2)), today=today)
    assert result.as_of == today
    assert result.due_status is status
    assert (result.workdays_left, result.workdays_overdue) == (left, overdue)


def test_it_uses_the_due_soon_window_of_the_rules() -> None:
    # On 20 Mar six working days are left (23–27, 30 Mar).
    assert compute(in_person(D(3, 2)), today=D(3, 20)).due_status is DueStatus.NOT_DUE
    wide = replace(RULES, due_soon_workdays=6)
    assert compute(in_person(D(3, 2)), today=D(3, 20), rules=wide).due_status is DueStatus.DUE_SOON


def test_it_sees_the_history_from_its_last_event_without_a_today() -> None:
    result = compute(in_person(D(3, 2)), third_party(D(3, 9)))
    assert result.as_of == D(3, 9)
    assert result.clock is ClockState.RUNNING  # the letter's own day still counts
    assert result.due_status is None
    assert compute(in_person(D(3, 2)), third_party(D(3, 9)), today=D(3, 10)).clock is ClockState.PAUSED


def test_it_refuses_a_today_before_the_last_event() -> None:
    with pytest.raises(ValueError, match="before the last event"):
        compute(in_person(D(3, 2)), third_party(D(3, 9)), today=D(3, 5))


def test_it_does_not_call_an_expired_correction_window_overdue() -> None:
    result = compute(in_person(D(3, 2)), today=D(3, 20))
    (notice,) = result.clocks_of(ClockKind.CORRECTION_NOTICE)
    assert notice.status is ClockStatus.EXPIRED
    assert notice.due_status is None


# --- Years without holiday data (statutory.md §4) ----------------------------------------------------


def test_it_marks_dates_in_a_year_without_data_as_provisional() -> None:
    # 20 working days after Thursday 10 Dec 2026 reach into 2027, which has no notice yet: weekends only.
    result = compute(in_person(D(12, 10)))
    assert result.due_on == date(2027, 1, 7)  # 11 Dec (1), 14–18 (6), 21–25 (11), 28–31 (15), 1–7 Jan (20)
    assert result.provisional is True
    assert result.missing_years == (2027,)
    assert "2027年的节假日安排尚未录入" in result.explanation_text()[-1]
    assert compute(in_person(D(11, 2))).provisional is False


# --- Rules from the settings (gongkai.core.rules) --------------------------------------------------------


def test_it_reads_the_rules_from_the_settings() -> None:
    assert DeadlineRules.from_settings() == RULES
    with override_settings(GONGKAI_FOI_REPLY_WORKDAYS=15, GONGKAI_FOI_DUE_SOON_WORKDAYS=3):
        rules = DeadlineRules.from_settings()
        assert (rules.reply_workdays, rules.due_soon_workdays) == (15, 3)
        # 15 working days after 2 Mar is Monday 23 Mar, with the rules left to the settings.
        assert compute_deadlines([in_person(D(3, 2))], CAL).due_on == D(3, 23)


def test_it_refuses_a_longer_extension_than_the_local_rules_allow() -> None:
    rules = replace(RULES, max_extension_workdays=10)
    with pytest.raises(EventNotAllowed, match="1至10个工作日"):
        compute(in_person(D(3, 2)), Extension(on=D(3, 5), workdays=15), rules=rules)


# --- The explanation --------------------------------------------------------------------------------------


def test_it_explains_every_step_with_its_article_and_date() -> None:
    result = compute(
        Submitted(on=D(3, 2), channel=Channel.ONLINE),
        ReceiptConfirmed(on=D(3, 3)),
        third_party(D(3, 9)),
        ConsultationEnded(on=D(3, 13)),
        Extension(on=D(3, 20), workdays=5),
        Reply(on=D(4, 10), outcome=Outcome.DISCLOSED),
    )
    assert result.explanation_text() == [
        "2026年3月2日 通过网上申请提交申请（以双方确认之日为收到申请之日，《条例》第三十一条第（三）项）",
        "2026年3月3日 与申请人确认收到申请（《条例》第三十一条第（三）项） → 收到申请之日：2026年3月3日",
        "补正告知期限：收到申请之日后第7个工作日（需要补正的，应当一次性告知，《条例》第三十条）"
        " → 补正告知期限：2026年3月12日",
        "答复期限：自2026年3月3日的次日起第20个工作日（收到申请之日起20个工作日内予以答复，"
        "《条例》第三十三条第二款；起算之日不计入，《民法典》第二百零一条） → 答复期限：2026年3月31日",
        "2026年3月9日 征求第三方意见（第1次），2026年3月13日收到意见（所需时间不计算在答复期限内：4个工作日，"
        "《条例》第三十三条第三款、第三十二条） → 答复期限：2026年4月7日",
        "2026年3月20日 经政府信息公开工作机构负责人同意，延长答复期限5个工作日，并告知申请人"
        "（延长的期限最长不得超过20个工作日，《条例》第三十三条第二款） → 答复期限：2026年4月14日",
        "2026年4月10日 答复申请人：予以公开（在答复期限2026年4月14日内答复） → 办结：2026年4月10日",
    ]
    assert [line.result_on for line in result.explanation] == [
        None,
        D(3, 3),
        D(3, 12),
        D(3, 31),
        D(4, 7),
        D(4, 14),
        D(4, 10),
    ]
