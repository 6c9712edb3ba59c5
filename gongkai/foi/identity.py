"""Applicant data of an application (条例第二十九条: 姓名或者名称、身份证明、联系方式): validators that say in
Chinese which rule a value breaks, normalisers that give one spelling per value, and maskers for any
display beyond the case handlers (a tracking page, a list, a log line).

- 居民身份证号码 (GB 11643-1999): 6 地址码 (first digit 1–8), 8 出生日期码 (YYYYMMDD), 3 顺序码, 1 校验码
  over the first 17 digits (ISO 7064 MOD 11-2; 10 is written X). Other ID documents (:class:`IdType`)
  have no check character the platform can verify and are only checked for plausible characters.
- 统一社会信用代码 (GB 32100-2015): :mod:`gongkai.orgs.credit_code` validates it; re-exported here.
- 联系电话: a mainland mobile number, a mainland landline ``区号-号码[-分机]``, or an international number
  ``+国家代码 号码`` (an applicant from Hong Kong, Macao, Taiwan or abroad).

Everything here is pure: no database, no settings but the time zone for "today".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.foi.choices import IdType
from gongkai.orgs.validators import validate_credit_code

__all__ = [
    "ID_WEIGHTS",
    "IdType",
    "clean_id_document",
    "id_check_char",
    "mask_email",
    "mask_id_number",
    "mask_name",
    "mask_phone",
    "normalize_credit_code",
    "normalize_id_number",
    "normalize_phone",
    "validate_credit_code",
    "validate_id_number",
    "validate_phone",
]

# GB 11643-1999 §7 (ISO 7064 MOD 11-2): the weight of position i (1 = leftmost) is 2^(18-i) mod 11.
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# The check character for (weighted sum mod 11) = 0, 1, 2, … 10.
ID_CHECK_CHARS = "10X98765432"
OTHER_ID_MAX_LENGTH = 32
_OTHER_ID_RE = re.compile(r"[A-Z0-9()\-]+")
_SEPARATORS = " ·•.-"


def _clean_text(value: str | None) -> str:
    """Full-width characters to their ASCII forms (an IME types "１３８" and "Ｘ") and outer spaces off."""
    return unicodedata.normalize("NFKC", value or "").strip()


# --- 居民身份证 -------------------------------------------------------------------------------------------


def normalize_id_number(value: str | None) -> str:
    """One spelling of an ID number: ASCII, no spaces (people type it in groups), capital X."""
    return re.sub(r"\s+", "", _clean_text(value)).upper()


def id_check_char(first17: str) -> str:
    """The GB 11643-1999 check character of the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, ID_WEIGHTS, strict=True))
    return ID_CHECK_CHARS[total % 11]


def validate_id_number(value: str | None) -> None:
    """Raise ValidationError unless ``value`` is a valid 18-digit 居民身份证号码 (lower-case x accepted)."""
    number = normalize_id_number(value)
    if len(number) != 18:
        if len(number) == 15 and number.isdigit():
            raise ValidationError(
                _("身份证号码应为18位：15位的第一代居民身份证已停止使用，请填写第二代居民身份证号码。"),
                code="id_number_length",
            )
        raise ValidationError(
            _("身份证号码应为18位，实际为%(length)d位。"),
            code="id_number_length",
            params={"length": len(number)},
        )
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise ValidationError(
            _("身份证号码前17位只能是数字，第18位（校验位）只能是数字或字母X。"), code="id_number_characters"
        )
    if not "1" <= number[0] <= "8":
        raise ValidationError(
            _("身份证号码第1位（地址码的省级代码）应为1至8，实际为%(digit)s。"),
            code="id_number_region",
            params={"digit": number[0]},
        )
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise ValidationError(
            _("身份证号码第7至14位（出生日期码）%(code)s不是有效的日期。"),
            code="id_number_birth_date",
            params={"code": number[6:14]},
        ) from None
    if birth.year < 1900:
        raise ValidationError(
            _("身份证号码第7至14位（出生日期码）的年份%(year)d早于1900年。"),
            code="id_number_birth_date",
            params={"year": birth.year},
        )
    if birth > timezone.localdate():
        raise ValidationError(
            _("身份证号码第7至14位（出生日期码）%(code)s晚于今天。"),
            code="id_number_birth_date",
            params={"code": number[6:14]},
        )
    if id_check_char(number[:17]) != number[17]:
        # The expected character is not told: it would turn a mistyped digit into a "valid" wrong number.
        raise ValidationError(
            _("身份证号码校验位（第18位）不正确，请核对号码是否填写有误。"), code="id_number_check"
        )


def clean_id_document(*, id_type: str, number: str | None) -> str:
    """The normalised number of an ID document of type ``id_type`` (:class:`IdType`), or ValidationError.

    A 居民身份证 gets the full GB 11643 check; other documents must be letters, digits, hyphens or
    brackets, at most 32 characters."""
    if id_type == IdType.RESIDENT_ID:
        validate_id_number(number)
        return normalize_id_number(number)
    if id_type not in IdType.values:
        raise ValidationError(_("证件类型不正确：请从列表中选择。"), code="id_type")
    cleaned = normalize_id_number(number)
    if not cleaned:
        raise ValidationError(_("请填写证件号码。"), code="required")
    if len(cleaned) > OTHER_ID_MAX_LENGTH:
        raise ValidationError(
            _("证件号码最多%(max)d位，实际为%(length)d位。"),
            code="id_document_length",
            params={"max": OTHER_ID_MAX_LENGTH, "length": len(cleaned)},
        )
    if not _OTHER_ID_RE.fullmatch(cleaned):
        raise ValidationError(_("证件号码只能包含字母、数字、连字符和括号。"), code="id_document_characters")
    return cleaned


# --- 统一社会信用代码 -------------------------------------------------------------------------------------


def normalize_credit_code(value: str | None) -> str:
    """One spelling of a 统一社会信用代码: ASCII, no spaces, capital letters (validate with
    :func:`validate_credit_code`)."""
    return normalize_id_number(value)


# --- 联系电话 ---------------------------------------------------------------------------------------------

_MOBILE_RE = re.compile(r"(?:\+86|0086|86)?(1[3-9]\d{9})")
# 区号: 010 and 020–029 have three digits and 8-digit numbers; the others four digits and 7 or 8.
# Local numbers never start with 0. The extension follows "-", "转", "#" or "ext".
_LANDLINE_RE = re.compile(
    r"\(?(?P<area>010|02\d|0[3-9]\d{2})\)?-?(?P<number>[1-9]\d{6,7})"
    r"(?:(?:-|转|#|分机|ext\.?|x)(?P<ext>\d{1,6}))?",
    re.IGNORECASE,
)
_INTERNATIONAL_RE = re.compile(r"\+(?P<country>(?!86)[1-9]\d{0,2})-?(?P<number>\d[\d-]{4,16}\d)")


def _phone_text(value: str | None) -> str:
    text = _clean_text(value)
    text = re.sub(r"[–—―‐－]", "-", text)
    return re.sub(r"-{2,}", "-", re.sub(r"\s+", "-", text))


def _parse_phone(value: str | None) -> tuple[str, str | None]:
    """The normalised number and its kind ("mobile", "landline", "international"), or the cleaned text
    and None."""
    text = _phone_text(value)
    mobile = _MOBILE_RE.fullmatch(text.replace("-", ""))
    if mobile:
        return mobile.group(1), "mobile"
    # As typed ("010-12345678-123"), else with the separators inside the number gone ("0755 2345 6789").
    landline = _LANDLINE_RE.fullmatch(text) or _LANDLINE_RE.fullmatch(re.sub(r"[-()]", "", text))
    if landline and (len(landline["area"]) == 4 or len(landline["number"]) == 8):
        ext = landline["ext"]
        return f"{landline['area']}-{landline['number']}" + (f"-{ext}" if ext else ""), "landline"
    international = _INTERNATIONAL_RE.fullmatch(text)
    if international:
        digits = international["number"].replace("-", "")
        if len(international["country"]) + len(digits) <= 15:  # E.164: at most 15 digits
            return f"+{international['country']}-{digits}", "international"
    return text, None


def normalize_phone(value: str | None) -> str:
    """One spelling of a phone number: ``13812345678``, ``010-12345678[-123]`` or ``+852-91234567``; a
    value that is none of them comes back cleaned but otherwise as typed."""
    return _parse_phone(value)[0]


def validate_phone(value: str | None) -> None:
    """Raise ValidationError unless ``value`` is a mobile, landline or international phone number."""
    if _parse_phone(value)[1] is None:
        raise ValidationError(
            _(
                "联系电话格式不正确：应为11位手机号码（以1开头，第2位为3至9），或“区号-电话号码”形式的固定电话"
                "（如010-12345678，可加“-分机号”），境外号码请以“+国家或地区代码”开头（如+852-91234567）。"
            ),
            code="phone",
        )


# --- Masking ----------------------------------------------------------------------------------------------


def _keep_ends(text: str, head: int, tail: int) -> str:
    return text[:head] + "*" * (len(text) - head - tail) + (text[-tail:] if tail else "")


def mask_id_number(value: str | None) -> str:
    """``110101199003071234`` → ``110101********1234``: the birth date and sequence number hidden.
    Shorter document numbers keep fewer characters; at least half is always hidden."""
    number = normalize_id_number(value)
    length = len(number)
    if length >= 18:
        return _keep_ends(number, 6, 4)
    if length >= 12:
        return _keep_ends(number, 3, 3)
    if length >= 6:
        return _keep_ends(number, 2, 2)
    if length >= 3:
        return _keep_ends(number, 1, 1)
    return "*" * length


def mask_phone(value: str | None) -> str:
    """``13812345678`` → ``138****5678``; ``010-12345678-123`` → ``010-****5678-***`` (the area code
    and the last 2–4 digits stay); ``+852-91234567`` → ``+852-****4567``."""
    normalized, kind = _parse_phone(value)
    if kind == "mobile":
        return _keep_ends(normalized, 3, 4)
    if kind in ("landline", "international"):
        prefix, number, *ext = normalized.split("-")
        keep = 4 if len(number) >= 8 else 3 if len(number) == 7 else 2
        masked = f"{prefix}-{_keep_ends(number, 0, keep)}"
        return masked + "".join(f"-{'*' * len(part)}" for part in ext)
    digits = normalized
    return _keep_ends(digits, 0, 2) if len(digits) > 4 else "*" * len(digits)


def mask_name(value: str | None) -> str:
    """``张三`` → ``张*``, ``欧阳娜娜`` → ``欧***``, ``John Smith`` → ``J*** *****``: the first character
    only, separators (space, ·) kept; a one-character name is hidden whole."""
    name = _clean_text(value)
    if len(name) <= 1:
        return "*" * len(name)
    return name[0] + "".join(char if char in _SEPARATORS else "*" for char in name[1:])


def mask_email(value: str | None) -> str:
    """``zhangsan@example.com`` → ``z***@example.com``: the domain stays, the local part shows its first
    character and hides its length."""
    email = _clean_text(value)
    if not email:
        return ""
    local, at, domain = email.rpartition("@")
    if not at:
        local, domain = email, ""
    masked = "*" if len(local) <= 1 else local[0] + "***"
    return f"{masked}@{domain}" if at else masked
