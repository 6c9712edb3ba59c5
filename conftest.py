"""Project-wide pytest fixtures."""

from __future__ import annotations

from collections.abc import Iterator

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
