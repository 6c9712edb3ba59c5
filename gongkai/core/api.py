"""Calendar endpoints (contract.md "Calendar"): public working-day arithmetic for other systems.

Both answer with ``provisional: true`` when the computation crossed a year without holiday data
(statutory.md §4); that also raises an alert for the platform administrators.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from gongkai.core import calendar
from gongkai.core.forms import FIRST_START, LAST_START, MAX_WORKDAYS

router = Router(tags=["工作日历"])


class AddWorkdaysOut(Schema):
    date: datetime.date
    provisional: bool


class WorkdaysOut(Schema):
    workdays: int
    provisional: bool


class AddWorkdaysQuery(Schema):
    date: datetime.date = Field(
        ..., ge=FIRST_START, le=LAST_START, description="起算日期（当日不计入），YYYY-MM-DD"
    )
    days: int = Field(..., ge=0, le=MAX_WORKDAYS, description=f"工作日数，0至{MAX_WORKDAYS}")


class WorkdaysQuery(Schema):
    start: datetime.date = Field(
        ..., ge=FIRST_START, le=LAST_START, description="开始日期（不计入），YYYY-MM-DD"
    )
    end: datetime.date = Field(..., ge=FIRST_START, le=LAST_START, description="结束日期（计入），YYYY-MM-DD")


@router.get(
    "/add-workdays",
    response=AddWorkdaysOut,
    summary="某日之后第 N 个工作日",
    description="按《民法典》第二百零一条，起算日当日不计入；days=0 时返回起算日本身。"
    "provisional 为 true 表示跨越了尚无节假日数据的年份（按仅周末休息计算）。",
)
def add_workdays(request: HttpRequest, query: Query[AddWorkdaysQuery]) -> AddWorkdaysOut:
    result = calendar.add_workdays(query.date, query.days)
    return AddWorkdaysOut(date=result.date, provisional=result.provisional)


@router.get(
    "/workdays",
    response=WorkdaysOut,
    summary="两日之间的工作日数",
    description="统计满足 start < d ≤ end 的工作日 d 的个数；end 不晚于 start 时为 0。",
)
def workdays_between(request: HttpRequest, query: Query[WorkdaysQuery]) -> WorkdaysOut:
    count = calendar.workdays_between(query.start, query.end)
    return WorkdaysOut(workdays=count.workdays, provisional=count.provisional)
