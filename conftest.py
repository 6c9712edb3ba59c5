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


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: the public pages are cached under keys built from ids and
    timestamps, which a rolled-back test and a frozen clock can hand to the next test unchanged."""
    from django.core.cache import cache

    from gongkai.publications.selectors import catalogue_state_forget

    cache.clear()
    catalogue_state_forget()  # nor may the catalogue state a process remembers outlive its test
    yield
    cache.clear()
    catalogue_state_forget()
