"""The hostile-content corpus end to end (issue 18): ``rtm validate`` → ``rtm import`` →
``rtm billing report`` → ``rtm billing reconcile`` against the real simulator on 127.0.0.1.

Every value the validator accepted arrives intact in the API; the simulator's own billing CSV,
the saved CSVs, the result workbook and the reconciliation workbook are read back as a
spreadsheet reads them (nothing runs, nothing holds a control character); the reconciliation
reads the neutralised CSV cells back to the API's values, so it finds no false difference. A
package changed behind the journal's back then puts the hostile External ID into a difference
row, which the reconciliation workbook still shows as text."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import httpx2
import openpyxl
import pytest

from bulk.validation import validate_workbook
from tests.bulk.spreadsheet_safety import (
    HOSTILE,
    csv_rows,
    excel_style_import,
    unsafe_csv_cells,
    unsafe_xlsx_cells,
)
from tests.e2e.conftest import PROVISIONING_ID, SimServer
from tests.e2e.test_billing_e2e import PARTNER_TOML, next_month, ready_partner, rtm, set_clock

DAY = dt.date(2027, 3, 1)
"""The corpus's submission date: far from any real date, the first of a month."""


def _api(server: SimServer, token: str) -> httpx2.Client:
    return httpx2.Client(base_url=server.url, headers={"Authorization": f"Bearer {token}"})


def _report(server: SimServer, token: str, kind: str, folder: Path, start: dt.date = DAY) -> Path:
    end = next_month(start) - dt.timedelta(days=1)
    target = folder / f"{kind.lower()}-{start}.csv"
    saved = rtm(
        *("billing", "report", "--url", server.url, "--token", token, "--type", kind),
        *("--start", str(start), "--end", str(end), "-o", str(target)),
        cwd=folder,
    )
    assert saved.returncode == 0, saved.stderr
    return target


def _reconcile(server: SimServer, token: str, report: Path, name: str) -> dict[str, Any]:
    folder = report.parent
    done = rtm(
        *("billing", "reconcile", "--report", str(report), "--journal", "journal.sqlite"),
        *("--partner", "partner.toml", "--json", f"{name}.json", "-o", f"{name}.xlsx"),
        *("--url", server.url, "--token", token),
        cwd=folder,
    )
    assert done.returncode in (0, 1), done.stderr
    assert unsafe_xlsx_cells(folder / f"{name}.xlsx") == []
    document: dict[str, Any] = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    return document


def _served_csv(server: SimServer, token: str, folder: Path) -> Path:
    """The CSV exactly as the simulator serves it (not as ``rtm billing report`` saves it)."""
    with _api(server, token) as http:
        reports = http.get("/v1/wholesale/billing/reports").json()["items"]
        url = http.get(f"/v1/wholesale/billing/reports/{reports[0]['id']}").json()
        served = httpx2.get(url["tempDownloadURL"])
    assert served.status_code == 200, served.text
    target = folder / "served.csv"
    target.write_bytes(served.content)
    return target


def _change_a_package(server: SimServer, token: str, email: str) -> None:
    """Move a subscriber to webex_meetings behind the journal's back."""
    with _api(server, token) as http:
        found = http.get("/v1/wholesale/subscribers", params={"email": email}).json()["items"]
        answer = http.put(
            f"/v1/wholesale/subscribers/{found[0]['id']}", json={"packages": ["webex_meetings"]}
        )
        assert answer.status_code == 200, answer.text


def _assert_intact_in_the_api(server: SimServer, token: str, book: Path) -> None:
    """Every value of the validated rows that the API shows is the value the validator read."""
    rows = validate_workbook(book, as_of=DAY).workbook
    customer, location = rows.customers[0], rows.locations[0]
    with _api(server, token) as http:
        found = http.get("/v1/wholesale/customers", params={"externalId": customer.external_id})
        items = found.json()["items"]
        assert [c["externalId"] for c in items] == [customer.external_id]
        remote = http.get(f"/v1/wholesale/customers/{items[0]['id']}").json()
        subscribers = http.get(
            "/v1/wholesale/subscribers", params={"customerId": items[0]["id"]}
        ).json()["items"]
        sites = http.get("/v1/locations", params={"orgId": remote["orgId"]}).json()["items"]
    address = remote["address"]
    assert (address["addressLine1"], address["addressLine2"], address["city"]) == (
        customer.address_line1,
        customer.address_line2,
        customer.city,
    )
    assert sorted((s["email"], s["externalCustomerId"]) for s in subscribers) == sorted(
        (s.email, s.customer_external_id) for s in rows.subscribers
    )
    site = next(s for s in sites if s["name"] == location.name)
    assert (site["address"]["address1"], site["address"]["address2"]) == (
        location.address_line1,
        location.address_line2,
    )
    assert site["address"]["city"] == location.city


def _assert_safe_csv(path: Path, external_id: str) -> None:
    assert unsafe_csv_cells(path) == []
    opened = excel_style_import(path)
    assert unsafe_xlsx_cells(opened) == []
    assert [c for row in opened.active.iter_rows() for c in row if c.data_type == "f"] == []  # type: ignore[union-attr]
    header, *lines = csv_rows(path)
    column = header.index("external_customer_id")
    assert lines and {line[column] for line in lines} == {"'" + external_id}


@pytest.mark.slow
def test_hostile_corpus_round_trip(sim_server: SimServer, tmp_path: Path) -> None:
    book = shutil.copy(HOSTILE / "accepted.xlsx", tmp_path / "accepted.xlsx")
    checked = rtm("validate", str(book), "--as-of", str(DAY), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "cell-formula-like" in checked.stdout

    token = ready_partner(sim_server)
    set_clock(sim_server, f"{DAY}T00:00:30Z")
    (tmp_path / "partner.toml").write_text(PARTNER_TOML)
    imported = rtm(
        *("import", str(book), "--url", sim_server.url, "--token", token),
        *("--provisioning-id", PROVISIONING_ID),
        *("--journal", "journal.sqlite", "--as-of", str(DAY), "--result", "result.xlsx"),
        cwd=tmp_path,
    )
    assert imported.returncode == 0, imported.stdout + imported.stderr
    assert unsafe_xlsx_cells(tmp_path / "result.xlsx") == []
    _assert_intact_in_the_api(sim_server, token, Path(book))

    external_id = validate_workbook(book, as_of=DAY).workbook.customers[0].external_id
    set_clock(sim_server, f"{next_month(DAY)}T09:00:00Z")
    for kind in ("USER", "CUSTOMER"):
        saved = _report(sim_server, token, kind, tmp_path)
        _assert_safe_csv(saved, external_id)
        document = _reconcile(sim_server, token, saved, kind.lower())
        assert document["differences"] == [], document["differences"]
        assert document["ok"] is True
    _assert_safe_csv(_served_csv(sim_server, token, tmp_path), external_id)

    second = next_month(DAY)
    set_clock(sim_server, f"{second + dt.timedelta(days=1)}T09:00:00Z")
    _change_a_package(sim_server, token, "=1+2@sec.example.com")
    set_clock(sim_server, f"{next_month(second)}T09:00:00Z")
    saved = _report(sim_server, token, "CUSTOMER", tmp_path, second)
    _assert_safe_csv(saved, external_id)
    document = _reconcile(sim_server, token, saved, "changed")
    assert {d["customer_external_id"] for d in document["differences"]} == {external_id}
    sheet = openpyxl.load_workbook(tmp_path / "changed.xlsx")["Differences"]
    shown = [c for row in sheet.iter_rows(min_row=2) for c in row if c.value == external_id]
    assert shown and all(c.data_type == "s" and c.quotePrefix for c in shown)
