"""Rate limits of the online application form, on Django's cache (not statutory: gongkai.foi.choices).

:func:`rate_limit_hit` counts one attempt under a key and says whether it goes over the limit. A window
starts with the first attempt under a key and lasts ``window_seconds``; the counter is created with
``cache.add`` (only if absent, with the window as its timeout) and raised with ``cache.incr``, both atomic
on the backends meant for it. Every attempt counts, refused ones too: a script that keeps trying stays
refused until it stops for a whole window.

Keys never reach the cache as they are: they are HMAC-SHA256 digests under the SECRET_KEY, so an IP
address, an ID number or a credit code cannot be read back from the cache nor found by hashing every
possible ID number (a plain hash could be, the numbers have little entropy).

Deployment: the cache must be shared by all worker processes for a limit to hold across them
(LocMemCache counts per process) and must keep a key's expiry on ``incr`` (Redis and Memcached do;
DatabaseCache and FileBasedCache implement incr as get + set, which is neither atomic nor keeps the
expiry): configure a Redis or Memcached ``CACHES["default"]`` when running more than one process.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from gongkai.foi import choices

KEY_PREFIX = "gongkai:foi:ratelimit"


def hashed_key(key: str) -> str:
    """The cache key for ``key``: its HMAC under the SECRET_KEY, nothing of the key itself."""
    digest = salted_hmac("gongkai.foi.ratelimit", key, algorithm="sha256").hexdigest()
    return f"{KEY_PREFIX}:{digest}"


def rate_limit_hit(key: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt under ``key``; True when it is more than ``limit`` attempts in the window."""
    if limit < 0 or window_seconds <= 0:
        raise ValueError("limit must be at least 0 and window_seconds positive")
    cache_key = f"{hashed_key(key)}:{window_seconds}"
    cache.add(cache_key, 0, timeout=window_seconds)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # the window ended between add and incr: this attempt opens the next one
        cache.add(cache_key, 1, timeout=window_seconds)
        count = 1
    return count > limit


def rate_limit_reset(key: str, *, window_seconds: int) -> None:
    """Forget the attempts under ``key`` (staff lifting a block, tests)."""
    cache.delete(f"{hashed_key(key)}:{window_seconds}")


# --- The online application form --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Limit:
    count: int
    window_seconds: int


def _setting(name: str, default: int) -> int:
    value: int = getattr(settings, f"GONGKAI_FOI_{name}", default)
    return value


def ip_limit() -> Limit:
    return Limit(
        _setting("APPLY_LIMIT_PER_IP", choices.APPLY_LIMIT_PER_IP_DEFAULT),
        _setting("APPLY_LIMIT_PER_IP_WINDOW", choices.APPLY_LIMIT_PER_IP_WINDOW_DEFAULT),
    )


def applicant_limit() -> Limit:
    return Limit(
        _setting("APPLY_LIMIT_PER_APPLICANT", choices.APPLY_LIMIT_PER_APPLICANT_DEFAULT),
        _setting("APPLY_LIMIT_PER_APPLICANT_WINDOW", choices.APPLY_LIMIT_PER_APPLICANT_WINDOW_DEFAULT),
    )


def captcha_refresh_limit() -> Limit:
    return Limit(
        _setting("CAPTCHA_REFRESH_LIMIT", choices.CAPTCHA_REFRESH_LIMIT_PER_IP_DEFAULT),
        _setting("CAPTCHA_REFRESH_WINDOW", choices.CAPTCHA_REFRESH_WINDOW_DEFAULT),
    )


def applicant_key(*, id_type: str, number: str) -> str:
    """The rate-limit key of an applicant: the document type and its normalised number (an ID number of
    :class:`~gongkai.foi.choices.IdType`, or ``"credit_code"`` and a 统一社会信用代码)."""
    from gongkai.foi.identity import normalize_id_number

    return f"applicant:{id_type}:{normalize_id_number(number)}"


def _per_window(seconds: int) -> str:
    """``3600`` → ``每小时``, ``86400`` → ``每天``, ``7200`` → ``每2小时``, ``600`` → ``每10分钟``."""
    if seconds == 86400:
        return _("每天")
    if seconds == 3600:
        return _("每小时")
    if seconds % 86400 == 0:
        return _("每%(n)d天") % {"n": seconds // 86400}
    if seconds % 3600 == 0:
        return _("每%(n)d小时") % {"n": seconds // 3600}
    return _("每%(n)d分钟") % {"n": max(1, seconds // 60)}


def online_application_rate_limit(*, ip: str | None, applicant: str | None) -> str | None:
    """Count one online application from ``ip`` by ``applicant`` (:func:`applicant_key`); None if both
    limits allow it, else the Chinese sentence to show, which names the limit and the other channels.

    Call it once per application the form would accept (after the form, CAPTCHA included, is valid and
    before the application is saved): a rejected form does not count."""
    message = None
    per_ip = ip_limit()
    if ip and rate_limit_hit(f"apply-ip:{ip}", limit=per_ip.count, window_seconds=per_ip.window_seconds):
        message = _("提交过于频繁：同一网络地址%(per)s最多在线提交%(count)d件申请。") % {
            "per": _per_window(per_ip.window_seconds),
            "count": per_ip.count,
        }
    per_applicant = applicant_limit()
    if applicant and rate_limit_hit(
        applicant, limit=per_applicant.count, window_seconds=per_applicant.window_seconds
    ):
        message = message or _("提交过于频繁：同一申请人%(per)s最多在线提交%(count)d件申请。") % {
            "per": _per_window(per_applicant.window_seconds),
            "count": per_applicant.count,
        }
    if message is None:
        return None
    return message + _("请稍后再试，或通过信函、当面提交等方式申请。")
