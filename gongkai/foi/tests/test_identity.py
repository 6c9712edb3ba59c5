"""Applicant data: 居民身份证号码 (GB 11643-1999), credit codes, phone numbers, and the maskers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.foi.choices import IdType
from gongkai.foi.identity import (
    clean_id_document,
    id_check_char,
    mask_email,
    mask_id_number,
    mask_name,
    mask_phone,
    normalize_credit_code,
    normalize_id_number,
    normalize_phone,
    validate_credit_code,
    validate_id_number,
    validate_phone,
)
from gongkai.orgs.credit_code import complete_credit_code


def reference_check_char(first17: str) -> str:
    """GB 11643-1999 written out independently: weight 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11."""
    total = sum(int(digit) * (2 ** (17 - i) % 11) for i, digit in enumerate(first17))
    value = (12 - total % 11) % 11
    return "X" if value == 10 else str(value)


def error_of(value: str) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        validate_id_number(value)
    return caught.value


def message(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- 居民身份证号码 ---------------------------------------------------------------------------------------


def test_it_accepts_the_example_number_of_the_standard() -> None:
    validate_id_number("11010519491231002X")  # GB 11643-1999's own example
    assert id_check_char("11010519491231002") == "X"


@pytest.mark.parametrize(
    "number",
    [
        # 3·7+2·9+0·10+1·5+0·8+6·4+1·2+9·1+8·6+5·3+0·7+6·9+1·10+2·5+0·8+3·4+1·2 = 230; 230 mod 11 = 10 → 2
        "320106198506120312",
        # 6·7+5·9+0·10+1·5+0·8+2·4+2·2+0·1+0·6+0·3+0·7+2·9+2·10+9·5+0·8+0·4+1·2 = 189; mod 11 = 2 → X
        # (and 29 February 2000 is a real day)
        "65010220000229001X",
        "110101199003071233",
    ],
)
def test_it_accepts_numbers_whose_check_character_was_computed_by_hand(number: str) -> None:
    validate_id_number(number)
    assert reference_check_char(number[:17]) == number[17]


def full_width(text: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) for char in text)


def test_it_accepts_a_lower_case_x_and_full_width_characters_and_normalises_them() -> None:
    validate_id_number("65010220000229001x")
    validate_id_number(full_width("65010220000229001x"))
    validate_id_number(" 6501 0220 0002 2900 1x ")
    assert normalize_id_number(full_width("65010220000229001x")) == "65010220000229001X"
    assert normalize_id_number(" 6501 0220 0002 2900 1x ") == "65010220000229001X"


@pytest.mark.parametrize("wrong", [c for c in "0123456789X" if c != "2"])
def test_it_rejects_every_wrong_check_character(wrong: str) -> None:
    error = error_of("32010619850612031" + wrong)
    assert error.code == "id_number_check"
    assert "身份证号码校验位" in message(error) and "不正确" in message(error)


def test_it_does_not_reveal_the_expected_check_character() -> None:
    assert "2" not in message(error_of("320106198506120313"))


def test_it_names_the_length_rule() -> None:
    error = error_of("3201061985061203")
    assert error.code == "id_number_length"
    assert "身份证号码应为18位，实际为16位" in message(error)


def test_it_explains_that_first_generation_numbers_are_no_longer_used() -> None:
    assert "15位的第一代居民身份证已停止使用" in message(error_of("320106850612031"))


@pytest.mark.parametrize("number", ["3201061985061203A2", "32010619850612031Y", "3201O6198506120312"])
def test_it_rejects_characters_other_than_digits_and_a_final_x(number: str) -> None:
    error = error_of(number)
    assert error.code == "id_number_characters"
    assert "前17位只能是数字" in message(error)


@pytest.mark.parametrize("first", ["0", "9"])
def test_it_rejects_a_region_code_outside_1_to_8(first: str) -> None:
    first17 = first + "20106198506120" + "31"
    error = error_of(first17 + reference_check_char(first17))
    assert error.code == "id_number_region"
    assert "地址码" in message(error) and "1至8" in message(error)


@pytest.mark.parametrize("birth", ["19900230", "19901301", "19900001", "20010229"])
def test_it_rejects_a_birth_date_that_does_not_exist(birth: str) -> None:
    first17 = "320106" + birth + "031"
    error = error_of(first17 + reference_check_char(first17))
    assert error.code == "id_number_birth_date"
    assert f"出生日期码）{birth}不是有效的日期" in message(error)


def test_it_rejects_a_birth_year_before_1900() -> None:
    # The standard's other example, 广东省汕头市 1880: a correct check character, but no living applicant.
    assert reference_check_char("44052418800101001") == "4"
    error = error_of("440524188001010014")
    assert error.code == "id_number_birth_date"
    assert "1880早于1900年" in message(error)


@time_machine.travel(date(2026, 3, 2))
def test_it_rejects_a_birth_date_after_today() -> None:
    tomorrow = "32010620260303031"
    error = error_of(tomorrow + reference_check_char(tomorrow))
    assert "晚于今天" in message(error)
    today = "32010620260302031"
    validate_id_number(today + reference_check_char(today))


valid_first17 = st.builds(
    lambda region, birth, sequence: f"{region}{birth:%Y%m%d}{sequence:03d}",
    st.from_regex(r"[1-8][0-9]{5}", fullmatch=True),
    st.dates(min_value=date(1900, 1, 1), max_value=date.today() - timedelta(days=1)),
    st.integers(0, 999),
)


@settings(deadline=None)  # a loaded CI machine must not fail a slow example
@given(valid_first17)
def test_it_accepts_every_number_with_the_reference_check_character(first17: str) -> None:
    assert id_check_char(first17) == reference_check_char(first17)
    validate_id_number(first17 + reference_check_char(first17))


@settings(deadline=None)
@given(valid_first17, st.integers(0, 16), st.integers(1, 9))
def test_it_catches_every_single_mistyped_digit(first17: str, position: int, shift: int) -> None:
    number = first17 + reference_check_char(first17)
    digit = (int(number[position]) + shift) % 10
    with pytest.raises(ValidationError):
        validate_id_number(number[:position] + str(digit) + number[position + 1 :])


@settings(deadline=None)
@given(valid_first17, st.integers(0, 15))
def test_it_catches_two_swapped_neighbouring_digits(first17: str, position: int) -> None:
    number = first17 + reference_check_char(first17)
    if number[position] == number[position + 1]:
        return
    swapped = number[:position] + number[position + 1] + number[position] + number[position + 2 :]
    with pytest.raises(ValidationError):
        validate_id_number(swapped)


# --- Other ID documents ---------------------------------------------------------------------------------


def test_it_checks_only_the_resident_id_card_number_for_a_check_character() -> None:
    with pytest.raises(ValidationError, match="校验位"):
        clean_id_document(id_type=IdType.RESIDENT_ID, number="320106198506120313")
    assert clean_id_document(id_type=IdType.RESIDENT_ID, number="65010220000229001x") == "65010220000229001X"
    # An 18-digit number with a wrong "check character" is fine on a document that has none.
    assert clean_id_document(id_type=IdType.OTHER, number="320106198506120313") == "320106198506120313"
    assert clean_id_document(id_type=IdType.PASSPORT, number=" e1234567８ ") == "E12345678"
    assert clean_id_document(id_type=IdType.HK_MACAO_PERMIT, number="H12345678") == "H12345678"


@pytest.mark.parametrize(
    ("number", "text"),
    [
        ("", "请填写证件号码"),
        ("A" * 33, "证件号码最多32位，实际为33位"),
        ("E1234567；", "只能包含字母、数字、连字符和括号"),
    ],
)
def test_it_names_the_rule_an_other_document_number_breaks(number: str, text: str) -> None:
    with pytest.raises(ValidationError) as caught:
        clean_id_document(id_type=IdType.PASSPORT, number=number)
    assert text in message(caught.value)


def test_it_rejects_an_unknown_document_type() -> None:
    with pytest.raises(ValidationError, match="证件类型不正确"):
        clean_id_document(id_type="driving_licence", number="E12345678")


def test_it_has_the_six_document_types_of_the_form() -> None:
    assert [label for _value, label in IdType.choices] == [
        "居民身份证",
        "港澳居民来往内地通行证",
        "台湾居民来往大陆通行证",
        "护照",
        "外国人永久居留身份证",
        "其他",
    ]


# --- 统一社会信用代码 -------------------------------------------------------------------------------------


def test_it_reuses_the_credit_code_validator_of_orgs() -> None:
    code = complete_credit_code("91110108", "MA01ABCD")
    validate_credit_code(normalize_credit_code(" " + code.lower() + " "))
    broken = code[:-1] + ("0" if code[-1] != "0" else "1")
    with pytest.raises(ValidationError, match="统一社会信用代码第18位"):
        validate_credit_code(broken)


# --- 联系电话 ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "normalized"),
    [
        ("13812345678", "13812345678"),
        ("138 1234 5678", "13812345678"),
        ("138-1234-5678", "13812345678"),
        ("+86 138 1234 5678", "13812345678"),
        (full_width("19912345678"), "19912345678"),
        ("010-12345678", "010-12345678"),
        ("01062345678", "010-62345678"),
        ("(021)62345678", "021-62345678"),
        ("（0571）8765432", "0571-8765432"),
        ("0571-87654321", "0571-87654321"),
        ("010-12345678-123", "010-12345678-123"),
        ("010-12345678转123", "010-12345678-123"),
        ("0755 2345 6789", "0755-23456789"),
        ("+852 9123 4567", "+852-91234567"),
        ("+1-202-555-0123", "+1-2025550123"),
    ],
)
def test_it_accepts_mobile_landline_and_international_numbers(typed: str, normalized: str) -> None:
    validate_phone(typed)
    assert normalize_phone(typed) == normalized


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "12812345678",  # no mobile number starts with 12
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "010-1234567",  # Beijing numbers have 8 digits
        "0571-0876543",  # no local number starts with 0
        "010-123456789",  # nor has 9 digits
        "12345678",  # a landline without its area code
        "+86 010 12345678 0",
        "电话13812345678",
        "+852 12",
    ],
)
def test_it_rejects_other_phone_numbers_naming_the_forms_it_takes(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        validate_phone(typed)
    text = message(caught.value)
    assert "联系电话格式不正确" in text and "11位手机号码" in text and "区号-电话号码" in text


# --- Masking ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("110101199003071234", "110101********1234"),
        ("11010519491231002x", "110105********002X"),
        ("E12345678", "E1*****78"),
        ("A1234", "A***4"),
        ("AB", "**"),
        ("", ""),
        (None, ""),
    ],
)
def test_it_masks_id_numbers(value: str | None, masked: str) -> None:
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("13812345678", "138****5678"),
        ("+86 138 1234 5678", "138****5678"),
        ("010-12345678", "010-****5678"),
        ("0571-8765432", "0571-****432"),
        ("010-12345678-123", "010-****5678-***"),
        ("+852 9123 4567", "+852-****4567"),
        ("12345", "***45"),
        ("", ""),
    ],
)
def test_it_masks_phone_numbers_keeping_the_area_code_and_the_last_digits(value: str, masked: str) -> None:
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("张三", "张*"),
        ("欧阳娜娜", "欧***"),
        ("迪丽热巴·迪力木拉提", "迪***·*****"),
        ("John Smith", "J*** *****"),
        ("王", "*"),
        ("", ""),
        (None, ""),
    ],
)
def test_it_masks_names_to_the_first_character(value: str | None, masked: str) -> None:
    assert mask_name(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("zhangsan@example.com", "z***@example.com"),
        ("z@example.com", "*@example.com"),
        ("a.b@c@example.com", "a***@example.com"),
        ("not-an-address", "n***"),
        ("", ""),
    ],
)
def test_it_masks_e_mail_addresses_hiding_the_length(value: str, masked: str) -> None:
    assert mask_email(value) == masked


@settings(deadline=None)
@given(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
def test_it_never_shows_the_middle_four_digits_of_a_mobile_number(number: str) -> None:
    masked = mask_phone(number)
    assert masked[:3] == number[:3] and masked[-4:] == number[-4:] and masked[3:7] == "****"
