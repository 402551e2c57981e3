"""The committed sample workbook: made from the template, the promised size, and valid by every
rule of docs/design.md §3/§4 (checked here directly with the rules and the libraries,
independent of the validator)."""

from __future__ import annotations

import importlib.util
import json
import re
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from types import ModuleType
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import phonenumbers
import pycountry
import pytest
from email_validator import validate_email
from openpyxl.workbook.workbook import Workbook
from typer.testing import CliRunner

from bulk.cli import app
from bulk.rules.assist import AssistOrder, AssistSku, assist_order
from bulk.rules.deadline import completion_date_violations
from bulk.rules.languages import LANGUAGES
from bulk.rules.packages import customer_package_violations, subscriber_package_violations
from bulk.schema import SHEETS, Kind, Sheet
from bulk.template import COUNTRIES

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "fixtures" / "workbooks" / "valid" / "sample.xlsx"
TEMPLATE = ROOT / "templates" / "xlsx" / "onboarding-template-v1.xlsx"
AS_OF = date(2026, 11, 25)
POSTAL = {
    "US": r"\d{5}(-\d{4})?",
    "GB": r"[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}",
    "DE": r"\d{5}",
}

Row = dict[str, Any]
SUBDIVISIONS: Any = pycountry.subdivisions


@pytest.fixture(scope="module")
def book() -> Workbook:
    """The committed sample, read back."""
    return openpyxl.load_workbook(SAMPLE)


@pytest.fixture(scope="module")
def rows(book: Workbook) -> dict[str, list[Row]]:
    """Every data row of every sheet, by column key, with its cells (for type checks)."""
    return {schema.name: _rows(book, schema) for schema in SHEETS}


def _rows(book: Workbook, schema: Sheet) -> list[Row]:
    found = []
    for cells in book[schema.name].iter_rows(min_row=2):
        if all(c.value is None for c in cells):
            continue
        row: Row = {col.key: cell.value for col, cell in zip(schema.columns, cells, strict=False)}
        row["_cells"] = {col.key: cell for col, cell in zip(schema.columns, cells, strict=False)}
        found.append(row)
    return found


def _load_make_sample() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_sample", ROOT / "scripts/make_sample.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_sample_is_what_the_script_makes(book: Workbook, tmp_path: Path) -> None:
    _load_make_sample().main(["-o", str(tmp_path / "sample.xlsx")])
    fresh = openpyxl.load_workbook(tmp_path / "sample.xlsx")
    hint = "sample.xlsx is stale; regenerate it with `python scripts/make_sample.py`"
    assert fresh.sheetnames == book.sheetnames, hint
    for name in book.sheetnames:
        expected = list(fresh[name].iter_rows(values_only=True))
        assert list(book[name].iter_rows(values_only=True)) == expected, hint


def test_sample_keeps_the_template(book: Workbook) -> None:
    template = openpyxl.load_workbook(TEMPLATE)
    assert book.sheetnames == template.sheetnames
    assert book["Lists"].sheet_state == "hidden"
    assert book.defined_names["TemplateVersion"].attr_text == '"1"'
    for schema in SHEETS:
        sheet = book[schema.name]
        assert [c.value for c in sheet[1]] == [c.template_header for c in schema.columns]
        dropdowns = {str(v.sqref) for v in sheet.data_validations.dataValidation}
        assert dropdowns == {
            str(v.sqref) for v in template[schema.name].data_validations.dataValidation
        }


def test_sample_has_the_promised_size(rows: dict[str, list[Row]]) -> None:
    assert len(rows["Customers"]) == 3
    assert len({r["country"] for r in rows["Customers"]}) == 3
    assert len(rows["Locations"]) == 5
    assert len(rows["Subscribers"]) == 30
    assert len(rows["Setup Assist"]) == 2


def test_required_cells_are_filled(rows: dict[str, list[Row]]) -> None:
    for schema in SHEETS:
        for row in rows[schema.name]:
            for column in schema.columns:
                if column.required:
                    assert row[column.key] not in (None, ""), (schema.name, column.header)


def test_text_columns_hold_text_and_dates_are_dates(rows: dict[str, list[Row]]) -> None:
    for schema in SHEETS:
        for row in rows[schema.name]:
            for column in schema.columns:
                cell = row["_cells"][column.key]
                if cell.value is None:
                    continue
                if column.kind is Kind.DATE:
                    assert isinstance(cell.value, datetime) and cell.is_date
                else:
                    assert isinstance(cell.value, str) and cell.data_type == "s", cell.coordinate
                    assert cell.value == cell.value.strip()


def test_countries_states_postal_codes_zones_languages(rows: dict[str, list[Row]]) -> None:
    for row in rows["Customers"] + rows["Locations"]:
        country = row["country"]
        assert country in COUNTRIES
        assert re.fullmatch(POSTAL[country], row["postal_code"]), row["postal_code"]
        if country == "US":
            assert SUBDIVISIONS.get(code=f"US-{row['state']}") is not None
        assert row["language"] in LANGUAGES
    for row in rows["Locations"]:
        ZoneInfo(row["timezone"])


def _is_valid_for(number: str, country: str) -> bool:
    parsed = phonenumbers.parse(number, None)
    return (
        phonenumbers.is_valid_number(parsed)
        and phonenumbers.region_code_for_number(parsed) == country
        and number == phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    )


def test_phone_numbers_are_valid_e164_for_their_country_and_unique(
    rows: dict[str, list[Row]],
) -> None:
    country_of = {(r["customer_external_id"], r["name"]): r["country"] for r in rows["Locations"]}
    numbered = [
        ((r["customer_external_id"], r["name"]), r["main_number"]) for r in rows["Locations"]
    ]
    numbered += [
        ((r["customer_external_id"], r["location_name"]), r["phone_number"])
        for r in rows["Subscribers"]
        if r["phone_number"]
    ]
    numbered += [
        ((r["customer_external_id"], r["location_name"]), r["contact_phone"])
        for r in rows["Setup Assist"]
    ]
    for place, number in numbered:
        assert _is_valid_for(number, country_of[place]), number
    assert len({n for _, n in numbered}) == len(numbered)


def test_emails_are_valid_and_unique(rows: dict[str, list[Row]]) -> None:
    emails = [r["email"] for r in rows["Subscribers"]]
    assert len({e.lower() for e in emails}) == len(emails)
    others = [r["primary_email"] for r in rows["Customers"]]
    others += [r["contact_email"] for r in rows["Setup Assist"]]
    for email in emails + others:
        validate_email(email, check_deliverability=False)


def test_extensions_are_digits_and_unique_per_location(rows: dict[str, list[Row]]) -> None:
    seen = Counter(
        (r["customer_external_id"], r["location_name"], r["extension"])
        for r in rows["Subscribers"]
        if r["extension"]
    )
    assert all(n == 1 for n in seen.values())
    assert all(re.fullmatch(r"\d{2,10}", ext) for _, _, ext in seen)


def test_references_resolve(rows: dict[str, list[Row]]) -> None:
    customers = {r["external_id"] for r in rows["Customers"]}
    locations = [(r["customer_external_id"], r["name"]) for r in rows["Locations"]]
    assert len(set(locations)) == len(locations)
    assert {c for c, _ in locations} == customers
    for row in rows["Subscribers"] + rows["Setup Assist"]:
        assert (row["customer_external_id"], row["location_name"]) in locations


def test_packages_follow_the_package_rules(rows: dict[str, list[Row]]) -> None:
    packages = {
        r["external_id"]: [p.strip() for p in r["packages"].split(",")] for r in rows["Customers"]
    }
    for chosen in packages.values():
        assert customer_package_violations(chosen) == []
    for row in rows["Subscribers"]:
        found = subscriber_package_violations(
            row["package"],
            packages[row["customer_external_id"]],
            customer=row["customer_external_id"],
            has_location=bool(row["location_name"]),
            has_number=bool(row["phone_number"] or row["extension"]),
        )
        assert found == [], (row["email"], found)


def test_setup_assist_rows_are_one_express_and_one_standard(rows: dict[str, list[Row]]) -> None:
    seats = Counter((r["customer_external_id"], r["location_name"]) for r in rows["Subscribers"])
    country_of = {(r["customer_external_id"], r["name"]): r["country"] for r in rows["Locations"]}
    skus = []
    for row in rows["Setup Assist"]:
        place = (row["customer_external_id"], row["location_name"])
        order = assist_order(seats[place], row["location_name"])
        assert isinstance(order, AssistOrder)
        skus.append(order.sku)
        requested = row["requested_completion_date"].date()
        assert (requested.year, requested.month) == (2027, 6)
        assert completion_date_violations(requested, AS_OF, country_of[place]) == []
        assert row["network_check_done"] == "yes"
        assert row["channel"] in ("api", "form", "helpdesk")
    assert sorted(skus) == [AssistSku.EXPRESS, AssistSku.STANDARD]


def test_customers_are_complete_without_existing_org(rows: dict[str, list[Row]]) -> None:
    for row in rows["Customers"]:
        assert row["existing_org_id"] is None
        assert row["name"] and "%" not in row["name"] and row["primary_email"]
        assert row["action"] in (None, "create")


def test_the_validator_finds_nothing_wrong(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    args = ["validate", str(SAMPLE), "--as-of", AS_OF.isoformat(), "--json", str(report)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    found = json.loads(report.read_text(encoding="utf-8"))
    assert found["valid"] and found["issues"] == []
    assert sorted((a["sku"], a["quantity"], a["seats"]) for a in found["assist"]) == [
        ("EXPRESS", 1, 4),
        ("STANDARD", 9, 9),
    ]
