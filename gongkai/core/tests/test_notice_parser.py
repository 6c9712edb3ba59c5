"""Reading the State Council's holiday notice (gongkai.core.notice_parser), checked with chinese_calendar."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from gongkai.core.notice_parser import DayEntryKind, ParseError, normalize, parse_notice
from gongkai.core.workdays import WorkdayCalendar, is_workday

# 国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）, as published.
NOTICE_2025 = """\
国务院办公厅关于2025年部分节假日安排的通知
国办发明电〔2024〕12号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　经国务院批准，现将2025年元旦、春节、清明节、劳动节、端午节、国庆节、中秋节放假调休日期的具体安排通知如下。
　　一、元旦：1月1日（周三）放假1天，不调休。
　　二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。
　　三、清明节：4月4日（周五）至6日（周日）放假，共3天。
　　四、劳动节：5月1日（周四）至5日（周一）放假调休，共5天。4月27日（周日）上班。
　　五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。
　　六、国庆节、中秋节：10月1日（周三）至8日（周三）放假调休，共8天。9月28日（周日）、10月11日（周六）上班。
　　节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。

国务院办公厅
2024年11月12日"""

# 国务院办公厅关于2026年部分节假日安排的通知（国办发明电〔2025〕7号）, as published.
NOTICE_2026 = """\
国务院办公厅关于2026年部分节假日安排的通知
国办发明电〔2025〕7号

各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
　　经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
　　一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
　　二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
　　三、清明节：4月4日（周六）至6日（周一）放假，共3天。
　　四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
　　五、端午节：6月19日（周五）至21日（周日）放假，共3天。
　　六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
　　七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
　　节假日期间，各地区、各部门要妥善安排好值班和安全、保卫等工作，遇有重大突发事件，要按规定及时报告并妥善处置，确保人民群众祥和平安度过节日假期。

国务院办公厅
2025年11月4日"""

# The items of the 2024 notice (国办发明电〔2023〕7号): "与周末连休" and the advice about 除夕.
ITEMS_2024 = """\
国务院办公厅关于2024年部分节假日安排的通知
一、元旦：1月1日放假，与周末连休。
二、春节：2月10日至17日放假调休，共8天。2月4日（星期日）、2月18日（星期日）上班。鼓励各单位结合带薪年休假等制度落实，安排职工在除夕（2月9日）休息。
三、清明节：4月4日至6日放假调休，共3天。4月7日（星期日）上班。
四、劳动节：5月1日至5日放假调休，共5天。4月28日（星期日）、5月11日（星期六）上班。
五、端午节：6月10日与周末连休。
六、中秋节：9月15日至17日放假调休，共3天。9月14日（星期六）上班。
七、国庆节：10月1日至7日放假调休，共7天。9月29日（星期日）、10月12日（星期六）上班。"""

# The items of the 2023 notice (国办发明电〔2022〕16号): a span from the year before, "中秋节、国庆节".
ITEMS_2023 = """\
国务院办公厅关于2023年部分节假日安排的通知
一、元旦：2022年12月31日至2023年1月2日放假调休，共3天。
二、春节：1月21日至27日放假调休，共7天。1月28日（星期六）、1月29日（星期日）上班。
三、清明节：4月5日放假，共1天。
四、劳动节：4月29日至5月3日放假调休，共5天。4月23日（星期日）、5月6日（星期六）上班。
五、端午节：6月22日至24日放假调休，共3天。6月25日（星期日）上班。
六、中秋节、国庆节：9月29日至10月6日放假调休，共8天。10月7日（星期六）、10月8日（星期日）上班。"""


def _year(year: int) -> list[date]:
    first = date(year, 1, 1)
    return [first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days)]


def _calendar(text: str, year: int) -> WorkdayCalendar:
    parsed = parse_notice(text)
    return WorkdayCalendar(
        holidays=parsed.holidays, extra_workdays=parsed.workdays, covered_years=frozenset({year})
    )


@pytest.mark.parametrize(("text", "year"), [(NOTICE_2025, 2025), (NOTICE_2026, 2026)])
def test_it_reads_the_real_notice_exactly_as_chinese_calendar_has_it(text: str, year: int) -> None:
    parsed = parse_notice(text)
    assert parsed.year == year
    assert parsed.holidays == {d for d in chinese_calendar.holidays if d.year == year}
    assert parsed.workdays == {d for d in chinese_calendar.workdays if d.year == year}
    cal = _calendar(text, year)
    mismatches = [d for d in _year(year) if is_workday(d, cal) != chinese_calendar.is_workday(d)]
    assert mismatches == []


@pytest.mark.parametrize(("text", "year"), [(ITEMS_2024, 2024), (ITEMS_2023, 2023)])
def test_it_reads_the_older_wordings_to_the_same_working_days(text: str, year: int) -> None:
    cal = _calendar(text, year)
    assert [d for d in _year(year) if is_workday(d, cal) != chinese_calendar.is_workday(d)] == []


def test_it_names_each_day_after_its_item() -> None:
    days = {entry.date: entry for entry in parse_notice(NOTICE_2026).days}
    assert days[date(2026, 10, 1)].name == "国庆节"
    assert days[date(2026, 10, 1)].kind == DayEntryKind.HOLIDAY
    assert days[date(2026, 10, 10)].name == "国庆节"
    assert days[date(2026, 10, 10)].kind == DayEntryKind.WORKDAY
    assert days[date(2026, 9, 25)].name == "中秋节"
    assert days[date(2026, 2, 15)].name == "春节"
    assert days[date(2026, 1, 4)].kind == DayEntryKind.WORKDAY
    days_2025 = {entry.date: entry for entry in parse_notice(NOTICE_2025).days}
    assert days_2025[date(2025, 10, 6)].name == "国庆节、中秋节"
    assert days_2025[date(2025, 1, 1)].name == "元旦"


def test_it_lists_the_items_in_order_with_their_days() -> None:
    items = parse_notice(NOTICE_2026).items
    assert [item.name for item in items] == ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"]
    spring = items[1]
    assert len(spring.holidays) == 9
    assert spring.workdays == (date(2026, 2, 14), date(2026, 2, 28))
    assert items[6].workdays == (date(2026, 9, 20), date(2026, 10, 10))


def test_it_returns_the_days_in_date_order() -> None:
    dates = [entry.date for entry in parse_notice(NOTICE_2025).days]
    assert dates == sorted(dates)
    assert len(dates) == len(set(dates)) == 28 + 5


def test_it_reads_half_width_punctuation_the_same() -> None:
    table: dict[str, str | int | None] = {"（": "(", "）": ")", "：": ":", "，": ",", "　": " "}
    half = NOTICE_2026.translate(str.maketrans(table))
    assert parse_notice(half) == parse_notice(NOTICE_2026)


def test_it_reads_a_notice_pasted_as_one_line() -> None:
    one_line = "".join(line.strip() for line in NOTICE_2025.splitlines())
    assert parse_notice(one_line).days == parse_notice(NOTICE_2025).days


def test_it_reads_items_broken_over_two_lines() -> None:
    text = "关于2026年部分节假日安排的通知\n一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。\n1月4日（周日）上班。"  # noqa: E501
    assert parse_notice(text).workdays == {date(2026, 1, 4)}


@pytest.mark.parametrize(
    ("line", "holidays", "workdays"),
    [
        (
            "一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。",
            [date(2026, 1, 1), date(2026, 1, 2), date(2026, 1, 3)],
            [],
        ),
        ("五、端午节：5月31日（周六）至6月2日（周一）放假，共3天。", None, []),
        ("一、元旦：1月1日（周三）放假1天，不调休。", None, []),
        (
            "二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。",
            None,
            [date(2026, 2, 14), date(2026, 2, 28)],
        ),
        (
            "国庆节:10月1日(周四)至7日(周三)放假调休,共7天。9月20日(周日)、10月10日(周六)上班。",
            None,
            [date(2026, 9, 20), date(2026, 10, 10)],
        ),
        (
            "七、国庆节：10月1日至7日放假调休，共7天。9月20日（星期日）和10月10日（星期六）上班。",
            None,
            [date(2026, 9, 20), date(2026, 10, 10)],
        ),
    ],
)
def test_it_understands_each_wording_of_an_item(
    line: str, holidays: list[date] | None, workdays: list[date]
) -> None:
    year = 2025 if "周三）放假1天" in line or "5月31日（周六）" in line else 2026
    parsed = parse_notice(line, year=year)
    if holidays is not None:
        assert sorted(parsed.holidays) == holidays
    assert sorted(parsed.workdays) == workdays
    assert parsed.holidays


def test_it_runs_a_span_into_the_next_year() -> None:
    parsed = parse_notice("元旦：12月31日至1月2日放假调休，共3天。", year=2022)
    assert parsed.holidays == {date(2022, 12, 31), date(2023, 1, 1), date(2023, 1, 2)}


def test_it_takes_the_year_from_the_title_or_from_the_caller() -> None:
    assert parse_notice(NOTICE_2025).year == 2025
    assert parse_notice("一、元旦：1月1日（周四）放假1天。", year=2026).holidays == {date(2026, 1, 1)}


def test_it_refuses_a_notice_of_another_year_than_chosen() -> None:
    with pytest.raises(ParseError, match="2025年，与所选的2026年不一致"):
        parse_notice(NOTICE_2025, year=2026)


def test_it_refuses_text_without_a_year() -> None:
    with pytest.raises(ParseError, match="无法确定通知所属的年份"):
        parse_notice("一、元旦：1月1日放假。")


def test_it_catches_a_weekday_that_does_not_fit_the_year_and_names_the_line() -> None:
    items_only = "\n".join(line for line in NOTICE_2025.splitlines() if "、" in line and "：" in line)
    with pytest.raises(ParseError) as caught:
        parse_notice(items_only.replace("国务院办公厅关于2025年", ""), year=2026)
    message = str(caught.value)
    assert "2026年1月1日是周四" in message
    assert "“周三”" in message
    assert "无法识别" in message


def test_it_names_the_line_it_cannot_understand() -> None:
    text = "关于2026年部分节假日安排的通知\n一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。\n二、春节：二月十五日起放假。"  # noqa: E501
    with pytest.raises(ParseError) as caught:
        parse_notice(text)
    assert caught.value.line_no == 3
    assert "第3行无法识别：“二、春节：二月十五日起放假。”" in caught.value.message


def test_it_checks_the_stated_number_of_days() -> None:
    with pytest.raises(ParseError, match="写明共4天，但2026年1月1日至2026年1月3日是3天"):
        parse_notice("一、元旦：1月1日（周四）至3日（周六）放假调休，共4天。", year=2026)


def test_it_refuses_an_unknown_clause() -> None:
    with pytest.raises(ParseError, match="不理解“另行通知”"):
        parse_notice("一、元旦：1月1日放假，另行通知。", year=2026)


def test_it_refuses_an_impossible_date() -> None:
    with pytest.raises(ParseError, match="2026年2月30日不是有效日期"):
        parse_notice("二、春节：2月30日放假。", year=2026)


def test_it_refuses_a_working_day_without_its_month() -> None:
    with pytest.raises(ParseError, match="不是完整的日期"):
        parse_notice("二、春节：2月15日至23日放假调休，共9天。14日（周六）上班。", year=2026)


def test_it_refuses_a_day_both_off_and_worked() -> None:
    with pytest.raises(ParseError, match="既被列为放假日又被列为上班日"):
        parse_notice("一、元旦：1月1日至3日放假，共3天。\n二、春节：1月3日（周六）上班。", year=2026)


def test_it_refuses_text_with_no_items() -> None:
    with pytest.raises(ParseError, match="未找到任何节假日安排"):
        parse_notice("国务院办公厅关于2026年部分节假日安排的通知\n经国务院批准，现将……通知如下。")


def test_it_refuses_an_item_without_dates() -> None:
    with pytest.raises(ParseError, match="“春节”一项没有列出任何日期"):
        parse_notice("关于2026年部分节假日安排的通知\n二、春节：\n三、清明节：4月4日至6日放假，共3天。")


def test_it_skips_salutation_preamble_closing_and_signature() -> None:
    parsed = parse_notice(NOTICE_2026)
    # The signature's date (2025年11月4日) is not a holiday.
    assert date(2025, 11, 4) not in parsed.holidays
    assert all(entry.date.year == 2026 for entry in parsed.days)


def test_it_folds_full_width_characters() -> None:
    assert normalize("１月１日（周四）：，　") == "1月1日(周四):,"
