"""A messy workbook as partners write them: headers retyped (``customer_name``, ``PRIMARY
EMAIL``, `` Postal-Code *``), the language written ``en`` as the reference's own example has
it, a phone with separators, codes in lower case. With two planted problems it validates with
exactly those; with them fixed it imports cleanly through the real CLI against the real
simulator on 127.0.0.1, and the simulator holds what the rows say (docs/validator.md, "Field
rules")."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx2
import xlsxwriter

from bulk.schema import TEMPLATE_VERSION
from bulk.validation import validate_workbook
from tests.e2e.conftest import SimServer
from tests.e2e.test_import import AS_OF, rtm_import

HEADERS: dict[str, list[str]] = {
    "Customers": [
        "external id",
        "customer_name",
        "PRIMARY EMAIL",
        "language",
        "Address",
        "city*",
        "State",
        " Postal-Code *",
        "COUNTRY",
        "packages*",
    ],
    "Locations": [
        "Customer External ID",
        "location",
        "address_line_1",
        "City",
        "state or province",
        "zip",
        "Country",
        "TZ",
        "Language",
    ],
    "Subscribers": [
        "external-id",
        "E-mail",
        "first name",
        "LAST_NAME",
        "package",
        "Location",
        "phone",
        "extension",
    ],
}
HQ = ["1 Main St", "Springfield", "il", "62701", "us"]


def rows(*, planted: bool) -> dict[str, list[list[Any]]]:
    """The messy rows; ``planted`` adds a US location without a postal code and a phone number
    no country has."""
    branch_zip = "" if planted else "62702"
    phone = "+10000000000" if planted else "+1 (217) 555-0102"
    return {
        "Customers": [
            [
                "messy-1",
                "Messy Foods",
                "owner@messy.example.com",
                "en",
                *HQ[:4],
                "US",
                "Webex Calling, webex_meetings",
            ],
        ],
        "Locations": [
            ["messy-1", "HQ", *HQ, "america/chicago", "en"],
            [
                "messy-1",
                "Branch",
                "9 Oak Ave",
                "Springfield",
                "IL",
                branch_zip,
                "US",
                "America/Chicago",
                "EN-us",
            ],
        ],
        "Subscribers": [
            [
                "messy-1",
                "ann@messy.example.com",
                "Ann",
                "Lee",
                "webex calling",
                "HQ",
                "+1-217-555-0101",
                "101",
            ],
            ["messy-1", "bo@messy.example.com", "Bo", "", "Webex_Calling", "Branch", phone, ""],
        ],
    }


def write_messy(path: Path, *, planted: bool) -> Path:
    """The workbook: three sheets with retyped headers (no Setup Assist sheet is needed)."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False})
    for sheet, headers in HEADERS.items():
        ws = book.add_worksheet(sheet)
        ws.write_row(0, 0, headers)
        for r, values in enumerate(rows(planted=planted)[sheet], start=1):
            for c, value in enumerate(values):
                if value != "":
                    ws.write_string(r, c, value)
    book.add_worksheet("Setup Assist").write_row(
        0,
        0,
        [
            "Customer External ID",
            "Location Name",
            "Requested Completion Date",
            "Contact Name",
            "Contact Email",
        ],
    )
    book.define_name("TemplateVersion", f'="{TEMPLATE_VERSION}"')
    book.close()
    return path


def test_the_messy_workbook_reports_only_its_planted_problems(tmp_path: Path) -> None:
    result = validate_workbook(
        write_messy(tmp_path / "messy.xlsx", planted=True), as_of=dt.date.fromisoformat(AS_OF)
    )
    found = sorted((i.sheet, i.row, i.column, i.code) for i in result.report.issues)
    assert found == [
        ("Locations", 3, "Postal Code", "cell-invalid-postal-code"),
        ("Subscribers", 3, "Phone Number", "cell-invalid-phone"),
    ]


def test_the_messy_workbook_imports_cleanly(tmp_path: Path, sim_server: SimServer) -> None:
    workbook = write_messy(tmp_path / "messy.xlsx", planted=False)
    checked = subprocess.run(
        [sys.executable, "-m", "bulk", "validate", str(workbook), "--as-of", AS_OF],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    token = sim_server.mint("messy")
    httpx2.put(
        f"{sim_server.url}/_sim/transitions",
        json={"mode": "immediate"},
        headers=sim_server.admin(),
    ).raise_for_status()
    imported = rtm_import(workbook, sim_server, token)
    assert imported.returncode == 0, imported.stdout + imported.stderr
    with httpx2.Client(
        base_url=sim_server.url, headers={"Authorization": f"Bearer {token}"}
    ) as http:
        customers = http.get("/v1/wholesale/customers").json()["items"]
        assert [(c["externalId"], c["status"]) for c in customers] == [("messy-1", "provisioned")]
        assert customers[0]["address"]["stateOrProvince"] == "IL"
        subscribers = http.get(
            "/v1/wholesale/subscribers", params={"customerId": customers[0]["id"]}
        ).json()["items"]
        assert sorted(s["email"] for s in subscribers) == [
            "ann@messy.example.com",
            "bo@messy.example.com",
        ]
        locations = http.get("/v1/locations", params={"orgId": customers[0]["orgId"]}).json()
        assert sorted(
            (loc["name"], loc["timeZone"], loc["preferredLanguage"]) for loc in locations["items"]
        ) == [("Branch", "America/Chicago", "en_us"), ("HQ", "America/Chicago", "en")]
