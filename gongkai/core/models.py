"""Models of gongkai.core: the working-day calendar's data entered by administrators (statutory.md §4).

The built-in calendar comes from the ``chinese_calendar`` package (the State Council's notices up to its
release); these tables hold what administrators add or correct, the notices they import for later
years, and the alerts raised when a deadline computation needed a year nobody has entered yet.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("放假")
    WORKDAY = "workday", _("上班")


class CalendarSource(models.TextChoices):
    BUILTIN = "builtin", _("内置数据")
    ADMIN = "admin", _("管理员录入")
    NOTICE = "notice", _("通知导入")


class CalendarDay(models.Model):
    """A day whose working status an administrator fixed: a holiday (放假) or a working day (上班, 调休).

    It overrides the built-in calendar for that date: a correction, an extra local holiday, or one day
    of a State Council notice imported for a year the built-in data does not have.
    """

    date = models.DateField(_("日期"), unique=True)
    kind = models.CharField(_("类型"), max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField(_("节日名称"), max_length=40, blank=True, help_text=_("如：国庆节、春节。"))
    source = models.CharField(
        _("来源"), max_length=10, choices=CalendarSource.choices, default=CalendarSource.ADMIN
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("修改人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("日历日期")
        verbose_name_plural = _("日历日期")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}".strip()


class CalendarYear(models.Model):
    """A year of the calendar that administrators took charge of: entered by hand or from the notice.

    ``complete`` declares that every holiday and 调休 day of the year is known (the State Council's
    notice is entered), so computations crossing the year are no longer provisional.
    """

    year = models.PositiveIntegerField(_("年份"), unique=True)
    source = models.CharField(
        _("来源"), max_length=10, choices=CalendarSource.choices, default=CalendarSource.ADMIN
    )
    notice_text = models.TextField(_("通知原文"), blank=True)
    complete = models.BooleanField(
        _("数据完整"), default=False, help_text=_("已录入国务院办公厅当年节假日安排通知的全部日期。")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("创建人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    class Meta:
        verbose_name = _("日历年份")
        verbose_name_plural = _("日历年份")
        ordering = ["-year"]

    def __str__(self) -> str:
        return _("%(year)s年") % {"year": self.year}


class CalendarAlert(models.Model):
    """A year a deadline computation needed but the calendar has no holiday data for.

    Such a computation falls back to weekends only and is marked provisional; the alert tells the
    platform administrators to enter that year's State Council notice (statutory.md §4).
    """

    year = models.PositiveIntegerField(_("年份"), unique=True)
    first_needed_at = models.DateTimeField(_("首次需要时间"))
    last_needed_at = models.DateTimeField(_("最近需要时间"))
    times = models.PositiveIntegerField(_("需要次数"), default=1)
    resolved_at = models.DateTimeField(_("解决时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("日历缺失提醒")
        verbose_name_plural = _("日历缺失提醒")
        ordering = ["year"]

    def __str__(self) -> str:
        return _("%(year)s年缺少节假日数据") % {"year": self.year}

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None
