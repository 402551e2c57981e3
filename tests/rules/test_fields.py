"""The field rulebook: field rules, per-country address rules, value formats and the library
verdicts both sides call (docs/validator.md, "Field rules")."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bulk.rules import fields, values, verdicts
from bulk.rules.addresses import lost_zeros, postal_violation, state_violation
from bulk.rules.catalogue import Severity


def test_text_rules_refuse_too_long_values_and_forbidden_characters() -> None:
    assert fields.text_violations(fields.ADDRESS_LINE1, "x" * 50, "a", "A") == []
    (long,) = fields.text_violations(fields.ADDRESS_LINE1, "x" * 51, "a", "A")
    assert long.code == "cell-too-long" and long.params["limit"] == 50
    (percent,) = fields.text_violations(fields.CUSTOMER_NAME, "100% Ltd", "n", "Name")
    assert percent.code == "cell-forbidden-character"
    assert fields.text_violations(fields.PLAIN_TEXT, "x" * 10_000, "t", "T") == []
    blank = fields.required_violation("city", "City")
    assert blank.code == "cell-required" and blank.field == "city"


@given(st.integers(0, 300))
def test_a_length_is_refused_exactly_past_the_limit(length: int) -> None:
    found = fields.text_violations(fields.CUSTOMER_NAME, "é" * length, "name", "Name")
    assert bool(found) == (length > 255)


def test_state_is_required_for_us_ca_au_and_an_unknown_one_is_only_a_warning() -> None:
    assert state_violation("", "DE") is None
    missing = state_violation("", "CA")
    assert missing is not None and missing.code == "cell-invalid-state"
    unknown = state_violation("Goodstate", "US", "address.state")
    assert unknown is not None and unknown.code == "cell-unknown-state"
    assert unknown.severity is Severity.WARNING and unknown.field == "address.state"
    assert state_violation("nsw", "AU") is None
    assert state_violation("Anything", "AQ") is None  # no subdivisions known: free text


def test_postal_code_rules_and_lost_zeros() -> None:
    assert postal_violation("", "FR") is None
    assert postal_violation("anything", "AQ") is None
    required = postal_violation("", "AU")
    assert required is not None and "required for AU" in required.message
    wrong = postal_violation("2134", "US", damage=lost_zeros("2134", "US"))
    assert wrong is not None and "enter '02134'" in wrong.message
    assert lost_zeros("999999", "US") == ": Excel stored it as the number 999999"
    assert lost_zeros("99", "AQ") == ": Excel stored it as the number 99"


@pytest.mark.parametrize(
    ("value", "canonical"),
    [("+1 217-555-0100", "+12175550100"), ("+1 (217) 555.0100", "+12175550100")],
)
def test_phones_with_the_references_separators_are_written_back_as_e164(
    value: str, canonical: str
) -> None:
    assert values.phone(value, "phone") == (canonical, None)


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        ("+10000000000", "no such number"),
        ("+1 217\u2013555\u20130100", "did you mean '+12175550100'"),
        ("+1 217/555/01", "characters other than digits"),
        ("+/", "characters other than digits"),
        ("00442079460958", "starts with 00"),
        ("2175550100", "no '+' and country code"),
        ("call me", ""),
    ],
)
def test_invalid_phones_say_why(value: str, hint: str) -> None:
    number, problem = values.phone(value, "phone")
    assert number == value and problem is not None and hint in problem.message


def test_the_phone_verdict_is_phonenumbers_on_strict_e164() -> None:
    assert verdicts.phone_valid("+12175550100")
    assert not verdicts.phone_valid("+10000000000")
    assert not verdicts.phone_valid("+1 217 555 0100")


def test_extensions_emails_countries_languages_time_zones_and_choices() -> None:
    assert values.extension("0123", "e") == ("0123", None)
    short = values.extension("1", "e")[1]
    assert short is not None and "(it has 1 digits)" in short.message
    unicode_digits = values.extension("\u0661\u0662", "e")[1]
    assert unicode_digits is not None and "digits)" not in unicode_digits.message
    assert values.email("ann@example.com", "m") == ("ann@example.com", None)
    bad_email = values.email("ann@@example.com", "m")[1]
    assert bad_email is not None and bad_email.code == "cell-invalid-email"
    assert values.country("gb", "c") == ("GB", None)
    named = values.country("Germany", "c")[1]
    assert named is not None and "use DE" in named.message
    nothing = values.country("Atlantis", "c")[1]
    assert nothing is not None and nothing.code == "cell-invalid-country"
    assert values.language("EN-us", "l") == ("en_US", None)
    assert values.language("klingon", "l")[1] is not None
    assert values.timezone("america/new york", "t") == ("America/New_York", None)
    assert values.timezone("Mars/Base", "t")[1] is not None
    assert values.choice("API", "c", "Channel", fields.CHANNELS) == ("api", None)
    assert values.choice("fax", "c", "Channel", fields.CHANNELS)[1] is not None


def test_every_suggested_value_is_valid() -> None:
    assert set(fields.TIME_ZONES) <= verdicts.zone_names()
    assert all(
        values.language(code, "l") == (code, None) for code in fields.LOCATION_LANGUAGE.choices
    )
