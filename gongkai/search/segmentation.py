"""Chinese word segmentation for the search index and for queries (jieba + the government dictionary).

Full-text engines find words, and Chinese is written without spaces: "示例市教育局" is one run of
characters that SQLite FTS5 and PostgreSQL would keep as a single token, so "教育局" would not find it.
Both the indexed text and the query go through the same jieba tokenizer with the same dictionaries
(jieba's own, gongkai/search/data/gov_dict.txt, and the terms administrators add as SearchTerm), and
come out as space-separated words that every backend tokenizes the same way. The cutting itself is done
by rjieba, jieba's algorithm and dictionary in Rust (ADR 0005: indexing speed).

Modes (jieba offers precise, full and "search" cutting):

- a **query** is cut in precise mode, HMM off: the fewest, longest dictionary words, each of which the
  document must contain ("教育局" stays one word);
- an **indexed text** is cut in precise mode too, and every word longer than two characters adds the
  words inside it: its own parts, cut again without it ("市人民政府" → 人民政府 → 人民, 政府), and every
  term of the curated dictionaries it contains ("政府信息公开" → 政府信息, 信息公开). jieba's search mode
  adds every 2- and 3-character string of its general dictionary instead, which both misses 4-character
  terms ("信息公开") and invents matches ("民政" inside "人民政府"). A query for part of a text that
  starts and ends on the text's own word borders thus finds it.
- HMM (jieba's guessing of unknown words) is off on both sides: it guesses differently in different
  contexts, so a name guessed as one word in the document could be cut in two in the query. Without it an
  unknown name falls into single characters on both sides, which still match.

发文字号 and 索引号 are recognized before jieba sees them (gongkai.search.numbers) and become one canonical
token each, so every way of typing them matches.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path

import jieba
import rjieba

from gongkai.search.numbers import (
    canonical_number,
    doc_number_tokens_in_text,
    find_numbers,
    fold,
    looks_like_number,
)

GOV_DICTIONARY = Path(__file__).resolve().parent / "data" / "gov_dict.txt"
# A term of the government dictionary or added by an administrator gets at least this frequency: enough to
# keep it whole against its parts in jieba's dictionary of ~60 million counts (政务 1341 × 公开 5094 would
# need a frequency below 1 to win), yet low enough not to swallow the characters around it.
TERM_FREQUENCY = 3000
# How long a process trusts the administrators' terms it loaded before asking the database again; the
# process that adds a term sees it at once (dictionary_changed).
DICTIONARY_RECHECK_SECONDS = 5.0
# Function words that match nearly every document; leaving them out keeps "政务公开的通知" from requiring 的.
STOPWORDS = frozenset(["的", "了", "和", "与", "及", "等", "之", "在", "对", "是", "把", "被"])
# A field indexed for exact matching also carries this marker before its canonical token, so a document
# whose own 发文字号 it is can be told from one that cites it (gongkai.search.backends ranks it first).
EXACT_MARK = "exactno"

# Distinct tokens whose index words a process keeps (a catalogue's texts use some tens of thousands of
# words; numbers and names can make more, and the store starts again when it is full).
TOKEN_CACHE_SIZE = 100_000

_WORD = re.compile(r"[^\W_]")  # a token counts if it has a letter or digit (CJK included)
_CJK_ONLY = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")

logger = logging.getLogger(__name__)


class _IndexWordsOfTokens(dict[str, tuple[str, ...]]):
    """What each token of the precise cut puts in the index: nothing (punctuation, a function word), or
    the word and its dictionary parts; worked out the first time a token is seen.

    A word's parts depend on the dictionary alone, and a catalogue repeats the same words over and over;
    the texts themselves are not kept. Looking tokens up in a dict (with ``map``) also keeps the loop over
    a text's thousand tokens out of Python.
    """

    def __init__(self, frequencies: jieba.Tokenizer, curated: frozenset[str]) -> None:
        super().__init__()
        self._frequencies = frequencies
        self._curated = curated

    def __missing__(self, token: str) -> tuple[str, ...]:
        word = token.strip()
        words = (word, *_dictionary_parts(self._frequencies, word, self._curated)) if _is_word(word) else ()
        if len(self) >= TOKEN_CACHE_SIZE:
            self.clear()
        self[token] = words
        return words


@dataclass(frozen=True, eq=False)
class _Dictionary:
    """The dictionary as it stands, held twice (see _Segmenter); a new one after every change, with its
    own index words of tokens."""

    cutter: rjieba.Jieba
    frequencies: jieba.Tokenizer
    curated: frozenset[str]
    index_words_of: _IndexWordsOfTokens = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "index_words_of", _IndexWordsOfTokens(self.frequencies, self.curated))


class _Segmenter:
    """jieba's dictionary with the government's and the administrators' terms, one per process, loaded on
    first use, with the administrators' terms kept current.

    It is held twice. rjieba (jieba-rs: jieba's dictionary and its precise cut, in Rust) cuts the texts,
    some twenty times faster than jieba's Python code; jieba's own Tokenizer keeps the frequencies, from
    which the structure of a long word is worked out (a cut of the word that leaves the word itself out,
    which rjieba cannot do). Every change goes to both, and both keep the dictionary's total the sum of
    its frequencies, so that they cut alike (gongkai/search/tests/test_segmentation.py compares them).
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._dictionary: _Dictionary | None = None
        # jieba's own frequency of each word we gave a frequency (0: not in jieba's dictionary).
        self._jieba_frequency: dict[str, int] = {}
        self._user_terms: set[str] = set()
        self._version: object = None
        self._checked_at = 0.0

    def dictionary(self) -> _Dictionary:
        with self._lock:
            if self._dictionary is None:
                self._dictionary = self._load()
            if time.monotonic() - self._checked_at >= DICTIONARY_RECHECK_SECONDS:
                self._refresh_user_terms()
            return self._dictionary

    def forget_check(self) -> None:
        """Ask the database again on next use (after a term was added or removed in this process)."""
        self._checked_at = 0.0

    def reset_user_terms(self) -> None:
        """Drop the administrators' terms (tests: a rolled-back term must not linger)."""
        with self._lock:
            if self._dictionary is not None and self._user_terms:
                self._change_user_terms(set())
            self._version = None
            self._checked_at = 0.0

    def _load(self) -> _Dictionary:
        jieba.setLogLevel(logging.WARNING)  # jieba prints its loading time at DEBUG on every start
        frequencies = jieba.Tokenizer()
        frequencies.initialize()  # from jieba's cache file after the first run
        for term in gov_dictionary_terms():
            self._set_frequency(frequencies, term, self._term_frequency(frequencies, term))
        return _Dictionary(self._new_cutter(frequencies), frequencies, _gov_terms())

    def _refresh_user_terms(self) -> None:
        from gongkai.search.selectors import search_term_version, search_term_words

        self._checked_at = time.monotonic()
        version = search_term_version()
        if version == self._version:
            return
        self._change_user_terms(set(search_term_words()))
        self._version = version

    def _change_user_terms(self, wanted: set[str]) -> None:
        assert self._dictionary is not None
        frequencies = self._dictionary.frequencies
        removed, added = self._user_terms - wanted, sorted(wanted - self._user_terms)
        if not removed and not added:
            return
        for term in removed:
            # Back to jieba's own frequency (0 takes it out), or the government dictionary's.
            frequency = self._jieba_frequency[term]
            if term in _gov_terms():
                frequency = self._term_frequency(frequencies, term)
            self._set_frequency(frequencies, term, frequency)
        for term in added:
            self._set_frequency(frequencies, term, self._term_frequency(frequencies, term))
        self._user_terms = wanted
        # A new rjieba (0.6 s), never a change to the one in use: it cuts without the GIL, and another
        # thread's add_word during a cut would fail (it also cannot take a word out).
        cutter = self._new_cutter(frequencies)
        self._dictionary = _Dictionary(cutter, frequencies, _gov_terms() | frozenset(wanted))

    def _term_frequency(self, frequencies: jieba.Tokenizer, term: str) -> int:
        # Never lower what jieba already counts: "教育" is far more frequent than TERM_FREQUENCY.
        return max(TERM_FREQUENCY, self._jieba_frequency.get(term, frequencies.FREQ.get(term) or 0))

    def _set_frequency(self, frequencies: jieba.Tokenizer, term: str, frequency: int) -> None:
        previous = frequencies.FREQ.get(term) or 0
        self._jieba_frequency.setdefault(term, previous)
        # jieba's add_word adds to the total without taking off the word's previous frequency, so its
        # total would grow with every change (and cuts would depend on the history of the process);
        # jieba-rs keeps it the sum of the frequencies, and so does this.
        frequencies.total -= previous
        frequencies.add_word(term, freq=frequency)

    def _new_cutter(self, frequencies: jieba.Tokenizer) -> rjieba.Jieba:
        """rjieba with jieba's dictionary (it embeds the same dict.txt) and every frequency we set."""
        cutter = rjieba.Jieba()
        for term in self._jieba_frequency:
            if frequencies.FREQ.get(term):
                cutter.add_word(term, frequencies.FREQ[term], None)
        return cutter


@functools.cache
def _gov_terms() -> frozenset[str]:
    return frozenset(gov_dictionary_terms())


def gov_dictionary_terms() -> list[str]:
    """The terms of gov_dict.txt ("word freq tag" lines; # starts a comment)."""
    terms = []
    for line in GOV_DICTIONARY.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            terms.append(line.split()[0])
    return terms


_segmenter = _Segmenter()


def dictionary_changed() -> None:
    """An administrator added or removed a term: this process reloads its terms on next use."""
    _segmenter.forget_check()


def reset_user_terms() -> None:
    _segmenter.reset_user_terms()


def load_dictionary() -> None:
    """Load the dictionary now (before forking workers, which then share it instead of each loading it)."""
    _segmenter.dictionary()


def _is_word(token: str) -> bool:
    return bool(_WORD.search(token)) and token not in STOPWORDS


def _dictionary_parts(tokenizer: jieba.Tokenizer, word: str, curated: frozenset[str]) -> list[str]:
    """The words inside a longer Chinese word that a query may ask for on their own.

    Two kinds: the word's own structure (cut again without itself, recursively: 市人民政府 → 人民政府 →
    人民, 政府), and every curated term inside it (the government dictionary and administrators' terms:
    政府信息公开 → 政府信息, 信息公开). Other strings that merely happen to be in jieba's general dictionary
    are left out: 人民政府 does not contain 民政 (civil affairs), 政务公开工作要点 not 开工 (start of
    construction), which jieba's search mode would index and so find for the wrong query.
    """
    if len(word) <= 2 or not _CJK_ONLY.fullmatch(word):
        return []
    parts = dict.fromkeys(_structure(tokenizer, word))
    for length in range(len(word) - 1, 1, -1):
        for start in range(len(word) - length + 1):
            part = word[start : start + length]
            if part in curated:
                parts[part] = None
    return list(parts)


def _structure(tokenizer: jieba.Tokenizer, word: str) -> list[str]:
    """The parts of two or more characters of ``word`` cut without the word itself, and theirs."""
    dag = tokenizer.get_DAG(word)
    dag[0] = [end for end in dag[0] if end != len(word) - 1] or [0]
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(word, dag, route)
    parts: list[str] = []
    start = 0
    while start < len(word):
        end = route[start][1] + 1
        part = word[start:end]
        if len(part) >= 2:
            parts.append(part)
            parts.extend(_structure(tokenizer, part) if len(part) > 2 else [])
        start = end
    return parts


def _cut(text: str) -> Iterable[str]:
    return (token.strip() for token in _segmenter.dictionary().cutter.cut(text, False))


def index_words(text: str) -> list[str]:
    """The words under which a text is indexed: precise cut, dictionary parts of long words, and the
    canonical tokens of the 发文字号/索引号 it cites."""
    folded = fold(text)
    dictionary = _segmenter.dictionary()
    tokens = dictionary.cutter.cut(folded, False)
    words = list(chain.from_iterable(map(dictionary.index_words_of.__getitem__, tokens)))
    words.extend(doc_number_tokens_in_text(folded))
    return words


def segment_for_index(text: str) -> str:
    """``index_words`` joined by spaces: what the index stores for a text field."""
    return " ".join(index_words(text))


def exact_field_words(value: str) -> list[str]:
    """A 发文字号 or 索引号 field: its words, its canonical token, and the canonical token marked as this
    object's own number."""
    words = index_words(value)
    canonical = canonical_number(value)
    if canonical:
        words += [canonical, EXACT_MARK + canonical]
    return words


def query_words(query: str) -> list[str]:
    """The words a query asks for, in the order typed, without repeats: each 发文字号/索引号 as its
    canonical token, everything else cut by jieba in precise mode."""
    folded = fold(query)
    words: list[str] = []
    rest = []
    position = 0
    for match in sorted(find_numbers(folded), key=lambda m: m.start):
        if match.start < position:
            continue  # overlapping readings of the same characters: the first one wins
        rest.append(folded[position : match.start])
        words.append(match.canonical)
        position = match.end
    rest.append(folded[position:])
    words.extend(token for token in _cut(" ".join(rest)) if _is_word(token))
    return list(dict.fromkeys(words))


def is_number_word(word: str) -> bool:
    """Could this query word be a 发文字号/索引号 (then an object owning it ranks first)?"""
    return looks_like_number(word)
