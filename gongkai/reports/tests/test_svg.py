"""The server-rendered SVG charts (gongkai.reports.svg): valid XML, labelled, escaped, to scale."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from gongkai.reports import svg

NS = {"svg": "http://www.w3.org/2000/svg"}
MONTHS = [f"{m}月" for m in range(1, 13)]


def parse(markup: str) -> ET.Element:
    return ET.fromstring(str(markup))  # noqa: S314 - our own output


def texts(root: ET.Element) -> list[str]:
    """What each <text> draws: its own text and its <tspan> lines, not its tooltip <title>."""
    return [
        (node.text or "") + "".join(tspan.text or "" for tspan in node.findall("svg:tspan", NS))
        for node in root.iter(f"{{{NS['svg']}}}text")
    ]


def bars(root: ET.Element) -> list[ET.Element]:
    return [node for node in root.iter(f"{{{NS['svg']}}}rect") if node.get("class") == "gk-bar"]


def test_it_labels_the_chart_for_assistive_technology() -> None:
    root = parse(
        svg.vertical_bars(
            chart_id="c1", title="每月发布", description="柱状图", labels=MONTHS, values=[1] * 12
        )
    )
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find("svg:title", NS).text == "每月发布"  # type: ignore[union-attr]
    assert root.find("svg:desc", NS).text == "柱状图"  # type: ignore[union-attr]
    assert "Noto Sans CJK SC" in (root.get("font-family") or "")
    assert root.get("style") is None  # the portal's CSP forbids inline styles


def test_it_draws_vertical_bars_proportional_to_their_values() -> None:
    values = [0, 5, 10, 20, 0, 0, 0, 0, 0, 0, 0, 40]
    root = parse(svg.vertical_bars(chart_id="c", title="t", description="d", labels=MONTHS, values=values))
    heights = [float(bar.get("height") or 0) for bar in bars(root)]
    assert len(heights) == 12
    assert heights[0] == 0
    assert heights[2] == pytest.approx(2 * heights[1], abs=0.2)
    assert heights[11] == pytest.approx(8 * heights[1], abs=0.5)
    assert set(MONTHS) <= set(texts(root))


def test_it_uses_round_ticks() -> None:
    assert svg.nice_ticks(37) == [0, 10, 20, 30, 40]
    assert svg.nice_ticks(3) == [0, 1, 2, 3]
    assert svg.nice_ticks(180) == [0, 50, 100, 150, 200]
    assert svg.nice_ticks(0) == [0, 1]
    root = parse(
        svg.vertical_bars(chart_id="c", title="t", description="d", labels=["a", "b"], values=[7, 37])
    )
    assert {"0", "10", "20", "30", "40"} <= set(texts(root))


def test_it_escapes_labels_and_titles() -> None:
    nasty = '<script>alert("x")</script> & 关于"三安全一稳定"'
    markup = svg.horizontal_bars(chart_id='a"b', title=nasty, description=nasty, labels=[nasty], values=[3])
    assert "<script>" not in markup
    root = parse(markup)  # still well-formed
    assert root.find("svg:title", NS).text == nasty  # type: ignore[union-attr]
    assert root.get("id") == 'a"b'


def test_it_wraps_long_chinese_labels_of_horizontal_bars() -> None:
    label = "（六）其他处理：申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
    root = parse(
        svg.horizontal_bars(chart_id="h", title="t", description="d", labels=[label, "短"], values=[4, 2])
    )
    first = next(node for node in root.iter(f"{{{NS['svg']}}}text") if node.find("svg:tspan", NS) is not None)
    lines = [tspan.text or "" for tspan in first.findall("svg:tspan", NS)]
    assert 1 < len(lines) <= 3
    assert all(svg.text_width(line) <= 640 * 0.42 for line in lines)
    label_right = float(first.get("x") or 0)
    assert all(label_right - svg.text_width(line) >= 0 for line in lines)  # nothing drawn left of 0
    assert first.find("svg:title", NS).text == label  # type: ignore[union-attr]
    widths = [float(bar.get("width") or 0) for bar in bars(root)]
    assert widths[0] == pytest.approx(2 * widths[1], abs=0.2)


def test_it_draws_one_or_two_lines_with_a_legend() -> None:
    series = [svg.Series("收到申请", tuple(range(12))), svg.Series("办结", tuple([2] * 12))]
    root = parse(svg.line_chart(chart_id="l", title="t", description="d", labels=MONTHS, series=series))
    lines = [node for node in root.iter(f"{{{NS['svg']}}}polyline")]
    assert len(lines) == 2
    assert len((lines[0].get("points") or "").split()) == 12
    assert {"收到申请", "办结"} <= set(texts(root))
    with pytest.raises(ValueError):
        svg.line_chart(chart_id="l", title="t", description="d", labels=MONTHS, series=[*series, *series])


@pytest.mark.parametrize(
    "chart",
    [
        lambda: svg.vertical_bars(chart_id="e", title="空", description="d", labels=MONTHS, values=[0] * 12),
        lambda: svg.horizontal_bars(chart_id="e", title="空", description="d", labels=[], values=[]),
        lambda: svg.line_chart(
            chart_id="e", title="空", description="d", labels=MONTHS, series=[svg.Series("a", (0,) * 12)]
        ),
    ],
)
def test_it_shows_an_empty_state_without_data(chart: object) -> None:
    root = parse(chart())  # type: ignore[operator]
    assert "暂无数据" in texts(root)
    assert bars(root) == []
    assert root.find("svg:title", NS).text == "空"  # type: ignore[union-attr]


def test_it_returns_safe_markup() -> None:
    markup = svg.vertical_bars(chart_id="s", title="t", description="d", labels=["a"], values=[1])
    assert hasattr(markup, "__html__")


def test_it_never_starts_a_wrapped_line_with_closing_punctuation() -> None:
    label = "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"
    for width in range(60, 300, 7):
        lines = svg.wrap(label, width)
        assert "".join(lines) == label or lines[-1].endswith("…")
        assert not any(line[0] in svg.NO_LINE_START for line in lines[1:]), (width, lines)
