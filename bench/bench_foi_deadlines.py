"""Benchmark: the FOI deadline engine recomputing the due dates of 100,000 cases (target: under a minute).

``tick`` recomputes the dates of every open case each day, and a service recomputes a case on each event,
so the engine's cost per case bounds both. The script builds synthetic but lawful histories (seeded) —
in-person and confirmed online/post/fax/e-mail receipts in 2025–2026, consultations with third parties
and agencies (some overlapping, some unanswered), corrections with restarts and lapses, fee notices,
extensions, 第三十五条 dates, replies and withdrawals — and times ``compute_deadlines`` over all of them
with a fixed "today", then the same with the explanation rendered to text (what a case page or the API's
``due_explanation`` adds). Building the histories is not timed. Prints the load average beside each
figure: the machine is shared.

    .venv/bin/python bench/bench_foi_deadlines.py [--cases 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from gongkai.core.calendar import builtin_calendar  # noqa: E402
from gongkai.core.workdays import WorkdayCalendar, add_workdays  # noqa: E402
from gongkai.foi.choices import LAPSE_OUTCOMES, Channel, ConsultationParty, FeeMethod, Outcome  # noqa: E402
from gongkai.foi.deadlines import (  # noqa: E402
    CaseEvent,
    ConsultationEnded,
    ConsultationStarted,
    CorrectionLapsed,
    CorrectionReceived,
    CorrectionRequested,
    CustomDue,
    DeadlineRules,
    Extension,
    FeeNotice,
    FeePaid,
    ReceiptConfirmed,
    Reply,
    Submitted,
    Withdrawn,
    compute_deadlines,
)

TODAY = date(2026, 11, 20)
OUTCOMES = [
    o for o in Outcome if o not in LAPSE_OUTCOMES and o != Outcome.UNAVAILABLE_UNCLEAR_AFTER_CORRECTION
]


def _calendar() -> WorkdayCalendar:
    built = builtin_calendar()
    return WorkdayCalendar(
        holidays=frozenset(built.holidays),
        extra_workdays=frozenset(built.workdays),
        covered_years=frozenset(built.years),
        names={**built.holidays, **built.workdays},
    )


def _loadavg() -> str:
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


class _Case:
    """Builds one lawful history: every event inside the period it needs (before the due date, within
    the correction or payment period), so that the engine refuses none."""

    def __init__(self, rng: random.Random, cal: WorkdayCalendar) -> None:
        self.rng = rng
        self.cal = cal
        self.events: list[CaseEvent] = []

    def add(self, d: date, n: int) -> date:
        return add_workdays(d, n, self.cal).date

    def build(self) -> list[CaseEvent]:
        """The history as it stands on TODAY: what happens later is not recorded yet."""
        return [e for e in self._history() if e.on <= TODAY]

    def _history(self) -> list[CaseEvent]:
        rng = self.rng
        received = date(2025, 1, 1) + timedelta(days=rng.randrange((TODAY - date(2025, 1, 1)).days + 1))
        channel = rng.choice(list(Channel))
        if channel == Channel.IN_PERSON:
            self.events.append(Submitted(on=received, channel=channel))
        else:
            self.events.append(Submitted(on=received - timedelta(days=rng.randint(0, 3)), channel=channel))
            if rng.random() < 0.03:
                return self.events  # still waiting for confirmation (待确认)
            self.events.append(ReceiptConfirmed(on=received))
        start = received
        if rng.random() < 0.12:  # 补正 within the 7 working days (第三十条)
            asked = self.add(received, rng.randint(1, 7))
            self.events.append(CorrectionRequested(on=asked))
            if rng.random() < 0.15:
                self.events.append(CorrectionLapsed(on=self.add(asked, 16)))
                return self.events
            start = self.add(asked, rng.randint(1, 15))
            self.events.append(CorrectionReceived(on=start))
        day = start
        if rng.random() < 0.3:  # one or two consultations (第三十二条, 第三十四条)
            for key in range(1, rng.choice((2, 2, 2, 3))):
                sent = self.add(day, rng.randint(1, 6))
                party = rng.choice(list(ConsultationParty))
                self.events.append(ConsultationStarted(on=sent, party=party, consultation=key))
                if rng.random() < 0.8:
                    self.events.append(
                        ConsultationEnded(on=self.add(sent, rng.randint(1, 15)), consultation=key)
                    )
                day = sent
        if rng.random() < 0.06:  # 信息处理费
            noticed = self.add(day, rng.randint(1, 4))
            self.events.append(FeeNotice(on=noticed, method=rng.choice(list(FeeMethod))))
            if rng.random() < 0.8:
                self.events.append(FeePaid(on=self.add(noticed, rng.randint(1, 20))))
            day = noticed
        if rng.random() < 0.1:  # 延期, decided before the 20 base working days have run
            self.events.append(
                Extension(on=self.add(start, rng.randint(15, 20)), workdays=rng.randint(5, 20))
            )
        elif rng.random() < 0.02:  # 第三十五条
            self.events.append(
                CustomDue(
                    on=self.add(start, 5), due_on=self.add(start, rng.randint(45, 70)), reason="数量较大"
                )
            )
        self.events.sort(key=lambda e: e.on)
        if rng.random() < 0.97:  # most cases are closed; the open ones are mostly recent
            last = self.events[-1].on
            closed_on = max(last, self.add(start, rng.randint(1, 30)))
            if closed_on <= TODAY:
                if rng.random() < 0.05:
                    self.events.append(Withdrawn(on=closed_on))
                else:
                    self.events.append(Reply(on=closed_on, outcome=rng.choice(OUTCOMES)))
        return self.events


def build_cases(count: int, cal: WorkdayCalendar, seed: int = 20261120) -> list[list[CaseEvent]]:
    rng = random.Random(seed)
    return [_Case(rng, cal).build() for _ in range(count)]


def _run(
    cases: list[list[CaseEvent]], cal: WorkdayCalendar, rules: DeadlineRules, *, text: bool
) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one pass over all cases (CPU time is less disturbed by the load)."""
    start, cpu = time.perf_counter(), time.process_time()
    for events in cases:
        result = compute_deadlines(events, cal, today=TODAY, rules=rules)
        if text:
            result.explanation_text()
    return time.perf_counter() - start, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    cal = _calendar()
    rules = DeadlineRules.from_settings()
    cases = build_cases(args.cases, cal)
    states: Counter[str] = Counter()
    for events in cases:  # every history is lawful (the engine refuses none), and warms the caches
        result = compute_deadlines(events, cal, today=TODAY, rules=rules)
        states[result.due_status.label if result.due_status else result.clock.label] += 1
    sizes = Counter(len(c) for c in cases)
    kinds = Counter(type(e).__name__ for c in cases for e in c)
    total = sum(sizes[n] * n for n in sizes)
    print(f"machine: {_cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{args.cases:,} cases, {total:,} events ({total / args.cases:.1f} per case), today {TODAY}")
    print("events:", ", ".join(f"{name} {n:,}" for name, n in kinds.most_common()))
    print("cases on", TODAY, ":", ", ".join(f"{name} {n:,}" for name, n in states.most_common()))
    for label, text in (("compute_deadlines", False), ("compute_deadlines + explanation text", True)):
        runs, cpus = [], []
        for _ in range(args.runs):
            before = _loadavg()
            seconds, cpu = _run(cases, cal, rules, text=text)
            runs.append(seconds)
            cpus.append(cpu)
            load = f"load average before {before}, after {_loadavg()}"
            print(f"  {label}: {seconds:6.1f} s, CPU {cpu:6.1f} s ({load})")
        median, cpu = statistics.median(runs), statistics.median(cpus)
        per_case = median / args.cases * 1e6
        figures = f"median {median:6.1f} s (CPU {cpu:6.1f} s) over {args.runs} runs"
        print(f"{label:<38} {figures}, {per_case:5.0f} µs/case")


if __name__ == "__main__":
    main()
