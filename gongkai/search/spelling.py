"""“您是不是要找”: common misspellings of government terms, and the term meant (issue 4 item 4).

People type with pinyin input methods, which offer the homophone first (工开 for 公开, 文建 for 文件), and
some copy from scans, where a character is read as one that looks like it (丌 for 开, 箅 for 算). The list is
short and deliberate: a word that is itself correct (公式, 意见) never appears on the left.
"""

from __future__ import annotations

MISSPELLINGS: dict[str, str] = {
    # Homophones chosen from the input method's list.
    "信息工开": "信息公开",
    "政务工开": "政务公开",
    "依申情公开": "依申请公开",
    "规范性文建": "规范性文件",
    "政策介读": "政策解读",
    "行政复意": "行政复议",
    "征求意建": "征求意见",
    "工作要典": "工作要点",
    "政府彩购": "政府采购",
    "权责请单": "权责清单",
    # Characters that look alike.
    "政务公丌": "政务公开",
    "信息公丌": "信息公开",
    "财政预箅": "财政预算",
    "政府工作报吿": "政府工作报告",
}


def spelling_suggestion(query: str) -> str | None:
    """The query with every known misspelling corrected, or None if it has none."""
    corrected = query
    for wrong, right in MISSPELLINGS.items():
        corrected = corrected.replace(wrong, right)
    return corrected if corrected != query else None
