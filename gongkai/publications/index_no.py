"""索引号 format (statutory.md §1 "Catalogue metadata"): "<前段码>/<date part>-<serial>".

The pieces are settings, so a province whose catalogue standard differs changes them without code:

- ``GONGKAI_INDEX_NO_PREFIX``: ``"credit_code"`` (default, the organization's 18-character 统一社会信用代码)
  or ``"org_code"`` (the older 9-character 组织机构代码, characters 9–17 of the credit code).
- ``GONGKAI_INDEX_NO_DATE_FORMAT``: ``"YYYY"`` (default, year of publication) or ``"YYYYMM"``.
- ``GONGKAI_INDEX_NO_SERIAL_WIDTH``: digits of the serial, zero-padded (default 5).

The serial counts per organization per year of publication whatever the date part (IndexSerial).
Default example: ``11320100MB1234567X/2026-00012``.
"""

from __future__ import annotations

import datetime

from django.conf import settings

PREFIX_CHOICES = ("credit_code", "org_code")
DATE_FORMATS = {"YYYY": "%Y", "YYYYMM": "%Y%m"}


def prefix_kind() -> str:
    value: str = getattr(settings, "GONGKAI_INDEX_NO_PREFIX", "credit_code")
    if value not in PREFIX_CHOICES:
        raise ValueError(f"GONGKAI_INDEX_NO_PREFIX must be one of {PREFIX_CHOICES}, not {value!r}")
    return value


def date_format() -> str:
    value: str = getattr(settings, "GONGKAI_INDEX_NO_DATE_FORMAT", "YYYY")
    if value not in DATE_FORMATS:
        raise ValueError(f"GONGKAI_INDEX_NO_DATE_FORMAT must be one of {sorted(DATE_FORMATS)}, not {value!r}")
    return value


def serial_width() -> int:
    value: int = getattr(settings, "GONGKAI_INDEX_NO_SERIAL_WIDTH", 5)
    if not isinstance(value, int) or not 1 <= value <= 10:
        raise ValueError("GONGKAI_INDEX_NO_SERIAL_WIDTH must be an integer from 1 to 10")
    return value


def index_prefix(credit_code: str) -> str:
    """The 前段码 for an organization's 统一社会信用代码 (empty if it has none: it cannot publish)."""
    if not credit_code:
        return ""
    # GB 32100: characters 9–17 of the credit code are the 9-character 组织机构代码.
    return credit_code if prefix_kind() == "credit_code" else credit_code[8:17]


def format_index_no(*, credit_code: str, published_on: datetime.date, serial: int) -> str:
    """The 索引号 of the ``serial``-th item an organization published in ``published_on``'s year."""
    date_part = published_on.strftime(DATE_FORMATS[date_format()])
    return f"{index_prefix(credit_code)}/{date_part}-{serial:0{serial_width()}d}"
