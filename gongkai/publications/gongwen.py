"""Reads a 公文 (a Word .docx or its plain text) into catalogue suggestions, per GB/T 9704-2012.

A 公文 is laid out in a fixed order::

    份号 / 密级 / 紧急程度            (skipped)
    发文机关标志                      示例市人民政府办公室文件
    发文字号                          示政办发〔2026〕12号
    标题 (one or more lines)          示例市人民政府办公室关于印发……的通知
    主送机关                          各区人民政府，市政府各部门：
    正文 … 附件说明 …                 附件：1. ……
    署名 / 成文日期 / 附注            示例市人民政府办公室 / 2026年3月5日 / （此件公开发布）
    附件 …  版记 (抄送, 印发)           (版记 is not published)

This module finds those parts and returns :class:`GongwenParse`: title, 发文字号 (brackets normalised to
〔〕), 发文机关 as printed, 主送机关, 成文日期, a 体裁 guessed from the title's last word, the 附件 names and
the body as sanitized HTML paragraphs, plus a Chinese warning for every part it could not find, so the
editor knows what to check. Texts copied from government websites (navigation lines, "当前位置") are
read too. Pure: no database; matching the issuer to an Organization is a selector's job
(gongkai.orgs.selectors.org_match_issuer).
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from typing import IO, Any

from django.utils.translation import gettext as _

from gongkai.publications.choices import Genre
from gongkai.publications.services import sanitize_body

# --- Patterns (matched on the NFKC form of a line: full-width digits, colons and brackets folded) -------

# 发文字号: 机关代字 + 〔年份〕 + 序号 + 号. Word users type the brackets as [ ] 【】 ( ) （） ［］ or ﹝﹞.
_DOC_NUMBER = re.compile(
    r"^(?P<code>[\u4e00-\u9fffA-Za-z]{1,20}?)\s*[〔\[【(]\s*(?P<year>(?:19|20)\d{2})\s*[〕\]】)]"
    r"\s*第?\s*(?P<serial>\d{1,6})\s*号"
)
_ARABIC_DATE = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")
_CHINESE_DATE = re.compile(
    r"^(?P<y>[〇零○O0一二三四五六七八九]{4})年(?P<m>[一二三四五六七八九十]{1,3})月(?P<d>[一二三四五六七八九十]{1,3})日$"
)
_CHINESE_DIGITS = {"〇": 0, "零": 0, "○": 0, "O": 0, "0": 0, "一": 1, "二": 2, "三": 3, "四": 4}
_CHINESE_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
# An organ's name ends with one of these (the 标志 may add 文件; a joint 标志 lists several names).
_ORG_SUFFIX = (
    r"(?:人民政府|政府|办公厅|办公室|委员会|委|局|厅|部|署|院|会|中心|办|处|科|所|站|队|办事处|"
    r"人民代表大会常务委员会|常委会|小组|集团|公司)"
)
_ORG_NAME = re.compile(rf"^[\u4e00-\u9fff（）()]{{2,40}}?{_ORG_SUFFIX}$")
# 命令（令）: the 标志 is the organ's name with 令 (示例市人民政府令), its number 第3号 (GB/T 9704 10.3).
_ORDER_MARK = re.compile(rf"^(?P<name>[\u4e00-\u9fff（）()]{{2,40}}?{_ORG_SUFFIX})(?:命令|令)$")
_ORDER_NUMBER = re.compile(r"^第\s*(?P<serial>\d{1,6})\s*号$")
_MARK = re.compile(rf"^(?P<names>[\u4e00-\u9fff（）()\s]{{2,80}}?{_ORG_SUFFIX})\s*文件$")
# 份号, 密级, 紧急程度 and 签发人 at the top of the 版头: not part of what is published.
_TOP_MATTER = re.compile(
    r"^(?:\d{6}|(?:绝密|机密|秘密)(?:★.*)?|特急|加急|平急|急件|特提|签发人:.*|份号:?\s*\d*|"
    r"(?:绝密|机密|秘密)\s*(?:特急|加急)?)$"
)
# Lines of a government web page around the document (a text copied from a site).
_WEB_FURNITURE = re.compile(
    r"^(?:当前位置|您现在的位置|现在位置|技术支持|版权所有|主办单位|承办单位|扫描二维码|打印本页|关闭窗口|"
    r"【?\s*字体|分享到|浏览次数|访问量)|>>|»"
)
# 版记 at the very end: 抄送 and "X 2026年3月5日印发" are printed but not published.
_RECORD_LINE = re.compile(r"^抄送:|^.{0,40}\d{4}年\d{1,2}月\d{1,2}日印发$")
_ATTACHMENT_NOTE = re.compile(r"^附件\s*:\s*(?P<rest>.*)$")
_NUMBERED = re.compile(r"^(?P<n>\d{1,2})\s*[.、]\s*(?P<text>\S.*)$")
_SENTENCE_END = ("。", "!", "?", ";", "…")
_SECTION_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十百]+[条章节]|\(\s*[一二三四五六七八九十]+\s*\))"
)
_ISSUED_IN_TEXT = re.compile(r"现将《(?P<name>[^》]{4,80})》(?:印发|转发|予以印发)")
# A 题注 under the title: (2026年3月5日市人民政府第10次常务会议通过) is not part of the title.
_TITLE_NOTE = re.compile(r"^\(.*\)$")
_TITLE_QUOTES = re.compile(r"^《(?P<inner>.+)》$")
_TRAILING_NOTE = re.compile(r"\s*[(（][^()（）]{1,12}[)）]$")  # (试行), （2026年修订）

# 体裁 from the title's last word (《党政机关公文处理工作条例》第八条); longer words first.
_GENRE_ENDINGS: tuple[tuple[str, str], ...] = (
    ("通知", Genre.NOTICE),
    ("通报", Genre.BULLETIN),
    ("通告", Genre.NOTICE_PUBLIC),
    ("公告", Genre.ANNOUNCEMENT),
    ("公报", Genre.COMMUNIQUE),
    ("决议", Genre.RESOLUTION),
    ("决定", Genre.DECISION),
    ("命令", Genre.ORDER),
    ("意见", Genre.OPINION),
    ("报告", Genre.REPORT),
    ("请示", Genre.REQUEST),
    ("批复", Genre.REPLY),
    ("议案", Genre.MOTION),
    ("复函", Genre.LETTER),
    ("函", Genre.LETTER),
    ("纪要", Genre.MINUTES),
)
# Documents that are not themselves a 公文种类 but are issued by one (usually a 通知 that 印发 them).
_ISSUED_KINDS = (
    "办法",
    "规定",
    "细则",
    "规则",
    "方案",
    "要点",
    "规划",
    "计划",
    "制度",
    "清单",
    "目录",
    "标准",
)

MAX_HEAD_LINES = 12  # the 版头 and title never take more lines than this before the 主送 or the text
MAX_TITLE_LINES = 4


@dataclass(frozen=True)
class GongwenParse:
    """What a 公文 says about itself, as suggestions for the catalogue form, and what was not found."""

    title: str = ""
    doc_number: str = ""
    issuer: str = ""  # 发文机关 as printed: the 标志 without 文件, or else the 署名
    issuer_mark: str = ""  # the 发文机关标志 line itself, "" if the text has none
    joint_issuers: tuple[str, ...] = ()  # the other names of a joint 标志 (联合行文)
    addressee: str = ""  # 主送机关
    written_on: datetime.date | None = None
    genre: str = str(Genre.OTHER)
    body: str = ""  # sanitized HTML, one <p> per paragraph
    attachments: tuple[str, ...] = ()
    warnings: tuple[str, ...] = field(default_factory=tuple)


@dataclass
class _Lines:
    """The text lines with their NFKC form, skipping blank lines and web-page furniture."""

    raw: list[str]
    norm: list[str]


def normalize(line: str) -> str:
    """NFKC (full-width digits, colons and brackets folded), 〇-style spaces removed at the ends."""
    return unicodedata.normalize("NFKC", line).replace("\u3000", " ").strip()


def _prepare(lines: Iterable[str], ignore: Iterable[str]) -> _Lines:
    ignored = {normalize(line) for line in ignore}
    raw: list[str] = []
    norm: list[str] = []
    for line in lines:
        text = line.replace("\u3000", " ").strip()
        folded = normalize(text)
        if not folded or folded in ignored or _WEB_FURNITURE.search(folded):
            continue
        raw.append(text)
        norm.append(folded)
    return _Lines(raw=raw, norm=norm)


# --- Small readers ----------------------------------------------------------------------------------


def parse_doc_number(line: str) -> str:
    """The 发文字号 a line starts with, brackets normalised: "宁政办[2017]123号" → "宁政办〔2017〕123号"."""
    match = _DOC_NUMBER.match(normalize(line))
    if not match:
        return ""
    return f"{match['code']}〔{match['year']}〕{int(match['serial'])}号"


def _chinese_number(text: str) -> int:
    """一 → 1, 十 → 10, 十二 → 12, 二十 → 20, 三十一 → 31 (months and days)."""
    if "十" not in text:
        return _CHINESE_DIGITS[text] if len(text) == 1 else -1
    tens, _sep, units = text.partition("十")
    return (_CHINESE_DIGITS.get(tens, -1) if tens else 1) * 10 + (
        _CHINESE_DIGITS.get(units, -1) if units else 0
    )


def parse_date(line: str) -> datetime.date | None:
    """A line that is only a date: "2026年3月5日" or "二〇二六年三月五日"; None otherwise or if impossible."""
    text = re.sub(r"\s+", "", normalize(line))
    arabic = _ARABIC_DATE.match(text)
    try:
        if arabic:
            return datetime.date(int(arabic["y"]), int(arabic["m"]), int(arabic["d"]))
        chinese = _CHINESE_DATE.match(text)
        if chinese:
            year = int("".join(str(_CHINESE_DIGITS[c]) for c in chinese["y"]))
            return datetime.date(year, _chinese_number(chinese["m"]), _chinese_number(chinese["d"]))
    except (ValueError, KeyError):
        return None
    return None


def _looks_like_date(line: str) -> bool:
    text = re.sub(r"\s+", "", line)
    return bool(_ARABIC_DATE.match(text) or _CHINESE_DATE.match(text))


def guess_genre(title: str) -> tuple[str, str]:
    """(体裁, the title's last word when it names no 公文种类) — 其他 when unsure."""
    text = _TRAILING_NOTE.sub("", normalize(title)).rstrip('》"”')
    for ending, genre in _GENRE_ENDINGS:
        if text.endswith(ending):
            return str(genre), ""
    for word in _ISSUED_KINDS:
        if text.endswith(word):
            return str(Genre.OTHER), word
    return str(Genre.OTHER), ""


def _is_org_name(line: str) -> bool:
    return bool(_ORG_NAME.match(line)) and "关于" not in line


def _is_body_start(norm: str) -> bool:
    """The first line of the 主送 or of the text: what ends the 版头 and the title."""
    if _is_addressee(norm) or _SECTION_START.match(norm) or _NUMBERED.match(norm):
        return True
    return norm.endswith(_SENTENCE_END) or len(norm) > 80


def _is_addressee(norm: str) -> bool:
    return norm.endswith(":") and len(norm) <= 150 and not _ATTACHMENT_NOTE.match(norm)


def _unquote(text: str) -> str:
    match = _TITLE_QUOTES.match(text)
    return match["inner"].strip() if match else text


# --- The parts --------------------------------------------------------------------------------------


@dataclass
class _Head:
    mark: str = ""
    issuers: list[str] = field(default_factory=list)
    doc_number: str = ""
    title_lines: list[str] = field(default_factory=list)
    body_from: int = 0
    order: bool = False  # a 命令（令）


def _read_head(lines: _Lines) -> _Head:
    """标志, 发文字号 and title: the lines before the 主送机关 or the first line of text."""
    head = _Head()
    title_at: list[int] = []
    for index, norm in enumerate(lines.norm[:MAX_HEAD_LINES]):
        if _TOP_MATTER.match(norm) or (title_at and _TITLE_NOTE.match(norm)):
            continue
        number = parse_doc_number(norm)
        if number:
            head.doc_number = head.doc_number or number
            # A web page's heading may repeat the number with the title: 宁政办〔2017〕123号《……的通知》
            rest = re.sub(r"签发人:.*$", "", _DOC_NUMBER.sub("", norm, count=1)).strip()
            if rest and not head.title_lines:
                head.title_lines.append(_unquote(rest))
                title_at.append(index)
            continue
        if head.order and not head.doc_number and (order_number := _ORDER_NUMBER.match(norm)):
            head.doc_number = f"{head.mark}第{int(order_number['serial'])}号"
            continue
        if _is_body_start(norm):
            head.body_from = index
            return head
        if not (head.issuers or head.title_lines or head.doc_number) and (order := _ORDER_MARK.match(norm)):
            head.mark, head.issuers, head.order = lines.raw[index], [order["name"]], True
            continue
        mark = _MARK.match(norm)
        if not (head.issuers or head.title_lines or head.doc_number) and (mark or _is_org_name(norm)):
            head.mark = lines.raw[index]
            head.issuers = re.split(r"\s+", mark["names"] if mark else norm)
            continue
        title = _unquote(lines.raw[index])
        if normalize(title) not in {normalize(known) for known in head.title_lines}:
            head.title_lines.append(title)
            title_at.append(index)
    # Nothing ended the head (a text of short lines): the first of them is the title, the rest is text.
    head.title_lines = head.title_lines[:1]
    head.body_from = title_at[0] + 1 if title_at else min(len(lines.norm), MAX_HEAD_LINES)
    return head


def _join_title(lines: Sequence[str]) -> str:
    """A title split over lines is one title: "…关于印发" + "…的通知" (no space between Chinese lines).
    When other short lines stand above it (a site's name), the title starts at its 关于 line."""
    with_about = [i for i, line in enumerate(lines) if "关于" in line]
    kept = list(lines[with_about[0] :] if with_about else lines)
    if not with_about and len(kept) > 1:
        # A line of several names separated by spaces is a site's menu, not part of a title.
        kept = [line for line in kept if not re.search(r"\S\s+\S", line.strip())] or kept[-1:]
    kept = kept[-MAX_TITLE_LINES:]
    return "".join(line.strip() for line in kept)


@dataclass
class _Tail:
    written_on: datetime.date | None = None
    date_text: str = ""
    bad_date: str = ""
    signature: str = ""
    addressee: str = ""
    attachments: list[str] = field(default_factory=list)


def _read_tail(lines: _Lines, start: int) -> _Tail:
    """主送机关, 附件说明, 署名 and 成文日期 in the text after the title."""
    tail = _Tail()
    for index in range(start, len(lines.norm)):
        norm = lines.norm[index]
        if not tail.addressee and index == start and _is_addressee(norm):
            tail.addressee = lines.raw[index].rstrip(":：").strip()
        if _ATTACHMENT_NOTE.match(norm) and not tail.attachments and tail.written_on is None:
            tail.attachments = _attachment_names(lines, index)
        if tail.written_on is None and not tail.bad_date and _looks_like_date(norm):
            date = parse_date(norm)
            if date is None:
                tail.bad_date = lines.raw[index]
                continue
            tail.written_on, tail.date_text = date, lines.raw[index]
            previous = lines.norm[index - 1] if index > start else ""
            if _is_org_name(previous) or _MARK.match(previous):
                tail.signature = previous
    return tail


def _attachment_names(lines: _Lines, at: int) -> list[str]:
    """附件说明: "附件：1. 甲" and the numbered lines below it ("2. 乙"), or "附件：甲" alone."""
    first = re.sub(r"^附件\s*[:：]\s*", "", lines.raw[at])
    numbered = _NUMBERED.match(normalize(first))
    names = [_strip_number(first)] if first else []
    if numbered or not first:
        for raw, norm in zip(lines.raw[at + 1 :], lines.norm[at + 1 :], strict=True):
            if not _NUMBERED.match(norm) or norm.endswith(_SENTENCE_END) or len(norm) > 80:
                break
            names.append(_strip_number(raw))
    return [name for name in names if name]


def _strip_number(text: str) -> str:
    return re.sub(r"^\s*[0-9０-９]{1,2}\s*[.．、]\s*", "", text).strip().rstrip("。")


def _body_html(lines: _Lines, start: int) -> str:
    paragraphs: list[str] = []
    for raw, norm in zip(lines.raw[start:], lines.norm[start:], strict=True):
        if _RECORD_LINE.match(norm):
            continue
        paragraphs.append(f"<p>{escape(raw)}</p>")
    return sanitize_body("".join(paragraphs))


# --- Entry points -----------------------------------------------------------------------------------


def parse_lines(lines: Iterable[str], *, ignore: Iterable[str] = ()) -> GongwenParse:
    """Read a 公文 given as its lines (paragraphs); ``ignore`` lists lines to skip (a site's menus)."""
    text = _prepare(lines, ignore)
    head = _read_head(text)
    tail = _read_tail(text, head.body_from)
    warnings: list[str] = []

    title = _join_title(head.title_lines)
    genre, issued_kind = guess_genre(title) if title else (str(Genre.OTHER), "")
    if head.order:
        genre, issued_kind = str(Genre.ORDER), ""
    if not title:
        issued = next((m for m in map(_ISSUED_IN_TEXT.search, text.norm[head.body_from :]) if m), None)
        if issued:
            title = issued["name"]
            # "现将《…》印发给你们": the text is the 通知 that issues the named document.
            genre = str(Genre.NOTICE)
            warnings.append(
                _("未找到标题，已采用正文中印发的文件名称“%(name)s”作为标题，请核对。") % {"name": title}
            )
        else:
            warnings.append(_("未找到标题（应在发文字号之下、主送机关之上），请填写“标题”。"))
    if title and genre == Genre.OTHER and not warnings:
        if issued_kind:
            warnings.append(
                _("标题以“%(word)s”结尾，这类文件通常以通知印发，体裁暂定为“其他”，请核对“体裁”。")
                % {"word": issued_kind}
            )
        else:
            warnings.append(_("无法从标题判断体裁，暂定为“其他”，请核对“体裁”。"))

    issuers = head.issuers or ([tail.signature] if tail.signature else [])
    if not issuers:
        warnings.append(_("未找到发文机关标志或署名，请选择“发布机构”。"))
    if not head.doc_number:
        warnings.append(_("未找到发文字号（如“示政办发〔2026〕12号”）；没有文号的文件可以不填。"))
    if tail.bad_date:
        warnings.append(_("成文日期“%(text)s”不是有效的日期，请填写“成文日期”。") % {"text": tail.bad_date})
    elif tail.written_on is None:
        warnings.append(_("未找到成文日期（如“2026年3月5日”），请填写“成文日期”。"))
    body = _body_html(text, head.body_from)
    if not body:
        warnings.append(_("未找到正文。"))

    return GongwenParse(
        title=title,
        doc_number=head.doc_number,
        issuer=issuers[0] if issuers else "",
        issuer_mark=head.mark,
        joint_issuers=tuple(issuers[1:]),
        addressee=tail.addressee,
        written_on=tail.written_on,
        genre=genre,
        body=body,
        attachments=tuple(tail.attachments),
        warnings=tuple(warnings),
    )


def parse_text(text: str, *, ignore: Iterable[str] = ()) -> GongwenParse:
    """Read a 公文 given as plain text (one paragraph a line)."""
    return parse_lines(text.splitlines(), ignore=ignore)


def docx_lines(source: str | IO[bytes]) -> list[str]:
    """The paragraphs of a .docx in reading order; a table row becomes one line of its cells.

    Raises whatever python-docx raises on a file that is not a Word document (the caller reports it)."""
    import docx  # python-docx, imported here: only uploads need it

    document: Any = docx.Document(source)
    lines: list[str] = []
    for block in document.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                cells = list(dict.fromkeys(cell.text.strip() for cell in row.cells))
                lines.append("　".join(cell for cell in cells if cell))
        else:
            lines.append(str(block.text))
    return lines


def parse_docx(source: str | IO[bytes]) -> GongwenParse:
    """Read a 公文 from a Word .docx file (a path or an open binary file)."""
    return parse_lines(docx_lines(source))
