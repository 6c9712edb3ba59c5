"""Per-organization yearly serial numbers (索引号, 登记号), taken without ever giving one number twice."""

from __future__ import annotations

from typing import Any

from gongkai.orgs.models import Organization
from gongkai.publications.models import YearlySerial


def serial_take_next(model: type[YearlySerial], *, org: Organization, year: int) -> int:
    """The next serial of ``org`` in ``year`` from ``model``, a table with one row per (org, year) holding the
    last serial used (IndexSerial, RegistrationSerial).

    Must run inside the caller's transaction: the row stays locked (SELECT … FOR UPDATE) until it commits, so
    a concurrent publication of the same organization waits and then takes the next number.
    The row is locked and read in one query; only the first serial of a year creates it first, with
    get_or_create, which survives a concurrent first insert (unique org + year: it retries the read).
    """
    # Each concrete model declares its own ``org`` (its related name differs), so the lookup is built here.
    lookup: dict[str, Any] = {"org": org, "year": year}
    rows = model._default_manager.select_for_update()
    try:
        serial = rows.get(**lookup)
    except model.DoesNotExist:
        model._default_manager.get_or_create(**lookup)
        serial = rows.get(**lookup)
    serial.last += 1
    serial.save(update_fields=["last"])
    return serial.last
