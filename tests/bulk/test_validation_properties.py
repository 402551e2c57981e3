"""Properties: workbooks built from generated valid rows validate clean, and planting one known
defect yields exactly that defect's code at that cell (xlsx writing is slow: few examples)."""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from validator_support import AS_OF, write_book

from bulk.pricebook import load_pricebook
from bulk.schema import SHEETS_BY_NAME
from bulk.validation import validate_workbook
from bulk.workbook import cell_ref

PRICEBOOK = load_pricebook()
PLACES = {
    "US": ("CA", "94105", "America/Los_Angeles", "en_US", "+1415200"),
    "GB": ("", "EC4M 7RB", "Europe/London", "en_GB", "+44207946"),
    "DE": ("", "10117", "Europe/Berlin", "de_DE", "+49309018"),
}
NAMES = st.text("abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=8).map(str.title)
Rows = dict[str, list[dict[str, Any]]]


@st.composite
def workbooks(draw: st.DrawFn, needs_assist: bool = False) -> Rows:
    """One to three customers, each with one or two locations of two to seven subscribers;
    with ``needs_assist``, the first location always has a Setup Assist row."""
    rows: Rows = {"Customers": [], "Locations": [], "Subscribers": [], "Setup Assist": []}
    serial = 0
    for c in range(draw(st.integers(1, 3))):
        country = draw(st.sampled_from(sorted(PLACES)))
        state, postal, zone, language, prefix = PLACES[country]
        cid = f"cust-{c}"
        name = draw(NAMES)
        address = {
            "address_line1": f"{c + 1} High Street",
            "city": "Town",
            "state": state,
            "postal_code": postal,
        }
        rows["Customers"].append(
            {
                "external_id": cid,
                "name": f"{name} Ltd",
                "primary_email": f"admin@{name.lower()}.example.com",
                "country": country,
                "packages": "webex_calling, webex_meetings",
                **address,
            }
        )
        for loc in range(draw(st.integers(1, 2))):
            location = f"Site {loc}"
            rows["Locations"].append(
                {
                    "customer_external_id": cid,
                    "name": location,
                    "country": country,
                    "timezone": zone,
                    "language": language,
                    **address,
                }
            )
            for _ in range(draw(st.integers(2, 7))):
                serial += 1
                rows["Subscribers"].append(
                    {
                        "customer_external_id": cid,
                        "email": f"{draw(NAMES).lower()}.{serial}@example.com",
                        "first_name": draw(NAMES),
                        "last_name": draw(NAMES),
                        "package": draw(st.sampled_from(["webex_calling", "webex_meetings"])),
                        "location_name": location,
                        "phone_number": f"{prefix}{serial:04d}",
                        "extension": f"{100 + serial}",
                    }
                )
            if (needs_assist and not rows["Setup Assist"]) or draw(st.booleans()):
                rows["Setup Assist"].append(
                    {
                        "customer_external_id": cid,
                        "location_name": location,
                        "requested_completion_date": dt.date(2027, 6, 1)
                        + dt.timedelta(days=draw(st.integers(0, 200))),
                        "contact_name": draw(NAMES),
                        "contact_email": f"pm{serial}@example.com",
                        "network_check_done": "yes",
                    }
                )
    return rows


def _validate(rows: Rows) -> list[tuple[str, int, str, str]]:
    with tempfile.TemporaryDirectory() as folder:
        path = write_book(Path(folder) / "book.xlsx", rows)
        report = validate_workbook(path, as_of=AS_OF, pricebook=PRICEBOOK).report
    return sorted((i.sheet, i.row, i.cell, i.code) for i in report.issues)


FEW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FEW
@given(workbooks())
def test_valid_rows_validate_clean(rows: Rows) -> None:
    assert _validate(rows) == []


DEFECTS: dict[str, tuple[str, str, Any]] = {
    "cell-invalid-email": ("Subscribers", "email", "nobody@@example.com"),
    "cell-invalid-phone": ("Subscribers", "phone_number", 14152000999),
    "cell-required": ("Subscribers", "email", ""),
    "cell-invalid-extension": ("Subscribers", "extension", "7"),
    "cell-invalid-action": ("Subscribers", "action", "remove"),
    "cell-invalid-country": ("Customers", "country", "Atlantis"),
    "cell-invalid-timezone": ("Locations", "timezone", "Europe/Atlantis"),
    "cell-invalid-language": ("Locations", "language", "xx_XX"),
    "cell-forbidden-character": ("Customers", "name", "100% Ltd"),
    "cell-too-long": ("Customers", "address_line1", "x" * 51),
    "cell-invalid-date": ("Setup Assist", "requested_completion_date", "15/06/2027"),
    "assist-date-past": ("Setup Assist", "requested_completion_date", dt.date(2026, 1, 5)),
    "assist-network-check": ("Setup Assist", "network_check_done", "no"),
    "row-duplicate-email": ("Subscribers", "email", None),
}


@FEW
@given(st.sampled_from(sorted(DEFECTS)), st.data())
def test_one_defect_gives_exactly_its_code_at_its_cell(code: str, data: st.DataObject) -> None:
    sheet, key, value = DEFECTS[code]
    rows = data.draw(workbooks(needs_assist=sheet == "Setup Assist"))
    targets = rows[sheet]
    assert targets, f"the strategy drew no {sheet} row for {code}"
    # A duplicate needs an earlier row to repeat (every location has at least two subscribers).
    index = data.draw(st.integers(1 if code == "row-duplicate-email" else 0, len(targets) - 1))
    if code == "row-duplicate-email":
        value = targets[index - 1]["email"].upper()
    targets[index][key] = value
    column = [c.key for c in SHEETS_BY_NAME[sheet].columns].index(key)
    assert _validate(rows) == [(sheet, index + 2, cell_ref(column, index + 2), code)]
