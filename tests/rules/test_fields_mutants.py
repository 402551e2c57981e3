"""Small rules whose words a partner or a caller reads: a blank required field, the exception a
backend raises for a list of violations, and a catalogue message missing a parameter. Expected
texts are written out from the catalogue (docs/errors.md). Added for the mutation run
(docs/testing.md)."""

from __future__ import annotations

import pytest

from bulk.rules import values
from bulk.rules.catalogue import CATALOGUE, ErrorType, MissingParameter, Severity, _markdown_row
from bulk.rules.fields import ADDRESS_LINE1, CUSTOMER_NAME, required_violation, text_violations
from bulk.rules.packages import subscriber_package_violations
from bulk.rules.repairs import Fix, FixKind
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
    ("00 44 20 7946 0958", " (it starts with 00; write '+442079460958')"),
    ("0044-20-7946-0958", " (it starts with 00; write '+442079460958')"),
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


COUNTRY_TAIL = "' is not an ISO 3166-1 alpha-2 country code (such as US, GB, DE)"
# (typed, read as, the hint after the examples, the certain fix or None)
TO_DE = Fix("DE", FixKind.CERTAIN, "the ISO 3166-1 code of Germany")
COUNTRIES = [
    ("us", "US", None, None),
    ("Gb", "GB", None, None),
    ("Germany", None, "; for Germany use DE", TO_DE),
    ("DEU", None, "; for Germany use DE", TO_DE),
    ("UK", None, "", None),
    ("Atlantis", None, "", None),
]  # fmt: skip


@pytest.mark.parametrize(("text", "code", "hint", "fix"), COUNTRIES)
def test_a_country_is_an_alpha_2_code_and_a_name_gets_its_code(
    text: str, code: str | None, hint: str | None, fix: Fix | None
) -> None:
    value, problem = values.country(text, "address.country")
    if code is not None:
        assert (value, problem) == (code, None)
        return
    assert value == text and problem is not None
    assert (problem.code, problem.field, problem.message, problem.params, problem.fix) == (
        "cell-invalid-country",
        "address.country",
        f"'{text}{COUNTRY_TAIL}{hint}.",
        {"value": text, "reason": hint},
        fix,
    )


LANGUAGE_TAIL = (
    "' is not a language code; write an ISO 639-1 code, optionally with a country (such as en, "
    "en_US, fr_CA)."
)
LANGUAGES = [
    ("EN", "en", None),
    ("en-us", "en_US", None),
    (" fr_ca ", "fr_CA", None),
    ("German", None, Fix("de", FixKind.CERTAIN, "the ISO 639-1 code of 'German'")),
    (" deu ", None, Fix("de", FixKind.CERTAIN, "the ISO 639-1 code of 'deu'")),
    ("en_XX", None, None),
    ("en_US_x", None, None),
    ("Klingon", None, None),
]


@pytest.mark.parametrize(("text", "code", "fix"), LANGUAGES)
def test_a_language_is_a_code_and_a_name_gets_its_code(
    text: str, code: str | None, fix: Fix | None
) -> None:
    value, problem = values.language(text, "language")
    if code is not None:
        assert (value, problem) == (code, None)
        return
    assert value == text and problem is not None
    assert (problem.code, problem.field, problem.message, problem.params, problem.fix) == (
        "cell-invalid-language",
        "language",
        f"'{text}{LANGUAGE_TAIL}",
        {"value": text, "example": "en, en_US, fr_CA"},
        fix,
    )


@pytest.mark.parametrize(
    ("text", "zone"),
    [
        ("america/new_york", "America/New_York"),
        ("America/New York", "America/New_York"),
        ("utc", "UTC"),
        ("Mars/Olympus", None),
        ("EST5EDT ", None),
    ],
)
def test_a_time_zone_is_an_iana_name_in_its_canonical_spelling(text: str, zone: str | None) -> None:
    value, problem = values.timezone(text, "timeZone")
    if zone is not None:
        assert (value, problem) == (zone, None)
        return
    assert value == text and problem is not None
    assert (problem.code, problem.field, problem.message, problem.params) == (
        "cell-invalid-timezone",
        "timeZone",
        f"'{text}' is not an IANA time zone (such as America/New_York, Europe/London).",
        {"value": text},
    )


def test_a_subscriber_package_the_customer_lacks_or_cannot_pass_on_is_named() -> None:
    (only,) = subscriber_package_violations(
        "common_area_calling", ["common_area_calling"], has_location=True, has_number=True
    )
    assert (only.code, only.field, only.message) == (
        "package-not-for-subscriber",
        "package",
        "'common_area_calling' is a customer-only package and cannot be assigned to a subscriber.",
    )
    (missing,) = subscriber_package_violations(
        "webex_meetings", [], has_location=True, has_number=True
    )
    assert missing.message == "'webex_meetings' is not one of customer '' packages (none)."
