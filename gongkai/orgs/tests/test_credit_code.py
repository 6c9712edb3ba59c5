from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gongkai.orgs.credit_code import (
    CREDIT_CHARSET,
    complete_credit_code,
    credit_check_char,
    credit_code_error,
)

# Published codes of real bodies (国务院办公厅, a company, a public institution).
REAL_CODES = ["11100000000013127D", "91350100M000100Y43", "12100000400000624D", "91110000802100433B"]


def test_it_accepts_real_codes() -> None:
    for code in REAL_CODES:
        assert credit_code_error(code) is None, code


def test_it_names_the_length_rule() -> None:
    assert credit_code_error("1110000000001312") == "应为18位，实际为16位。"


def test_it_rejects_letters_outside_the_charset() -> None:
    error = credit_code_error("11100000000013127I")
    assert error is not None and "I" in error


def test_it_checks_the_embedded_organization_code() -> None:
    # Change one character of the organization code body and fix the final check so only GB 11714 fails.
    first17 = "1110000000001313" + "7"  # the real body ends in 2; its organization check "7" no longer fits
    code = first17 + credit_check_char(first17)
    assert credit_code_error(code) == "第17位（组织机构代码校验码）不正确。"


def test_it_checks_the_final_character() -> None:
    assert credit_code_error("11100000000013127E") == "第18位（统一社会信用代码校验码）不正确。"


# Organization code bodies inside a credit code use the credit charset too (no I, O, S, V, Z).
body = st.text(alphabet=CREDIT_CHARSET, min_size=8, max_size=8)
prefix = st.text(alphabet=CREDIT_CHARSET, min_size=8, max_size=8)


@given(prefix=prefix, body=body)
def test_it_builds_codes_that_validate(prefix: str, body: str) -> None:
    assert credit_code_error(complete_credit_code(prefix, body)) is None


@given(prefix=prefix, body=body, position=st.integers(0, 17), data=st.data())
def test_it_catches_every_single_character_typo(
    prefix: str, body: str, position: int, data: st.DataObject
) -> None:
    code = complete_credit_code(prefix, body)
    replacement = data.draw(st.sampled_from([c for c in CREDIT_CHARSET if c != code[position]]))
    typo = code[:position] + replacement + code[position + 1 :]
    assert credit_code_error(typo) is not None
