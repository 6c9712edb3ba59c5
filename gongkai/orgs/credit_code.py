"""统一社会信用代码 (GB 32100-2015) with its embedded 组织机构代码 (GB 11714-1997): validation.

An 18-character code: 1 登记管理部门码, 1 机构类别码, 6 登记管理机关行政区划码, 9 主体标识码 (the GB 11714
organization code: 8 body characters and its own check character), 1 check character over the first 17.
Both check characters are verified, so one mistyped character is always caught.
"""

from __future__ import annotations

# GB 32100 uses 31 characters: digits and capital letters without I, O, S, V, Z.
CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# GB 11714: weights of the 8 body characters; digits are their value, letters A=10 … Z=35.
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def credit_check_char(first17: str) -> str:
    total = sum(
        CREDIT_CHARSET.index(char) * weight for char, weight in zip(first17, CREDIT_WEIGHTS, strict=True)
    )
    return CREDIT_CHARSET[(31 - total % 31) % 31]


def _org_char_value(char: str) -> int:
    return int(char) if char.isdigit() else ord(char) - ord("A") + 10


def org_code_check_char(body8: str) -> str:
    total = sum(_org_char_value(char) * weight for char, weight in zip(body8, ORG_CODE_WEIGHTS, strict=True))
    remainder = 11 - total % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


def credit_code_error(code: str) -> str | None:
    """None if ``code`` is a valid 统一社会信用代码, else a Chinese sentence saying which rule it breaks."""
    if len(code) != 18:
        return f"应为18位，实际为{len(code)}位。"
    bad = sorted({char for char in code if char not in CREDIT_CHARSET})
    if bad:
        return f"含有不允许的字符：{'、'.join(bad)}（只能使用数字和除 I、O、S、V、Z 以外的大写字母）。"
    org_code = code[8:17]
    if not all(char.isdigit() or "A" <= char <= "Z" for char in org_code[:8]):
        return "第9至16位（组织机构代码本体）只能是数字或大写字母。"
    if org_code_check_char(org_code[:8]) != org_code[8]:
        return "第17位（组织机构代码校验码）不正确。"
    if credit_check_char(code[:17]) != code[17]:
        return "第18位（统一社会信用代码校验码）不正确。"
    return None


def complete_credit_code(prefix8: str, org_body8: str) -> str:
    """Build a valid code from the 8-character prefix and 8-character organization code body (demo data)."""
    first17 = prefix8 + org_body8 + org_code_check_char(org_body8)
    return first17 + credit_check_char(first17)
