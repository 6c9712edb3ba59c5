"""Rate limits of the online application form on Django's cache (gongkai.foi.ratelimit)."""

from __future__ import annotations

import hashlib
import threading
from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from gongkai.foi.choices import IdType
from gongkai.foi.ratelimit import (
    Limit,
    applicant_key,
    applicant_limit,
    captcha_refresh_limit,
    ip_limit,
    online_application_rate_limit,
    rate_limit_hit,
    rate_limit_reset,
)


def test_it_allows_the_limit_and_refuses_the_next_attempt() -> None:
    assert [rate_limit_hit("k", limit=3, window_seconds=60) for _ in range(5)] == [
        False,
        False,
        False,
        True,
        True,
    ]


def test_it_counts_each_key_on_its_own() -> None:
    for _ in range(2):
        rate_limit_hit("a", limit=2, window_seconds=60)
    assert rate_limit_hit("a", limit=2, window_seconds=60) is True
    assert rate_limit_hit("b", limit=2, window_seconds=60) is False


def test_it_refuses_everything_with_a_limit_of_zero() -> None:
    assert rate_limit_hit("closed", limit=0, window_seconds=60) is True


def test_it_allows_again_once_the_window_has_passed() -> None:
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(3):
            rate_limit_hit("w", limit=2, window_seconds=60)
        traveller.shift(timedelta(seconds=59))
        assert rate_limit_hit("w", limit=2, window_seconds=60) is True  # still the first window
        traveller.shift(timedelta(seconds=2))
        assert rate_limit_hit("w", limit=2, window_seconds=60) is False
        assert rate_limit_hit("w", limit=2, window_seconds=60) is False
        assert rate_limit_hit("w", limit=2, window_seconds=60) is True


def test_it_forgets_a_key_when_reset() -> None:
    for _ in range(3):
        rate_limit_hit("r", limit=2, window_seconds=60)
    rate_limit_reset("r", window_seconds=60)
    assert rate_limit_hit("r", limit=2, window_seconds=60) is False


def test_it_counts_atomically_across_threads() -> None:
    results: list[bool] = []
    lock = threading.Lock()

    def hammer() -> None:
        mine = [rate_limit_hit("threads", limit=100, window_seconds=60) for _ in range(25)]
        with lock:
            results.extend(mine)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 200
    assert results.count(False) == 100


def test_it_keeps_no_personal_data_in_the_cache() -> None:
    number = "320106198506120312"
    key = applicant_key(id_type=IdType.RESIDENT_ID, number=number)
    rate_limit_hit(key, limit=5, window_seconds=60)
    rate_limit_hit("apply-ip:203.0.113.7", limit=5, window_seconds=60)
    stored = " ".join(str(k) for k in cache._cache)  # type: ignore[attr-defined]  # LocMemCache's store
    assert "gongkai:foi:ratelimit:" in stored
    assert number not in stored and "203.0.113.7" not in stored
    # Nor a plain hash, which anyone could recompute for every possible ID number.
    assert hashlib.sha256(key.encode()).hexdigest() not in stored
    assert hashlib.sha256(number.encode()).hexdigest() not in stored


def test_it_keys_an_applicant_by_the_normalised_number() -> None:
    assert applicant_key(id_type=IdType.RESIDENT_ID, number="65010220000229001x") == applicant_key(
        id_type=IdType.RESIDENT_ID, number=" 6501 0220 0002 2900 1X"
    )
    assert applicant_key(id_type="credit_code", number="x") != applicant_key(
        id_type=IdType.PASSPORT, number="x"
    )


@pytest.mark.parametrize(("limit", "window"), [(-1, 60), (1, 0)])
def test_it_refuses_a_meaningless_limit(limit: int, window: int) -> None:
    with pytest.raises(ValueError):
        rate_limit_hit("x", limit=limit, window_seconds=window)


# --- The online application form --------------------------------------------------------------------------


def test_it_has_defaults_of_10_per_hour_per_address_and_20_per_day_per_applicant() -> None:
    assert ip_limit() == Limit(10, 3600)
    assert applicant_limit() == Limit(20, 86400)
    assert captcha_refresh_limit() == Limit(60, 600)


@override_settings(GONGKAI_FOI_APPLY_LIMIT_PER_IP=3, GONGKAI_FOI_APPLY_LIMIT_PER_IP_WINDOW=7200)
def test_it_reads_the_limits_from_settings() -> None:
    assert ip_limit() == Limit(3, 7200)


@override_settings(GONGKAI_FOI_APPLY_LIMIT_PER_IP=2)
def test_it_refuses_an_address_over_its_limit_and_names_the_other_channels() -> None:
    messages = [online_application_rate_limit(ip="203.0.113.7", applicant=f"applicant:{n}") for n in range(3)]
    assert messages[:2] == [None, None]
    assert messages[2] == (
        "提交过于频繁：同一网络地址每小时最多在线提交2件申请。请稍后再试，或通过信函、当面提交等方式申请。"
    )
    assert online_application_rate_limit(ip="203.0.113.8", applicant="applicant:9") is None


@override_settings(GONGKAI_FOI_APPLY_LIMIT_PER_APPLICANT=1)
def test_it_refuses_an_applicant_over_the_limit_from_any_address() -> None:
    key = applicant_key(id_type=IdType.RESIDENT_ID, number="320106198506120312")
    assert online_application_rate_limit(ip="203.0.113.1", applicant=key) is None
    message = online_application_rate_limit(ip="203.0.113.2", applicant=key)
    assert message is not None and "同一申请人每天最多在线提交1件申请" in message


@override_settings(
    GONGKAI_FOI_APPLY_LIMIT_PER_APPLICANT=1, GONGKAI_FOI_APPLY_LIMIT_PER_APPLICANT_WINDOW=7 * 86400
)
def test_it_words_other_windows() -> None:
    online_application_rate_limit(ip=None, applicant="applicant:a")
    message = online_application_rate_limit(ip=None, applicant="applicant:a")
    assert message is not None and "同一申请人每7天最多在线提交1件申请" in message


def test_it_allows_a_submission_without_address_or_applicant() -> None:
    assert all(online_application_rate_limit(ip=None, applicant=None) is None for _ in range(30))
