"""Values a process keeps for a moment instead of asking the database on every request.

The public pages are cached under keys built from what they show (the catalogue's state, the site's
settings and menu). Reading those keys was itself the main cost of a cached page (bench/bench_catalogue.py,
docs/performance.md), so each process remembers them for a short, bounded time: a change made in this
process is seen at once (the writer calls ``forget``, through a signal or itself), a change made by
another process (a second web worker, the task worker) within ``seconds``.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

from django.db import transaction

V = TypeVar("V")

_ALL_MEMOS: list[ProcessMemo[object]] = []


class ProcessMemo(Generic[V]):
    """Per key, the value ``compute()`` gave at most ``seconds`` ago in this process.

    ``max_keys`` bounds the memory a stream of unusual keys (Host headers, say) can take: past it the
    memo starts afresh. Thread-safe enough for its purpose: two threads may both compute a value, and
    the later one is kept.
    """

    def __init__(self, name: str, *, seconds: float, max_keys: int = 64) -> None:
        self.name = name
        self.seconds = seconds
        self.max_keys = max_keys
        self.clock: Callable[[], float] = time.monotonic  # a test may move this clock alone
        self._values: dict[Hashable, tuple[float, V]] = {}
        self._lock = threading.Lock()
        _ALL_MEMOS.append(self)  # type: ignore[arg-type]

    def get(self, key: Hashable, compute: Callable[[], V]) -> V:
        now = self.clock()
        remembered = self._values.get(key)
        if remembered is not None and now - remembered[0] < self.seconds:
            return remembered[1]
        value = compute()
        with self._lock:
            if len(self._values) >= self.max_keys:
                self._values.clear()
            self._values[key] = (now, value)
        return value

    def forget_now(self) -> None:
        with self._lock:
            self._values.clear()

    def forget(self) -> None:
        """Forget every value now and again when the current transaction commits: a request read in
        between (another thread) must not keep the state from before the change."""
        self.forget_now()
        transaction.on_commit(self.forget_now)


def all_memos() -> list[ProcessMemo[object]]:
    return list(_ALL_MEMOS)


def forget_all_memos() -> None:
    """Every memo of the process forgets what it holds (tests start from nothing)."""
    for memo in _ALL_MEMOS:
        memo.forget_now()
