"""Who am I? (``GET /api/v1/me``): lets another system check its token and see the roles it acts with."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from gongkai.accounts.selectors import roles_of
from gongkai.api.auth import token_auth

router = Router(tags=["账户"])


class RoleOut(Schema):
    org: str
    role: str


class MeOut(Schema):
    username: str
    full_name: str
    roles: list[RoleOut]


@router.get("", response=MeOut, auth=token_auth, summary="当前令牌所属用户及其角色（员工）")
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = request.auth  # type: ignore[attr-defined]
    return {
        "username": user.username,
        "full_name": user.get_full_name(),
        "roles": [{"org": org, "role": role} for org, role in roles_of(user=user)],
    }
