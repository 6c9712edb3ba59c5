"""Forms of the working-day calendar: the public deadline calculator and the workbench's calendar screens.

Every message names its field and the rule it breaks (architecture rule 12); the forms only validate
input, the views hand it to selectors and services.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from gongkai.core.models import CalendarDayKind
from gongkai.core.services import MAX_YEAR, MIN_YEAR, NAME_MAX_LENGTH

# The API and the calculator accept spans up to ten years of working days.
MAX_WORKDAYS = 3650
# Start dates the calculator accepts: wide, but bounded so that no result overflows.
FIRST_START = date(1900, 1, 1)
LAST_START = date(2999, 12, 31)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class AccessibleForm(forms.Form):
    """Links each field to its help text and error message (aria-describedby), marks errors (aria-invalid).

    Templates render the help as ``<id>-help`` and each error as ``<id>-error``.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._describe_fields()

    def full_clean(self) -> None:
        super().full_clean()
        self._describe_fields()

    def _describe_fields(self) -> None:
        errors = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            auto_id = self[name].auto_id
            described_by = []
            if field.help_text:
                described_by.append(f"{auto_id}-help")
            if name in errors:
                described_by.append(f"{auto_id}-error")
                field.widget.attrs["aria-invalid"] = "true"
            if described_by:
                field.widget.attrs["aria-describedby"] = " ".join(described_by)


class DeadlineForm(AccessibleForm):
    """The public calculator: a start date (the event day, not counted) and a number of working days."""

    start = forms.DateField(
        label=_("起算日期"),
        help_text=_("事件发生之日（如收到申请之日）。依《民法典》第二百零一条，当日不计入，从次日开始计算。"),
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("请填写起算日期。"),
            "invalid": _("起算日期应为有效日期，格式为 YYYY-MM-DD，例如 2026-03-02。"),
        },
    )
    days = forms.IntegerField(
        label=_("工作日数"),
        help_text=format_lazy(_("要计算的工作日天数，0至{max}。"), max=MAX_WORKDAYS),
        min_value=0,
        max_value=MAX_WORKDAYS,
        error_messages={
            "required": _("请填写工作日数。"),
            "invalid": _("工作日数应为整数，例如 20。"),
            "min_value": _("工作日数不能小于0。"),
            "max_value": _("工作日数不能大于%(limit_value)s。"),
        },
    )

    def clean_start(self) -> date:
        start: date = self.cleaned_data["start"]
        if not FIRST_START <= start <= LAST_START:
            raise forms.ValidationError(
                _("起算日期应在%(first)s至%(last)s之间。"),
                params={"first": FIRST_START.isoformat(), "last": LAST_START.isoformat()},
            )
        return start


class CalendarDayForm(forms.Form):
    """Workbench: fix one day as holiday (放假) or working day (上班, 调休)."""

    day = forms.DateField(
        label=_("日期"),
        widget=DateInput(),
        input_formats=["%Y-%m-%d"],
        error_messages={
            "required": _("请填写日期。"),
            "invalid": _("日期应为有效日期，格式为 YYYY-MM-DD。"),
        },
    )
    kind = forms.ChoiceField(
        label=_("类型"),
        choices=CalendarDayKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("请选择类型：放假或上班。"),
            "invalid_choice": _("类型应为“放假”或“上班”。"),
        },
    )
    name = forms.CharField(
        label=_("节日名称"),
        required=False,
        max_length=NAME_MAX_LENGTH,
        help_text=_("如：国庆节。调休上班日也填所属节日。"),
        error_messages={"max_length": _("节日名称不能超过%(limit_value)s个字。")},
    )

    def __init__(self, *args: Any, year: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.year = year

    def clean_day(self) -> date:
        day: date = self.cleaned_data["day"]
        if self.year is not None and day.year != self.year:
            raise forms.ValidationError(_("日期应在%(year)s年内。"), params={"year": self.year})
        return day


class NoticeImportForm(forms.Form):
    """Workbench: the text of the State Council's holiday notice for a year, pasted as published."""

    text = forms.CharField(
        label=_("通知原文"),
        widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_(
            "粘贴《国务院办公厅关于某年部分节假日安排的通知》全文，"
            "如“一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。”"
        ),
        error_messages={"required": _("请粘贴通知原文。")},
    )
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CalendarYearForm(forms.Form):
    """Workbench: go to (or start) a year."""

    year = forms.IntegerField(
        label=_("年份"),
        min_value=MIN_YEAR,
        max_value=MAX_YEAR,
        error_messages={
            "required": _("请填写年份。"),
            "invalid": _("年份应为四位整数。"),
            "min_value": _("年份不能早于%(limit_value)s。"),
            "max_value": _("年份不能晚于%(limit_value)s。"),
        },
    )
