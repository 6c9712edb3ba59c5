"""Bulk import of an existing catalogue (CSV or XLSX from an agency's old system) into one organization.

条例第二十一条 asks for one unified catalogue; agencies bring what their old systems export. Each row
goes through ``document_create`` (and, with ``publish``, submit → approve → publish by two different
people), so every rule of the services applies. The import is all-or-nothing: it runs in one
transaction, every row is tried so that every problem is reported at once (row number, column, Chinese
message), and if any row fails — or on a dry run — nothing is written.
"""

from __future__ import annotations

import csv
import datetime
import html
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.core.exceptions import ServicePermissionDenied, ServiceValidationError, StateConflict
from gongkai.core.permissions import require_role
from gongkai.orgs.models import Organization
from gongkai.publications.choices import Disclosure, DocumentKind, DocumentStatus, WithheldGround
from gongkai.publications.models import Document
from gongkai.publications.services import (
    EDITOR_ROLES,
    REVIEWER_ROLES,
    _field_label,
    document_approve,
    document_create,
    document_publish,
    document_submit,
)

# Column → document_create argument. The first alias is the canonical header of our template; the others
# are what old systems are known to call the same column (compared after _normalize_header).
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("标题", "题名", "名称", "文件标题", "文件名称", "信息名称", "title"),
    "genre": ("体裁", "文种", "公文种类", "体裁分类", "genre"),
    "subject": ("主题分类", "主题", "分类", "主题类别", "subject"),
    "doc_number": ("发文字号", "文号", "发文号", "doc_number"),
    "written_on": ("成文日期", "成文时间", "written_on"),
    "formed_on": ("形成日期", "生成日期", "形成时间", "产生日期", "formed_on"),
    "summary": ("内容概述", "摘要", "内容摘要", "概述", "summary"),
    "body": ("正文", "内容", "全文", "body"),
    "keywords": ("主题词", "关键词", "关键字", "keywords"),
    "disclosure": ("公开属性", "公开方式", "公开类型", "disclosure"),
    "withheld_ground": ("不予公开依据", "不予公开理由", "不公开理由", "不公开依据", "withheld_ground"),
    "statutory_items": ("法定公开事项", "第二十条事项", "公开事项", "statutory_items"),
    "kind": ("类别", "信息类别", "文件类别", "kind"),
}
REQUIRED_COLUMNS = ("title", "genre", "subject")
DATE_COLUMNS = ("written_on", "formed_on")
HEADER_NOISE = re.compile(r"[\s\u3000*＊:：]|[（(][^）)]*[）)]")
DATE_PATTERN = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
CHINESE_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
ITEM_TOKEN = re.compile(r"\d+|[一二三四五六七八九十]+")
KIND_LABELS = {
    "政府信息": DocumentKind.DOCUMENT,
    "政策文件": DocumentKind.DOCUMENT,
    "行政规范性文件": DocumentKind.NORMATIVE,
    "规范性文件": DocumentKind.NORMATIVE,
}


class ImportFileError(Exception):
    """The file cannot be read as a catalogue at all (wrong format, missing columns), in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class RowError:
    """One problem of one row: ``row`` is the spreadsheet's row number (the header is row 1)."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("第%(row)s行“%(column)s”：%(message)s") % {
            "row": self.row,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    published: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.errors


# --- Reading the file ---------------------------------------------------------------------------------


def _normalize_header(text: Any) -> str:
    return HEADER_NOISE.sub("", str(text or "").replace("\ufeff", "")).lower()


ALIASES: dict[str, str] = {
    _normalize_header(alias): name for name, aliases in COLUMNS.items() for alias in aliases
}


def _decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first; old systems on Windows export GB18030 (a superset of GBK)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as exc:
        raise ImportFileError(_("文件编码无法识别：请保存为 UTF-8 或 GB18030 编码的 CSV 文件。")) from exc


def _read_csv(data: bytes) -> list[list[Any]]:
    return [row for row in csv.reader(io.StringIO(_decode(data)))]


def _read_xlsx(data: bytes) -> list[list[Any]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a broken file
        raise ImportFileError(_("无法读取 Excel 文件：请确认是 .xlsx 格式。")) from exc
    sheet = workbook.worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    workbook.close()
    return rows


def read_table(path: str | Path) -> list[list[Any]]:
    """The rows of a CSV or XLSX file (first sheet), the header included."""
    path = Path(path)
    data = path.read_bytes()
    if path.suffix.lower() in (".xlsx", ".xlsm") or data[:2] == b"PK":
        return _read_xlsx(data)
    return _read_csv(data)


def map_header(header: Iterable[Any]) -> dict[int, str]:
    """Column index → field name; unknown columns are ignored, required ones must be present."""
    mapping: dict[int, str] = {}
    for index, text in enumerate(header):
        name = ALIASES.get(_normalize_header(text))
        if name and name not in mapping.values():
            mapping[index] = name
    missing = [COLUMNS[name][0] for name in REQUIRED_COLUMNS if name not in mapping.values()]
    if missing:
        raise ImportFileError(
            _("表头缺少必需的列：%(columns)s（第1行应为列名，如：标题、体裁、主题分类）。")
            % {"columns": "、".join(missing)}
        )
    return mapping


# --- Converting cell values -----------------------------------------------------------------------------


class _CellError(Exception):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name
        self.message = message


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_date(value: Any, *, name: str) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    match = DATE_PATTERN.match(text) or re.match(r"^(\d{4})(\d{2})(\d{2})$", text)
    try:
        if match:
            return datetime.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        pass
    raise _CellError(name, _("“%(value)s”不是有效日期，应写作2026-03-01或2026年3月1日。") % {"value": text})


def _chinese_number(numeral: str) -> int:
    """一 … 十九 (enough for 第二十条's fifteen items)."""
    if numeral.isdigit():
        return int(numeral)
    if numeral == "十":
        return 10
    tens, _sep, units = numeral.partition("十")
    if _sep:
        return (CHINESE_DIGITS.get(tens, 1) if tens else 1) * 10 + (CHINESE_DIGITS.get(units, 0))
    return CHINESE_DIGITS.get(numeral, 0)


def parse_statutory_items(value: Any) -> list[int]:
    """ "1,3", "1、3", "（一）（三）", "第一项、第三项" → [1, 3]; the service checks the range 1–15."""
    return [_chinese_number(token) for token in ITEM_TOKEN.findall(_text(value))]


def parse_disclosure(value: Any) -> str:
    text = _text(value)
    if not text:
        return Disclosure.PROACTIVE
    for choice in Disclosure:
        if text in (choice.value, str(choice.label)):
            return choice.value
    return text  # the service names the valid choices


def parse_withheld_ground(value: Any) -> str:
    """A code, the full label or an unambiguous part of it ("过程性信息", "国家秘密")."""
    text = _text(value)
    if not text or text in WithheldGround.values:
        return text
    matches = [c.value for c in WithheldGround if text in str(c.label) or str(c.label) in text]
    return matches[0] if len(matches) == 1 else text


def parse_kind(value: Any) -> str:
    text = _text(value)
    if not text:
        return DocumentKind.DOCUMENT
    kind = KIND_LABELS.get(text, text)
    if kind not in (DocumentKind.DOCUMENT, DocumentKind.NORMATIVE):
        raise _CellError(
            "kind", _("只能导入政府信息或行政规范性文件；政策解读请在工作台中关联被解读文件后录入。")
        )
    return kind


def parse_body(value: Any) -> str:
    """HTML stays HTML (the service sanitizes it with nh3); plain text becomes one paragraph per line."""
    text = _text(value)
    if "<" in text and ">" in text:
        return text
    return "".join(f"<p>{html.escape(line.strip())}</p>" for line in text.splitlines() if line.strip())


def row_values(cells: list[Any], mapping: dict[int, str]) -> dict[str, Any]:
    """document_create's arguments from one row; raises _CellError for a cell that cannot be read."""
    raw = {name: cells[index] if index < len(cells) else None for index, name in mapping.items()}
    values: dict[str, Any] = {
        name: _text(raw.get(name))
        for name in ("title", "genre", "subject", "doc_number", "summary", "keywords")
    }
    for name in DATE_COLUMNS:
        values[name] = parse_date(raw.get(name), name=name)
    values["body"] = parse_body(raw.get("body"))
    values["disclosure"] = parse_disclosure(raw.get("disclosure"))
    values["withheld_ground"] = parse_withheld_ground(raw.get("withheld_ground"))
    values["statutory_items"] = parse_statutory_items(raw.get("statutory_items"))
    values["kind"] = parse_kind(raw.get("kind"))
    return values


def _column_label(name: str) -> str:
    return COLUMNS[name][0] if name in COLUMNS else _field_label(name)


# --- The import -----------------------------------------------------------------------------------------


def _check_people(*, actor: Any, reviewer: Any, org: Organization, publish: bool) -> None:
    require_role(actor, org, EDITOR_ROLES, action=_("导入政府信息"))
    if not publish:
        return
    if reviewer is None:
        raise ServiceValidationError(
            _("“审查人”：直接发布须指定另一名审查员（--reviewer）。"), {"reviewer": [_("必须指定审查人。")]}
        )
    if getattr(reviewer, "pk", None) == getattr(actor, "pk", None):
        # statutory.md §1 / 条例第十七条: 保密审查 by someone other than the submitter (four-eyes).
        raise ServiceValidationError(
            _("“审查人”：审查人不能与导入人相同，保密审查须由另一人进行。"),
            {"reviewer": [_("审查人不能与导入人相同。")]},
        )
    require_role(reviewer, org, REVIEWER_ROLES, action=_("审查政府信息"))


def _import_row(
    *, values: dict[str, Any], actor: Any, reviewer: Any, org: Organization, publish: bool
) -> Document:
    document = document_create(actor=actor, org=org, **values)
    if publish and document.disclosure == Disclosure.PROACTIVE:
        document_submit(actor=actor, document=document)
        document_approve(actor=reviewer, document=document)
        document_publish(actor=reviewer, document=document)
    return document


def documents_import(
    *,
    actor: Any,
    org: Organization,
    path: str | Path,
    publish: bool = False,
    reviewer: Any = None,
    dry_run: bool = False,
) -> ImportResult:
    """Import the catalogue in ``path`` into ``org`` as drafts (or, with ``publish``, published: only
    主动公开 rows are published; 依申请公开 and 不予公开 ones stay catalogued drafts).

    All-or-nothing: if any row fails, or on ``dry_run``, the transaction is rolled back and nothing
    is written; ``ImportResult.errors`` lists every failing row.
    """
    _check_people(actor=actor, reviewer=reviewer, org=org, publish=publish)
    table = read_table(path)
    if not table:
        raise ImportFileError(_("文件是空的：第1行应为列名。"))
    mapping = map_header(table[0])
    result = ImportResult(dry_run=dry_run)
    with transaction.atomic():
        for row_number, cells in enumerate(table[1:], start=2):
            if not any(_text(c) for c in cells):
                continue  # blank lines at the end of a sheet
            result.rows += 1
            _try_row(
                result, row_number, cells, mapping, actor=actor, reviewer=reviewer, org=org, publish=publish
            )
        if not result.written:
            transaction.set_rollback(True)
    return result


def _try_row(
    result: ImportResult,
    row_number: int,
    cells: list[Any],
    mapping: dict[int, str],
    *,
    actor: Any,
    reviewer: Any,
    org: Organization,
    publish: bool,
) -> None:
    try:
        values = row_values(cells, mapping)
        # A savepoint per row: a failed row leaves the transaction usable for checking the next ones.
        with transaction.atomic():
            document = _import_row(values=values, actor=actor, reviewer=reviewer, org=org, publish=publish)
    except _CellError as exc:
        result.errors.append(RowError(row_number, _column_label(exc.name), exc.message))
        return
    except ServiceValidationError as exc:
        for name, messages in (exc.errors or {"": [exc.message]}).items():
            for message in messages:
                result.errors.append(RowError(row_number, _column_label(name) if name else "", message))
        return
    except (StateConflict, ServicePermissionDenied) as exc:
        result.errors.append(RowError(row_number, "", exc.message))
        return
    result.created += 1
    if document.status == DocumentStatus.PUBLISHED:
        result.published += 1
