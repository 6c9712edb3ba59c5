"""Annual-report endpoint, contract.md "Annual report".

Mounted at /api/v1/reports. ``GET /annual/{org_code}/{year}`` is public once the report is published
(the figures frozen at approval); before that it answers the staff of the organization, of the
organizations above it and platform admins (Bearer token), with the figures computed live (status
"draft" also when nobody has started the report yet). Without a token an unpublished report is a 404;
with a valid token of someone who may not see it, a 403; with an invalid token, a 401.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Path, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from gongkai.api.auth import optional_token_user
from gongkai.orgs.models import Organization
from gongkai.orgs.selectors import org_get_public
from gongkai.reports.computation import annual_figures
from gongkai.reports.selectors import annual_report_lookup
from gongkai.reports.services import annual_report_figures

router = Router(tags=["政府信息公开工作年度报告"])


class DocumentCountsOut(Schema):
    issued: int
    repealed: int
    in_force: int


class Section2Out(Schema):
    rules: DocumentCountsOut
    normative_documents: DocumentCountsOut
    licensing: int | None = Field(description="行政许可本年处理决定数量（人工填报；未填为 null）")
    penalty: int | None = Field(description="行政处罚本年处理决定数量（人工填报）")
    enforcement: int | None = Field(description="行政强制本年处理决定数量（人工填报）")
    fees_10k_yuan: str | None = Field(
        description="行政事业性收费本年收费金额，万元，十进制字符串（人工填报）"
    )


class Section3Out(Schema):
    columns: list[str] = Field(
        description="person, company, research, nonprofit, legal_service, other_org, total"
    )
    rows: dict[str, list[int]] = Field(
        description="new, carried_in, 每个办理结果代码（statutory.md §3.3）, total_handled, carried_over"
    )


class AppealResultsOut(Schema):
    upheld: int
    corrected: int
    other: int
    pending: int
    total: int


class Section4Out(Schema):
    reconsideration: AppealResultsOut
    litigation_direct: AppealResultsOut
    litigation_after_reconsideration: AppealResultsOut


class FeesOut(Schema):
    notices: int
    amount_due: str = Field(description="元，十进制字符串")
    amount_collected: str = Field(description="元，十进制字符串")


class AnnualReportOut(Schema):
    org: str
    year: int
    status: str = Field(description="draft | approved | published")
    section2: Section2Out
    section3: Section3Out
    section4: Section4Out
    fees: FeesOut


def _org(code: str) -> Organization:
    try:
        return org_get_public(code=code)
    except Organization.DoesNotExist:
        raise HttpError(404, _("机构代码“%(code)s”不存在。") % {"code": code}) from None


@router.get(
    "/annual/{org_code}/{year}",
    response=AnnualReportOut,
    summary="政府信息公开工作年度报告的数据（发布后公开；本机构及上级机构人员凭令牌可看草稿）",
)
def get_annual_report(
    request: HttpRequest, org_code: str, year: int = Path(..., ge=2008, le=2100)
) -> dict[str, Any]:
    user = optional_token_user(request, invalid_is_error=True)  # an invalid token: 401, not a public read
    lookup = annual_report_lookup(user=user, org=_org(org_code), year=year)
    if not lookup.visible:
        if user is None:
            raise HttpError(404, _("该年度报告尚未发布。"))
        raise HttpError(403, _("无权查看“%(org)s”未发布的年度报告。") % {"org": lookup.org.name})
    if lookup.report is not None:
        figures = annual_report_figures(lookup.report)
    else:
        figures = annual_figures(org=lookup.org, year=year)
    return figures.to_contract(status=lookup.status)
