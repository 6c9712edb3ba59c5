"""Highlighted titles and snippets of search results (issue 4 item 4)."""

from __future__ import annotations

from gongkai.search.highlight import ELLIPSIS, SNIPPET_LENGTH, highlight, snippet

BODY = (
    "为深入贯彻落实党中央、国务院关于全面推进政务公开工作的决策部署，进一步提升政府透明度。"
    "现就做好2026年政务公开工作提出如下要点。一、加强政策发布解读，围绕市场主体关切做好政策解读。"
    "二、推进基层政务公开标准化规范化建设，完善依申请公开办理机制。"
)


def test_it_marks_every_term_in_a_title() -> None:
    html = highlight("示例市教育局关于做好义务教育招生工作的通知", ["教育局", "招生"])

    assert html == "示例市<mark>教育局</mark>关于做好义务教育<mark>招生</mark>工作的通知"


def test_it_marks_the_longest_term_whole() -> None:
    assert highlight("推进政务公开", ["政务", "政务公开", "公开"]) == "推进<mark>政务公开</mark>"


def test_it_escapes_the_text_and_the_terms() -> None:
    html = highlight("<script>alert(1)</script> 公开 & 透明", ["公开", "<script>"])

    assert html == "<mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt; <mark>公开</mark> &amp; 透明"


def test_it_ignores_case_for_latin_letters() -> None:
    assert highlight("OpenData 开放数据", ["opendata"]) == "<mark>OpenData</mark> 开放数据"


def test_a_snippet_starts_at_the_sentence_of_the_first_match() -> None:
    html = snippet(BODY, ["依申请公开"])

    assert html.startswith(f"{ELLIPSIS}二、推进基层")
    assert "<mark>依申请公开</mark>" in html


def test_a_snippet_starts_a_little_before_a_match_deep_in_a_long_sentence() -> None:
    text = "甲" * 200 + "政务公开" + "乙" * 200

    html = snippet(text, ["政务公开"])

    assert html.startswith(ELLIPSIS + "甲" * 30 + "<mark>政务公开</mark>")
    assert html.endswith(ELLIPSIS)
    assert len(html.replace("<mark>", "").replace("</mark>", "")) == SNIPPET_LENGTH + 2


def test_a_snippet_without_a_match_is_the_beginning_of_the_text() -> None:
    html = snippet(BODY, ["不存在的词"])

    assert html.startswith("为深入贯彻落实") and html.endswith(ELLIPSIS)
    assert "<mark>" not in html


def test_a_short_text_is_shown_whole_without_ellipses() -> None:
    assert snippet("  政务公开\n工作  ", ["公开"]) == "政务<mark>公开</mark> 工作"


def test_no_terms_mark_nothing() -> None:
    assert highlight("政务公开", []) == "政务公开"
    assert snippet("政务公开", ["", "  "]) == "政务公开"
