"""Bearer-token authentication for staff endpoints (contract.md: Authorization: Bearer <token>)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from gongkai.accounts.services import api_token_authenticate


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token=token)
        if user is not None:
            request.user = user
        return user


token_auth = TokenAuth()


def optional_token_user(request: HttpRequest, *, invalid_is_error: bool = False) -> Any:
    """The user of the request's Bearer token on an endpoint that is public too: None without one (a
    public read). A header that names no valid token also reads as public, or is a 401 with
    ``invalid_is_error`` (where a staff reader must learn that the token failed, not get the public
    answer)."""
    header = request.headers.get("Authorization", "").strip()
    scheme, _sep, token = header.partition(" ")
    token = token.strip()
    user = api_token_authenticate(token=token) if scheme.lower() == "bearer" and token else None
    if user is None and header and invalid_is_error:
        raise AuthenticationError()
    return user
