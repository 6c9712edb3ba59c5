"""Reads the State Council's yearly holiday notice (国务院办公厅关于YYYY年部分节假日安排的通知).

An administrator pastes the notice as published; this module turns its items, e.g.

    一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
    六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。

into one entry per day: a holiday, or a 调休 working day, with the holiday's name (statutory.md §4).
The salutation, the preamble and the closing paragraph are skipped; an item sentence that cannot be
understood raises :class:`ParseError` naming its line, so nothing is silently dropped. The weekday
written in brackets is checked against the date, which catches a notice pasted under the wrong year.

Pure: no Django here (user-facing messages are still marked for translation by the caller's gettext).
"""

from __future__ import annotations

import enum
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, timedelta

HOLIDAY_NAMES = ("元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节")
_NAME_ALTERNATIVES = "|".join(["国庆节、中秋节", "中秋节、国庆节", *HOLIDAY_NAMES])
# An item starts with an optional Chinese numeral ("六、") and the holiday's name followed by a colon.
_ITEM_START = re.compile(rf"(?:[一二三四五六七八九十]+、)?(?P<name>{_NAME_ALTERNATIVES})\s*:")
_DATE = r"(?:(?P<{p}y>\d{{4}})年)?(?:(?P<{p}m>\d{{1,2}})月)?(?P<{p}d>\d{{1,2}})日(?:\((?P<{p}note>[^)]*)\))?"
_START_DATE = _DATE.format(p="s")
_END_DATE = _DATE.format(p="e")
_HOLIDAY_CLAUSE = re.compile(
    rf"^{_START_DATE}(?:至{_END_DATE})?(?:(?P<off>放假)(?P<lieu>调休)?(?:(?P<days>\d+)天)?|(?P<bridge>与周末连休))$"
)
_SINGLE_DATE = re.compile(rf"^{_START_DATE}$")
_TOTAL_CLAUSE = re.compile(r"^共(?P<days>\d+)天$")
# Clauses that add nothing to the days: they restate what the dates already say.
_NEUTRAL_CLAUSES = frozenset({"不调休", "与周末连休", "调休"})
# Sentences of an item that are advice, not arrangement (2024: "鼓励各单位……安排职工在除夕休息").
_ADVICE_PREFIXES = ("鼓励", "提倡", "倡导")
_WEEKDAYS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_WEEKDAY_IN_NOTE = re.compile(r"(?:周|星期)([一二三四五六日天])")
_WEEKDAY_LABELS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
_YEAR_IN_TITLE = re.compile(r"(?:关于|现将)\s*(\d{4})\s*年")
_ANY_DATE = re.compile(r"\d{1,2}月\d{1,2}日")
_DAY_NUMBER = re.compile(r"\d{1,2}日")
_WORK_WORDS = ("放假", "上班", "调休", "连休")


class DayEntryKind(enum.StrEnum):
    HOLIDAY = "holiday"  # a day off
    WORKDAY = "workday"  # a weekend day worked by 调休 (调休上班日)


@dataclass(frozen=True)
class NoticeDay:
    """One day the notice arranges: a holiday or a 调休 working day, with the item's holiday name."""

    date: date
    kind: DayEntryKind
    name: str


@dataclass(frozen=True)
class NoticeItem:
    """One numbered item of the notice (e.g. 国庆节、中秋节) and the days it arranges."""

    name: str
    holidays: tuple[date, ...]
    workdays: tuple[date, ...]


@dataclass(frozen=True)
class ParsedNotice:
    """The whole notice: its year and every arranged day, in date order."""

    year: int
    items: tuple[NoticeItem, ...]
    days: tuple[NoticeDay, ...]

    @property
    def holidays(self) -> frozenset[date]:
        return frozenset(d.date for d in self.days if d.kind == DayEntryKind.HOLIDAY)

    @property
    def workdays(self) -> frozenset[date]:
        return frozenset(d.date for d in self.days if d.kind == DayEntryKind.WORKDAY)


class ParseError(ValueError):
    """The notice text (or one of its lines) could not be understood; the message says where, in Chinese."""

    def __init__(self, message: str, *, line_no: int | None = None, line: str = "") -> None:
        if line_no is not None:
            message = f"第{line_no}行无法识别：“{line.strip()}”。{message}"
        super().__init__(message)
        self.message = message
        self.line_no = line_no
        self.line = line


@dataclass
class _Sentence:
    text: str  # normalized
    line_no: int
    line: str  # as typed, for the error message


@dataclass
class _Item:
    name: str
    sentences: list[_Sentence]


def normalize(text: str) -> str:
    """Full-width letters, digits and punctuation to half-width (（→(, ：→:, ，→,, ；→;); spaces dropped.

    "、" and "。" have no half-width form and stay as they are.
    """
    folded = unicodedata.normalize("NFKC", text)
    return re.sub(r"\s+", "", folded)


def parse_notice(text: str, year: int | None = None) -> ParsedNotice:
    """Parse the notice's text into its days; ``year`` defaults to the one in the notice's title.

    Raises ParseError (Chinese message naming the line) for text it cannot read.
    """
    notice_year = _notice_year(text, year)
    items = _split_items(text)
    if not items:
        raise ParseError("未找到任何节假日安排：每项应以节日名称和冒号开头，如“一、元旦：1月1日放假”。")
    parsed_items: list[NoticeItem] = []
    by_date: dict[date, NoticeDay] = {}
    for item in items:
        holidays: list[date] = []
        workdays: list[date] = []
        for sentence in item.sentences:
            if _ends_the_items(sentence.text):
                break
            _parse_sentence(sentence, notice_year, holidays, workdays)
        if not holidays and not workdays:
            raise ParseError(f"“{item.name}”一项没有列出任何日期。")
        parsed_items.append(NoticeItem(name=item.name, holidays=tuple(holidays), workdays=tuple(workdays)))
        for kind, days in ((DayEntryKind.HOLIDAY, holidays), (DayEntryKind.WORKDAY, workdays)):
            for day in days:
                _add_day(by_date, NoticeDay(date=day, kind=kind, name=item.name))
    return ParsedNotice(
        year=notice_year, items=tuple(parsed_items), days=tuple(by_date[d] for d in sorted(by_date))
    )


def _add_day(by_date: dict[date, NoticeDay], entry: NoticeDay) -> None:
    existing = by_date.get(entry.date)
    if existing is not None and existing.kind != entry.kind:
        raise ParseError(
            f"{_format(entry.date)}既被列为放假日又被列为上班日（“{existing.name}”与“{entry.name}”），请核对通知原文。"
        )
    by_date.setdefault(entry.date, entry)


def _notice_year(text: str, year: int | None) -> int:
    match = _YEAR_IN_TITLE.search(unicodedata.normalize("NFKC", text))
    titled = int(match.group(1)) if match else None
    if year is not None and titled is not None and titled != year:
        raise ParseError(f"通知标题中的年份是{titled}年，与所选的{year}年不一致。")
    chosen = year if year is not None else titled
    if chosen is None:
        raise ParseError("无法确定通知所属的年份：请选择年份，或粘贴含“关于XXXX年部分节假日安排”的完整通知。")
    if not 1900 <= chosen <= 9998:
        raise ParseError(f"年份{chosen}超出可处理的范围（1900至9998）。")
    return chosen


def _split_items(text: str) -> list[_Item]:
    """Group the sentences of the text by item; lines outside the items are skipped.

    A line without an item start continues the current item only if it arranges days (has a date and
    放假/上班/调休); the salutation, preamble, signature and closing paragraph do not.
    """
    items: list[_Item] = []
    for line_no, raw in enumerate(text.splitlines(), start=1):
        line = normalize(raw)
        if not line:
            continue
        starts = list(_ITEM_START.finditer(line))
        if not starts:
            if items and _ANY_DATE.search(line) and any(word in line for word in _WORK_WORDS):
                items[-1].sentences.extend(_sentences(line, line_no, raw))
            continue
        if starts[0].start() > 0 and items:
            items[-1].sentences.extend(_sentences(line[: starts[0].start()], line_no, raw))
        for index, start in enumerate(starts):
            end = starts[index + 1].start() if index + 1 < len(starts) else len(line)
            items.append(
                _Item(name=start.group("name"), sentences=_sentences(line[start.end() : end], line_no, raw))
            )
    return items


def _sentences(body: str, line_no: int, raw: str) -> list[_Sentence]:
    parts = re.split(r"[。;]", body)
    return [_Sentence(text=part, line_no=line_no, line=raw) for part in parts if part]


def _ends_the_items(text: str) -> bool:
    """A sentence with neither a date nor 放假/上班/调休 is the closing paragraph, pasted onto the last item.

    (Pasted as one line, "……10月11日（周六）上班。节假日期间，各地区、各部门要……" has no line break
    before the closing; it and the signature after it are not part of the item.)
    """
    return not _DAY_NUMBER.search(text) and not any(word in text for word in _WORK_WORDS)


def _parse_sentence(sentence: _Sentence, year: int, holidays: list[date], workdays: list[date]) -> None:
    text = sentence.text
    if text.startswith(_ADVICE_PREFIXES):
        return
    try:
        if text.endswith("上班"):
            workdays.extend(_parse_workdays(text[: -len("上班")], year))
        else:
            holidays.extend(_parse_holidays(text, year))
    except _SentenceError as exc:
        raise ParseError(exc.reason, line_no=sentence.line_no, line=sentence.line) from None


class _SentenceError(Exception):
    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _split_clauses(text: str) -> list[str]:
    # Commas inside brackets, e.g. (农历除夕,周二), do not end a clause.
    return [part for part in re.split(r",(?![^(]*\))", text) if part]


def _parse_holidays(text: str, year: int) -> list[date]:
    clauses = _split_clauses(text)
    if not clauses:
        raise _SentenceError("应为“X月X日至X日放假”或“X月X日（周X）、X月X日（周X）上班”。")
    main = _HOLIDAY_CLAUSE.match(clauses[0])
    if main is None:
        raise _SentenceError("应为“X月X日至X日放假”或“X月X日（周X）、X月X日（周X）上班”。")
    first = _date_from(main, "s", year=year, month=None)
    last = first
    if main.group("ed"):
        last = _date_from(main, "e", year=first.year, month=first.month)
        if last < first and not main.group("ey"):
            # "12月31日至1月2日" runs into the next year.
            last = _date_from(main, "e", year=first.year + 1, month=first.month)
        if last < first:
            raise _SentenceError("放假的结束日期早于开始日期。")
        if (last - first).days > 60:
            raise _SentenceError("放假时段超过60天，请核对日期。")
    days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
    totals = [int(main.group("days"))] if main.group("days") else []
    for clause in clauses[1:]:
        total = _TOTAL_CLAUSE.match(clause)
        if total:
            totals.append(int(total.group("days")))
        elif clause not in _NEUTRAL_CLAUSES:
            raise _SentenceError(f"不理解“{clause}”。")
    for total_days in totals:
        if total_days != len(days):
            raise _SentenceError(
                f"写明共{total_days}天，但{_format(first)}至{_format(last)}是{len(days)}天。"
            )
    return days


def _parse_workdays(text: str, year: int) -> list[date]:
    parts = [part for part in re.split(r"、(?![^(]*\))|,(?![^(]*\))|和", text) if part]
    if not parts:
        raise _SentenceError("“上班”之前应列出日期，如“2月14日（周六）、2月28日（周六）上班”。")
    days: list[date] = []
    for part in parts:
        match = _SINGLE_DATE.match(part)
        if match is None or not match.group("sm"):
            raise _SentenceError(f"“{part}”不是完整的日期（应为“X月X日（周X）”）。")
        days.append(_date_from(match, "s", year=year, month=None))
    return days


def _date_from(match: re.Match[str], prefix: str, *, year: int, month: int | None) -> date:
    """The date of one date group, defaulting year and month, with its bracketed weekday checked."""
    y = int(match.group(f"{prefix}y")) if match.group(f"{prefix}y") else year
    m_text = match.group(f"{prefix}m")
    if m_text is None and month is None:
        raise _SentenceError("日期缺少月份。")
    m = int(m_text) if m_text else month
    assert m is not None
    d = int(match.group(f"{prefix}d"))
    try:
        value = date(y, m, d)
    except ValueError:
        raise _SentenceError(f"{y}年{m}月{d}日不是有效日期。") from None
    note = match.group(f"{prefix}note") or ""
    weekday = _WEEKDAY_IN_NOTE.search(note)
    if weekday and _WEEKDAYS[weekday.group(1)] != value.weekday():
        raise _SentenceError(
            f"{_format(value)}是{_WEEKDAY_LABELS[value.weekday()]}，通知写的是“{weekday.group(0)}”：请核对年份。"
        )
    return value


def _format(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"
