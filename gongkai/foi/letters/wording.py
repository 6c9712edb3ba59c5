"""Shared pieces of the letters' wording: the names of the laws cited, dates in the 公文 form, sentences
built from what staff typed, and the part of a letter that one kind's text produces."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _


def regulation() -> str:
    """The regulation every letter cites (国务院令第711号)."""
    return _("《中华人民共和国政府信息公开条例》")


def fee_measures() -> str:
    """The measures of the 信息处理费, with their number."""
    return _("《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）")


def cn_date(day: date) -> str:
    """A date as 公文 write it (GB/T 9704-2012 7.3.5.2): 阿拉伯数字, the year in full, no leading zero
    for month and day: 2026年3月2日."""
    return _("%(year)d年%(month)d月%(day)d日") % {"year": day.year, "month": day.month, "day": day.day}


def sentence(text: str) -> str:
    """Text typed by staff as one sentence of the letter: trimmed, ending with a full stop."""
    text = text.strip()
    if not text:
        return ""
    if text[-1] in "。！？；：.!?;":
        text = text[:-1]
    return text + "。"


def clause(text: str) -> str:
    """Text typed by staff to stand inside a sentence: trimmed, without its closing punctuation."""
    return text.strip().rstrip("。！？；，.!?;,")


def case_ref(case_number: str) -> str:
    """The case number in brackets after 政府信息公开申请, or nothing when the case has none yet."""
    case_number = case_number.strip()
    return _("（申请编号：%(case)s）") % {"case": case_number} if case_number else ""


def numbered(items: tuple[str, ...] | list[str], *, separator: str = "；") -> list[str]:
    """Items as a 公文 numbers them: （一）…；（二）…。 (``separator`` ends every item but the last)."""
    numerals = "一二三四五六七八九十"
    lines = []
    last = len(items) - 1
    for position, item in enumerate(items):
        label = numerals[position] if position < len(numerals) else str(position + 1)
        end = "。" if position == last else separator
        lines.append(f"（{label}）{clause(item)}{end}")
    return lines


@dataclass(frozen=True)
class Body:
    """What one kind of letter (or one outcome of a reply) contributes: its paragraphs and the legal
    basis they cite."""

    paragraphs: list[str]
    basis: str
    title: str = ""
    addressee: str = ""  # the applicant when empty
    closing: str = ""  # 特此告知。, after the remedies


def required(value: object, *, field_name: str, rule: str) -> None:
    """Refuse a letter that lacks what its rule requires, with a Chinese message naming the field."""
    if isinstance(value, str):
        value = value.strip()
    if value is None or (isinstance(value, str | tuple | list) and not value):
        raise ValueError(_("“%(field)s”：%(rule)s") % {"field": field_name, "rule": rule})
