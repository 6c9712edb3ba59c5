"""Exceptions that services raise and views turn into HTTP answers (architecture rule 5)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied


class ServicePermissionDenied(PermissionDenied):
    """The acting user lacks the role this service needs in this organization (→ 403)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StateConflict(Exception):
    """The object's current state does not allow this action (→ 409), with the reason in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ServiceValidationError(Exception):
    """Input that breaks a rule (→ 400/422): ``errors`` maps each field to its Chinese messages."""

    def __init__(self, message: str, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}
