"""站内搜索 endpoint, contract.md "Search": ``GET /api/v1/search`` (public).

The same search as the /search/ page (gongkai.search.selectors.search_public, parameters checked by
gongkai.search.forms.search_params_clean), so both answer alike for the same parameters.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from gongkai.search.forms import FIRST_YEAR, LAST_YEAR, search_params_clean
from gongkai.search.selectors import PAGE_SIZE, Facet, search_public
from gongkai.search.views import search_site_root

router = Router(tags=["站内搜索"])

DESCRIPTION = f"""
在全平台公开内容中搜索：已发布的政府信息（含政策解读、规范性文件）、政府公报和门户网站页面，
每页 {PAGE_SIZE} 条。

**搜索语法**（参数 `q`）：多个词用空格分开，结果须包含每个词；用引号（`"…"` 或 `“…”`）查找完整短语，
短语中的词须相邻；在词或短语前加减号（`-通知`、`-“征求意见稿”`）排除；发文字号、索引号按任意括号形式输入均可，
发文字号所属的文件排在最前。

**结果**：`title` 为纯文本；`snippet` 为 **HTML 片段**：正文中命中的词用 `<mark>…</mark>` 标出，
其余字符已转义，可直接插入页面。`org` 为发布机构代码（门户页面为其所属机构，可能为 null），`date` 为发布日期。

**分面**（`facets`）：每个分面的计数反映搜索词和**其他**已选条件，即选中该项后的结果数。

参数取值有误时返回 422：`{{"detail": "<中文说明>", "errors": {{"<参数>": ["…"]}}}}`。
"""


class SearchIn(Schema):
    q: str = Field(default="", description="搜索词，语法见接口说明；为空时不返回结果")
    org: str | None = Field(default=None, description="发布机构代码，如 fgw")
    type: str | None = Field(
        default=None,
        description="类型：document（政府信息）、interpretation（政策解读）、gazette（政府公报）、page（网站页面）",
    )
    subject: str | None = Field(
        default=None, description="主题分类：代码或“一级分类/二级分类”；一级分类含其二级分类"
    )
    year: int | None = Field(default=None, ge=FIRST_YEAR, le=LAST_YEAR, description="发布年份")
    genre: str | None = Field(default=None, description="体裁，如“通知”（扩展参数，仅政府信息）")
    validity: str | None = Field(
        default=None, description="有效性：valid、expired、repealed、amended（扩展参数，仅政府信息）"
    )
    sort: str | None = Field(
        default=None, description="排序：relevance（默认，相关度）或 date（发布日期，新的在前）"
    )
    page: int = Field(default=1, ge=1, description="页码，从 1 开始")


class SearchResultOut(Schema):
    type: str = Field(description="document、interpretation、gazette 或 page")
    id: int
    title: str = Field(description="标题（纯文本）")
    url: str = Field(description="公开页面的地址")
    snippet: str = Field(description="摘要，HTML 片段：命中的词在 <mark> 中，其余已转义")
    org: str | None = Field(description="发布机构代码")
    date: datetime.date | None = Field(description="发布日期")


class FacetOut(Schema):
    key: str = Field(description="作为同名参数的取值")
    label: str
    count: int


class FacetsOut(Schema):
    org: list[FacetOut]
    type: list[FacetOut]
    year: list[FacetOut]


class SearchOut(Schema):
    count: int
    results: list[SearchResultOut]
    facets: FacetsOut


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]]


def _facets(entries: list[Facet]) -> list[dict[str, Any]]:
    return [{"key": facet.key, "label": facet.label, "count": facet.count} for facet in entries]


@router.get(
    "",
    response={200: SearchOut, 422: ErrorOut},
    summary="站内搜索（公开）",
    description=DESCRIPTION,
)
def search(request: HttpRequest, params: Query[SearchIn]) -> Any:
    cleaned = search_params_clean(params.dict(exclude_none=True))
    if cleaned.errors:
        return Status(422, {"detail": cleaned.error_detail(), "errors": cleaned.errors})
    found = search_public(
        query=cleaned.query,
        filters=cleaned.filters,
        sort=cleaned.sort,
        page=cleaned.page,
        site_root=search_site_root(request),
    )
    # The page shows the last page for a number beyond it; a client paging on gets an empty page instead.
    beyond = cleaned.page != found.page_obj.number
    return {
        "count": found.count,
        "results": []
        if beyond
        else [
            {
                "type": result.type,
                "id": result.id,
                "title": result.title,
                "url": result.url,
                "snippet": str(result.snippet),
                "org": result.org_code,
                "date": result.date,
            }
            for result in found.results
        ],
        "facets": {name: _facets(found.facets.get(name, [])) for name in ("org", "type", "year")},
    }
