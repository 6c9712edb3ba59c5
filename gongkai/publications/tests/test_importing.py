"""Bulk import of an existing catalogue (CSV/XLSX) through the services: all-or-nothing, per-row errors."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook

from gongkai.core.testing import Region
from gongkai.publications.choices import Disclosure, DocumentStatus
from gongkai.publications.importing import documents_import, parse_statutory_items
from gongkai.publications.models import Document

pytestmark = pytest.mark.django_db

HEADER = [
    "标题",
    "体裁",
    "主题分类",
    "发文字号",
    "成文日期",
    "形成日期",
    "内容概述",
    "正文",
    "主题词",
    "公开属性",
    "不予公开依据",
    "法定公开事项",
]
GOOD = [
    "关于开展2026年价格监测工作的通知",
    "通知",
    "国民经济管理、国有资产监管/物价",
    "示发改价格〔2026〕3号",
    "2026-03-02",
    "2026年3月2日",
    "部署价格监测。",
    "各区发展改革局：\n现将有关事项通知如下。",
    "价格，监测",
    "主动公开",
    "",
    "（一）（三）",
]
INTERNAL = [
    "关于产业园区扩区的内部讨论稿",
    "意见",
    "综合政务/政务公开",
    "",
    "2026/2/1",
    "",
    "",
    "<p>讨论稿</p>",
    "",
    "不予公开",
    "过程性信息",
    "",
]


def write_csv(
    path: Path, rows: list[list[Any]], encoding: str = "utf-8-sig", header: list[str] = HEADER
) -> Path:
    buffer = io.StringIO()
    csv.writer(buffer).writerows([header, *rows])
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_documents", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_it_imports_a_csv_as_drafts_with_every_column(region: Region, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "catalogue.csv", [GOOD, INTERNAL])
    out, _err = run(str(path), "--org", "fgw", "--actor", "lisi")
    assert "成功 2 行，失败 0 行" in out
    document = Document.objects.get(doc_number="示发改价格〔2026〕3号")
    assert document.status == DocumentStatus.DRAFT and document.org == region.fgw
    assert document.subject.name == "物价" and document.genre == "通知"
    assert document.written_on == document.formed_on == datetime.date(2026, 3, 2)
    assert document.statutory_items == [1, 3]
    assert document.keywords == ["价格", "监测"]
    assert document.body == "<p>各区发展改革局：</p><p>现将有关事项通知如下。</p>"
    assert document.created_by == region.lisi
    internal = Document.objects.get(title="关于产业园区扩区的内部讨论稿")
    assert internal.disclosure == Disclosure.WITHHELD and internal.withheld_ground == "process_info"
    assert internal.written_on == datetime.date(2026, 2, 1) and internal.formed_on is None


def test_it_reads_xlsx_with_aliased_headers_and_date_cells(region: Region, tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(
        ["题名*", "文种", "主题", "文号", "成文时间（YYYY-MM-DD）", "关键词", "公开方式", "第二十条事项"]
    )
    sheet.append(
        [
            "示例通知",
            "通知",
            "综合政务/政务公开",
            "示发改〔2026〕9号",
            datetime.datetime(2026, 4, 1),
            "公开",
            "依申请公开",
            "1、15",
        ]
    )
    sheet.append([None] * 8)  # a blank row at the end is ignored
    path = tmp_path / "catalogue.xlsx"
    workbook.save(path)
    result = documents_import(actor=region.lisi, org=region.fgw, path=path)
    assert (result.rows, result.created, result.errors) == (1, 1, [])
    document = Document.objects.get(title="示例通知")
    assert document.doc_number == "示发改〔2026〕9号" and document.written_on == datetime.date(2026, 4, 1)
    assert document.disclosure == Disclosure.ON_REQUEST and document.statutory_items == [1, 15]


def test_it_reports_every_bad_row_in_chinese_and_writes_nothing(region: Region, tmp_path: Path) -> None:
    bad_genre = [*GOOD[:1], "便函", *GOOD[2:]]
    bad_date = [*GOOD[:4], "2026-02-30", *GOOD[5:]]
    bad_subject = [*GOOD[:2], "不存在的分类", *GOOD[3:]]
    path = write_csv(tmp_path / "catalogue.csv", [GOOD, bad_genre, bad_date, bad_subject])
    result = documents_import(actor=region.lisi, org=region.fgw, path=path)
    messages = [str(error) for error in result.errors]
    assert any(m.startswith("第3行“体裁”：“便函”不是有效的体裁") for m in messages), messages
    assert any(m.startswith("第4行“成文日期”：“2026-02-30”不是有效日期") for m in messages), messages
    assert any(m.startswith("第5行“主题分类”：“不存在的分类”不是有效的主题分类") for m in messages), messages
    assert not any(m.startswith("第2行") for m in messages)
    assert Document.objects.count() == 0  # all-or-nothing: the good row is not written either

    with pytest.raises(CommandError, match="3 行有错误"):
        run(str(path), "--org", "fgw", "--actor", "lisi")
    assert Document.objects.count() == 0


def test_it_writes_nothing_on_a_dry_run(region: Region, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "catalogue.csv", [GOOD, INTERNAL])
    out, _err = run(str(path), "--org", "fgw", "--actor", "lisi", "--dry-run")
    assert "成功 2 行" in out and "试运行，未写入任何数据" in out
    assert Document.objects.count() == 0


def test_it_publishes_through_review_by_another_person(region: Region, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "catalogue.csv", [GOOD, INTERNAL])
    out, _err = run(str(path), "--org", "fgw", "--actor", "lisi", "--publish", "--reviewer", "wangwu")
    assert "其中发布 1 件" in out
    document = Document.objects.get(doc_number="示发改价格〔2026〕3号")
    assert document.status == DocumentStatus.PUBLISHED and document.index_no
    assert document.submitted_by == region.lisi and document.approved_by == region.wangwu
    # 不予公开 is catalogued but never published.
    assert Document.objects.get(title="关于产业园区扩区的内部讨论稿").status == DocumentStatus.DRAFT


def test_it_refuses_a_reviewer_who_is_the_importer(region: Region, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "catalogue.csv", [GOOD])
    with pytest.raises(CommandError, match="审查人不能与导入人相同"):
        run(str(path), "--org", "fgw", "--actor", "lisi", "--publish", "--reviewer", "lisi")
    with pytest.raises(CommandError, match="须指定另一名审查员"):
        run(str(path), "--org", "fgw", "--actor", "lisi", "--publish")
    assert Document.objects.count() == 0


def test_it_refuses_an_importer_without_the_editor_role(region: Region, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "catalogue.csv", [GOOD])
    with pytest.raises(CommandError, match="无权在"):
        run(str(path), "--org", "fgw", "--actor", "zhaoliu")


def test_it_reads_a_gb18030_csv(region: Region, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "old-system.csv", [GOOD], encoding="gb18030")
    assert path.read_bytes()[:3] != b"\xef\xbb\xbf"
    result = documents_import(actor=region.lisi, org=region.fgw, path=path)
    assert result.created == 1
    assert Document.objects.get().title == "关于开展2026年价格监测工作的通知"


def test_it_sanitizes_html_bodies(region: Region, tmp_path: Path) -> None:
    row = [*GOOD[:7], '<p onclick="x()">正文<script>alert(1)</script></p>', *GOOD[8:]]
    documents_import(actor=region.lisi, org=region.fgw, path=write_csv(tmp_path / "c.csv", [row]))
    assert Document.objects.get().body == "<p>正文</p>"


def test_it_names_missing_required_columns(region: Region, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", [["x"]], header=["发文字号"])
    with pytest.raises(CommandError, match="表头缺少必需的列：标题、体裁、主题分类"):
        run(str(path), "--org", "fgw", "--actor", "lisi")


def test_it_parses_statutory_items_written_in_several_ways() -> None:
    assert parse_statutory_items("1,3") == [1, 3]
    assert parse_statutory_items("（一）（三）") == [1, 3]
    assert parse_statutory_items("第十项、第十四项") == [10, 14]
    assert parse_statutory_items("十五") == [15]
    assert parse_statutory_items("") == []
