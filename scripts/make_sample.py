"""Write ``fixtures/workbooks/valid/sample.xlsx``: a small, realistic, valid onboarding workbook.

It starts from the committed template (so the dropdowns, the Instructions and the hidden Lists
sheet stay) and fills three customers in three countries, five locations, thirty subscribers and
two Setup Assist requests: an Express location (4 seats) and a Standard location (9 seats).
Everything is valid for a submission on 2026-11-25 (``rtm validate ... --as-of 2026-11-25``).
Phone numbers use fictional or drama ranges where the country has one (GB: Ofcom drama numbers).

Run ``python scripts/make_sample.py [-o FILE]``; the output is reproducible byte for byte.
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

import openpyxl
from openpyxl.workbook.workbook import Workbook

from bulk.schema import CUSTOMERS, LOCATIONS, SETUP_ASSIST, SUBSCRIBERS, Kind, Sheet
from bulk.template import write_workbook

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "templates" / "xlsx" / "onboarding-template-v1.xlsx"
OUTPUT = ROOT / "fixtures" / "workbooks" / "valid" / "sample.xlsx"

Row = dict[str, str | date]

ACME, BRIGHTWELL, KRANICH = "acme-us-001", "brightwell-gb-001", "kranich-de-001"
DOMAINS = {
    ACME: "acmerobotics.example.com",
    BRIGHTWELL: "brightwell.example.net",
    KRANICH: "kranich.example.org",
}

CUSTOMER_ROWS: list[Row] = [
    {
        "action": "create",
        "external_id": ACME,
        "name": "Acme Robotics Inc.",
        "primary_email": "it-admin@acmerobotics.example.com",
        "language": "en_US",
        "address_line1": "500 Howard Street",
        "address_line2": "Suite 400",
        "city": "San Francisco",
        "state": "CA",
        "postal_code": "94105",
        "country": "US",
        "packages": "webex_calling, webex_meetings, attendant_console",
    },
    {
        "action": "create",
        "external_id": BRIGHTWELL,
        "name": "Brightwell Logistics Ltd",
        "primary_email": "admin@brightwell.example.net",
        "language": "en_GB",
        "address_line1": "10 Fleet Place",
        "city": "London",
        "postal_code": "EC4M 7RB",
        "country": "GB",
        "packages": "webex_suite, webex_meetings, common_area_calling",
    },
    {
        "external_id": KRANICH,
        "name": "Kranich Maschinenbau GmbH",
        "primary_email": "it@kranich.example.org",
        "language": "de_DE",
        "address_line1": "Friedrichstraße 123",
        "city": "Berlin",
        "postal_code": "10117",
        "country": "DE",
        "packages": "webex_calling, cisco_calling_plan, webex_meetings",
    },
]

LOCATION_ROWS: list[Row] = [
    {
        "customer_external_id": ACME,
        "name": "San Francisco HQ",
        "address_line1": "500 Howard Street",
        "address_line2": "Suite 400",
        "city": "San Francisco",
        "state": "CA",
        "postal_code": "94105",
        "country": "US",
        "timezone": "America/Los_Angeles",
        "language": "en_US",
        "emergency_location_id": "ELIN-SF-01",
        "main_number": "+14152000100",
    },
    {
        "customer_external_id": ACME,
        "name": "Austin Office",
        "address_line1": "301 Congress Avenue",
        "address_line2": "Floor 12",
        "city": "Austin",
        "state": "TX",
        "postal_code": "78701",
        "country": "US",
        "timezone": "America/Chicago",
        "language": "en_US",
        "main_number": "+15122000100",
    },
    {
        "customer_external_id": BRIGHTWELL,
        "name": "London Head Office",
        "address_line1": "10 Fleet Place",
        "city": "London",
        "postal_code": "EC4M 7RB",
        "country": "GB",
        "timezone": "Europe/London",
        "language": "en_GB",
        "main_number": "+442079460100",
    },
    {
        "customer_external_id": BRIGHTWELL,
        "name": "Manchester Depot",
        "address_line1": "1 Piccadilly Gardens",
        "city": "Manchester",
        "postal_code": "M1 1RG",
        "country": "GB",
        "timezone": "Europe/London",
        "language": "en_GB",
        "main_number": "+441614960100",
    },
    {
        "customer_external_id": KRANICH,
        "name": "Berlin Werk",
        "address_line1": "Friedrichstraße 123",
        "city": "Berlin",
        "postal_code": "10117",
        "country": "DE",
        "timezone": "Europe/Berlin",
        "language": "de_DE",
        "main_number": "+493090180100",
    },
]

# (customer, location, number prefix, extension prefix, people): each person is
# (first name, last name, package, has a phone number, has an extension).
Person = tuple[str, str, str, bool, bool]
TEAMS: list[tuple[str, str, str, str, list[Person]]] = [
    (
        ACME,
        "San Francisco HQ",
        "+141520001",
        "41",
        [
            ("Dana", "Whitfield", "webex_calling", True, True),
            ("Marcus", "Oyelaran", "webex_calling", True, True),
            ("Priya", "Raman", "webex_calling", True, True),
            ("Ethan", "Caldwell", "webex_calling", True, True),
            ("Sofia", "Marquez", "webex_calling", True, True),
            ("Kenji", "Watanabe", "webex_calling", False, True),
            ("Lauren", "Becker", "webex_meetings", False, False),
            ("Tomás", "Alvarez", "webex_meetings", False, False),
            ("Grace", "Kim", "attendant_console", False, False),
        ],
    ),
    (
        ACME,
        "Austin Office",
        "+151220001",
        "51",
        [
            ("Jordan", "Ellis", "webex_calling", True, True),
            ("Maya", "Patel", "webex_calling", True, True),
            ("Chris", "Donovan", "webex_calling", False, True),
        ],
    ),
    (
        BRIGHTWELL,
        "London Head Office",
        "+4420794601",
        "20",
        [
            ("Oliver", "Hughes", "webex_suite", True, True),
            ("Amelia", "Clarke", "webex_suite", True, True),
            ("Harry", "Patel", "webex_suite", True, True),
            ("Isla", "Murray", "webex_suite", True, True),
            ("George", "Okafor", "webex_suite", True, True),
            ("Freya", "Lewis", "webex_suite", False, True),
            ("Noah", "Bennett", "webex_meetings", False, False),
        ],
    ),
    (
        BRIGHTWELL,
        "Manchester Depot",
        "+4416149601",
        "61",
        [
            ("Jack", "Thompson", "webex_suite", True, True),
            ("Emily", "Walsh", "webex_suite", True, True),
            ("Liam", "Ahmed", "webex_suite", True, True),
            ("Chloe", "Robinson", "webex_suite", False, True),
        ],
    ),
    (
        KRANICH,
        "Berlin Werk",
        "+4930901801",
        "30",
        [
            ("Lukas", "Schneider", "webex_calling", True, True),
            ("Anna", "Fischer", "webex_calling", True, True),
            ("Jonas", "Weber", "webex_calling", True, True),
            ("Lea", "Wagner", "webex_calling", True, True),
            ("Felix", "Becker", "webex_calling", True, True),
            ("Mia", "Hoffmann", "webex_calling", False, True),
            ("Paul", "Schäfer", "webex_meetings", False, False),
        ],
    ),
]

ASSIST_ROWS: list[Row] = [
    {
        "customer_external_id": ACME,
        "location_name": "San Francisco HQ",
        "requested_completion_date": date(2027, 6, 14),
        "contact_name": "Rachel Nguyen",
        "contact_email": "onboarding@acmerobotics.example.com",
        "contact_phone": "+14152000199",
        "channel": "api",
        "network_check_done": "yes",
        "notes": "Nine seats: Standard. Front desk uses the attendant console.",
    },
    {
        "customer_external_id": BRIGHTWELL,
        "location_name": "Manchester Depot",
        "requested_completion_date": date(2027, 6, 21),
        "contact_name": "Sam O'Connor",
        "contact_email": "onboarding@brightwell.example.net",
        "contact_phone": "+441614960199",
        "channel": "form",
        "network_check_done": "yes",
        "notes": "Four seats: Express. Depot runs two shifts; schedule calls before 10:00.",
    },
]


def subscriber_rows() -> list[Row]:
    """One Subscribers row per person of every team, numbered per location."""
    rows: list[Row] = []
    for customer, location, prefix, ext_prefix, people in TEAMS:
        for seq, (first, last, package, has_phone, has_ext) in enumerate(people, start=1):
            row: Row = {
                "customer_external_id": customer,
                "email": f"{_ascii(first)}.{_ascii(last)}@{DOMAINS[customer]}".lower(),
                "first_name": first,
                "last_name": last,
                "package": package,
                "location_name": location,
            }
            if has_phone:
                row["phone_number"] = f"{prefix}{seq:02d}"
            if has_ext:
                row["extension"] = f"{ext_prefix}{seq:02d}"
            rows.append(row)
    return rows


_ASCII: dict[str, str | int | None] = {"á": "a", "ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"}


def _ascii(name: str) -> str:
    return name.translate(str.maketrans(_ASCII))


def fill(workbook: Workbook, schema: Sheet, rows: list[Row]) -> None:
    """Write rows (by column key) under the header of a template sheet, as text or dates."""
    sheet = workbook[schema.name]
    for row_number, row in enumerate(rows, start=2):
        for index, column in enumerate(schema.columns, start=1):
            value = row.get(column.key)
            if value is None:
                continue
            cell = sheet.cell(row=row_number, column=index, value=value)
            cell.number_format = "yyyy-mm-dd" if column.kind is Kind.DATE else "@"


def build_sample(template: Path = TEMPLATE) -> Workbook:
    """The sample workbook: the template with every sheet filled."""
    workbook = openpyxl.load_workbook(template)
    fill(workbook, CUSTOMERS, CUSTOMER_ROWS)
    fill(workbook, LOCATIONS, LOCATION_ROWS)
    fill(workbook, SUBSCRIBERS, subscriber_rows())
    fill(workbook, SETUP_ASSIST, ASSIST_ROWS)
    workbook.properties.title = "Sample onboarding workbook (valid)"
    return workbook


def main(argv: list[str] | None = None) -> None:
    """Write the sample workbook to ``-o FILE`` (default: the committed fixture)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    write_workbook(build_sample(), args.output)
    print(f"Wrote {args.output}")


if __name__ == "__main__":
    main()
