"""The cell checks' messages, word for word: what a partner reads for each way a cell can go
wrong, with the violation's field and parameters. Expected texts are written out here from the
catalogue's wording (docs/errors.md), never read back from the check. Added for the mutation
run (docs/testing.md), where only the codes were asserted before."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bulk.checks.addresses import StoredAsNumber, read_country, read_postal_code, read_state
from bulk.checks.base import CheckContext
from bulk.checks.choices import read_action, read_choice, read_yes_no
from bulk.checks.dates import read_date
from bulk.checks.duplicates import DuplicateCheck
from bulk.checks.emails import read_email
from bulk.checks.formula_like import formula_like_violation, hidden_characters
from bulk.checks.languages import read_language
from bulk.checks.packages import read_package
from bulk.checks.text import clean_text
from bulk.checks.timezones import read_timezone
from bulk.rules.repairs import Fix, FixKind
from bulk.rules.violations import Violation
from bulk.schema import CUSTOMERS, LOCATIONS, SETUP_ASSIST, SUBSCRIBERS, Column
from bulk.workbook.rows import CustomerRow, LocationRow, SubscriberRow

CHANNEL = SETUP_ASSIST.column("channel")
NETWORK_CHECK = SETUP_ASSIST.column("network_check_done")
ACTION = CUSTOMERS.column("action")


def read(reader: Any, raw: Any, column: Column) -> tuple[Any, list[tuple[str, str | None, str]]]:
    """What ``reader`` returns for ``raw`` and the (code, field, message) of each violation."""
    found: list[Violation] = []
    value = reader(raw, column, found)
    return value, [(v.code, v.field, v.message) for v in found]


@pytest.mark.parametrize(
    ("raw", "value"),
    [("create", "create"), ("Update", "update"), ("DELETE", "delete")],
)
def test_an_action_is_read_in_lower_case(raw: str, value: str) -> None:
    assert read(read_action, raw, ACTION) == (value, [])


@pytest.mark.parametrize("raw", ["Remove", "add", "create!"])
def test_an_unknown_action_names_itself_and_the_three_actions(raw: str) -> None:
    message = f"'{raw}' is not an action; use create, update or delete (blank = create)."
    assert read(read_action, raw, ACTION) == (
        raw.lower(),
        [("cell-invalid-action", "action", message)],
    )


@pytest.mark.parametrize(
    ("raw", "value"),
    [("api", "api"), ("Form", "form"), ("HELPDESK", "helpdesk")],
)
def test_a_channel_is_read_in_lower_case(raw: str, value: str) -> None:
    assert read(read_choice, raw, CHANNEL) == (value, [])


@pytest.mark.parametrize("raw", ["Email", "phone", "FAX"])
def test_an_unknown_channel_lists_the_column_and_its_choices(raw: str) -> None:
    message = f"'{raw}' is not allowed in Channel; choose one of: api, form, helpdesk."
    assert read(read_choice, raw, CHANNEL) == (
        raw.lower(),
        [("cell-invalid-choice", "channel", message)],
    )


@pytest.mark.parametrize(
    ("raw", "answer"),
    [("Yes", True), ("no", False), ("YES", True), (True, True), (False, False)],
)
def test_yes_and_no_are_read_as_booleans(raw: Any, answer: bool) -> None:
    assert read(read_yes_no, raw, NETWORK_CHECK) == (answer, [])


@pytest.mark.parametrize("raw", ["maybe", "y", 1])
def test_anything_else_than_yes_or_no_is_not_an_answer(raw: Any) -> None:
    message = f"'{raw}' is not allowed in Network Check Done; choose one of: yes, no."
    assert read(read_yes_no, raw, NETWORK_CHECK) == (
        None,
        [("cell-invalid-choice", "network_check_done", message)],
    )


COMPLETION = SETUP_ASSIST.column("requested_completion_date")
DATE_TAIL = "; enter a date such as 2026-12-15 in a date-formatted cell."
AS_SERIAL = (
    " (it is stored as a plain number; as an Excel date it would be {0}, so format the cell as a "
    "date)"
)
NOT_A_DATE_NUMBER = " (it is a number, not a date)"
AMBIGUOUS = (
    " (it was typed as text that Excel did not recognise as a date, and day/month order is "
    "ambiguous)"
)
NOT_A_DATE_TEXT = " (it is text, not a date)"

# Excel's serial 1 is 1899-12-31, 45658 is 2025-01-01 and 2958465 is 9999-12-31, its last date.
BAD_DATES: list[tuple[Any, str, str]] = [
    (1, "1", AS_SERIAL.format("1899-12-31")),
    (45658, "45658", AS_SERIAL.format("2025-01-01")),
    (45658.0, "45658", AS_SERIAL.format("2025-01-01")),
    (2958465, "2958465", AS_SERIAL.format("9999-12-31")),
    (2958466, "2958466", NOT_A_DATE_NUMBER),
    (0, "0", NOT_A_DATE_NUMBER),
    (-3, "-3", NOT_A_DATE_NUMBER),
    (45658.5, "45658.5", NOT_A_DATE_NUMBER),
    ("15/06/2027", "15/06/2027", AMBIGUOUS),
    ("1.2.27", "1.2.27", AMBIGUOUS),
    ("6-15-2027", "6-15-2027", AMBIGUOUS),
    ("15/06/2", "15/06/2", NOT_A_DATE_TEXT),
    ("15/06/20271", "15/06/20271", NOT_A_DATE_TEXT),
    ("115/06/2027", "115/06/2027", NOT_A_DATE_TEXT),
    ("15 June 2027", "15 June 2027", NOT_A_DATE_TEXT),
    (True, "TRUE", NOT_A_DATE_TEXT),
    ("2027-02-30", "2027-02-30", " (there is no such day)"),
    ("2027-13-01", "2027-13-01", " (there is no such day)"),
    ("2027-06-15 09:30", "2027-06-15 09:30", NOT_A_DATE_TEXT),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "shown", "reason"), BAD_DATES)
def test_each_bad_date_says_what_it_was_read_as(raw: Any, shown: str, reason: str) -> None:
    message = f"'{shown}' is not a date{reason}{DATE_TAIL}"
    assert read(read_date, raw, COMPLETION) == (
        None,
        [("cell-invalid-date", "requested_completion_date", message)],
    )


@pytest.mark.parametrize(
    "raw",
    [
        dt.date(2027, 6, 15),
        dt.datetime(2027, 6, 15, 13, 45),
        "2027-06-15",
        "2027-06-15 00:00",
        "2027-06-15T00:00",
        "2027-06-15 00:00:00",
    ],
)
def test_a_date_iso_text_or_a_date_at_midnight_is_read_as_the_day(raw: Any) -> None:
    assert read(read_date, raw, COMPLETION) == (dt.date(2027, 6, 15), [])


FORMULA_TAIL = (
    ". The API accepts it and the toolkit's files show it as text; check that it is what you meant."
)
EFFECTS = [
    ("=SUM(A1:A3)", "calculate it as a formula"),
    ("+1 (555) ext", "calculate it as a formula"),
    ("-x", "calculate it as a formula"),
    ("@HYPERLINK", "run it as a function call"),
    ("\t=1", "drop the leading tab and may calculate the rest as a formula"),
    ("\rcmd", "drop the leading carriage return and may calculate the rest as a formula"),
]


@pytest.mark.parametrize(("text", "effect"), EFFECTS)
def test_formula_like_text_says_what_a_spreadsheet_would_do(text: str, effect: str) -> None:
    column = CUSTOMERS.column("name")
    warning = formula_like_violation(text, column)
    assert (warning.code, warning.field, warning.message, warning.params) == (
        "cell-formula-like",
        "name",
        f"Customer Name holds '{text}': a spreadsheet would {effect}{FORMULA_TAIL}",
        {"column": "Customer Name", "value": text, "effect": effect},
    )


CONTACT_EMAIL = SETUP_ASSIST.column("contact_email")
STATE = CUSTOMERS.column("state")
POSTAL_CODE = CUSTOMERS.column("postal_code")


def test_a_too_long_email_is_refused_for_its_length_and_its_form() -> None:
    address = "a" * 250 + "@b.co"  # 255 characters, one past the limit of 254
    value, found = read(read_email, address, CONTACT_EMAIL)
    assert value == address
    assert [code for code, _, _ in found] == ["cell-too-long", "cell-invalid-email"]
    assert found[0] == (
        "cell-too-long",
        "contact_email",
        "Contact Email is 255 characters long; the limit is 254.",
    )


def test_an_invalid_email_gives_email_validators_reason() -> None:
    value, found = read(read_email, "ann.example.com", CONTACT_EMAIL)
    assert value == "ann.example.com"
    assert found == [
        (
            "cell-invalid-email",
            "contact_email",
            "'ann.example.com' is not a valid email address: An email address must have an @-sign.",
        )
    ]


@pytest.mark.parametrize(("raw", "state"), [("tx", "TX"), ("Nsw", "NSW"), ("on", "ON"), ("", "")])
def test_a_state_is_read_in_upper_case(raw: str, state: str) -> None:
    assert read(read_state, raw, STATE) == (state, [])


def test_a_too_long_state_is_refused() -> None:
    value, found = read(read_state, "x" * 51, STATE)
    assert value == "X" * 51
    assert found == [
        ("cell-too-long", "state", "State/Province is 51 characters long; the limit is 50.")
    ]


@pytest.mark.parametrize("raw", ["02134", "K1A 0B1", "TRUE", ""])
def test_a_postal_code_typed_as_text_stays_plain_text(raw: str) -> None:
    value, found = read(read_postal_code, raw, POSTAL_CODE)
    assert (value, type(value), found) == (raw, str, [])


@pytest.mark.parametrize(("raw", "text"), [(2134, "2134"), (2134.0, "2134"), (94105, "94105")])
def test_a_postal_code_stored_as_a_number_is_marked(raw: float, text: str) -> None:
    value, found = read(read_postal_code, raw, POSTAL_CODE)
    assert (value, type(value), found) == (text, StoredAsNumber, [])


def test_a_yes_cell_holding_true_is_a_postal_code_of_text() -> None:
    value, found = read(read_postal_code, True, POSTAL_CODE)
    assert (value, type(value), found) == ("TRUE", str, [])


def test_a_too_long_postal_code_is_refused() -> None:
    value, found = read(read_postal_code, "1" * 21, POSTAL_CODE)
    assert value == "1" * 21
    assert found == [
        ("cell-too-long", "postal_code", "Postal Code is 21 characters long; the limit is 20.")
    ]


PACKAGE = SUBSCRIBERS.column("package")


@pytest.mark.parametrize(
    ("raw", "package"),
    [
        ("webex_calling", "webex_calling"),
        ("Webex Calling", "webex_calling"),
        ("  webex-suite ", "webex_suite"),
        ("WEBEX  MEETINGS", "webex_meetings"),
        (42, "42"),
    ],
)
def test_a_subscriber_package_is_read_in_the_apis_spelling(raw: Any, package: str) -> None:
    assert read(read_package, raw, PACKAGE) == (package, [])


def test_the_context_knows_which_template_columns_each_sheet_has() -> None:
    context = CheckContext(
        as_of=dt.date(2027, 6, 1),
        partner=None,
        pricebook=None,
        present_columns={"Customers": frozenset({"external_id", "name"})},
    )
    assert context.has_column("Customers", "name")
    assert not context.has_column("Customers", "packages")
    assert not context.has_column("Locations", "name")  # a sheet the workbook lacks


def _duplicates(*rows: tuple[str, Any]) -> list[tuple[str, int, str, str | None, str]]:
    check = DuplicateCheck()
    return [
        (f.sheet, f.row, f.violation.code, f.violation.field, f.violation.message)
        for sheet, row in rows
        for f in check.row(sheet, row)
    ]


def test_a_repeated_key_names_the_column_the_value_and_the_first_row() -> None:
    assert _duplicates(
        ("Customers", CustomerRow(2, "ACME-1")),
        ("Customers", CustomerRow(3, "ACME-2")),
        ("Customers", CustomerRow(4, "ACME-1")),
        ("Locations", LocationRow(2, "ACME-1", "Head Office")),
        ("Locations", LocationRow(3, "ACME-2", "Head Office")),  # another customer's
        ("Locations", LocationRow(5, "ACME-1", "head office")),
    ) == [
        ("Customers", 4, "row-duplicate-key", "external_id",
         "External ID 'ACME-1' is already used on row 2."),
        ("Locations", 5, "row-duplicate-key", "name",
         "Location Name 'head office' is already used on row 2."),
    ]  # fmt: skip


def test_a_repeated_subscriber_email_phone_or_extension_names_the_first_row() -> None:
    first = SubscriberRow(2, "ACME-1", "ann@example.com", location_name="HQ",
                          phone_number="+12175550100", extension="101")  # fmt: skip
    again = SubscriberRow(7, "ACME-1", "Ann@Example.com", location_name="hq",
                          phone_number="+12175550100", extension="101")  # fmt: skip
    elsewhere = SubscriberRow(8, "ACME-1", "bob@example.com", location_name="Branch",
                              extension="101")  # fmt: skip
    assert _duplicates(
        ("Subscribers", first), ("Subscribers", again), ("Subscribers", elsewhere)
    ) == [
        ("Subscribers", 7, "row-duplicate-email", "email",
         "Email 'Ann@Example.com' is already used on row 2."),
        ("Subscribers", 7, "row-duplicate-phone", "phone_number",
         "Phone number '+12175550100' is already used on row 2."),
        ("Subscribers", 7, "row-duplicate-extension", "extension",
         "Extension '101' is already used at location 'hq' on row 2."),
    ]  # fmt: skip


# (the cell's text, as read, what the hidden-spaces warning says was removed)
HIDDEN_SPACES = [
    ("A\u202fB", "A B", "non-breaking spaces"),
    ("A\u2007B", "A B", "non-breaking spaces"),
    ("A\u2009B", "A B", "thin spaces"),  # was changed without a word before the mutation run
    ("A\ufeff", "A", "invisible zero-width characters"),
    ("A\u200bB", "AB", "invisible zero-width characters"),
    ("A\rB", "A B", "tabs or line breaks"),
    ("A\nB", "A B", "tabs or line breaks"),
    ("\u00a0A\u200b\t", "A", "non-breaking spaces and invisible zero-width characters and tabs "
     "or line breaks and leading spaces and trailing spaces"),
    ("  A  B  ", "A  B", "leading spaces and trailing spaces"),
    ("X\u00a0Y", "X Y", "non-breaking spaces"),
    ("Xavier ", "Xavier", "trailing spaces"),
    ("A\u3000", "A\u3000", None),  # an ideographic space is not one of the hidden ones
    ("A\x0b", "A\x0b", None),
    ("A B", "A B", None),
    ("", "", None),
    ("A\u00a0\u2007\u202f\u2009\u200b\ufeff\t\r\nB", "A       B", "non-breaking spaces and "
     "thin spaces and invisible zero-width characters and tabs or line breaks"),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "text", "what"), HIDDEN_SPACES)
def test_hidden_spaces_are_removed_and_named(raw: str, text: str, what: str | None) -> None:
    assert clean_text(raw) == (text, what)


def test_hidden_characters_of_a_cell_are_named_with_its_header() -> None:
    (warning,) = hidden_characters("Ann\u202eLee", CUSTOMERS.column("name"))
    assert (warning.field, warning.message) == (
        "name",
        "Customer Name holds U+202E RIGHT-TO-LEFT OVERRIDE at character 4; remove it unless it "
        "is meant to be there.",
    )


LOCATIONS_LANGUAGE = LOCATIONS.column("language")
TIMEZONE = LOCATIONS.column("timezone")
COUNTRY = LOCATIONS.column("country")


def test_a_language_cell_is_read_canonically_or_refused_with_its_fix() -> None:
    assert read(read_language, "EN-gb", LOCATIONS_LANGUAGE) == ("en_GB", [])
    found: list[Violation] = []
    assert read_language("French", LOCATIONS_LANGUAGE, found) == "French"
    assert [(v.code, v.field, v.message, v.fix) for v in found] == [
        (
            "cell-invalid-language",
            "language",
            "'French' is not a language code; write an ISO 639-1 code, optionally with a country "
            "(such as en, en_US, fr_CA).",
            Fix("fr", FixKind.CERTAIN, "the ISO 639-1 code of 'French'"),
        )
    ]


def test_a_time_zone_cell_is_read_canonically_or_refused() -> None:
    assert read(read_timezone, "europe/london", TIMEZONE) == ("Europe/London", [])
    assert read(read_timezone, "GMT+25", TIMEZONE) == (
        "GMT+25",
        [
            (
                "cell-invalid-timezone",
                "timezone",
                "'GMT+25' is not an IANA time zone (such as America/New_York, Europe/London).",
            )
        ],
    )


def test_a_country_cell_is_read_in_upper_case_or_refused_with_its_fix() -> None:
    assert read(read_country, "fr", COUNTRY) == ("FR", [])
    found: list[Violation] = []
    assert read_country("France", COUNTRY, found) == "France"
    assert [(v.code, v.field, v.message, v.fix) for v in found] == [
        (
            "cell-invalid-country",
            "country",
            "'France' is not an ISO 3166-1 alpha-2 country code (such as US, GB, DE); for France "
            "use FR.",
            Fix("FR", FixKind.CERTAIN, "the ISO 3166-1 code of France"),
        )
    ]
