"""Fixtures of the search tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from gongkai.search.segmentation import reset_user_terms


@pytest.fixture(autouse=True)
def _forget_dictionary_terms() -> Iterator[None]:
    """A term an administrator added in a test is rolled back with the test's database; the tokenizer of
    this process must forget it too."""
    reset_user_terms()
    yield
    reset_user_terms()
