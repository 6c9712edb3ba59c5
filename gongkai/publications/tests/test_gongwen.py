"""Reading a 公文 (gongkai.publications.gongwen): DOCX files built with python-docx in GB/T 9704 order,
plain text, the three real corpus texts, and the warnings for what a text lacks."""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from pathlib import Path

import docx
import pytest

from gongkai.orgs.selectors import org_match_issuer
from gongkai.publications.gongwen import guess_genre, parse_date, parse_doc_number, parse_docx, parse_text

CORPUS = Path(__file__).resolve().parents[2] / "portal" / "demo" / "corpus"

GONGWEN = (
    "000123",
    "示例市人民政府办公室文件",
    "",
    "示政办发〔2026〕12号",
    "",
    "示例市人民政府办公室关于印发示例市2026年",
    "政务公开工作要点的通知",
    "",
    "各区人民政府，市政府各部门：",
    "　　《示例市2026年政务公开工作要点》已经市人民政府同意，现印发给你们，请认真贯彻落实。",
    "　　一、围绕稳预期强信心做好政策公开。",
    "　　附件：1．示例市2026年政务公开工作要点",
    "　　　　　2．任务分工表",
    "示例市人民政府办公室",
    "二〇二六年三月五日",
    "（此件公开发布）",
    "抄送：市委办公室。",
    "示例市人民政府办公室　　　　2026年3月5日印发",
)


def build_docx(paragraphs: Sequence[str], table: Sequence[Sequence[str]] = ()) -> io.BytesIO:
    """A Word file with one paragraph per line (and a table after them), as python-docx writes it."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for row, values in zip(grid.rows, table, strict=True):
            for cell, value in zip(row.cells, values, strict=True):
                cell.text = value
    stream = io.BytesIO()
    document.save(stream)
    stream.seek(0)
    return stream


# --- The parts of a 公文 in a DOCX ------------------------------------------------------------------


def test_it_reads_every_part_of_a_gongwen_docx() -> None:
    parsed = parse_docx(build_docx(GONGWEN))

    assert parsed.issuer_mark == "示例市人民政府办公室文件"
    assert parsed.issuer == "示例市人民政府办公室"
    assert parsed.doc_number == "示政办发〔2026〕12号"
    assert (
        parsed.title == "示例市人民政府办公室关于印发示例市2026年政务公开工作要点的通知"
    )  # two lines, one title
    assert parsed.addressee == "各区人民政府，市政府各部门"
    assert parsed.written_on == datetime.date(2026, 3, 5)  # 二〇二六年三月五日
    assert parsed.genre == "通知"
    assert parsed.attachments == ("示例市2026年政务公开工作要点", "任务分工表")
    assert parsed.warnings == ()


def test_it_makes_the_body_sanitized_paragraphs_without_the_record_lines() -> None:
    lines = [*GONGWEN[:10], "<script>alert(1)</script>", *GONGWEN[10:]]
    parsed = parse_docx(build_docx(lines))

    assert parsed.body.startswith("<p>各区人民政府，市政府各部门：</p><p>《示例市2026年政务公开工作要点》")
    assert "<p>二〇二六年三月五日</p><p>（此件公开发布）</p>" in parsed.body
    assert "<script>" not in parsed.body and "&lt;script&gt;" in parsed.body
    assert "抄送" not in parsed.body and "印发</p>" not in parsed.body  # 版记 is not published
    assert "000123" not in parsed.body and "示政办发" not in parsed.body  # 份号 and 版头 are metadata


@pytest.mark.parametrize(
    "printed",
    [
        "示政办发〔2026〕12号",
        "示政办发[2026]12号",
        "示政办发【2026】12号",
        "示政办发(2026)12号",
        "示政办发（2026）12号",
        "示政办发［２０２６］１２号",
        "示政办发﹝2026﹞第12号",
        "示政办发 〔2026〕 12 号",
    ],
)
def test_it_normalises_the_brackets_of_the_document_number(printed: str) -> None:
    lines = ["示例市人民政府办公室文件", printed, "关于做好2026年政务公开工作的通知", "各区人民政府："]
    assert parse_docx(build_docx(lines)).doc_number == "示政办发〔2026〕12号"
    assert parse_doc_number(printed) == "示政办发〔2026〕12号"


def test_it_reads_the_number_next_to_the_signer_of_an_upward_document() -> None:
    lines = [
        "示例市教育局文件",
        "示教发〔2026〕3号　　　签发人：赵六",
        "关于2026年教育工作的报告",
        "市人民政府：",
    ]
    parsed = parse_docx(build_docx(lines))
    assert (parsed.doc_number, parsed.title, parsed.genre) == (
        "示教发〔2026〕3号",
        "关于2026年教育工作的报告",
        "报告",
    )


def test_it_reads_an_order_and_leaves_the_note_under_the_title_out() -> None:
    lines = [
        "示例市人民政府令",
        "第3号",
        "示例市政务公开办法",
        "（2026年3月5日市人民政府第10次常务会议通过）",
        "第一条 为了规范政务公开工作，制定本办法。",
        "市长　某某",
        "2026年3月9日",
    ]
    parsed = parse_docx(build_docx(lines))

    assert (parsed.issuer, parsed.doc_number, parsed.genre) == (
        "示例市人民政府",
        "示例市人民政府令第3号",
        "命令（令）",
    )
    assert parsed.title == "示例市政务公开办法"  # the 题注 in brackets is not part of it
    assert parsed.written_on == datetime.date(2026, 3, 9)
    assert parsed.warnings == ()


def test_it_reads_a_joint_mark_and_a_mark_kept_in_a_table() -> None:
    joint = parse_docx(
        build_docx(["示例市教育局　示例市财政局文件", "示教发〔2026〕6号", "关于学生资助的通知", "各区："])
    )
    assert joint.issuer == "示例市教育局" and joint.joint_issuers == ("示例市财政局",)

    in_table = parse_docx(build_docx([], table=[["示例市民政局文件"], ["示民发〔2026〕2号"]]))
    assert (in_table.issuer, in_table.doc_number) == ("示例市民政局", "示民发〔2026〕2号")
    assert in_table.body == ""  # the 版头 is metadata, not text
    assert "未找到正文。" in in_table.warnings


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2026年3月5日", datetime.date(2026, 3, 5)),
        ("2026 年 12 月 31 日", datetime.date(2026, 12, 31)),
        ("２０２６年３月５日", datetime.date(2026, 3, 5)),
        ("二〇二六年三月五日", datetime.date(2026, 3, 5)),
        ("二〇一七年十二月二十一日", datetime.date(2017, 12, 21)),
        ("二○二六年十月三十日", datetime.date(2026, 10, 30)),
        ("二〇二六年二月三十日", None),  # no such day
        ("2026年3月5日印发", None),  # the 版记 line, not a 成文日期
        ("于2026年3月5日召开", None),
    ],
)
def test_it_reads_arabic_and_chinese_numeral_dates(line: str, expected: datetime.date | None) -> None:
    assert parse_date(line) == expected


def test_it_warns_when_the_date_is_impossible() -> None:
    lines = [
        "示例市教育局文件",
        "示教发〔2026〕6号",
        "关于学生资助的通知",
        "各区：",
        "现通知如下。",
        "二〇二六年二月三十日",
    ]
    parsed = parse_docx(build_docx(lines))
    assert parsed.written_on is None
    assert any("二〇二六年二月三十日" in warning and "成文日期" in warning for warning in parsed.warnings)


@pytest.mark.parametrize(
    ("title", "genre"),
    [
        ("关于做好2026年政务公开工作的通知", "通知"),
        ("关于推进数据要素市场化配置的实施意见", "意见"),
        ("关于表彰2025年度政务公开先进单位的决定", "决定"),
        ("关于禁止在城区燃放烟花爆竹的通告", "通告"),
        ("示例市教育局2026年度公开遴选机关公务员公告", "公告"),
        ("关于2025年度政务公开考核情况的通报", "通报"),
        ("关于同意设立示例市东城区和平街道的批复", "批复"),
        ("关于商请支持政务公开标准化工作的函", "函"),
        ("关于印发示例市住房公积金提取管理办法（试行）的通知", "通知"),
        ("示例市住房公积金提取管理办法（试行）", "其他"),
        ("示例市2026年政务公开工作要点", "其他"),
    ],
)
def test_it_guesses_the_genre_from_the_last_word_of_the_title(title: str, genre: str) -> None:
    assert guess_genre(title)[0] == genre


def test_it_says_why_a_rules_document_gets_the_genre_other() -> None:
    parsed = parse_text(
        "示例市人民政府文件\n示政发〔2026〕1号\n示例市住房公积金提取管理办法\n第一条 为规范管理，制定本办法。"
    )
    assert parsed.genre == "其他"
    assert any("办法" in warning and "体裁" in warning for warning in parsed.warnings)


def test_it_warns_for_every_part_that_is_missing() -> None:
    parsed = parse_docx(build_docx(["为做好有关工作，现通知如下。", "请认真落实。"]))

    assert (parsed.title, parsed.doc_number, parsed.issuer, parsed.written_on) == ("", "", "", None)
    warnings = "\n".join(parsed.warnings)
    for part in ("标题", "发文字号", "发布机构", "成文日期"):
        assert part in warnings
    assert parsed.body == "<p>为做好有关工作，现通知如下。</p><p>请认真落实。</p>"


def test_it_takes_the_issuer_from_the_signature_when_there_is_no_mark() -> None:
    lines = [
        "关于开展价格监测的通知",
        "各区发展改革局：",
        "现将有关事项通知如下。",
        "示例市发展和改革委员会",
        "2026年3月2日",
    ]
    parsed = parse_text("\n".join(lines))
    assert (parsed.issuer, parsed.issuer_mark, parsed.written_on) == (
        "示例市发展和改革委员会",
        "",
        datetime.date(2026, 3, 2),
    )


# --- The real corpus (gongkai/portal/demo/corpus) --------------------------------------------------


def corpus(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def test_it_reads_the_xining_implementation_plan() -> None:
    parsed = parse_text(corpus("000_76771b0d3e24e9c5.txt"))

    assert parsed.title == "西宁市人民政府办公厅关于印发西宁市2017年政务公开工作实施方案的通知"
    assert parsed.doc_number == "宁政办〔2017〕123号"
    assert parsed.issuer == "西宁市人民政府办公厅"
    assert parsed.written_on == datetime.date(2017, 6, 5)
    assert parsed.genre == "通知"
    assert parsed.addressee == "各县、区人民政府,市政府各局、委、办"
    assert parsed.warnings == ()
    assert parsed.body.startswith("<p>各县、区人民政府,市政府各局、委、办:</p>")
    assert "30.加强组织领导" in parsed.body  # the attached 方案 stays in the text
    assert "扫描二维码" not in parsed.body  # the web page's furniture does not


def test_it_reads_the_nanjing_key_points_without_a_title_line() -> None:
    parsed = parse_text(corpus("004_7d8c0b84fe9e6654.txt"))

    assert parsed.title == "南京市2019年政务公开工作要点"
    assert parsed.genre == "通知"  # "现将《…》印发给你们": the text is the 通知 that issues it
    assert parsed.issuer == "南京市人民政府办公厅"
    assert parsed.written_on == datetime.date(2019, 6, 21)
    assert parsed.doc_number == ""
    assert any("未找到标题" in warning for warning in parsed.warnings)
    assert any("发文字号" in warning for warning in parsed.warnings)


def test_it_reads_the_tianshui_web_page() -> None:
    parsed = parse_text(corpus("002_cfb7d87530cf1a68.txt"))

    assert parsed.title == "天水市2016政务公开“成绩单”"  # the site's menu line is not part of it
    assert parsed.issuer == "天水市人民政府"
    assert parsed.written_on is None
    assert any("成文日期" in warning for warning in parsed.warnings)
    assert "当前位置" not in parsed.body and "技术支持" not in parsed.body
    assert parsed.body.startswith("<p>今年以来,我市认真贯彻落实")


# --- Matching the issuer to an organization (selector) ---------------------------------------------


@pytest.mark.django_db
def test_it_matches_the_issuer_by_exact_name_then_by_the_longest_name_in_the_mark(region: object) -> None:
    from gongkai.core.testing import make_org

    office = make_org("office", "示例市人民政府办公室", serial=9)

    assert org_match_issuer(issuer="示例市发展和改革委员会") is not None
    assert org_match_issuer(issuer="示例市发展和改革委员会").code == "fgw"  # type: ignore[union-attr]
    assert org_match_issuer(issuer="示例市人民政府办公室", mark="示例市人民政府办公室文件") == office
    assert org_match_issuer(issuer="", mark="示例市人民政府办公室文件") == office  # not 示例市人民政府
    assert org_match_issuer(issuer="西宁市人民政府办公厅") is None
