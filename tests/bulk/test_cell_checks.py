"""Cell readers: addresses, dates, extensions, choices, text hygiene, time zones, languages,
packages."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from bulk.checks.addresses import (
    POSTAL_FORMATS,
    StoredAsNumber,
    postal_violation,
    read_country,
    read_postal_code,
    state_violation,
)
from bulk.checks.assist import AssistCheck, AssistLine
from bulk.checks.base import CheckContext, RowCheck
from bulk.checks.choices import read_action, read_choice, read_yes_no
from bulk.checks.customers import CustomerInfoCheck
from bulk.checks.dates import read_date
from bulk.checks.duplicates import DuplicateCheck
from bulk.checks.extensions import read_extension
from bulk.checks.formula_like import FormulaLikeCheck
from bulk.checks.languages import read_language
from bulk.checks.packages import PackageCheck, fold_package, read_packages
from bulk.checks.references import ReferenceCheck
from bulk.checks.row_countries import RowCountries
from bulk.checks.text import clean_text, read_text
from bulk.checks.timezones import read_timezone
from bulk.partner import PartnerProfile
from bulk.rules.assist import Readiness
from bulk.rules.deadline import SUPPORTED_COUNTRIES
from bulk.rules.money import PRICE_BOOK_KEYS, PriceBook
from bulk.rules.repairs import Fix, FixKind
from bulk.rules.violations import Violation
from bulk.schema import CUSTOMERS, LOCATIONS, SETUP_ASSIST, SUBSCRIBERS, Column
from bulk.workbook.rows import AssistRow, CustomerRow, LocationRow, SubscriberRow


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


# Row checks word for word (added for the mutation run, docs/testing.md): the findings a partner
# reads for customers, references and Setup Assist rows, with the field each is placed on.
SUBMITTED = dt.date(2027, 6, 1)  # a Tuesday; six US business days later is Wednesday 9 June


def _findings(check: RowCheck, context: CheckContext, *rows: tuple[str, object]) -> list[object]:
    check.start(context)
    return [
        (f.sheet, f.row, f.violation.code, f.violation.field, f.violation.message)
        for sheet, row in rows
        for f in check.row(sheet, row)  # type: ignore[arg-type]
    ]


def _context(partner: PartnerProfile | None = None) -> CheckContext:
    read = {"Customers", "Locations", "Subscribers", "Setup Assist"}
    return CheckContext(SUBMITTED, partner, None, sheets_read=read)


def test_a_new_customer_without_name_or_email_is_told_both() -> None:
    assert _findings(
        CustomerInfoCheck(),
        _context(),
        ("Customers", CustomerRow(2, "C1")),
        ("Customers", CustomerRow(3, "C2", action="update")),
        ("Customers", CustomerRow(4, "C3", existing_org_id="org-1")),
        ("Customers", CustomerRow(5, "C4", name="Acme", primary_email="it@acme.example")),
    ) == [
        ("Customers", 2, "customer-info-required", "name",
         "Customer Name is required unless Existing Org ID is given."),
        ("Customers", 2, "customer-info-required", "primary_email",
         "Primary Email is required unless Existing Org ID is given."),
    ]  # fmt: skip


def test_a_missing_customer_name_carries_its_column_and_a_blank_value() -> None:
    check = CustomerInfoCheck()
    (name, _) = check.row("Customers", CustomerRow(2, "C1"))
    assert name.violation.params == {"column": "Customer Name", "value": ""}


def test_a_reference_to_an_unknown_customer_or_location_names_it() -> None:
    assert _findings(
        ReferenceCheck(),
        _context(),
        ("Customers", CustomerRow(2, "C1")),
        ("Locations", LocationRow(2, "C1", "HQ")),
        ("Locations", LocationRow(3, "CX", "Depot")),
        ("Subscribers", SubscriberRow(2, "C1", "a@acme.example", location_name="hq")),
        ("Subscribers", SubscriberRow(3, "C1", "b@acme.example", location_name="Branch")),
        ("Setup Assist", AssistRow(2, "C1", "Branch")),
    ) == [
        ("Locations", 3, "ref-unknown-customer", "customer_external_id",
         "Customer 'CX' is not on the Customers sheet."),
        ("Subscribers", 3, "ref-unknown-location", "location_name",
         "Location 'Branch' is not on the Locations sheet for customer 'C1'."),
        ("Setup Assist", 2, "ref-unknown-location", "location_name",
         "Location 'Branch' is not on the Locations sheet for customer 'C1'."),
    ]  # fmt: skip


def test_no_reference_is_reported_into_a_sheet_the_workbook_lacks() -> None:
    context = CheckContext(SUBMITTED, None, None, sheets_read={"Subscribers"})
    rows = [("Subscribers", SubscriberRow(2, "CX", "a@acme.example", location_name="HQ"))]
    assert _findings(ReferenceCheck(), context, *rows) == []


def _assist_rows() -> list[tuple[str, object]]:
    return [
        ("Locations", LocationRow(2, "C1", "HQ", state="TX", country="US")),
        ("Locations", LocationRow(3, "C1", "Empty", country="US")),
        *[("Subscribers", SubscriberRow(r, "C1", f"u{r}@acme.example", location_name="hq"))
          for r in (2, 3, 4)],
        ("Subscribers", SubscriberRow(5, "C1", "gone@acme.example", action="delete",
                                      location_name="HQ")),
        ("Setup Assist", AssistRow(2, "C1", "HQ", dt.date(2027, 6, 8), network_check_done=True)),
        ("Setup Assist", AssistRow(3, "C1", "hq", dt.date(2027, 6, 9))),
        ("Setup Assist", AssistRow(4, "C1", "Empty", dt.date(2027, 5, 31),
                                   network_check_done=True)),
    ]  # fmt: skip


def test_setup_assist_rows_are_checked_and_priced_by_their_seats() -> None:
    check = AssistCheck()
    assert _findings(check, _context(), *_assist_rows()) == [
        ("Setup Assist", 2, "assist-deadline", "requested_completion_date",
         "Requested completion 2027-06-08 is less than six business days after 2027-06-01; the "
         "earliest acceptable date is 2027-06-09."),
        ("Setup Assist", 3, "assist-duplicate", "location_name",
         "Location 'hq' already has a Setup Assist request on row 2."),
        ("Setup Assist", 3, "assist-network-check", "network_check_done",
         "Network check is not marked done for location 'hq'; ask the customer to run the "
         "connectivity check."),
        ("Setup Assist", 4, "assist-no-seats", "location_name",
         "Location 'Empty' has no subscribers, so there are no seats to set up."),
        ("Setup Assist", 4, "assist-date-past", "requested_completion_date",
         "Requested completion 2027-05-31 is in the past (submission date 2027-06-01)."),
    ]  # fmt: skip
    assert check.lines == [
        AssistLine(2, "C1", "HQ", 3, "EXPRESS", 1, dt.date(2027, 6, 9), None, "")
    ]
    assert (check.seats("C1", "HQ"), check.seats("C1", "Empty")) == (3, 0)


def test_a_partner_not_entitled_nor_ready_is_told_on_every_request() -> None:
    partner = PartnerProfile("Acme Telecom", "USD", Decimal(0), False, Readiness(True, False, True))
    rows = [r for r in _assist_rows() if not isinstance(r[1], AssistRow)]
    rows.append(
        ("Setup Assist", AssistRow(2, "C1", "HQ", dt.date(2027, 6, 9), network_check_done=True))
    )
    assert _findings(AssistCheck(), _context(partner), *rows) == [
        ("Setup Assist", 2, "assist-not-entitled", "customer_external_id",
         "Partner Acme Telecom has not ordered the A-Wholesale SKU; order it once (quantity 1) "
         "before requesting Setup Assist."),
        ("Setup Assist", 2, "assist-partner-not-ready", "customer_external_id",
         "Partner onboarding is not complete: third-party hosting requirements not done."),
    ]  # fmt: skip


def test_subscriber_packages_are_checked_against_their_customer_and_calling_needs() -> None:
    check = PackageCheck()
    rows: list[tuple[str, object]] = [
        ("Customers", CustomerRow(2, "C1", packages=("webex_calling", "webex_meetings"))),
        ("Customers", CustomerRow(3, "C2", packages=("webex_meetings",))),
        ("Customers", CustomerRow(4, "C3", packages=("webex_calling",), existing_org_id="org")),
        ("Customers", CustomerRow(5, "C4", action="update", packages=("webex_calling",))),
        ("Customers", CustomerRow(6, "C5", packages=("webex_suite",))),
        ("Locations", LocationRow(2, "C5", "HQ")),
        ("Subscribers", SubscriberRow(2, "C2", "a@acme.example", package="webex_calling",
                                      location_name="HQ", extension="101")),
        ("Subscribers", SubscriberRow(3, "C1", "b@acme.example", package="webex_calling")),
        ("Subscribers", SubscriberRow(4, "CX", "c@acme.example", package="webex_meetings")),
        ("Subscribers", SubscriberRow(5, "C2", "d@acme.example")),  # no package: nothing to check
    ]  # fmt: skip
    assert _findings(check, _context(), *rows) == [
        ("Subscribers", 2, "package-not-on-customer", "package",
         "'webex_calling' is not one of customer 'C2' packages (webex_meetings)."),
        ("Subscribers", 3, "calling-location-required", "location_name",
         "Package 'webex_calling' needs a Location Name."),
        ("Subscribers", 3, "calling-number-required", "phone_number",
         "Package 'webex_calling' needs a phone number or an extension."),
    ]  # fmt: skip
    assert [(f.sheet, f.row, f.violation.field, f.violation.message) for f in check.end()] == [
        ("Customers", 2, "packages", "Customer 'C1' has a calling package but no location on the "
         "Locations sheet; add its calling location there."),
    ]  # fmt: skip
    (only,) = check.end()
    assert only.violation.params["value"] == "webex_calling, webex_meetings"


def test_no_calling_location_is_asked_for_when_the_locations_sheet_is_missing() -> None:
    check = PackageCheck()
    context = CheckContext(SUBMITTED, None, None, sheets_read={"Customers"})
    _findings(check, context, ("Customers", CustomerRow(2, "C1", packages=("webex_calling",))))
    assert list(check.end()) == []


def test_a_date_fix_reads_the_rows_country_its_location_first() -> None:
    countries = RowCountries()
    _findings(
        countries,
        _context(),
        ("Customers", CustomerRow(2, "C1", country="US")),
        ("Customers", CustomerRow(3, "C2", country="XX")),
        ("Locations", LocationRow(2, "C1", "HQ", country="GB")),
        ("Locations", LocationRow(3, "C1", "Depot", country="ZZ")),
    )
    typed = Violation.of(
        "cell-invalid-date", "requested_completion_date", value="05/06/2027", reason=""
    )

    def fix_at(row: AssistRow, violation: Violation = typed) -> Fix | None:
        return countries.repaired(violation, row).fix

    assert fix_at(AssistRow(2, "C1", "hq")) == Fix(
        "2027-06-05", FixKind.LIKELY, "GB writes the day first"
    )
    assert fix_at(AssistRow(3, "C1", "Depot")) == Fix(
        "2027-05-06", FixKind.LIKELY, "US writes the month first"
    )
    assert fix_at(AssistRow(4, "C2", "")) is None  # no valid country: no order to prefer
    given = typed.repaired(Fix("2027-06-05", FixKind.CERTAIN, "typed by the partner"))
    assert fix_at(AssistRow(2, "C1", "HQ"), given) == given.fix
    email = Violation.of("cell-invalid-email", "email", value="05/06/2027", reason="no @")
    assert fix_at(AssistRow(2, "C1", "HQ"), email) is None


def test_a_requests_deadline_and_line_count_its_locations_state_holidays() -> None:
    # 6 January is Epiphany in Bavaria: six business days after Monday 4 January 2027 are the
    # 12th in Germany as a whole and the 13th in Bavaria.
    check = AssistCheck()
    book = PriceBook.from_mapping(
        {
            "currency": "EUR",
            "note": "made up for a test",
            "list_prices": {
                **dict.fromkeys(PRICE_BOOK_KEYS, "10.00"),
                "EXPRESS": "249.00",
                "STANDARD": "45.50",
            },
        }
    )
    partner = PartnerProfile("Acme", "EUR", Decimal("0.2"), True, Readiness(True, True, True))
    context = CheckContext(dt.date(2027, 1, 4), partner, book, sheets_read={"Locations"})
    rows = [
        ("Locations", LocationRow(2, "C1", "Munich", state="BY", country="DE")),
        ("Subscribers", SubscriberRow(2, "C1", "a@acme.example", location_name="Munich")),
        ("Setup Assist", AssistRow(2, "C1", "Munich", dt.date(2027, 1, 12),
                                   network_check_done=True)),
        ("Setup Assist", AssistRow(3, "C1", "", network_check_done=True)),
        ("Setup Assist", AssistRow(4, "C1", "", network_check_done=True)),
    ]  # fmt: skip
    assert _findings(check, context, *rows) == [
        ("Setup Assist", 2, "assist-deadline", "requested_completion_date",
         "Requested completion 2027-01-12 is less than six business days after 2027-01-04; the "
         "earliest acceptable date is 2027-01-13."),
    ]  # fmt: skip
    # 249.00 less the partner's 20 % is 199.20, once for an Express location.
    assert check.lines == [
        AssistLine(
            2, "C1", "Munich", 1, "EXPRESS", 1, dt.date(2027, 1, 13), Decimal("199.20"), "EUR"
        )
    ]


def test_formula_like_text_of_a_row_is_warned_per_value() -> None:
    check = FormulaLikeCheck()
    row = CustomerRow(2, "=HYPERLINK(1)", name="+Acme", city="-12.50")
    assert _findings(check, _context(), ("Customers", row)) == [
        ("Customers", 2, "cell-formula-like", "external_id",
         "External ID holds '=HYPERLINK(1)': a spreadsheet would calculate it as a formula. The "
         "API accepts it and the toolkit's files show it as text; check that it is what you "
         "meant."),
        ("Customers", 2, "cell-formula-like", "name",
         "Customer Name holds '+Acme': a spreadsheet would calculate it as a formula. The API "
         "accepts it and the toolkit's files show it as text; check that it is what you meant."),
    ]  # fmt: skip


def test_emails_differing_only_in_case_are_duplicates_beyond_ascii_too() -> None:
    """``ß`` is lower case, yet folds to ``ss``: it must not skip the folding."""
    check = DuplicateCheck()
    found = [
        f.violation.message
        for row in (
            SubscriberRow(2, "C1", "Straße@example.de"),
            SubscriberRow(3, "C1", "straße@example.de"),
            CustomerRow(4, "", name="No key"),  # no External ID: no key to repeat
        )
        for f in check.row("Subscribers", row)
    ]
    assert found == ["Email 'straße@example.de' is already used on row 2."]


def test_a_check_used_before_start_says_so() -> None:
    with pytest.raises(RuntimeError, match=r"^AssistCheck\.start was not called$"):
        _ = AssistCheck().ctx


def test_a_number_postal_code_is_offered_its_zeros_back() -> None:
    found = postal_violation(StoredAsNumber("2134"), "US")
    assert found is not None
    assert found.message == (
        "'2134' is not a valid US postal code (5 digits (or ZIP+4: 12345-6789)): Excel stored it "
        "as the number 2134 and dropped the leading zero; enter '02134' in a cell formatted as "
        "text."
    )
    assert found.fix == Fix(
        "02134", FixKind.LIKELY, "Excel dropped the leading zero; US postal codes have 5 digits"
    )
