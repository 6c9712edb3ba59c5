"""Project-wide pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from gongkai.core.testing import Region, make_region


@pytest.fixture
def region(db: None) -> Region:
    """The named personas (张三, 李四, 王五, 赵六, 管理员) and their organizations."""
    return make_region()


@pytest.fixture(autouse=True)
def _fresh_work_calendar() -> Iterator[None]:
    """Each test starts from the calendar in its own database: a rolled-back test must not leave its
    entries in the process cache of gongkai.core.calendar."""
    from gongkai.core.calendar import calendar_cache_clear

    calendar_cache_clear()
    yield
    calendar_cache_clear()


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: the public pages are cached under keys built from ids and
    timestamps, which a rolled-back test and a frozen clock can hand to the next test unchanged."""
    from django.core.cache import cache

    from gongkai.core.memo import forget_all_memos

    cache.clear()
    forget_all_memos()  # nor may what a process remembers (gongkai.core.memo) outlive its test
    yield
    cache.clear()
    forget_all_memos()


@pytest.fixture
def two_factor_off(settings: Any) -> None:
    """Staff screens without the second sign-in factor: the tests sign in with force_login."""
    settings.GONGKAI_REQUIRE_2FA = False


@pytest.fixture
def memos_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a process remembers (gongkai.core.memo) stays remembered for the whole test, so that a query
    count does not depend on how fast the machine runs; a change in the process still forgets it."""
    from gongkai.core.memo import all_memos

    for memo in all_memos():
        monkeypatch.setattr(memo, "seconds", 3600.0)
