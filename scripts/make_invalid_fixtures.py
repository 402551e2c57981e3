"""Write ``fixtures/workbooks/invalid/<case>/``: one workbook per offline error code.

Each case starts from the valid sample (``fixtures/workbooks/valid/sample.xlsx``), plants one
defect, and writes ``workbook.xlsx`` with ``expected.json``: the options to validate it with
(``as_of``, an optional ``partner.toml``, optional ``limits``) and exactly the
``[sheet, row, column, code]`` issues the validator must report, or the ``unusable`` code for
a file that cannot be read at all. A case folder is named after its code, with ``--variant``
when a code has several cases. Run ``python scripts/make_invalid_fixtures.py``; the output is
reproducible byte for byte.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.workbook.workbook import Workbook

from bulk.template import write_workbook

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "fixtures" / "workbooks" / "valid" / "sample.xlsx"
OUTPUT = ROOT / "fixtures" / "workbooks" / "invalid"
AS_OF = "2026-11-25"

CUSTOMERS, LOCATIONS, SUBSCRIBERS, ASSIST = "Customers", "Locations", "Subscribers", "Setup Assist"
Expected = tuple[str, int, str, str]

NOT_ENTITLED = """[partner]
name = "Northwind Telecom"
currency = "USD"
discount = "0.30"
a_wholesale_ordered = false
provisioning_id = "ZjViMzYxODctYzhkZC00NzI3LThiMmYtZjljNDQ3ZjI5MDQ2"

[readiness]
pstn_connectivity = true
hosting_requirements = true
oss_bss = true
"""
NOT_READY = NOT_ENTITLED.replace(
    "a_wholesale_ordered = false", "a_wholesale_ordered = true"
).replace("oss_bss = true", "oss_bss = false")


READY_WITHOUT_TEMPLATE = (
    "\n".join(
        line
        for line in NOT_ENTITLED.replace(
            "a_wholesale_ordered = false", "a_wholesale_ordered = true"
        ).splitlines()
        if not line.startswith("provisioning_id")
    )
    + "\n"
)


@dataclass(frozen=True)
class Case:
    """One planted defect and what the validator must say about it."""

    name: str
    plant: Callable[[Workbook], None]
    expected: list[Expected]
    partner: str | None = None
    limits: dict[str, int] = field(default_factory=dict)


def put(sheet: str, ref: str, value: Any) -> Callable[[Workbook], None]:
    """A defect that sets one cell."""

    def plant(book: Workbook) -> None:
        book[sheet][ref].value = value

    return plant


def put_text(sheet: str, ref: str, value: str) -> Callable[[Workbook], None]:
    """A defect that sets one cell to text, stored as a string cell even when it starts like a
    formula. Control characters are written as Excel writes them (``_x0000_``)."""

    def plant(book: Workbook) -> None:
        cell = book[sheet][ref]
        cell.value = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", _ooxml_escape, value)
        cell.data_type = "s"

    return plant


def _ooxml_escape(found: re.Match[str]) -> str:
    return f"_x{ord(found.group()):04X}_"


def both(*plants: Callable[[Workbook], None]) -> Callable[[Workbook], None]:
    """Several edits as one defect."""

    def plant(book: Workbook) -> None:
        for p in plants:
            p(book)

    return plant


def append(sheet: str, values: list[Any]) -> Callable[[Workbook], None]:
    """A defect that adds a row at the bottom of a sheet."""

    def plant(book: Workbook) -> None:
        book[sheet].append(values)

    return plant


def delete_sheet(book: Workbook) -> None:
    """Remove the Setup Assist sheet."""
    del book[ASSIST]


def version_zero(book: Workbook) -> None:
    """Mark the workbook as made from template version 0."""
    book.defined_names["TemplateVersion"].attr_text = '"0"'


def hide_row(book: Workbook) -> None:
    """Hide Subscribers row 20."""
    book[SUBSCRIBERS].row_dimensions[20].hidden = True


def merge(book: Workbook) -> None:
    """Merge the network check and notes cells of the first Setup Assist row."""
    book[ASSIST].merge_cells("H2:I2")


NEW_CUSTOMER = [
    "create",
    "solo-fr-001",
    "Solo Conseil SARL",
    "admin@solo.example.org",
    "fr_FR",
    "12 Rue de Rivoli",
    "",
    "Paris",
    "",
    "75001",
    "FR",
]
KRANICH = [
    "",
    "kranich-de-001",
    "Kranich Maschinenbau GmbH",
    "it@kranich.example.org",
    "de_DE",
    "Friedrichstraße 123",
    "",
    "Berlin",
    "",
    "10117",
    "DE",
    "webex_calling, webex_meetings",
]
HAMBURG = [
    "kranich-de-001",
    "Hamburg Lager",
    "Am Sandtorkai 1",
    "",
    "Hamburg",
    "",
    "20457",
    "DE",
    "Europe/Berlin",
    "de_DE",
    "",
    "",
]
HAMBURG_ASSIST = [
    "kranich-de-001",
    "Hamburg Lager",
    dt.date(2027, 6, 21),
    "Jan Roth",
    "onboarding@kranich.example.org",
    "",
    "api",
    "yes",
    "",
]
MANCHESTER_AGAIN = [
    "brightwell-gb-001",
    "Manchester Depot",
    dt.date(2027, 6, 28),
    "Sam O'Connor",
    "onboarding@brightwell.example.net",
    "",
    "form",
    "yes",
    "Sent twice by mistake.",
]

CASES: list[Case] = [
    Case("sheet-missing", delete_sheet, [(ASSIST, 1, "", "sheet-missing")]),
    Case(
        "header-missing",
        put(SUBSCRIBERS, "C1", None),
        [(SUBSCRIBERS, 1, "Email", "header-missing")],
    ),
    Case(
        "header-duplicate",
        put(CUSTOMERS, "N1", "customer name"),
        [(CUSTOMERS, 1, "Customer Name", "header-duplicate")],
    ),
    Case(
        "header-unknown",
        put(LOCATIONS, "M1", "Parking Spots"),
        [(LOCATIONS, 1, "Parking Spots", "header-unknown")],
    ),
    Case("template-version", version_zero, [("", 1, "", "template-version")]),
    Case(
        "cell-required",
        put(SUBSCRIBERS, "C5", None),
        [(SUBSCRIBERS, 5, "Email", "cell-required")],
    ),
    Case(
        "cell-too-long",
        put(CUSTOMERS, "F3", "Unit 7, Fleet Place Business Centre, 10 Fleet Place, Holborn"),
        [(CUSTOMERS, 3, "Address Line 1", "cell-too-long")],
    ),
    Case(
        "cell-invalid-email",
        put(SUBSCRIBERS, "C4", "priya.raman@@acmerobotics.example.com"),
        [(SUBSCRIBERS, 4, "Email", "cell-invalid-email")],
    ),
    Case(
        "cell-invalid-phone",
        put(SUBSCRIBERS, "H2", 14152000101),
        [(SUBSCRIBERS, 2, "Phone Number", "cell-invalid-phone")],
    ),
    Case(
        "cell-invalid-phone--scientific",
        put(SUBSCRIBERS, "H14", 442079000000),
        [(SUBSCRIBERS, 14, "Phone Number", "cell-invalid-phone")],
    ),
    Case(
        "cell-invalid-phone--spaces",
        put(LOCATIONS, "L3", "+1 512 200 01"),
        [(LOCATIONS, 3, "Main Number", "cell-invalid-phone")],
    ),
    Case(
        "cell-invalid-extension",
        put(SUBSCRIBERS, "I2", "4"),
        [(SUBSCRIBERS, 2, "Extension", "cell-invalid-extension")],
    ),
    Case(
        "cell-invalid-country",
        put(CUSTOMERS, "K4", "Germany"),
        [(CUSTOMERS, 4, "Country", "cell-invalid-country")],
    ),
    Case(
        "cell-invalid-state",
        put(LOCATIONS, "F3", None),
        [(LOCATIONS, 3, "State/Province", "cell-invalid-state")],
    ),
    Case(
        "cell-unknown-state",
        put(LOCATIONS, "F3", "Texas"),
        [(LOCATIONS, 3, "State/Province", "cell-unknown-state")],
    ),
    Case(
        "cell-invalid-state--missing",
        put(CUSTOMERS, "I2", None),
        [(CUSTOMERS, 2, "State/Province", "cell-invalid-state")],
    ),
    Case(
        "cell-invalid-postal-code",
        put(CUSTOMERS, "J2", 2134),
        [(CUSTOMERS, 2, "Postal Code", "cell-invalid-postal-code")],
    ),
    Case(
        "cell-invalid-postal-code--format",
        put(LOCATIONS, "G5", "M1 1R"),
        [(LOCATIONS, 5, "Postal Code", "cell-invalid-postal-code")],
    ),
    Case(
        "cell-invalid-timezone",
        put(LOCATIONS, "I4", "Europe/Londn"),
        [(LOCATIONS, 4, "Time Zone", "cell-invalid-timezone")],
    ),
    Case(
        "cell-invalid-language",
        put(LOCATIONS, "J6", "German"),
        [(LOCATIONS, 6, "Language", "cell-invalid-language")],
    ),
    Case(
        "cell-invalid-package",
        put(CUSTOMERS, "L3", "webex_suite, webex_meetings, common_area_calling, webex_fax"),
        [(CUSTOMERS, 3, "Packages", "cell-invalid-package")],
    ),
    Case(
        "cell-invalid-action",
        put(SUBSCRIBERS, "A6", "remove"),
        [(SUBSCRIBERS, 6, "Action", "cell-invalid-action")],
    ),
    Case(
        "cell-invalid-date",
        put(ASSIST, "C3", "21/06/2027"),
        [(ASSIST, 3, "Requested Completion Date", "cell-invalid-date")],
    ),
    Case(
        "cell-invalid-choice",
        put(ASSIST, "G2", "email"),
        [(ASSIST, 2, "Channel", "cell-invalid-choice")],
    ),
    Case(
        "cell-formula",
        put(SUBSCRIBERS, "E10", "=UPPER(D10)"),
        [(SUBSCRIBERS, 10, "Last Name", "cell-formula")],
    ),
    Case(
        "cell-forbidden-character",
        put(CUSTOMERS, "C2", "Acme 100% Robotics"),
        [(CUSTOMERS, 2, "Customer Name", "cell-forbidden-character")],
    ),
    Case(
        "cell-forbidden-character--control",
        put_text(CUSTOMERS, "C2", "Acme\x00Robotics"),
        [(CUSTOMERS, 2, "Customer Name", "cell-forbidden-character")],
    ),
    Case(
        "cell-formula-like",
        put_text(CUSTOMERS, "C2", "@SUM(1+1)*cmd|' /C calc'!A0"),
        [(CUSTOMERS, 2, "Customer Name", "cell-formula-like")],
    ),
    Case(
        "cell-invisible-character",
        put_text(SUBSCRIBERS, "D3", "Mar\u202ecus"),
        [(SUBSCRIBERS, 3, "First Name", "cell-invisible-character")],
    ),
    Case(
        "cell-whitespace",
        put(SUBSCRIBERS, "D3", "Marcus\u00a0"),
        [(SUBSCRIBERS, 3, "First Name", "cell-whitespace")],
    ),
    Case("cell-merged", merge, [(ASSIST, 2, "Network Check Done", "cell-merged")]),
    Case(
        "cell-stored-as-number",
        put(SUBSCRIBERS, "I11", 5101),
        [(SUBSCRIBERS, 11, "Extension", "cell-stored-as-number")],
    ),
    Case("row-hidden", hide_row, [(SUBSCRIBERS, 20, "", "row-hidden")]),
    Case(
        "row-duplicate-key",
        append(CUSTOMERS, KRANICH),
        [(CUSTOMERS, 5, "External ID", "row-duplicate-key")],
    ),
    Case(
        "row-duplicate-key--location",
        append(LOCATIONS, [*HAMBURG[:1], "berlin werk", *HAMBURG[2:]]),
        [(LOCATIONS, 7, "Location Name", "row-duplicate-key")],
    ),
    Case(
        "row-duplicate-email",
        put(SUBSCRIBERS, "C3", "DANA.WHITFIELD@acmerobotics.example.com"),
        [(SUBSCRIBERS, 3, "Email", "row-duplicate-email")],
    ),
    Case(
        "row-duplicate-phone",
        put(SUBSCRIBERS, "H15", "+442079460101"),
        [(SUBSCRIBERS, 15, "Phone Number", "row-duplicate-phone")],
    ),
    Case(
        "row-duplicate-extension",
        put(SUBSCRIBERS, "I12", "5101"),
        [(SUBSCRIBERS, 12, "Extension", "row-duplicate-extension")],
    ),
    Case(
        "ref-unknown-customer",
        put(SUBSCRIBERS, "B31", "kranich-de-999"),
        [(SUBSCRIBERS, 31, "Customer External ID", "ref-unknown-customer")],
    ),
    Case(
        "ref-unknown-location",
        put(SUBSCRIBERS, "G13", "Austin Annex"),
        [(SUBSCRIBERS, 13, "Location Name", "ref-unknown-location")],
    ),
    Case(
        "package-not-for-subscriber",
        put(SUBSCRIBERS, "F8", "cisco_calling_plan"),
        [(SUBSCRIBERS, 8, "Package", "package-not-for-subscriber")],
    ),
    Case(
        "package-not-on-customer",
        put(SUBSCRIBERS, "F20", "cx_standard_agent"),
        [(SUBSCRIBERS, 20, "Package", "package-not-on-customer")],
    ),
    Case(
        "package-dependency",
        append(CUSTOMERS, [*NEW_CUSTOMER, "cisco_calling_plan, webex_meetings"]),
        [(CUSTOMERS, 5, "Packages", "package-dependency")],
    ),
    Case(
        "calling-location-required",
        append(CUSTOMERS, [*NEW_CUSTOMER, "webex_calling"]),
        [(CUSTOMERS, 5, "Packages", "calling-location-required")],
    ),
    Case(
        "calling-location-required--subscriber",
        put(SUBSCRIBERS, "G7", None),
        [(SUBSCRIBERS, 7, "Location Name", "calling-location-required")],
    ),
    Case(
        "calling-number-required",
        put(SUBSCRIBERS, "I13", None),
        [(SUBSCRIBERS, 13, "Phone Number", "calling-number-required")],
    ),
    Case(
        "customer-info-required",
        put(CUSTOMERS, "D3", None),
        [(CUSTOMERS, 3, "Primary Email", "customer-info-required")],
    ),
    Case(
        "assist-deadline",
        put(ASSIST, "C3", dt.date(2026, 11, 30)),
        [(ASSIST, 3, "Requested Completion Date", "assist-deadline")],
    ),
    Case(
        "assist-date-past",
        put(ASSIST, "C2", dt.date(2026, 11, 2)),
        [(ASSIST, 2, "Requested Completion Date", "assist-date-past")],
    ),
    Case(
        "assist-no-seats",
        both(append(LOCATIONS, HAMBURG), append(ASSIST, HAMBURG_ASSIST)),
        [(ASSIST, 4, "Location Name", "assist-no-seats")],
    ),
    Case(
        "assist-duplicate",
        append(ASSIST, MANCHESTER_AGAIN),
        [(ASSIST, 4, "Location Name", "assist-duplicate")],
    ),
    Case(
        "assist-network-check",
        put(ASSIST, "H2", "no"),
        [(ASSIST, 2, "Network Check Done", "assist-network-check")],
    ),
    Case(
        "assist-not-entitled",
        lambda book: None,
        [
            (ASSIST, 2, "Customer External ID", "assist-not-entitled"),
            (ASSIST, 3, "Customer External ID", "assist-not-entitled"),
        ],
        partner=NOT_ENTITLED,
    ),
    Case(
        "assist-partner-not-ready",
        lambda book: None,
        [
            (ASSIST, 2, "Customer External ID", "assist-partner-not-ready"),
            (ASSIST, 3, "Customer External ID", "assist-partner-not-ready"),
        ],
        partner=NOT_READY,
    ),
    Case(
        "provisioning-id-missing",
        lambda book: None,
        [("", 1, "", "provisioning-id-missing")],
        partner=READY_WITHOUT_TEMPLATE,
    ),
    Case("workbook-too-large", lambda book: None, [], limits={"max_rows_per_sheet": 10}),
]


def write_case(case: Case, root: Path) -> None:
    """Write one case folder."""
    folder = root / case.name
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    book = openpyxl.load_workbook(SAMPLE)
    case.plant(book)
    write_workbook(book, folder / "workbook.xlsx")
    expected: dict[str, Any] = {"as_of": AS_OF, "partner": None, "limits": case.limits}
    if case.partner is not None:
        (folder / "partner.toml").write_text(case.partner, encoding="utf-8")
        expected["partner"] = "partner.toml"
    if case.name == "workbook-too-large":
        expected["unusable"] = "workbook-too-large"
    expected["issues"] = [list(e) for e in case.expected]
    (folder / "expected.json").write_text(
        json.dumps(expected, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def write_unreadable(root: Path) -> None:
    """A workbook cut off in the middle: the zip's central directory is gone."""
    folder = root / "workbook-unreadable"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    data = SAMPLE.read_bytes()
    (folder / "workbook.xlsx").write_bytes(data[: len(data) // 2])
    expected = {
        "as_of": AS_OF,
        "partner": None,
        "limits": {},
        "unusable": "workbook-unreadable",
        "issues": [],
    }
    (folder / "expected.json").write_text(json.dumps(expected, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> None:
    """Write every case (or only the named ones)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("cases", nargs="*", help="case names to write (default: all)")
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    wanted = set(args.cases)
    for case in CASES:
        if not wanted or case.name in wanted:
            write_case(case, args.output)
    if not wanted or "workbook-unreadable" in wanted:
        write_unreadable(args.output)


if __name__ == "__main__":
    main()
