"""What a reader types into the search box, understood (issue 4 item 4).

- Words separated by spaces must all be found (AND by default), each segmented by the backend as the
  indexed text was (a run of Chinese becomes words there, gongkai.search.segmentation).
- Text in quotes is found as a phrase: ASCII quotes and the Chinese ones people type — “…”, 「…」, 『…』.
- A word or phrase after ``-`` (or the full-width ``－``) must not be found. A hyphen inside a word
  (``2021-2025``, ``COVID-19``) is part of the word.
- An unclosed quote quotes the rest of the query.

The result is a query of Wagtail's search framework (modelsearch.query), which every backend runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from modelsearch.query import And, Not, Phrase, PlainText, SearchQuery

# Long enough for a title or a 文号 with a few more words; longer input is cut (and the page says so).
MAX_QUERY_LENGTH = 100
# More parts than this make a slow query and no better result.
MAX_PARTS = 12

_OPENING_QUOTES = '"“「『'
_CLOSING_QUOTES = '"”」』'
_TOKEN = re.compile(
    rf"(?P<minus>[-－])?"
    rf"(?:[{_OPENING_QUOTES}](?P<phrase>[^{_CLOSING_QUOTES}]*)[{_CLOSING_QUOTES}]?"
    rf"|(?P<word>[^\s{_OPENING_QUOTES}{_CLOSING_QUOTES}]+))"
)


@dataclass(frozen=True)
class ParsedQuery:
    """The parts of a query; each is a word or a phrase as typed (without its quotes or minus)."""

    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    excluded_words: tuple[str, ...] = ()
    excluded_phrases: tuple[str, ...] = ()
    truncated: bool = False  # the input was longer than MAX_QUERY_LENGTH or had too many parts

    @property
    def is_empty(self) -> bool:
        """Nothing to look for: exclusions alone find nothing worth listing."""
        return not self.words and not self.phrases

    @property
    def wanted(self) -> tuple[str, ...]:
        """What the results must contain, for highlighting and for the page's “搜索：…” line."""
        return self.words + self.phrases

    def to_search_query(self) -> SearchQuery | None:
        """The query for the search backend, or None when there is nothing to look for."""
        if self.is_empty:
            return None
        parts: list[SearchQuery] = [PlainText(word) for word in self.words]
        parts += [Phrase(phrase) for phrase in self.phrases]
        parts += [Not(PlainText(word)) for word in self.excluded_words]
        parts += [Not(Phrase(phrase)) for phrase in self.excluded_phrases]
        return parts[0] if len(parts) == 1 else And(parts)

    def __str__(self) -> str:
        """The query written back in its canonical form (shareable, and shown above the results)."""
        parts = [*self.words, *(f"“{phrase}”" for phrase in self.phrases)]
        parts += [f"-{word}" for word in self.excluded_words]
        parts += [f"-“{phrase}”" for phrase in self.excluded_phrases]
        return " ".join(parts)


def parse_query(text: str) -> ParsedQuery:
    """Split what was typed into words, phrases and exclusions (see the module's docstring)."""
    truncated = len(text) > MAX_QUERY_LENGTH
    words: list[str] = []
    phrases: list[str] = []
    excluded_words: list[str] = []
    excluded_phrases: list[str] = []
    count = 0
    for match in _TOKEN.finditer(text[:MAX_QUERY_LENGTH]):
        phrase, word = match.group("phrase"), match.group("word")
        excluded = match.group("minus") is not None
        if phrase is not None:
            phrase = " ".join(phrase.split())
            if not phrase:
                continue
            target = excluded_phrases if excluded else phrases
            value = phrase
        else:
            value = (word or "").lstrip("-－")
            if not any(character.isalnum() for character in value):
                continue  # a lone "-" or punctuation: nothing to look for
            target = excluded_words if excluded else words
        if value in target:
            continue  # typed twice: looked for once
        if count == MAX_PARTS:
            truncated = True
            break
        target.append(value)
        count += 1
    return ParsedQuery(
        words=tuple(words),
        phrases=tuple(phrases),
        excluded_words=tuple(excluded_words),
        excluded_phrases=tuple(excluded_phrases),
        truncated=truncated,
    )
