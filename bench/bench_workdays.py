"""Benchmark: working-day arithmetic, the innermost loop of every statutory deadline.

The FOI deadline engine recomputes a case's due date on every event and `tick` recomputes the due dates
of every open case, so add_workdays must stay far below a millisecond. Measures the pure functions over the
built-in calendar (chinese_calendar's notices 2004–2026), with random dates and spans typical of the
statutes (1–60 working days) and long spans (up to 10 years).
"""

from __future__ import annotations

import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from gongkai.core.calendar import builtin_calendar  # noqa: E402
from gongkai.core.workdays import WorkdayCalendar, add_workdays, workdays_between  # noqa: E402

CALLS = 200_000


def _calendar() -> WorkdayCalendar:
    built = builtin_calendar()
    return WorkdayCalendar(
        holidays=frozenset(built.holidays),
        extra_workdays=frozenset(built.workdays),
        covered_years=frozenset(built.years),
    )


def _time_per_call(func, args: list[tuple]) -> float:  # type: ignore[no-untyped-def,type-arg]
    start = time.perf_counter()
    for a in args:
        func(*a)
    return (time.perf_counter() - start) / len(args) * 1e6


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def main() -> None:
    rng = random.Random(20261122)
    cal = _calendar()
    first, span_days = date(2004, 1, 1), (date(2026, 12, 31) - date(2004, 1, 1)).days
    starts = [first + timedelta(days=rng.randrange(span_days)) for _ in range(CALLS)]
    short = [(d, rng.randint(1, 60), cal) for d in starts]
    long = [(d, rng.randint(1, 2500), cal) for d in starts]
    between = [(d, d + timedelta(days=rng.randint(0, 3650)), cal) for d in starts]

    results = {
        "add_workdays, n = 1..60": [_time_per_call(add_workdays, short) for _ in range(3)],
        "add_workdays, n = 1..2500": [_time_per_call(add_workdays, long) for _ in range(3)],
        "workdays_between, spans up to 10 years": [
            _time_per_call(workdays_between, between) for _ in range(3)
        ],
    }
    print(f"machine: {_cpu_model()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    for name, runs in results.items():
        print(f"{name:<42} median {statistics.median(runs):6.2f} µs/call over 3 runs")


if __name__ == "__main__":
    main()
