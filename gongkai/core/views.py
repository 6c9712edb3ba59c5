"""Public views of gongkai.core: the working-day (deadline) calculator at /tools/deadline/."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from gongkai.core.forms import DeadlineForm
from gongkai.core.selectors import WEEKDAY_LABELS, DeadlineExplanation, deadline_explain
from gongkai.core.workdays import DayKind, DayStatus


@dataclass(frozen=True)
class DayRow:
    """One line of the calculator's day-by-day table."""

    date: date
    weekday: str
    kind: str
    label: str
    number: int | None
    covered: bool


def _row(status: DayStatus, number: int | None) -> DayRow:
    labels = {
        DayKind.WORKDAY: _("工作日"),
        DayKind.ADJUSTED_WORKDAY: _("调休上班"),
        DayKind.WEEKEND: _("周末"),
        DayKind.HOLIDAY: _("节假日"),
    }
    label = labels[status.kind]
    if status.name and status.kind in (DayKind.HOLIDAY, DayKind.ADJUSTED_WORKDAY):
        label = f"{label}（{status.name}）"
    return DayRow(
        date=status.date,
        weekday=WEEKDAY_LABELS[status.date.weekday()],
        kind=str(status.kind),
        label=label,
        number=number,
        covered=status.covered,
    )


def deadline_calculator(request: HttpRequest) -> HttpResponse:
    """A GET form: start date and working days → the date, with every day counted or skipped and why."""
    submitted = "start" in request.GET or "days" in request.GET
    form = DeadlineForm(request.GET if submitted else None)
    explanation: DeadlineExplanation | None = None
    rows: list[DayRow] = []
    if submitted and form.is_valid():
        explanation = deadline_explain(start=form.cleaned_data["start"], days=form.cleaned_data["days"])
        rows = [_row(status, number) for status, number in explanation.steps]
    context = {
        "form": form,
        "explanation": explanation,
        "rows": rows,
        "result_weekday": WEEKDAY_LABELS[explanation.result.date.weekday()] if explanation else "",
        "start_weekday": WEEKDAY_LABELS[explanation.start.weekday()] if explanation else "",
    }
    return render(request, "core/deadline.html", context, status=200)
