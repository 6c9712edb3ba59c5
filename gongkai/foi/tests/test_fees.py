"""信息处理费 (国办函〔2020〕109号第四条、第五条; statutory.md §3.4)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.foi.choices import PER_ITEM_TARIFF, PER_PAGE_BANDS, FeeMethod
from gongkai.foi.fees import fee_breakdown, format_yuan, per_item_band, per_item_fee, per_page_fee


def reference_item_price(n: int) -> int:
    """第四条 read literally: 1–10 free; 11–30: 100; from 31 on, each band of 10 is 100 more."""
    if n <= 10:
        return 0
    if n <= 30:
        return 100
    return 100 + 100 * ((n - 31) // 10 + 1)


def reference_page_price(page: int) -> int:
    """第五条: the price of the page-th page."""
    return 0 if page <= 30 else 10 if page <= 100 else 20 if page <= 200 else 40


# --- 按件计收 ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("count", "fee"),
    [
        (1, 0),
        (10, 0),
        (11, 100),
        (12, 100),
        (30, 100),
        (31, 200),
        (40, 200),
        (41, 300),
        (50, 300),
        (51, 400),
        (60, 400),
        (61, 500),
        (100, 800),
        (101, 900),
    ],
)
def test_it_charges_the_nth_application_of_the_month_the_price_of_its_band(count: int, fee: int) -> None:
    assert per_item_fee(count) == Decimal(fee)


def test_it_charges_a_whole_month_of_45_applications_5500_yuan() -> None:
    # 10 free, 20 at 100, 10 at 200, 5 at 300: 2000 + 2000 + 1500.
    assert sum(per_item_fee(n) for n in range(1, 46)) == Decimal(5500)


@settings(deadline=None)  # a loaded CI machine must not fail a slow example
@given(st.integers(1, 2000))
def test_it_matches_the_literal_reading_of_article_4(count: int) -> None:
    assert per_item_fee(count) == Decimal(reference_item_price(count))


@settings(deadline=None)
@given(st.integers(1, 2000), st.integers(1, 2000))
def test_it_never_charges_a_later_application_less(first: int, second: int) -> None:
    low, high = sorted((first, second))
    assert per_item_fee(low) <= per_item_fee(high)


@settings(deadline=None)
@given(st.integers(1, 2000))
def test_it_raises_the_price_only_at_a_band_boundary_and_by_100(count: int) -> None:
    step = per_item_fee(count + 1) - per_item_fee(count)
    band = per_item_band(count)
    if count == band.last:
        assert step == Decimal(100)
    else:
        assert step == 0


@pytest.mark.parametrize("count", [0, -1])
def test_it_refuses_an_application_number_below_one(count: int) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        per_item_fee(count)


# --- 按量计收 ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pages", "fee"),
    [
        (0, 0),
        (1, 0),
        (30, 0),
        (31, 10),
        (100, 700),  # 70 × 10
        (101, 720),  # 700 + 1 × 20
        (120, 1100),  # 700 + 20 × 20
        (200, 2700),  # 700 + 100 × 20
        (201, 2740),  # 2700 + 1 × 40
        (250, 4700),  # 2700 + 50 × 40
        (1000, 34700),  # 2700 + 800 × 40
    ],
)
def test_it_prices_each_page_by_its_band(pages: int, fee: int) -> None:
    assert per_page_fee(pages) == Decimal(fee)


@settings(deadline=None)
@given(st.integers(0, 5000))
def test_it_equals_the_sum_of_the_page_prices(pages: int) -> None:
    assert per_page_fee(pages) == Decimal(sum(reference_page_price(p) for p in range(1, pages + 1)))


@settings(deadline=None)
@given(st.integers(0, 5000), st.integers(0, 5000))
def test_it_never_charges_more_pages_less(first: int, second: int) -> None:
    low, high = sorted((first, second))
    assert per_page_fee(low) <= per_page_fee(high)


@settings(deadline=None)
@given(st.integers(0, 5000))
def test_it_charges_one_more_page_the_price_of_that_page(pages: int) -> None:
    assert per_page_fee(pages + 1) - per_page_fee(pages) == Decimal(reference_page_price(pages + 1))


def test_it_refuses_a_negative_page_count() -> None:
    with pytest.raises(ValueError, match="negative"):
        per_page_fee(-1)


def test_it_keeps_the_tariffs_in_one_table_each() -> None:
    assert [(b.first, b.last, b.unit_price) for b in PER_PAGE_BANDS] == [
        (1, 30, 0),
        (31, 100, 10),
        (101, 200, 20),
        (201, None, 40),
    ]
    assert [(b.first, b.last, b.unit_price) for b in PER_ITEM_TARIFF.bands] == [(1, 10, 0), (11, 30, 100)]
    assert (PER_ITEM_TARIFF.escalation_from, PER_ITEM_TARIFF.escalation_size) == (31, 10)
    assert PER_ITEM_TARIFF.escalation_step == 100


# --- The fee notice's words -----------------------------------------------------------------------------


def test_it_explains_a_per_page_fee_band_by_band() -> None:
    breakdown = fee_breakdown(method=FeeMethod.PER_PAGE, pages=120)
    assert breakdown.amount == Decimal(1100)
    assert breakdown.method == FeeMethod.PER_PAGE
    assert [(line.first, line.last, line.quantity, line.amount) for line in breakdown.lines] == [
        (1, 30, 30, 0),
        (31, 100, 70, 700),
        (101, 120, 20, 400),
    ]
    assert [line.text for line in breakdown.lines] == [
        "第1—30页，共30页，不收费",
        "第31—100页，共70页，每页10元，计700元",
        "第101—120页，共20页，每页20元，计400元",
    ]
    assert breakdown.basis == "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）第五条"
    assert breakdown.standard == (
        "按量计收：同一政府信息公开申请，30页以下（含30页）的，不收费；31—100页（含100页）的部分：10元/页；"
        "101—200页（含200页）的部分：20元/页；200页以上的部分：40元/页。"
    )
    assert breakdown.summary.endswith("应缴纳信息处理费1100元。")
    assert "拟提供的政府信息共120页" in breakdown.summary


def test_it_explains_a_per_item_fee_by_the_applications_number_in_the_month() -> None:
    breakdown = fee_breakdown(method=FeeMethod.PER_ITEM, count_in_month=35)
    assert breakdown.amount == Decimal(200)
    assert breakdown.quantity == 35
    assert breakdown.lines[0].text == "本申请为该申请人本自然月内的第35件，属于第31—40件档，按200元/件计收。"
    assert breakdown.basis.endswith("第四条")
    assert breakdown.standard == (
        "按件计收：同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件的部分：100元/件；"
        "31件以上的部分：以10件为一档，每增加一档，收费标准提高100元/件。"
    )
    assert breakdown.summary.endswith("应缴纳信息处理费200元。")


def test_it_says_when_nothing_is_charged() -> None:
    assert fee_breakdown(method=FeeMethod.PER_ITEM, count_in_month=10).summary == (
        "本申请为该申请人本自然月内的第10件，未超过10件。按上述标准，不收取信息处理费。"
    )
    free_pages = fee_breakdown(method=FeeMethod.PER_PAGE, pages=30)
    assert free_pages.amount == 0 and free_pages.summary.endswith("不收取信息处理费。")
    assert fee_breakdown(method=FeeMethod.PER_PAGE, pages=0).lines == ()


@settings(deadline=None)
@given(st.integers(0, 3000))
def test_it_adds_the_lines_up_to_the_amount(pages: int) -> None:
    breakdown = fee_breakdown(method=FeeMethod.PER_PAGE, pages=pages)
    assert sum(line.amount for line in breakdown.lines) == breakdown.amount == per_page_fee(pages)
    assert sum(line.quantity for line in breakdown.lines) == pages


@settings(deadline=None)
@given(st.integers(1, 3000))
def test_it_gives_the_per_item_amount_of_per_item_fee(count: int) -> None:
    assert fee_breakdown(method=FeeMethod.PER_ITEM, count_in_month=count).amount == per_item_fee(count)


def test_it_refuses_a_method_without_its_quantity_or_an_unknown_method() -> None:
    with pytest.raises(ValueError, match="count_in_month"):
        fee_breakdown(method=FeeMethod.PER_ITEM, pages=10)
    with pytest.raises(ValueError, match="pages"):
        fee_breakdown(method=FeeMethod.PER_PAGE, count_in_month=10)
    with pytest.raises(ValueError, match="unknown fee method"):
        fee_breakdown(method="both", pages=10)


def test_it_writes_amounts_in_yuan() -> None:
    assert format_yuan(Decimal(1100)) == "1100元"
    assert format_yuan(Decimal("12.5")) == "12.50元"
