"""A 政府公报 issue as a Word document (python-docx): cover, table of contents, then each document."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

from django.utils.translation import gettext as _
from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Pt

from gongkai.publications.models import Document, GazetteIssue

# Elements that end a paragraph of text in the document body.
BLOCK_TAGS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "section"}
SKIPPED_TAGS = {"script", "style"}
HTML_WHITESPACE = re.compile(r"[ \t\r\n\f]+")


class _ParagraphCollector(HTMLParser):
    """Turns rich-text HTML into plain paragraphs: block elements end a paragraph; tags are dropped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._current: list[str] = []
        self._skipping = 0

    def _flush(self) -> None:
        text = "".join(self._current).strip(" \t\r\n\f")
        if text:
            # Collapse HTML's whitespace but keep the full-width space (U+3000) 公文 use for indents.
            self.paragraphs.append(HTML_WHITESPACE.sub(" ", text))
        self._current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping += 1
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._current.append(data)


def html_paragraphs(html: str) -> list[str]:
    """The paragraphs of text in an HTML fragment."""
    collector = _ParagraphCollector()
    collector.feed(html or "")
    collector.close()
    collector._flush()
    return collector.paragraphs


def _cover(docx: DocxDocument, issue: GazetteIssue) -> None:
    title = docx.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = title.add_run(issue.title)
    run.bold = True
    run.font.size = Pt(26)
    number = docx.add_paragraph(_("%(year)s年第%(number)s期") % {"year": issue.year, "number": issue.number})
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if issue.published_on:
        date = docx.add_paragraph(
            _("出版日期：%(date)s") % {"date": issue.published_on.strftime("%Y年%m月%d日")}
        )
        date.alignment = WD_ALIGN_PARAGRAPH.CENTER
    docx.add_paragraph(issue.org.name).alignment = WD_ALIGN_PARAGRAPH.CENTER


def _contents(docx: DocxDocument, documents: list[Document]) -> None:
    docx.add_page_break()
    docx.add_heading(_("目录"), level=1)
    for position, document in enumerate(documents, start=1):
        line = f"{position}. {document.title}"
        if document.doc_number:
            line += f"（{document.doc_number}）"
        docx.add_paragraph(line)


def _document(docx: DocxDocument, document: Document) -> None:
    docx.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    docx.add_heading(document.title, level=1)
    meta = [document.org.name]
    if document.doc_number:
        meta.append(document.doc_number)
    if document.registration_no:
        meta.append(_("登记号：%(no)s") % {"no": document.registration_no})
    docx.add_paragraph("　".join(meta)).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in html_paragraphs(document.body):
        docx.add_paragraph(text)


def gazette_issue_docx(issue: GazetteIssue, documents: list[Document]) -> bytes:
    """The issue as .docx bytes: cover, 目录, then every document in the issue's order."""
    docx = new_docx()
    docx.core_properties.title = issue.title
    _cover(docx, issue)
    _contents(docx, documents)
    for document in documents:
        _document(docx, document)
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()
