"""Highlighted snippets of search results (issue 4 item 4): where the reader's words occur, marked.

The terms come from the caller: the words of the query and the words the segmenter made of them, so that
“教育局” marks 教育局 inside 示例市教育局. Matching ignores case (Latin letters); output is escaped HTML
with each match in ``<mark>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable

from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe

SNIPPET_LENGTH = 120
# How much text before the first match a snippet shows, so the match is read in its context.
LEAD_IN = 30
ELLIPSIS = "…"
_SENTENCE_ENDS = "。！？；\n"


def plain_text(*texts: str) -> str:
    """Texts (plain, or HTML such as a rich-text body) as one plain text: tags dropped, entities decoded,
    block ends kept as spaces so that two paragraphs do not run into one word."""
    pieces = []
    for text in texts:
        if text:
            spaced = re.sub(r"<(?:/p|br|/li|/h[1-6]|/div|/td|/tr)\b[^>]*>", " ", text, flags=re.IGNORECASE)
            pieces.append(html.unescape(strip_tags(spaced)))
    return " ".join(" ".join(pieces).split())


def _terms_pattern(terms: Iterable[str]) -> re.Pattern[str] | None:
    unique = {term.strip() for term in terms if term and term.strip()}
    if not unique:
        return None
    # Longest first, so that 政务公开 is marked whole rather than 政务 and then 公开.
    alternatives = sorted(unique, key=len, reverse=True)
    return re.compile("|".join(re.escape(term) for term in alternatives), re.IGNORECASE)


def _marked(text: str, pattern: re.Pattern[str] | None) -> str:
    if pattern is None:
        return str(escape(text))
    pieces: list[str] = []
    position = 0
    for match in pattern.finditer(text):
        pieces.append(str(escape(text[position : match.start()])))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(str(escape(text[position:])))
    return "".join(pieces)


def highlight(text: str, terms: Iterable[str]) -> SafeString:
    """All of ``text`` (a title, say), escaped, with every term marked."""
    return mark_safe(_marked(text, _terms_pattern(terms)))  # noqa: S308 - every piece is escaped


def _window_start(text: str, first_match: int) -> int:
    """Where a snippet begins: at the start of the match's sentence when that is near, else a little
    before the match."""
    earliest = max(0, first_match - LEAD_IN)
    sentence_start = max(text.rfind(end, earliest, first_match) for end in _SENTENCE_ENDS)
    return sentence_start + 1 if sentence_start >= 0 else earliest


def snippet(text: str, terms: Iterable[str], *, length: int = SNIPPET_LENGTH) -> SafeString:
    """About ``length`` characters of ``text`` around the first term found, terms marked, with “…”
    where text was cut; the beginning of the text when no term occurs in it."""
    text = " ".join(text.split())
    pattern = _terms_pattern(terms)
    first = pattern.search(text) if pattern is not None else None
    start = _window_start(text, first.start()) if first is not None else 0
    end = min(len(text), start + length)
    if first is not None and first.end() > end:  # a very long term: show it whole
        end = first.end()
    window = text[start:end]
    # Marked after cutting: a term cut in two by the window's end no longer matches, so it is never half
    # marked.
    body = _marked(window, pattern)
    prefix = ELLIPSIS if start > 0 else ""
    suffix = ELLIPSIS if end < len(text) else ""
    return mark_safe(f"{prefix}{body}{suffix}")  # noqa: S308 - every piece is escaped
