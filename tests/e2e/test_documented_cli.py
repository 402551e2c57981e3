"""Documented command-line behaviours that had no test (docs/importer.md, docs/load.md,
docs/simulator.md, docs/billing.md): `rtm import` exit code 1 with a Setup Assist request held
back (`import-blocked`) when a subscriber at its location failed, `--result`, dry-run row
statuses, `--provisioning-id`, `--journal-sync`; `rtm sim serve|token` through the `rtm` entry
point with `RTM_SIM_ADMIN_TOKEN`; `rtm load` exit 1 and `--spawn-rate`; `rtm billing report`
exit 2. All against a real simulator process on 127.0.0.1."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path
from typing import Any

import httpx2
import openpyxl

from tests.e2e.conftest import PROVISIONING_ID, SimServer, closed_port, start_simulator
from tests.e2e.test_import import ready_partner, rtm_import
from tests.simulator.support import customer_body, subscriber_body

RTM = str(Path(sys.executable).with_name("rtm"))
SAMPLE = Path(__file__).parents[2] / "fixtures" / "workbooks" / "valid" / "sample.xlsx"
SF_SUBSCRIBER = "dana.whitfield@acmerobotics.example.com"  # Subscribers row 2, San Francisco HQ


def _copy(folder: Path) -> Path:
    target = folder / "work" / "sample.xlsx"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(SAMPLE.read_bytes())
    return target


def _statuses(result: Path, sheet: str) -> dict[int, tuple[Any, Any]]:
    """Row -> (Status, Error Code) of a result workbook's sheet."""
    book = openpyxl.load_workbook(result, read_only=True)
    rows = list(book[sheet].iter_rows(values_only=True))
    book.close()
    header = list(rows[0])
    status, code = header.index("Status"), header.index("Error Code")
    return {n: (row[status], row[code]) for n, row in enumerate(rows[1:], start=2) if any(row)}


def _squat(server: SimServer, token: str) -> None:
    """Another customer of the same partner takes a San Francisco HQ subscriber's email, so
    the API refuses that row (409) when the sample is imported."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx2.Client(base_url=server.url, headers=headers) as http:
        made = http.post("/v1/wholesale/customers", json=customer_body("squatter"))
        assert made.status_code == 202, made.text
        customer = http.get(made.json()["url"]).json()
        body = subscriber_body(customer["id"], email=SF_SUBSCRIBER)
        taken = http.post("/v1/wholesale/subscribers", json=body)
        assert taken.status_code == 200, taken.text


def test_a_failed_row_exits_1_and_holds_back_its_location_s_setup_assist(
    sim_server: SimServer, tmp_path: Path
) -> None:
    token = ready_partner(sim_server, "e2e-blocked")
    _squat(sim_server, token)
    book = _copy(tmp_path)
    result = tmp_path / "out.result.xlsx"
    done = rtm_import(
        book, sim_server, token, "--result", str(result), "--journal-sync", "full",
        "--provisioning-id", PROVISIONING_ID,
    )  # fmt: skip
    assert done.returncode == 1, done.stdout + done.stderr
    subscribers = _statuses(result, "Subscribers")
    assert subscribers[2][0] == "failed" and subscribers[2][1] not in (None, "import-blocked")
    assert all(status == "done" for n, (status, _) in subscribers.items() if n != 2)
    # San Francisco HQ's request waits for every subscriber there: one failed, so it is not sent.
    assert _statuses(result, "Setup Assist") == {2: ("failed", "import-blocked"), 3: ("done", None)}
    assert {s for s, _ in _statuses(result, "Customers").values()} == {"done"}
    with closing(sqlite3.connect(sim_server.db_url.removeprefix("sqlite:///"))) as db:
        templates = dict(db.execute("SELECT external_id, provisioning_id FROM customers"))
    assert {templates[c] for c in ("acme-us-001", "brightwell-gb-001", "kranich-de-001")} == {
        PROVISIONING_ID
    }


def test_a_dry_run_reports_row_statuses_in_its_result(
    sim_server: SimServer, tmp_path: Path
) -> None:
    token = ready_partner(sim_server, "e2e-dry-result")
    book = _copy(tmp_path)
    result = tmp_path / "dry.result.xlsx"
    done = rtm_import(book, sim_server, token, "--dry-run", "--result", str(result))
    assert done.returncode == 0, done.stdout + done.stderr
    # docs/importer.md: checked = precheck passed; not checked = no precheck for this kind.
    assert {s for s, _ in _statuses(result, "Customers").values()} == {"checked"}
    assert {s for s, _ in _statuses(result, "Subscribers").values()} == {"checked"}
    assert {s for s, _ in _statuses(result, "Locations").values()} == {"checked"}
    assert {s for s, _ in _statuses(result, "Setup Assist").values()} == {"checked"}
    rtm_import(book, sim_server, token)  # now they exist
    again = tmp_path / "again.result.xlsx"
    assert rtm_import(book, sim_server, token, "--dry-run", "--result", str(again)).returncode == 0
    assert {s for s, _ in _statuses(again, "Customers").values()} == {"exists"}


def test_a_bad_journal_sync_is_one_line_exit_2(sim_server: SimServer, tmp_path: Path) -> None:
    token = sim_server.mint("sync")
    done = rtm_import(_copy(tmp_path), sim_server, token, "--journal-sync", "sometimes")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(
        "rtm import: journal sync must be NORMAL or FULL, not 'SOMETIMES'"
    )
    assert done.stderr.count("\n") == 1


def _rtm(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None) -> Any:
    run_env = {k: v for k, v in os.environ.items() if not k.startswith("RTM_")}
    run_env |= env or {}
    return subprocess.run(
        [RTM, *args], capture_output=True, text=True, env=run_env, cwd=cwd, timeout=180
    )


def test_rtm_sim_token_and_serve_with_a_fixed_admin_token(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'sim.sqlite'}"
    minted = _rtm("sim", "token", "--partner", "acme", "--role", "full_admin", "--db", db_url)
    assert minted.returncode == 0, minted.stderr
    partner_token = minted.stdout.strip().splitlines()[-1]
    admin = "fixed-admin-token-for-the-test"
    server = start_simulator(
        tmp_path / "served", db_url, program=(RTM, "sim"), settings={"RTM_SIM_ADMIN_TOKEN": admin}
    )
    try:
        assert server.admin_token == admin  # printed, and the one the control plane accepts
        clock = httpx2.get(f"{server.url}/_sim/clock", headers=server.admin())
        assert clock.status_code == 200
        wrong = httpx2.get(f"{server.url}/_sim/clock", headers={"Authorization": "Bearer no"})
        assert wrong.status_code == 401
        listed = httpx2.get(
            f"{server.url}/v1/wholesale/customers",
            headers={"Authorization": f"Bearer {partner_token}"},
        )
        assert listed.status_code == 200  # the token `rtm sim token` minted into the database
    finally:
        server.stop()


def test_rtm_billing_report_refusals_exit_2_in_one_line(
    sim_server: SimServer, tmp_path: Path
) -> None:
    token = sim_server.mint("e2e-billing-refusals")
    base = ["billing", "report", "--url", sim_server.url, "-o", str(tmp_path / "r.csv")]
    period = ["--start", "2026-10-01", "--end", "2026-10-31"]
    faulty = {
        "seed": 1,
        "rules": [{"route": "/v1/wholesale/billing/reports*", "outcome": "FAILED"}],
    }
    cases: list[tuple[list[str], str]] = [
        (["--token", token, "--start", "01/10/2026", "--end", "2026-10-31"], "01/10/2026"),
        (["--token", token, "--start", "2026-10-31", "--end", "2026-10-01"], "2026-10-31"),
        (["--token", "wrong", *period], "401"),
    ]
    for args, named in cases:
        done = _rtm(*base, *args, cwd=tmp_path)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert len(done.stderr.strip().splitlines()) == 1 and named in done.stderr, done.stderr
        assert "Traceback" not in done.stderr + done.stdout
    httpx2.put(f"{sim_server.url}/_sim/faults", json=faulty, headers=sim_server.admin())
    failed = _rtm(*base, "--token", token, *period, cwd=tmp_path)
    assert failed.returncode == 2 and "FAILED" in failed.stderr, failed.stderr
    assert len(failed.stderr.strip().splitlines()) == 1
    with closed_port() as port:
        gone = _rtm(*base[:3], f"http://127.0.0.1:{port}", *base[4:], "--token", token, *period)
    assert gone.returncode == 2 and "cannot reach" in gone.stderr, gone.stderr
    assert not (tmp_path / "r.csv").exists()
