"""Cell readers: addresses, dates, extensions, choices, text hygiene, time zones, languages,
packages."""

from __future__ import annotations

import datetime as dt

import pytest

from bulk.checks.addresses import (
    POSTAL_FORMATS,
    StoredAsNumber,
    postal_violation,
    read_country,
    read_postal_code,
    state_violation,
)
from bulk.checks.choices import read_action, read_choice, read_yes_no
from bulk.checks.dates import read_date
from bulk.checks.extensions import read_extension
from bulk.checks.languages import read_language
from bulk.checks.packages import fold_package, read_packages
from bulk.checks.text import clean_text, read_text
from bulk.checks.timezones import read_timezone
from bulk.rules.deadline import SUPPORTED_COUNTRIES
from bulk.rules.violations import Violation
from bulk.schema import CUSTOMERS, LOCATIONS, SETUP_ASSIST, SUBSCRIBERS, Column


def codes(found: list[Violation]) -> list[str]:
    return [v.code for v in found]


def run(reader: object, value: object, column: Column) -> tuple[object, list[str], list[Violation]]:
    found: list[Violation] = []
    result = reader(value, column, found)  # type: ignore[operator]
    return result, codes(found), found


def test_every_deadline_country_has_a_postal_format() -> None:
    assert set(SUPPORTED_COUNTRIES) <= set(POSTAL_FORMATS)


@pytest.mark.parametrize(
    ("country", "good", "bad"),
    [
        ("US", "02134", "2134"),
        ("US", "94105-1234", "941051"),
        ("CA", "K1A 0B1", "K1A0B"),
        ("GB", "EC4M 7RB", "EC4M"),
        ("AU", "2000", "200"),
        ("DE", "10117", "1011"),
        ("NL", "1012 AB", "1012"),
        ("JP", "100-0001", "1000"),
        ("BR", "01310-100", "0131"),
        ("IN", "110001", "011000"),
    ],
)
def test_postal_formats(country: str, good: str, bad: str) -> None:
    assert postal_violation(good, country) is None
    violation = postal_violation(bad, country)
    assert violation is not None and violation.code == "cell-invalid-postal-code"


def test_postal_code_required_where_the_country_needs_it() -> None:
    assert postal_violation("", "GB") is not None
    assert postal_violation("", "DE") is None


def test_postal_code_that_lost_its_leading_zero_is_explained() -> None:
    value, found, _ = run(read_postal_code, 2134.0, CUSTOMERS.column("postal_code"))
    assert isinstance(value, StoredAsNumber) and value == "2134" and found == []
    violation = postal_violation(value, "US")
    assert violation is not None and "enter '02134'" in violation.message
    assert postal_violation(StoredAsNumber("94105"), "US") is None


def test_state_must_be_a_subdivision_code() -> None:
    assert state_violation("CA", "US") is None
    assert state_violation("US-CA", "US") is None
    assert state_violation("", "DE") is None
    missing = state_violation("", "AU")
    assert missing is not None and "required for AU" in missing.message
    named = state_violation("CALIFORNIA", "US")
    assert named is not None and "use its code 'CA'" in named.message
    assert state_violation("ZZ", "CA") is not None


def test_country_is_upper_cased_and_named_countries_get_a_hint() -> None:
    assert run(read_country, "us", CUSTOMERS.column("country"))[:2] == ("US", [])
    _, found, (violation,) = run(read_country, "Germany", CUSTOMERS.column("country"))
    assert found == ["cell-invalid-country"] and "use DE" in violation.message


def test_dates() -> None:
    column = SETUP_ASSIST.column("requested_completion_date")
    assert run(read_date, dt.date(2027, 6, 15), column)[:2] == (dt.date(2027, 6, 15), [])
    assert run(read_date, dt.datetime(2027, 6, 15, 0, 0), column)[0] == dt.date(2027, 6, 15)
    assert run(read_date, "2027-06-15", column)[:2] == (dt.date(2027, 6, 15), [])
    _, found, (text,) = run(read_date, "15/06/2027", column)
    assert found == ["cell-invalid-date"] and "day/month order" in text.message
    _, _, (serial,) = run(read_date, 46553.0, column)
    assert "2027-06-15" in serial.message
    _, _, (impossible,) = run(read_date, "2027-02-30", column)
    assert "no such day" in impossible.message


def test_extensions() -> None:
    column = SUBSCRIBERS.column("extension")
    assert run(read_extension, "0123", column)[:2] == ("0123", [])
    assert run(read_extension, 123.0, column)[:2] == ("123", ["cell-stored-as-number"])
    assert run(read_extension, "1", column)[1] == ["cell-invalid-extension"]
    assert run(read_extension, "12345678901", column)[1] == ["cell-invalid-extension"]
    assert run(read_extension, 12.5, column)[1] == ["cell-invalid-extension"]


def test_choices_and_actions() -> None:
    assert run(read_action, "Delete", SUBSCRIBERS.column("action"))[:2] == ("delete", [])
    assert run(read_action, "remove", SUBSCRIBERS.column("action"))[1] == ["cell-invalid-action"]
    channel = SETUP_ASSIST.column("channel")
    assert run(read_choice, "Form", channel)[:2] == ("form", [])
    assert run(read_choice, "email", channel)[1] == ["cell-invalid-choice"]
    flag = SETUP_ASSIST.column("network_check_done")
    assert run(read_yes_no, "Yes", flag)[:2] == (True, [])
    assert run(read_yes_no, False, flag)[:2] == (False, [])
    assert run(read_yes_no, "maybe", flag)[:2] == (None, ["cell-invalid-choice"])


@pytest.mark.parametrize(
    ("raw", "clean", "what"),
    [
        ("Ann", "Ann", None),
        ("Ann ", "Ann", "trailing spaces"),
        (" Ann", "Ann", "leading spaces"),
        ("Ann\u00a0", "Ann", "non-breaking spaces and trailing spaces"),
        ("Ann\u00a0Lee", "Ann Lee", "non-breaking spaces"),
        ("\u200bAnn", "Ann", "invisible zero-width characters"),
        ("Ann\tLee", "Ann Lee", "tabs or line breaks"),
    ],
)
def test_clean_text(raw: str, clean: str, what: str | None) -> None:
    assert clean_text(raw) == (clean, what)


def test_text_length_and_forbidden_character() -> None:
    name = CUSTOMERS.column("name")
    assert run(read_text, "Acme 100%", name)[1] == ["cell-forbidden-character"]
    assert run(read_text, "x" * 256, name)[1] == ["cell-too-long"]
    assert run(read_text, 1001.0, CUSTOMERS.column("external_id"))[0] == "1001"


def test_time_zones_and_languages() -> None:
    zone = LOCATIONS.column("timezone")
    assert run(read_timezone, "america/new_york", zone)[:2] == ("America/New_York", [])
    assert run(read_timezone, "Mars/Olympus", zone)[1] == ["cell-invalid-timezone"]
    language = LOCATIONS.column("language")
    assert run(read_language, "en-us", language)[:2] == ("en_US", [])
    assert run(read_language, "Klingon", language)[1] == ["cell-invalid-language"]


def test_packages_are_folded_and_checked() -> None:
    assert fold_package("Webex Calling") == "webex_calling"
    column = CUSTOMERS.column("packages")
    value, found, _ = run(read_packages, "Webex Calling; webex_meetings, webex_calling", column)
    assert value == ("webex_calling", "webex_meetings") and found == []
    assert run(read_packages, "cisco_calling_plan", column)[1] == ["package-dependency"]
    assert run(read_packages, "webex_fax", column)[1] == ["cell-invalid-package"]
