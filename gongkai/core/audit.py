"""The audit log: one mechanism, Wagtail's log entries, with before/after, request id and IP.

Only services call :func:`audit_log` (architecture rule 4). Entries show up in the object's history in
the workbench and in the filterable 操作日志 report (Wagtail's site history). Wagtail offers no way to
edit or delete a log entry through its UI, and no code of ours does either: the log is append-only.
"""

from __future__ import annotations

import datetime
import decimal
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import models
from django.utils.functional import LazyObject, empty
from wagtail.log_actions import log

from gongkai.core.middleware import current_request_context

JsonValue = str | int | float | bool | None | list["JsonValue"] | dict[str, "JsonValue"]


def _jsonable(value: Any) -> JsonValue:
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, Iterable):
        return [_jsonable(v) for v in value]
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, JsonValue]:
    """The named fields of an object as JSON values, for the before/after of an audit entry.

    Foreign keys are recorded by their id (``<name>_id``), so a snapshot never triggers a query.
    """
    values: dict[str, JsonValue] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        values[name] = _jsonable(getattr(instance, attname))
    return values


def unwrap_lazy(obj: Any) -> Any:
    """The object behind a lazy wrapper such as ``request.user``.

    OTPMiddleware wraps Django's lazy user in a second lazy object, and Wagtail's log() silently drops an
    entry whose instance it cannot map to a log model, so every instance and actor is unwrapped first.
    """
    while isinstance(obj, LazyObject):
        lazy: Any = obj
        if lazy._wrapped is empty:
            lazy._setup()
        obj = lazy._wrapped
    return obj


def changed_fields(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    return sorted(key for key in set(before) | set(after) if before.get(key) != after.get(key))


def audit_log(
    *,
    instance: models.Model,
    action: str,
    actor: Any = None,
    org_code: str | None = None,
    before: Mapping[str, Any] | None = None,
    after: Mapping[str, Any] | None = None,
    extra: Mapping[str, Any] | None = None,
    title: str | None = None,
    deleted: bool = False,
) -> None:
    """Append one entry: who (actor), what (action on instance), before/after, request id and IP.

    ``action`` must be registered with Wagtail (each app's wagtail_hooks registers its own).
    """
    instance = unwrap_lazy(instance)
    actor = unwrap_lazy(actor)
    context = current_request_context()
    data: dict[str, Any] = {
        "org": org_code,
        "request_id": context.request_id if context else None,
        "ip": context.ip if context else None,
    }
    if before is not None:
        data["before"] = _jsonable(before)
    if after is not None:
        data["after"] = _jsonable(after)
    if before is not None and after is not None:
        data["changed"] = changed_fields(before, after)
    if extra:
        data.update({str(k): _jsonable(v) for k, v in extra.items()})
    user = actor if getattr(actor, "is_authenticated", False) else None
    log(
        instance=instance,
        action=action,
        user=user,
        data=data,
        title=title or str(instance)[:255],
        content_changed=before != after,
        deleted=deleted,
    )


def audit_personal_data_view(
    *, actor: Any, instance: models.Model, fields: Iterable[str], org_code: str | None
) -> None:
    """Record that ``actor`` saw the unmasked personal data (ID numbers, phones) of ``instance``.

    Called by every view that shows such data unmasked, so the 政务公开办 can answer who looked at whose data.
    """
    audit_log(
        instance=instance,
        action="gongkai.personal_data.view",
        actor=actor,
        org_code=org_code,
        extra={"fields": sorted(fields)},
    )
