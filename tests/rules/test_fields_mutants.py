"""Small rules whose words a partner or a caller reads: a blank required field, the exception a
backend raises for a list of violations, and a catalogue message missing a parameter. Expected
texts are written out from the catalogue (docs/errors.md). Added for the mutation run
(docs/testing.md)."""

from __future__ import annotations

import pytest

from bulk.rules import values
from bulk.rules.catalogue import CATALOGUE, ErrorType, MissingParameter, Severity, _markdown_row
from bulk.rules.fields import ADDRESS_LINE1, CUSTOMER_NAME, required_violation, text_violations
from bulk.rules.violations import RuleViolation


@pytest.mark.parametrize(
    ("field", "label"), [("city", "City"), ("address.city", "address.city"), ("email", "Email")]
)
def test_a_blank_required_field_names_its_label(field: str, label: str) -> None:
    blank = required_violation(field, label)
    assert (blank.code, blank.field, blank.message, blank.params) == (
        "cell-required",
        field,
        f"{label} is required.",
        {"column": label, "value": ""},
    )


def test_too_long_and_forbidden_character_carry_their_figures() -> None:
    (long,) = text_violations(ADDRESS_LINE1, "x" * 51, "address1", "Address Line 1")
    assert (long.message, long.params) == (
        "Address Line 1 is 51 characters long; the limit is 50.",
        {"column": "Address Line 1", "length": 51, "limit": 50, "value": "x" * 51},
    )
    (percent,) = text_violations(CUSTOMER_NAME, "100% Ltd", "name", "Name")
    assert (percent.field, percent.message, percent.params) == (
        "name",
        "Name must not contain '%'.",
        {"column": "Name", "character": "%", "value": "100% Ltd"},
    )


def test_a_rule_violation_needs_at_least_one_violation() -> None:
    with pytest.raises(ValueError, match=r"^RuleViolation needs at least one violation$"):
        RuleViolation([])


def test_a_missing_template_parameter_names_the_code_and_the_parameter() -> None:
    with pytest.raises(MissingParameter) as caught:
        CATALOGUE["cell-required"].message()
    assert (caught.value.code, caught.value.name) == ("cell-required", "column")
    assert caught.value.args == ("message 'cell-required' needs the parameter 'column'",)


PHONE_TAIL = ". Write it as +<country code><number>, e.g. +14085550100, formatted as text."
# (what the partner typed, why it is not E.164)
BAD_PHONES = [
    ("+10000000000", " (no such number for its country code)"),
    ("+1 217/555/01", " (it contains characters other than digits and separators)"),
    (
        "+1 217\u2013555\u20130100",
        " (it contains characters other than digits and separators; did you mean '+12175550100'?)",
    ),
    ("00442079460958", " (it starts with 00; write '+442079460958')"),
    ("001", " (it starts with 00; write '+1')"),
    ("00", " (it has no '+' and country code)"),
    ("2175550100", " (it has no '+' and country code)"),
    ("217-555-0100", " (it has no '+' and country code)"),
    ("(217) 555.0100", " (it has no '+' and country code)"),
    ("call me", ""),
    ("+", ""),
]


@pytest.mark.parametrize(("text", "reason"), BAD_PHONES)
def test_each_bad_phone_says_why_in_its_message(text: str, reason: str) -> None:
    value, problem = values.phone(text, "phoneNumber")
    assert value == text and problem is not None
    assert (problem.code, problem.field, problem.message, problem.params) == (
        "cell-invalid-phone",
        "phoneNumber",
        f"'{text}' is not a valid E.164 phone number{reason}{PHONE_TAIL}",
        {"value": text, "reason": reason},
    )


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("+1 (217) 555-0100", "+12175550100"),
        ("+44 20.7946.0958", "+442079460958"),
        ("+12175550100", "+12175550100"),
        ("217-555-0100", "217-555-0100"),  # no '+': left as typed, for the message to quote
        ("00 44 20 7946 0958", "00 44 20 7946 0958"),
    ],
)
def test_only_an_international_number_loses_its_separators(text: str, written: str) -> None:
    assert values.phone_text(text) == written


def test_a_pipe_in_a_catalogue_cell_is_escaped_for_markdown() -> None:
    entry = ErrorType("x-pipe", 2999, Severity.WARNING, 400, "A | B", "one|two", "{value}")
    assert _markdown_row(entry) == ("| `x-pipe` | warning | 2999 | 400 | A \\| B | one\\|two |")


@pytest.mark.parametrize(
    ("digits", "lost"),
    [
        ("14150000000", True),  # 11 digits, four zeros: 1.415E+10 dropped them
        ("141500000000", True),
        ("14151230000", True),
        ("1415000000", False),  # 10 digits: Excel shows them whole
        ("14150000001", False),
        ("14151230100", False),
        ("", False),
    ],
)
def test_digits_are_lost_from_eleven_digits_ending_in_four_zeros(digits: str, lost: bool) -> None:
    assert values.digits_lost(digits) is lost
