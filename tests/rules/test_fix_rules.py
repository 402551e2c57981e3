"""The rulebook's fixes (bulk/rules/repairs.py and the fix functions beside each rule): every
fix is a value its own rule accepts, and the repairs of Excel damage give back exactly what
was typed, checked against oracles built from the libraries directly (phonenumbers, pycountry,
``datetime``)."""

from __future__ import annotations

import datetime as dt

import phonenumbers
import pycountry
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bulk.rules.addresses import (
    POSTAL_PATTERNS,
    postal_violation,
    state_named,
    state_violation,
    zeros_fix,
)
from bulk.rules.repairs import Fix, FixKind, trimmed
from bulk.rules.values import (
    EITHER_ORDER,
    MONTH_FIRST,
    country,
    country_fix,
    date_fix,
    language,
    language_fix,
    phone,
    phone_fix,
)
from bulk.rules.verdicts import phone_valid, subdivision_codes

MARKETS = ("US", "CA", "GB", "AU", "DE", "FR", "NL", "ES", "IT", "JP", "BR", "MX", "IN")
PHONE_TEXT = st.text(alphabet="0123456789+ -()./", min_size=1, max_size=18)


@st.composite
def valid_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """A valid number of a market, in E.164, and the market."""
    region = draw(st.sampled_from(MARKETS))
    example = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    national = str(example.national_number)
    tail = draw(st.integers(0, 9999))
    number = phonenumbers.parse(f"+{example.country_code}{national[:-4]}{tail:04d}", None)
    assume(phonenumbers.is_valid_number_for_region(number, region))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), region


@given(valid_numbers())
def test_a_number_that_lost_its_plus_is_given_back_exactly(case: tuple[str, str]) -> None:
    number, region = case
    digits = number[1:]
    assume(not (len(digits) >= 11 and digits.endswith("0000")))
    fix = phone_fix(digits, region)
    assert fix == Fix(number, FixKind.LIKELY, fix.reason if fix else "")


@given(PHONE_TEXT, st.sampled_from((*MARKETS, None)))
def test_every_phone_fix_is_a_number_the_phone_rule_accepts(text: str, region: str | None) -> None:
    fix = phone_fix(text, region)
    if fix is not None:
        assert phone_valid(fix.value)
        assert phone(fix.value, "phone_number")[1] is None
        assert fix.kind is (FixKind.CERTAIN if text.startswith("+") else FixKind.LIKELY)


@given(st.integers(10**9, 10**13), st.sampled_from(MARKETS))
def test_digits_lost_to_scientific_notation_get_no_fix(head: int, region: str) -> None:
    assert phone_fix(f"{head}0000", region) is None


def test_a_plus_number_with_slashes_is_certain_and_00_is_likely() -> None:
    assert phone_fix("+49 221/6868635", None) == Fix(
        "+492216868635", FixKind.CERTAIN, "only digits may follow the '+' country code"
    )
    fix = phone_fix("00492216868635", "US")
    assert fix is not None and (fix.value, fix.kind) == ("+492216868635", FixKind.LIKELY)
    national = phone_fix("(415) 200-0101", "US")
    assert national is not None and national.value == "+14152000101"
    assert phone_fix("14152000101", None) is None  # no country: no reading to prefer


def typed(day: dt.date, order: str) -> str:
    return f"{day.month}/{day.day}/{day.year}" if order == "month" else day.strftime("%d/%m/%Y")


@given(st.dates(dt.date(2000, 1, 1), dt.date(2099, 12, 31)), st.sampled_from(MARKETS))
def test_a_typed_date_is_read_in_the_rows_country_or_left_alone(day: dt.date, region: str) -> None:
    order = "month" if region in MONTH_FIRST else "day"
    fix = date_fix(typed(day, order), region)
    unambiguous = day.day > 12 or day.day == day.month
    if unambiguous:
        assert fix is not None and (fix.value, fix.kind) == (day.isoformat(), FixKind.CERTAIN)
    elif region in EITHER_ORDER:
        assert fix is None
    else:
        assert fix is not None and (fix.value, fix.kind) == (day.isoformat(), FixKind.LIKELY)


@given(st.text(max_size=12), st.sampled_from((*MARKETS, None)))
def test_a_date_fix_is_always_an_iso_date(text: str, region: str | None) -> None:
    fix = date_fix(text, region)
    if fix is not None:
        dt.date.fromisoformat(fix.value)


@given(st.sampled_from(sorted(POSTAL_PATTERNS)), st.integers(0, 999_999))
def test_a_postal_code_that_lost_its_zeros_gets_them_back(region: str, number: int) -> None:
    """Up to three lost zeros (a number cell keeps the rest), the fewest that make a code."""
    for width in range(len(str(number)) + 1, len(str(number)) + 4):
        code = str(number).zfill(width)
        if POSTAL_PATTERNS[region].fullmatch(code):
            fix = zeros_fix(str(number), region)
            assert fix is not None and fix.kind is FixKind.LIKELY
            assert postal_violation(fix.value, region) is None
            assert fix.value == code and int(fix.value) == number
            return
    assert zeros_fix(str(number), region) is None


@pytest.mark.parametrize("region", ["US", "CA", "AU", "DE", "MX", "IN"])
def test_every_state_name_becomes_its_code(region: str) -> None:
    for code, name in subdivision_codes(region).items():
        for written in (name, name.upper(), f" {name.lower()} "):
            fix = state_named(written, region)
            assert fix is not None and (fix.value, fix.kind) == (code, FixKind.CERTAIN)
            assert state_violation(fix.value, region) is None
        violation = state_violation(name, region)
        if violation is not None:  # a name that is not also a code
            assert violation.fix is not None and violation.fix.value == code


def test_country_and_language_names_become_codes() -> None:
    for entry in pycountry.countries:
        fix = country_fix(entry.name)
        assert fix is not None and fix.kind is FixKind.CERTAIN
        assert country(fix.value, "country") == (entry.alpha_2, None)
    refused = country("Germany", "country")[1]
    assert refused is not None and refused.fix is not None and refused.fix.value == "DE"
    assert country_fix("Atlantis") is None
    refused = language("German", "language")[1]
    assert refused is not None and refused.fix == language_fix("German")
    assert refused.fix is not None and language(refused.fix.value, "language")[1] is None
    assert language_fix("Klingonish") is None


@given(st.text(max_size=20), st.text(min_size=1, max_size=20))
def test_trimmed_is_certain_and_keeps_the_value(text: str, what: str) -> None:
    fix = trimmed(text, what)
    assert (fix.value, fix.kind) == (text, FixKind.CERTAIN)
    assert fix.to_json() == {"value": text, "kind": "certain", "reason": f"{what} removed"}
