"""Project-wide pytest fixtures."""

from __future__ import annotations

import pytest

from gongkai.core.testing import Region, make_region


@pytest.fixture
def region(db: None) -> Region:
    """The named personas (张三, 李四, 王五, 赵六, 管理员) and their organizations."""
    return make_region()
