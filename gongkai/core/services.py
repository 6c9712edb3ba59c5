"""Writes of the working-day calendar (architecture rule 1; statutory.md §4).

Only platform administrators change the calendar (``actor`` None means the operator on the command
line). Every change is audited and clears the cached calendar so deadlines use it at once.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.core.audit import audit_log, snapshot
from gongkai.core.calendar import builtin_calendar, calendar_changed
from gongkai.core.exceptions import ServiceValidationError
from gongkai.core.models import (
    CalendarAlert,
    CalendarDay,
    CalendarDayKind,
    CalendarSource,
    CalendarYear,
)
from gongkai.core.notice_parser import ParsedNotice, ParseError, parse_notice
from gongkai.core.permissions import require_platform_admin

DAY_FIELDS = ("date", "kind", "name", "source")
YEAR_FIELDS = ("year", "source", "complete")
# Years the calendar accepts: the notices start in 1999 (the first 黄金周); the bound keeps typos out.
MIN_YEAR = 1999
MAX_YEAR = 2999
NAME_MAX_LENGTH = 40


def _require_admin(actor: Any) -> None:
    if actor is not None:
        require_platform_admin(actor, action=_("修改工作日历"))


def _user(actor: Any) -> Any:
    return actor if getattr(actor, "is_authenticated", False) else None


def _validate_year(year: int, field: str = "year") -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        message = _("年份应在%(min)s至%(max)s之间。") % {"min": MIN_YEAR, "max": MAX_YEAR}
        raise ServiceValidationError(message, {field: [message]})


@transaction.atomic
def calendar_day_set(*, actor: Any, day: date, kind: str, name: str = "") -> CalendarDay:
    """Fix ``day`` as a holiday (放假) or a working day (上班, e.g. 调休), overriding the built-in data."""
    _require_admin(actor)
    errors: dict[str, list[str]] = {}
    if kind not in CalendarDayKind.values:
        errors["kind"] = [_("类型应为“放假”或“上班”。")]
    name = name.strip()
    if len(name) > NAME_MAX_LENGTH:
        errors["name"] = [_("节日名称不能超过%(n)s个字。") % {"n": NAME_MAX_LENGTH}]
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        errors["day"] = [_("日期的年份应在%(min)s至%(max)s之间。") % {"min": MIN_YEAR, "max": MAX_YEAR}]
    if errors:
        raise ServiceValidationError(next(iter(errors.values()))[0], errors)
    entry = CalendarDay.objects.filter(date=day).first()
    before = snapshot(entry, DAY_FIELDS) if entry else None
    if entry is None:
        entry = CalendarDay(date=day)
    entry.kind = kind
    entry.name = name
    entry.source = CalendarSource.ADMIN
    entry.updated_by = _user(actor)
    entry.save()
    after = snapshot(entry, DAY_FIELDS)
    if before != after:
        audit_log(instance=entry, action="gongkai.calendar.update", actor=actor, before=before, after=after)
    calendar_changed()
    return entry


@transaction.atomic
def calendar_day_clear(*, actor: Any, day: date) -> bool:
    """Remove the administrators' entry for ``day``: the built-in data (or the weekend rule) applies again.

    Returns False when there was no entry.
    """
    _require_admin(actor)
    entry = CalendarDay.objects.filter(date=day).first()
    if entry is None:
        return False
    audit_log(
        instance=entry,
        action="gongkai.calendar.clear",
        actor=actor,
        before=snapshot(entry, DAY_FIELDS),
        after=None,
        deleted=True,
    )
    entry.delete()
    calendar_changed()
    return True


def calendar_notice_preview(*, year: int, text: str) -> ParsedNotice:
    """Parse a notice without saving it (for the preview step); raises ServiceValidationError."""
    _validate_year(year)
    if not text.strip():
        message = _("请粘贴通知原文。")
        raise ServiceValidationError(message, {"text": [message]})
    try:
        return parse_notice(text, year=year)
    except ParseError as exc:
        raise ServiceValidationError(exc.message, {"text": [exc.message]}) from None


@transaction.atomic
def calendar_year_import_notice(*, actor: Any, year: int, text: str) -> CalendarYear:
    """Enter a year from the State Council's notice: its days replace the year's entries; it is complete."""
    _require_admin(actor)
    parsed = calendar_notice_preview(year=year, text=text)
    dates = [entry.date for entry in parsed.days]
    # A notice may also fix a day of the year before (2012's listed 31 December 2011 as a working day).
    replaced, _details = CalendarDay.objects.filter(Q(date__year=year) | Q(date__in=dates)).delete()
    CalendarDay.objects.bulk_create(
        [
            CalendarDay(
                date=entry.date,
                kind=str(entry.kind),
                name=entry.name,
                source=CalendarSource.NOTICE,
                updated_by=_user(actor),
            )
            for entry in parsed.days
        ]
    )
    calendar_year, before = _year_for_update(year, actor)
    calendar_year.source = CalendarSource.NOTICE
    calendar_year.notice_text = text.strip()
    calendar_year.complete = True
    calendar_year.save()
    audit_log(
        instance=calendar_year,
        action="gongkai.calendar.import",
        actor=actor,
        before=before,
        after=snapshot(calendar_year, YEAR_FIELDS),
        extra={
            "holidays": sorted(parsed.holidays),
            "workdays": sorted(parsed.workdays),
            "replaced_entries": replaced,
        },
    )
    _resolve_alert(year)
    calendar_changed()
    return calendar_year


@transaction.atomic
def calendar_year_declare(*, actor: Any, year: int, complete: bool) -> CalendarYear:
    """Declare a year's entries complete (every holiday and 调休 day of its notice entered) or not."""
    _require_admin(actor)
    _validate_year(year)
    calendar_year, before = _year_for_update(year, actor)
    calendar_year.complete = complete
    calendar_year.save()
    after = snapshot(calendar_year, YEAR_FIELDS)
    if before != after:
        audit_log(
            instance=calendar_year, action="gongkai.calendar.year", actor=actor, before=before, after=after
        )
    if complete:
        _resolve_alert(year)
    calendar_changed()
    return calendar_year


def _year_for_update(year: int, actor: Any) -> tuple[CalendarYear, dict[str, Any] | None]:
    calendar_year = CalendarYear.objects.select_for_update().filter(year=year).first()
    if calendar_year is None:
        return CalendarYear(year=year, source=CalendarSource.ADMIN, created_by=_user(actor)), None
    return calendar_year, snapshot(calendar_year, YEAR_FIELDS)


def _resolve_alert(year: int) -> None:
    CalendarAlert.objects.filter(year=year, resolved_at__isnull=True).update(resolved_at=timezone.now())


def _year_is_covered(year: int) -> bool:
    return year in builtin_calendar().years or CalendarYear.objects.filter(year=year, complete=True).exists()


@transaction.atomic
def calendar_alert_record(*, year: int) -> CalendarAlert | None:
    """Note that a computation needed ``year`` and found no holiday data (statutory.md §4).

    Counts repeated needs on one row per year and reopens a resolved alert. Does nothing (returns None)
    when the year has data by now: another process may still have used a calendar cached before it.
    Called by gongkai.core.calendar, not by users: no permission check.
    """
    if _year_is_covered(year):
        return None
    now = timezone.now()
    updated = CalendarAlert.objects.filter(year=year).update(
        last_needed_at=now, times=F("times") + 1, resolved_at=None
    )
    if not updated:
        try:
            with transaction.atomic():
                alert = CalendarAlert.objects.create(
                    year=year, first_needed_at=now, last_needed_at=now, times=1
                )
        except IntegrityError:
            # Another request created it at the same moment: count this need on that row.
            CalendarAlert.objects.filter(year=year).update(last_needed_at=now, times=F("times") + 1)
        else:
            audit_log(instance=alert, action="gongkai.calendar.alert", actor=None, after={"year": year})
            return alert
    return CalendarAlert.objects.get(year=year)
