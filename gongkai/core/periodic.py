"""Periodic jobs that `manage.py tick` runs (reminders, overdue flags, lapses, scheduled publishing).

Each job is idempotent: running it twice in a row changes nothing the second time, and it claims the
rows it works on with conditional UPDATEs so two ticks at once do not act twice (architecture rule 8).
Apps register their jobs in AppConfig.ready().
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    description: str
    run: Callable[[], int]  # returns how many objects it acted on


_jobs: dict[str, PeriodicJob] = {}


def register_periodic(name: str, description: str) -> Callable[[Callable[[], int]], Callable[[], int]]:
    def decorator(func: Callable[[], int]) -> Callable[[], int]:
        _jobs[name] = PeriodicJob(name=name, description=description, run=func)
        return func

    return decorator


def periodic_jobs() -> list[PeriodicJob]:
    return [_jobs[name] for name in sorted(_jobs)]
