"""What every service module of gongkai.foi shares: roles, errors, audit snapshots."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from gongkai.core.audit import snapshot
from gongkai.core.exceptions import ServiceValidationError
from gongkai.foi.models import FoiCase
from gongkai.orgs.choices import Role

HANDLER_ROLES = [Role.FOI_HANDLER, Role.FOI_HEAD]
HEAD_ROLES = [Role.FOI_HEAD]

# The case fields the engine sets: the before/after of every audit entry of an event.
STATE_FIELDS = (
    "status",
    "received_on",
    "due_on",
    "statutory_due_on",
    "correction_due_on",
    "correction_period_ends_on",
    "extension_workdays",
    "excluded_workdays",
    "due_status",
    "closed_on",
    "outcome",
    "replied_late",
    "handler",
    "org",
)


@dataclass
class Errors:
    """Field errors collected before saving, raised together (the form shows them all at once)."""

    by_field: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def raise_if_any(self) -> None:
        if self.by_field:
            _first_field, messages = next(iter(self.by_field.items()))
            raise ServiceValidationError(messages[0], self.by_field)


def state(case: FoiCase) -> dict[str, Any]:
    """The case's engine-set fields, for the before/after of an audit entry."""
    return snapshot(case, STATE_FIELDS)


def user_or_none(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None
