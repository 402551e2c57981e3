"""Violations (what every rule returns) and language codes."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bulk.rules.catalogue import Severity
from bulk.rules.languages import LANGUAGES, canonical_language
from bulk.rules.violations import RuleViolation, Violation


def test_violation_carries_code_message_field_params_and_severity() -> None:
    v = Violation.of("assist-network-check", "network_check_done", location="HQ")
    assert v.code == "assist-network-check"
    assert v.field == "network_check_done"
    assert v.params == {"location": "HQ"}
    assert "'HQ'" in v.message
    assert v.severity is Severity.WARNING
    assert Violation.of("assist-no-seats", location="HQ").severity is Severity.ERROR


def test_violations_compare_by_code_message_and_field() -> None:
    a = Violation("assist-no-seats", "m", "f", {"x": 1})
    assert a == Violation("assist-no-seats", "m", "f", {"x": 2})
    assert hash(a) == hash(Violation("assist-no-seats", "m", "f"))


def test_rule_violation_keeps_its_violations_and_the_first_decides() -> None:
    first = Violation.of("assist-not-entitled", partner="P")
    second = Violation.of("assist-no-seats", location="HQ")
    error = RuleViolation([first, second])
    assert error.first is first
    assert error.violations == [first, second]
    assert str(error) == f"{first.message}; {second.message}"


def test_rule_violation_needs_a_violation() -> None:
    with pytest.raises(ValueError, match="at least one"):
        RuleViolation([])


@given(st.sampled_from(LANGUAGES), st.sampled_from([str.lower, str.upper, str]), st.booleans())
def test_language_codes_match_case_and_hyphen_insensitively(
    code: str, case: type[str], hyphen: bool
) -> None:
    written = case(code)
    if hyphen:
        written = written.replace("_", "-")
    assert canonical_language(f" {written} ") == code


@pytest.mark.parametrize(
    "value", ["", "english", "klingon", "tlh", "xx_XX", "en_XX", "en_US_x", "e", "en_", "_US"]
)
def test_unknown_languages_are_none(value: str) -> None:
    assert canonical_language(value) is None


@pytest.mark.parametrize(
    ("value", "canonical"),
    [("en", "en"), ("EN", "en"), ("en_us", "en_US"), ("en-us", "en_US"), ("Fr-ca", "fr_CA")],
)
def test_both_forms_the_reference_allows_are_written_canonically(
    value: str, canonical: str
) -> None:
    assert canonical_language(value) == canonical
