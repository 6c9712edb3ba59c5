from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def portal(request: HttpRequest) -> dict[str, Any]:
    """What every public page's layout needs: the larger-text preference (适老化)."""
    return {"large_text": request.COOKIES.get("gk_text") == "large"}
