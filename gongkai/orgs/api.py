"""Public organization directory endpoint (contract.md "Organizations")."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from gongkai.orgs.selectors import org_list_public

router = Router(tags=["机构"])


class OrgOut(Schema):
    code: str
    name: str
    kind: str
    parent: str | None
    credit_code: str


@router.get("", response=list[OrgOut], summary="机构列表（公开）")
def list_orgs(request: HttpRequest) -> list[OrgOut]:
    return [
        OrgOut(
            code=o.code,
            name=o.name,
            kind=o.kind,
            parent=o.parent.code if o.parent else None,
            credit_code=o.credit_code,
        )
        for o in org_list_public()
    ]
