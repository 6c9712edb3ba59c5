"""Calendar endpoints (contract.md "Calendar"); filled in with the working-day calendar."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["工作日历"])
