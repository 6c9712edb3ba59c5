"""The real 政务公开 documents of the corpus (gongkai/portal/demo/corpus), read as a Word upload is read.

Each text goes through gongkai.publications.gongwen, the parser behind 从Word导入: its title, 发文字号,
成文日期 and 发文机关 become the metadata of the demo's reference page (参考文件). The documents are real
and stay attributed to their real issuers (the corpus README): none of them was issued by an
organization of the demo region, so none enters the demo region's catalogue.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from gongkai.portal.demo.region import ReferenceDoc
from gongkai.publications.gongwen import GongwenParse, parse_text

CORPUS_DIR = Path(__file__).resolve().parents[1] / "portal" / "demo" / "corpus"
# Lines of the saved web pages that are a site's menu rather than the document (the parser already skips
# the usual "当前位置", "技术支持" and "扫描二维码" lines).
SITE_MENUS: dict[str, tuple[str, ...]] = {
    "002_cfb7d87530cf1a68.txt": ("天水市政府信息交互平台 天水政务服务网",),
}


def corpus_parse(file_name: str) -> GongwenParse:
    """The suggestions gongwen reads from one corpus text."""
    text = (CORPUS_DIR / file_name).read_text(encoding="utf-8")
    return parse_text(text, ignore=SITE_MENUS.get(file_name, ()))


def reference_metadata(reference: ReferenceDoc) -> dict[str, Any]:
    """The reference page's metadata as gongwen reads it from the text; what the parser cannot find
    (天水's report has no 发文字号 and no date) falls back to the values the corpus README gives."""
    parsed = corpus_parse(reference.file)
    declared_date = datetime.date.fromisoformat(reference.issued_on) if reference.issued_on else None
    return {
        "title": parsed.title or reference.title,
        "issuer": parsed.issuer or reference.issuer,
        "doc_number": parsed.doc_number or reference.doc_number,
        "issued_on": parsed.written_on or declared_date,
    }
