"""A letter as a Word document in the 公文 layout of GB/T 9704-2012 (python-docx).

A4 with the standard's margins (top 37 mm, bottom 35 mm, left 28 mm, right 26 mm); the 发文机关标志 centred
in red 小标宋, the 文号 under it and the red separator line; the title in 2号小标宋; the body in 3号仿宋 on
28-point lines with a 2-character first-line indent; the addressee flush left; signature, seal placeholder
and date on the right; page numbers "— 1 —" in 4号宋体 (odd pages right, even pages left, one character
in). Chinese faces are set on ``w:rFonts/@w:eastAsia`` (Word takes the CJK face from there, not from
``w:ascii``), and the font table names a fallback (``w:altName``) for the faces a machine may lack.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import qn
from docx.section import _Footer
from docx.shared import Length, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph
from docx.text.run import Run
from lxml import etree

from gongkai.foi.letters.content import Letter
from gongkai.foi.letters.text import attachment_lines, contact_note

# Faces (GB/T 9704-2012 4.2 and 7): 标志 and title 小标宋, body 仿宋_GB2312, page numbers 宋体.
FONT_MARK = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_PAGE = "宋体"
FONT_LATIN = "Times New Roman"
# What Word uses when the face is not installed (font table w:altName).
FALLBACKS = {FONT_MARK: "宋体", FONT_BODY: "仿宋", FONT_PAGE: "SimSun"}
RED = RGBColor(0xFF, 0x00, 0x00)

SIZE_TITLE = Pt(22)  # 2号
SIZE_BODY = Pt(16)  # 3号
SIZE_PAGE = Pt(14)  # 4号
LINE = Pt(28)  # 28-point lines: 22 lines of 28 characters on the 版心
CHAR = SIZE_BODY  # one character of the body
TEXT_WIDTH = Mm(210 - 28 - 26)  # 版心 156 mm


def _set_fonts(run: Run, *, east_asia: str, size: Length, latin: str = FONT_LATIN) -> None:
    """The run's faces: Latin for ascii/hAnsi, the Chinese face on eastAsia (hint eastAsia, so that
    punctuation such as “” is drawn in the Chinese face too)."""
    run.font.name = latin
    run.font.size = size
    r_fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), east_asia)
    r_fonts.set(qn("w:hint"), "eastAsia")


def _exact_lines(paragraph: Paragraph, line: Length = LINE) -> None:
    fmt = paragraph.paragraph_format
    fmt.line_spacing = line  # a Length sets w:lineRule="exact"
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(0)


def _indent_chars(paragraph: Paragraph, *, first_line: int = 0, left: int = 0) -> None:
    """Indents in characters (w:firstLineChars / w:leftChars, hundredths of a character), with the
    equivalent lengths for readers that ignore the character units."""
    fmt = paragraph.paragraph_format
    if first_line:
        fmt.first_line_indent = CHAR * first_line
    if left:
        fmt.left_indent = CHAR * left
    ind = paragraph._p.get_or_add_pPr().get_or_add_ind()
    if first_line:
        ind.set(qn("w:firstLineChars"), str(first_line * 100))
    if left:
        ind.set(qn("w:leftChars"), str(left * 100))


def _body_paragraph(
    docx: DocxDocument, text: str, *, indent: int = 2, align: WD_ALIGN_PARAGRAPH = WD_ALIGN_PARAGRAPH.JUSTIFY
) -> Paragraph:
    paragraph = docx.add_paragraph()
    paragraph.alignment = align
    _exact_lines(paragraph)
    if indent:
        _indent_chars(paragraph, first_line=indent)
    _set_fonts(paragraph.add_run(text), east_asia=FONT_BODY, size=SIZE_BODY)
    return paragraph


def _width(text: str, size: Length) -> int:
    """Approximate printed width: CJK and full-width characters one em, ASCII half an em."""
    ems = sum(0.5 if ord(char) < 0x2E80 else 1.0 for char in text)
    return int(ems * size)


def _red_line_under(paragraph: Paragraph) -> None:
    """The red separator line (GB/T 9704-2012 7.2.4): a bottom border as wide as the 版心."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "11"), ("w:color", "FF0000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    # w:pBdr comes before w:spacing, w:ind and w:jc in CT_PPr's sequence.
    anchor = next((child for child in p_pr if child.tag in {qn("w:spacing"), qn("w:ind"), qn("w:jc")}), None)
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        p_pr.append(borders)


def _head(docx: DocxDocument, letter: Letter) -> None:
    """版头: 发文机关标志 in red, the 文号, the red line; then the title two lines below it."""
    mark = docx.add_paragraph()
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # As large as 小初 (36 pt) allows within the 版心's width, never smaller than the title.
    size = Pt(max(22, min(36, int(TEXT_WIDTH / Pt(1)) // max(1, len(letter.issuer_mark)))))
    _exact_lines(mark, Length(int(size * 1.4)))
    mark_run = mark.add_run(letter.issuer_mark)
    _set_fonts(mark_run, east_asia=FONT_MARK, size=size)
    mark_run.font.color.rgb = RED
    last = mark
    if letter.doc_number:
        number = _body_paragraph(docx, letter.doc_number, indent=0, align=WD_ALIGN_PARAGRAPH.CENTER)
        number.paragraph_format.space_before = LINE
        last = number
    _red_line_under(last)
    title = docx.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _exact_lines(title, Pt(36))
    title.paragraph_format.space_before = LINE * 2
    _set_fonts(title.add_run(letter.title), east_asia=FONT_MARK, size=SIZE_TITLE)


def _signature(docx: DocxDocument, letter: Letter) -> None:
    """Seal placeholder, 发文机关署名 centred over the date, date four characters from the right."""
    date_indent = CHAR * 4
    date_width = _width(letter.date, SIZE_BODY)

    def right(text: str, first: bool = False) -> Paragraph:
        paragraph = _body_paragraph(docx, text, indent=0, align=WD_ALIGN_PARAGRAPH.RIGHT)
        centred = date_indent + (date_width - _width(text, SIZE_BODY)) // 2
        paragraph.paragraph_format.right_indent = Length(max(0, centred))
        if first:
            paragraph.paragraph_format.space_before = LINE
        # The seal, the signature and the date stay on one page.
        paragraph.paragraph_format.keep_with_next = True
        return paragraph

    right(letter.seal, first=True)
    right(letter.signature_org)
    date = _body_paragraph(docx, letter.date, indent=0, align=WD_ALIGN_PARAGRAPH.RIGHT)
    date.paragraph_format.right_indent = date_indent


def _page_number(footer: _Footer, *, odd: bool) -> None:
    """— 1 — in 4号宋体 through a PAGE field: odd pages one character from the right, even ones from the
    left (GB/T 9704-2012 7.5)."""
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT if odd else WD_ALIGN_PARAGRAPH.LEFT
    if odd:
        paragraph.paragraph_format.right_indent = SIZE_PAGE
    else:
        paragraph.paragraph_format.left_indent = SIZE_PAGE
    pieces: list[tuple[str, str]] = [
        ("text", "— "),
        ("begin", ""),
        ("instr", " PAGE "),
        ("separate", ""),
        ("text", "1"),
        ("end", ""),
        ("text", " —"),
    ]
    for kind, value in pieces:
        run = paragraph.add_run()
        _set_fonts(run, east_asia=FONT_PAGE, size=SIZE_PAGE, latin=FONT_PAGE)
        if kind == "text":
            run.text = value
        elif kind == "instr":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = value
            run._r.append(instr)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _page_setup(docx: DocxDocument) -> None:
    section = docx.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(22)  # the page number's 一字线 7 mm below the 版心
    grid = section._sectPr.find(qn("w:docGrid"))
    if grid is None:
        grid = OxmlElement("w:docGrid")
        section._sectPr.append(grid)
    grid.set(qn("w:type"), "lines")
    grid.set(qn("w:linePitch"), str(int(LINE / Pt(1) * 20)))
    docx.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, odd=True)
    _page_number(section.even_page_footer, odd=False)


def _normal_style(docx: DocxDocument) -> None:
    """The Normal style in the body face with Chinese as its East Asian language (the template's theme
    would otherwise give CJK text a Japanese face)."""
    style = docx.styles["Normal"]
    style.font.name = FONT_LATIN
    style.font.size = SIZE_BODY
    r_pr = style.element.get_or_add_rPr()
    r_pr.get_or_add_rFonts().set(qn("w:eastAsia"), FONT_BODY)
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def _font_table(docx: DocxDocument) -> None:
    """Declare the Chinese faces (GB2312 charset) with their fallbacks (w:altName)."""
    part = docx.part.part_related_by(RT.FONT_TABLE)
    fonts = parse_xml(part.blob)
    for name, fallback in FALLBACKS.items():
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (
            ("w:altName", fallback),
            ("w:charset", "86"),
            ("w:family", "auto"),
            ("w:pitch", "variable"),
        ):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            font.append(child)
        fonts.append(font)
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def render_docx(letter: Letter) -> bytes:
    """The letter as .docx bytes in the 公文 layout (GB/T 9704-2012)."""
    docx = new_docx()
    docx.core_properties.title = letter.title
    docx.core_properties.author = letter.signature_org
    docx.core_properties.language = "zh-CN"
    _normal_style(docx)
    _font_table(docx)
    _page_setup(docx)
    # The template's document starts empty; every paragraph below is added in order.
    _head(docx, letter)
    addressee = _body_paragraph(docx, letter.addressee, indent=0, align=WD_ALIGN_PARAGRAPH.LEFT)
    addressee.paragraph_format.space_before = LINE  # 标题下空一行, 居左顶格
    for text in letter.paragraphs:
        _body_paragraph(docx, text)
    if letter.remedies:
        _body_paragraph(docx, letter.remedies)
    if letter.closing:
        # A page that carries the seal carries the end of the body too (GB/T 9704-2012 7.3.5.4).
        _body_paragraph(docx, letter.closing).paragraph_format.keep_with_next = True
    for position, line in enumerate(attachment_lines(letter.attachments)):
        paragraph = _body_paragraph(docx, line.lstrip("\u3000"), indent=0, align=WD_ALIGN_PARAGRAPH.LEFT)
        # 正文下空一行左空二字; further names line up under the first name.
        _indent_chars(paragraph, left=2 if position == 0 else 5)
        if position == 0:
            paragraph.paragraph_format.space_before = LINE
        paragraph.paragraph_format.keep_with_next = True
    _signature(docx, letter)
    if letter.contact:
        _body_paragraph(docx, contact_note(letter.contact))  # 附注, 居左空二字
    buffer = io.BytesIO()
    docx.save(buffer)
    return buffer.getvalue()
