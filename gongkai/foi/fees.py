"""信息处理费 (条例第四十二条; 国办函〔2020〕109号《政府信息公开信息处理费管理办法》; statutory.md §3.4).

An agency may charge only when the quantity or frequency of applications clearly exceeds a reasonable
range, and uses one method per application, never both (109号第三条):

- 按件计收 (第四条): by the number of applications of the same applicant in the natural month, this one
  included: 1–10 free; "11—30件的部分：100元/件"; "31件以上的部分：以10件为一档，每增加一档，收费标准提高
  100元/件" (31–40: 200元/件, 41–50: 300元/件, …). An application is charged the price of the band its
  own number falls in: the 12th costs 100元, the 35th 200元.
- 按量计收 (第五条): by the pages of one application, progressively, each page at the price of its band:
  1–30 free; 31–100: 10元/页; 101–200: 20元/页; 201 and more: 40元/页. 120 pages cost
  70 × 10 + 20 × 20 = 1100元.

The tariffs are the tables of :mod:`gongkai.foi.choices` (``PER_ITEM_TARIFF``, ``PER_PAGE_BANDS``); this
module only computes with them. :func:`fee_breakdown` gives the amount with the bands used and the
sentences a 收费通知书 states as its 收费依据 and 计费标准.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from gongkai.foi.choices import PER_ITEM_TARIFF, PER_PAGE_BANDS, FeeBand, FeeMethod

MEASURE_NAME = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


@dataclass(frozen=True, slots=True)
class FeeLine:
    """One band used for an application: units ``first``–``last`` of it, at ``unit_price`` each."""

    first: int
    last: int
    unit_price: Decimal
    amount: Decimal
    text: str

    @property
    def quantity(self) -> int:
        return self.last - self.first + 1


@dataclass(frozen=True, slots=True)
class FeeBreakdown:
    """The fee of one application and how it was reached, in the words of a 收费通知书."""

    method: FeeMethod
    quantity: int  # the application's number in the month (按件) or its pages (按量)
    amount: Decimal
    lines: tuple[FeeLine, ...]
    basis: str  # 收费依据: the article
    standard: str  # 计费标准: the whole tariff of the method
    summary: str  # the computation in one sentence, ending with the amount


def format_yuan(amount: Decimal) -> str:
    """``Decimal(1100)`` → ``1100元``; a fractional amount keeps two decimals."""
    if amount == amount.to_integral_value():
        return f"{int(amount)}元"
    return f"{amount.quantize(Decimal('0.01'))}元"


# --- 按件计收 ---------------------------------------------------------------------------------------------


def per_item_band(count_in_month: int) -> FeeBand:
    """The 109号第四条 band that the ``count_in_month``-th application of a natural month falls in."""
    if count_in_month < 1:
        raise ValueError(f"count_in_month must be at least 1, not {count_in_month}")
    tariff = PER_ITEM_TARIFF
    for band in tariff.bands:
        if band.first <= count_in_month and (band.last is None or count_in_month <= band.last):
            return band
    steps = (count_in_month - tariff.escalation_from) // tariff.escalation_size + 1
    first = tariff.escalation_from + (steps - 1) * tariff.escalation_size
    return FeeBand(
        first=first,
        last=first + tariff.escalation_size - 1,
        unit_price=tariff.bands[-1].unit_price + steps * tariff.escalation_step,
    )


def per_item_fee(count_in_month: int) -> Decimal:
    """The fee of one application that is the ``count_in_month``-th of its applicant in the natural
    month (this one included): 0 for the 1st–10th, 100元 for the 11th–30th, 200元 for the 31st–40th, …"""
    return per_item_band(count_in_month).unit_price


# --- 按量计收 ---------------------------------------------------------------------------------------------


def _page_lines(pages: int) -> list[tuple[FeeBand, int, int]]:
    if pages < 0:
        raise ValueError(f"pages must not be negative, not {pages}")
    used = []
    for band in PER_PAGE_BANDS:
        if band.first > pages:
            break
        last = pages if band.last is None else min(band.last, pages)
        used.append((band, band.first, last))
    return used


def per_page_fee(pages: int) -> Decimal:
    """The fee of one application of ``pages`` pages, each page priced by its band (109号第五条)."""
    return sum((band.unit_price * (last - first + 1) for band, first, last in _page_lines(pages)), Decimal(0))


# --- The words of the fee notice ------------------------------------------------------------------------


def _band_range(band: FeeBand, unit: str, *, inclusive_note: bool = False) -> str:
    """A band as 109号 words it: "10件以下（含10件）", "11—30件", "31—100页（含100页）", "200页以上"."""
    values = {"first": band.first, "last": band.last, "unit": unit}
    if band.last is None:
        return _("%(last)d%(unit)s以上") % {"last": band.first - 1, "unit": unit}
    if band.first == 1:
        return _("%(last)d%(unit)s以下（含%(last)d%(unit)s）") % values
    if inclusive_note:
        return _("%(first)d—%(last)d%(unit)s（含%(last)d%(unit)s）") % values
    return _("%(first)d—%(last)d%(unit)s") % values


def per_item_standard() -> str:
    """The 按件计收 tariff in the words of 109号第四条."""
    tariff = PER_ITEM_TARIFF
    free, *paid = tariff.bands
    parts = [_("同一申请人一个自然月内累计申请%(range)s的，不收费") % {"range": _band_range(free, _("件"))}]
    parts += [
        _("%(range)s的部分：%(price)s/件")
        % {"range": _band_range(band, _("件")), "price": format_yuan(band.unit_price)}
        for band in paid
    ]
    parts.append(
        _("%(first)d件以上的部分：以%(size)d件为一档，每增加一档，收费标准提高%(step)s/件")
        % {
            "first": tariff.escalation_from,
            "size": tariff.escalation_size,
            "step": format_yuan(tariff.escalation_step),
        }
    )
    return _("按件计收：") + "；".join(parts) + "。"


def per_page_standard() -> str:
    """The 按量计收 tariff in the words of 109号第五条."""
    parts = []
    for band in PER_PAGE_BANDS:
        if band.unit_price == 0:
            parts.append(_("%(range)s的，不收费") % {"range": _band_range(band, _("页"))})
        else:
            parts.append(
                _("%(range)s的部分：%(price)s/页")
                % {
                    "range": _band_range(band, _("页"), inclusive_note=True),
                    "price": format_yuan(band.unit_price),
                }
            )
    return _("按量计收：同一政府信息公开申请，") + "；".join(parts) + "。"


def _per_item_breakdown(count_in_month: int) -> FeeBreakdown:
    band = per_item_band(count_in_month)
    assert band.last is not None  # every 按件 band is closed: the escalation bands have 10 items
    if band.unit_price == 0:
        text = _("本申请为该申请人本自然月内的第%(n)d件，未超过%(last)d件。") % {
            "n": count_in_month,
            "last": band.last,
        }
    else:
        text = _(
            "本申请为该申请人本自然月内的第%(n)d件，属于第%(first)d—%(last)d件档，按%(price)s/件计收。"
        ) % {
            "n": count_in_month,
            "first": band.first,
            "last": band.last,
            "price": format_yuan(band.unit_price),
        }
    line = FeeLine(
        first=count_in_month,
        last=count_in_month,
        unit_price=band.unit_price,
        amount=band.unit_price,
        text=text,
    )
    return FeeBreakdown(
        method=FeeMethod.PER_ITEM,
        quantity=count_in_month,
        amount=band.unit_price,
        lines=(line,),
        basis=_("%(measure)s第四条") % {"measure": MEASURE_NAME},
        standard=per_item_standard(),
        summary=_summary(text, band.unit_price),
    )


def _per_page_breakdown(pages: int) -> FeeBreakdown:
    lines = []
    for band, first, last in _page_lines(pages):
        count = last - first + 1
        amount = band.unit_price * count
        if band.unit_price == 0:
            text = _("第%(first)d—%(last)d页，共%(count)d页，不收费") % {
                "first": first,
                "last": last,
                "count": count,
            }
        else:
            text = _("第%(first)d—%(last)d页，共%(count)d页，每页%(price)s，计%(amount)s") % {
                "first": first,
                "last": last,
                "count": count,
                "price": format_yuan(band.unit_price),
                "amount": format_yuan(amount),
            }
        lines.append(FeeLine(first=first, last=last, unit_price=band.unit_price, amount=amount, text=text))
    amount = sum((line.amount for line in lines), Decimal(0))
    computation = _("拟提供的政府信息共%(pages)d页：") % {"pages": pages} + "；".join(
        line.text for line in lines
    )
    return FeeBreakdown(
        method=FeeMethod.PER_PAGE,
        quantity=pages,
        amount=amount,
        lines=tuple(lines),
        basis=_("%(measure)s第五条") % {"measure": MEASURE_NAME},
        standard=per_page_standard(),
        summary=_summary(computation + "。" if lines else "", amount),
    )


def _summary(computation: str, amount: Decimal) -> str:
    if amount == 0:
        return computation + _("按上述标准，不收取信息处理费。")
    return computation + _("应缴纳信息处理费%(amount)s。") % {"amount": format_yuan(amount)}


def fee_breakdown(
    *, method: str, count_in_month: int | None = None, pages: int | None = None
) -> FeeBreakdown:
    """The fee of one application by ``method`` (:class:`FeeMethod`): 按件 needs ``count_in_month`` (the
    application's number in its applicant's natural month, this one included), 按量 needs ``pages``."""
    if method == FeeMethod.PER_ITEM:
        if count_in_month is None:
            raise ValueError("the per-item method needs count_in_month")
        return _per_item_breakdown(count_in_month)
    if method == FeeMethod.PER_PAGE:
        if pages is None:
            raise ValueError("the per-page method needs pages")
        return _per_page_breakdown(pages)
    raise ValueError(f"unknown fee method {method!r}")
