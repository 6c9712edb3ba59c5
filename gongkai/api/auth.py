"""Bearer-token authentication for staff endpoints (contract.md: Authorization: Bearer <token>)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from gongkai.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token=token)
        if user is not None:
            request.user = user
        return user


token_auth = TokenAuth()
