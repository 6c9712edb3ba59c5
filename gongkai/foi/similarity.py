"""Finding applications that ask for the same information (条例第四十四条, 依申请转主动).

Information that many applicants ask for, and that can be disclosed, should be published proactively. The
workbench groups recent applications whose descriptions share most of their words, so the office sees
"12 people asked for the 2025 land-acquisition compensation standards" and converts the answer once.

Descriptions are cut into words with the search's segmentation (the same jieba dictionary, so 征地补偿标准
and 征地 补偿 标准 are alike); words every application uses (申请, 公开, 信息 …) are left out. Two
descriptions are similar when the Jaccard overlap of their word sets reaches the threshold; groups are
the connected parts of that relation (single linkage). Candidate pairs come from an inverted index over
the words, so only descriptions sharing a word are compared. Pure: no database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gongkai.search.segmentation import index_words

# Words of the genre itself: every application has them, so they say nothing about what is asked for.
GENERIC_WORDS = frozenset(
    {
        "申请", "公开", "信息", "政府", "政府信息", "信息公开", "政府信息公开", "提供", "相关", "有关",
        "关于", "要求", "请求", "希望", "依法", "本人", "我", "贵", "单位", "文件", "资料", "情况", "内容",
        "获取", "查询", "复印件", "材料", "以及", "包括", "具体", "全部", "所有", "年度", "年",
        "申请公开", "依申请公开", "请求公开", "要求公开",
    }
)  # fmt: skip


def request_words(text: str) -> frozenset[str]:
    """The words of a description that say what is asked for (two characters or more, not generic)."""
    return frozenset(word for word in index_words(text) if len(word) >= 2 and word not in GENERIC_WORDS)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class SimilarGroup:
    """Applications asking for the same information: their keys and the words all of them share."""

    keys: tuple[int, ...]
    shared_words: tuple[str, ...]


def similar_groups(
    texts: Sequence[tuple[int, str]], *, threshold: float = 0.5, min_size: int = 3
) -> list[SimilarGroup]:
    """Groups of at least ``min_size`` texts (key, description) linked by pairs at least ``threshold``
    alike, largest first."""
    words = {key: request_words(text) for key, text in texts}
    parent = {key: key for key in words}

    def root(key: int) -> int:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    for a, b in _candidate_pairs(words):
        if jaccard(words[a], words[b]) >= threshold:
            parent[root(a)] = root(b)
    members: dict[int, list[int]] = defaultdict(list)
    for key in words:
        members[root(key)].append(key)
    groups = [
        SimilarGroup(keys=tuple(sorted(keys)), shared_words=_shared(words[key] for key in keys))
        for keys in members.values()
        if len(keys) >= min_size
    ]
    return sorted(groups, key=lambda group: (-len(group.keys), group.keys))


# A word in more descriptions than this does not propose pairs (a place name in every application would
# make every pair a candidate); pairs that share rarer words are still compared on all their words.
COMMON_WORD_AT_MOST = 200


def _candidate_pairs(words: dict[int, frozenset[str]]) -> set[tuple[int, int]]:
    by_word: dict[str, list[int]] = defaultdict(list)
    for key, key_words in words.items():
        for word in key_words:
            by_word[word].append(key)
    pairs: set[tuple[int, int]] = set()
    for keys in by_word.values():
        if len(keys) > COMMON_WORD_AT_MOST:
            continue
        for i, a in enumerate(keys):
            for b in keys[i + 1 :]:
                pairs.add((a, b) if a < b else (b, a))
    return pairs


def _shared(word_sets: Iterable[frozenset[str]]) -> tuple[str, ...]:
    sets = list(word_sets)
    common = frozenset.intersection(*sets) if sets else frozenset()
    return tuple(sorted(common, key=lambda word: (-len(word), word)))
