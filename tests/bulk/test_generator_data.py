"""What a clean generated workbook holds, checked cell by cell with openpyxl: the template's
sheets and headers and TemplateVersion, text cells for phone numbers, postal codes and
extensions, real date cells, valid and unique numbers, addresses that agree with their country,
package sets the rules accept, both Setup Assist SKUs, and dates around the deadline."""

from __future__ import annotations

import datetime as dt
import random
import re
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import openpyxl
import phonenumbers
import pycountry
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulk.checks.addresses import POSTAL_FORMATS
from bulk.generator import MARKETS, GeneratorOptions, SeatRange, generate_workbook
from bulk.generator.geography import NumericPostal, PatternPostal
from bulk.generator.phones import PhoneAllocator
from bulk.rules.assist import AssistOrder, AssistSku, assist_order
from bulk.rules.deadline import add_business_days, earliest_completion_date
from bulk.rules.languages import LANGUAGES
from bulk.rules.packages import (
    customer_package_violations,
    is_calling,
    subscriber_package_violations,
)
from bulk.schema import SHEETS, TEMPLATE_VERSION

AS_OF = dt.date(2026, 11, 25)
Sheet = list[dict[str, Any]]


def _read(path: Path) -> tuple[dict[str, Sheet], dict[str, dict[str, str]], Any]:
    """Rows per sheet as {header: value}, cell data types per sheet/column, and the book."""
    book = openpyxl.load_workbook(path)
    rows: dict[str, Sheet] = {}
    types: dict[str, dict[str, str]] = defaultdict(dict)
    for sheet in SHEETS:
        ws = book[sheet.name]
        headers = [c.value for c in ws[1]]
        assert headers == [c.template_header for c in sheet.columns]
        keys = [c.key for c in sheet.columns]
        rows[sheet.name] = []
        for line in ws.iter_rows(min_row=2):
            rows[sheet.name].append({k: c.value for k, c in zip(keys, line, strict=False)})
            for k, c in zip(keys, line, strict=False):
                if c.value is not None:
                    types[sheet.name].setdefault(k, c.data_type)
                    assert types[sheet.name][k] == c.data_type, (sheet.name, k)
    return rows, types, book


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Sheet], Any, Any]:
    path = tmp_path_factory.mktemp("data") / "clean.xlsx"
    generate_workbook(GeneratorOptions(customers=60, as_of=AS_OF, seed=2), path)
    rows, types, book = _read(path)
    return rows, types, book


def test_template_sheets_headers_and_version(workbook: tuple[Any, Any, Any]) -> None:
    _, _, book = workbook
    assert book.sheetnames == [s.name for s in SHEETS]
    assert book.defined_names["TemplateVersion"].attr_text == f'"{TEMPLATE_VERSION}"'


def test_cell_types(workbook: tuple[Any, Any, Any]) -> None:
    _, types, _ = workbook
    for sheet, key in (
        ("Customers", "postal_code"),
        ("Locations", "postal_code"),
        ("Locations", "main_number"),
        ("Subscribers", "phone_number"),
        ("Subscribers", "extension"),
        ("Setup Assist", "contact_phone"),
    ):
        assert types[sheet][key] == "s", (sheet, key)
    assert types["Setup Assist"]["requested_completion_date"] == "d"


def test_phone_numbers_valid_for_their_country_and_unique(
    workbook: tuple[Any, Any, Any],
) -> None:
    rows, _, _ = workbook
    country_of = {}
    for loc in rows["Locations"]:
        country_of[(loc["customer_external_id"], loc["name"])] = loc["country"]
    numbers: list[str] = []
    for loc in rows["Locations"]:
        if loc["main_number"]:
            numbers.append(loc["main_number"])
            _assert_valid(loc["main_number"], loc["country"])
    for sub in rows["Subscribers"]:
        if sub["phone_number"]:
            numbers.append(sub["phone_number"])
            country = country_of[(sub["customer_external_id"], sub["location_name"])]
            _assert_valid(sub["phone_number"], country)
    numbers += [a["contact_phone"] for a in rows["Setup Assist"] if a["contact_phone"]]
    assert len(numbers) > 200
    assert len(set(numbers)) == len(numbers)


def _assert_valid(e164: str, country: str) -> None:
    assert re.fullmatch(r"\+[1-9]\d{6,14}", e164), e164
    number = phonenumbers.parse(e164, None)
    assert phonenumbers.is_valid_number_for_region(number, country), (e164, country)


def test_emails_unique_and_extensions_unique_per_location(
    workbook: tuple[Any, Any, Any],
) -> None:
    rows, _, _ = workbook
    emails = [s["email"].casefold() for s in rows["Subscribers"]]
    assert len(set(emails)) == len(emails)
    extensions = Counter(
        (s["customer_external_id"], s["location_name"], s["extension"])
        for s in rows["Subscribers"]
        if s["extension"]
    )
    assert extensions and max(extensions.values()) == 1
    assert all(re.fullmatch(r"\d{2,10}", ext) for _, _, ext in extensions)


def test_addresses_agree_with_their_country(workbook: tuple[Any, Any, Any]) -> None:
    rows, _, _ = workbook
    for row in rows["Customers"] + rows["Locations"]:
        country = row["country"]
        assert row["postal_code"] and re.fullmatch(
            POSTAL_FORMATS[country][0], row["postal_code"]
        ), row
        if country in {"US", "CA", "AU"}:
            code = f"{country}-{row['state']}"
            assert pycountry.subdivisions.get(code=code) is not None  # type: ignore[no-untyped-call]
        assert len(row["address_line1"]) <= 50
    for row in rows["Locations"]:
        ZoneInfo(row["timezone"])
        assert row["language"] in LANGUAGES
    assert {r["country"] for r in rows["Customers"]} == set(MARKETS)


def test_packages_follow_the_rules(workbook: tuple[Any, Any, Any]) -> None:
    rows, _, _ = workbook
    packages = {}
    for c in rows["Customers"]:
        owned = tuple(p.strip() for p in c["packages"].split(","))
        assert customer_package_violations(owned) == []
        packages[c["external_id"]] = owned
    for s in rows["Subscribers"]:
        violations = subscriber_package_violations(
            s["package"],
            packages[s["customer_external_id"]],
            has_location=bool(s["location_name"]),
            has_number=bool(s["phone_number"] or s["extension"]),
        )
        assert violations == []
        if is_calling(s["package"]):
            assert s["location_name"]


def test_both_skus_and_dates_near_the_deadline(workbook: tuple[Any, Any, Any]) -> None:
    rows, _, _ = workbook
    seats = Counter((s["customer_external_id"], s["location_name"]) for s in rows["Subscribers"])
    where = {(loc["customer_external_id"], loc["name"]): loc for loc in rows["Locations"]}
    skus = set()
    on_boundary = 0
    for a in rows["Setup Assist"]:
        key = (a["customer_external_id"], a["location_name"])
        order = assist_order(seats[key])
        assert isinstance(order, AssistOrder)
        skus.add(order.sku)
        loc = where[key]
        earliest = earliest_completion_date(AS_OF, loc["country"], loc["state"])
        day = a["requested_completion_date"].date()
        assert earliest <= day <= add_business_days(earliest, 5, loc["country"], loc["state"])
        on_boundary += day == earliest
        assert a["network_check_done"] == "yes"
    assert skus == {AssistSku.EXPRESS, AssistSku.STANDARD}
    assert on_boundary > 0


@settings(max_examples=30)
@given(seed=st.integers(0, 2**32))
def test_postal_codes_match_the_validator_format(seed: int) -> None:
    rng = random.Random(seed)
    for market in MARKETS.values():
        for city in market.cities:
            code = city.postal.draw(rng)
            assert re.fullmatch(POSTAL_FORMATS[market.country][0], code), (city.name, code)
            assert isinstance(city.postal, NumericPostal | PatternPostal)


def test_phone_prefixes_never_nest() -> None:
    for market in MARKETS.values():
        digits = [p.digits for p in market.prefixes]
        for a in digits:
            assert not [b for b in digits if b != a and b.startswith(a)], (market.country, a)


@pytest.mark.parametrize("country", sorted(MARKETS))
def test_allocator_hands_out_unique_valid_numbers(country: str) -> None:
    market = MARKETS[country]
    allocator = PhoneAllocator(market, random.Random(1))
    seen = set()
    for prefix in market.prefixes:
        for _ in range(300):
            number = allocator.number(prefix)
            assert number not in seen
            seen.add(number)
            parsed = phonenumbers.parse(number, None)
            assert phonenumbers.is_valid_number_for_region(parsed, country)
            assert str(parsed.national_number).startswith(prefix.digits)


def test_express_and_standard_even_for_one_market(tmp_path: Path) -> None:
    options = GeneratorOptions(
        customers=15, as_of=AS_OF, seed=9, locale="FR", subscribers_per_customer=SeatRange(5, 40)
    )
    path = tmp_path / "fr.xlsx"
    generate_workbook(options, path)
    rows, _, _ = _read(path)
    assert {r["country"] for r in rows["Locations"]} == {"FR"}
    seats = Counter((s["customer_external_id"], s["location_name"]) for s in rows["Subscribers"])
    sizes = {seats[(a["customer_external_id"], a["location_name"])] for a in rows["Setup Assist"]}
    assert min(sizes) <= 5 < max(sizes)
