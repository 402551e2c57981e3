"""``rtm import`` end to end: the real CLI (a subprocess) against the real simulator server on
127.0.0.1. The sample imports completely and the simulator then holds exactly its data; a rerun
changes nothing and says so; SIGKILL at 22 distinct points (before and after a request, i.e.
between a request being sent and its answer being journaled) then a rerun always ends equal to
a clean import; 20% 429 + 10% 503 on a 1,000-subscriber import finish with every row done and
no duplicates; a bad token, an unreachable URL and an invalid workbook are refused (exit 2)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx2
import openpyxl
import pytest

from bulk.validation import validate_workbook
from tests.e2e.conftest import PROVISIONING_ID, SimServer
from tests.holdings import served_holdings, workbook_holdings

ROOT = Path(__file__).parents[2]
SAMPLE = ROOT / "fixtures" / "workbooks" / "valid" / "sample.xlsx"
AS_OF = "2026-11-25"


def rtm_import(
    workbook: Path, server: SimServer, token: str, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m bulk import`` as a partner would (no terminal: plain progress lines)."""
    command = [
        sys.executable,
        "-m",
        "bulk",
        "import",
        str(workbook),
        "--url",
        server.url,
        "--token",
        token,
        "--provisioning-id",
        PROVISIONING_ID,
        "--as-of",
        AS_OF,
        *extra,
    ]
    run_env = {**os.environ, "CI": "1"}
    run_env.pop("RTM_IMPORT_CRASH_AT", None)
    run_env.update(env or {})
    return subprocess.run(
        command, capture_output=True, text=True, env=run_env, timeout=300, cwd=workbook.parent
    )


def ready_partner(server: SimServer, partner: str, mode: str = "immediate") -> str:
    """A token of a partner with A-Wholesale ordered and readiness done, the simulator in
    transition ``mode`` (1 s steps)."""
    transitions = {"mode": mode, "delaySeconds": 1}
    httpx2.put(
        f"{server.url}/_sim/transitions", json=transitions, headers=server.admin()
    ).raise_for_status()
    return server.ready_for_assist(partner)


def holdings(server: SimServer, token: str) -> dict[str, Any]:
    """The partner's customers (packages, status, address), locations, subscribers and assist
    requests by natural keys."""

    def customer(item: dict[str, Any]) -> Any:
        address = {k: v for k, v in item["address"].items() if v}
        return (sorted(item["packages"]), item["status"], address)

    return served_holdings(server.url, token, customer)


def address_of(row: Any) -> dict[str, str]:
    """The customer's address in the reference's field names, blank cells left out."""
    fields = {
        "addressLine1": row.address_line1,
        "addressLine2": row.address_line2,
        "city": row.city,
        "stateOrProvince": row.state,
        "zipOrPostalCode": row.postal_code,
        "country": row.country,
    }
    return {k: v for k, v in fields.items() if v}


def expected(workbook: Path) -> dict[str, Any]:
    """What the simulator must hold after importing ``workbook`` (from the validator)."""
    result = validate_workbook(workbook, as_of=dt.date.fromisoformat(AS_OF))
    return workbook_holdings(
        result.workbook, lambda c: (sorted(c.packages), "provisioned", address_of(c))
    )


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    copy = tmp_path / "work" / "sample.xlsx"
    copy.parent.mkdir()
    shutil.copy(SAMPLE, copy)
    return copy


def test_sample_imports_completely_then_a_rerun_changes_nothing(
    sim_server: SimServer, sample: Path
) -> None:
    token = ready_partner(sim_server, "e2e-sample", mode="clock")  # customers provision after 1 s
    first = rtm_import(sample, sim_server, token)
    assert first.returncode == 0, first.stdout + first.stderr
    assert holdings(sim_server, token) == expected(sample)
    assert (sample.parent / "sample.xlsx.journal.sqlite").exists()

    result = openpyxl.load_workbook(sample.parent / "sample.result.xlsx")
    assert result.sheetnames[0] == "Summary"
    for name in ("Customers", "Locations", "Subscribers", "Setup Assist"):
        sheet = result[name]
        headers = [c.value for c in sheet[1]]
        status = headers.index("Status") + 1
        values = [
            sheet.cell(r, status).value
            for r in range(2, sheet.max_row + 1)
            if sheet.cell(r, 2).value
        ]
        assert values and set(values) == {"done"}, (name, values)

    again = rtm_import(sample, sim_server, token)
    assert again.returncode == 0, again.stderr
    assert "Nothing to do" in again.stdout and "nothing was changed" in again.stdout
    assert holdings(sim_server, token) == expected(sample)


def test_dry_run_changes_nothing(sim_server: SimServer, sample: Path) -> None:
    token = ready_partner(sim_server, "e2e-dry")
    done = rtm_import(sample, sim_server, token, "--dry-run")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "nothing was changed" in done.stdout
    assert holdings(sim_server, token)["customers"] == {}
    assert not (sample.parent / "sample.xlsx.journal.sqlite").exists()


def test_refusals_are_one_line_and_exit_2(sim_server: SimServer, sample: Path) -> None:
    bad_token = rtm_import(sample, sim_server, "not-a-token")
    assert bad_token.returncode == 2
    assert bad_token.stderr.strip().count("\n") == 0 and "401" in bad_token.stderr

    down = SimServer("http://127.0.0.1:9", "", "", sim_server.process, sim_server.folder)
    unreachable = rtm_import(sample, down, "whatever")
    assert unreachable.returncode == 2 and "cannot reach http://127.0.0.1:9" in unreachable.stderr
    assert "Traceback" not in unreachable.stderr

    invalid = sorted(
        (ROOT / "fixtures" / "workbooks" / "invalid" / "cell-invalid-email").glob("*.xlsx")
    )[0]
    broken = sample.parent / "broken.xlsx"
    shutil.copy(invalid, broken)
    refused = rtm_import(broken, sim_server, sim_server.mint("e2e-refused"))
    assert refused.returncode == 2 and "validation error" in refused.stderr
    assert refused.stderr.strip().count("\n") == 0


CRASH_POINTS = [(i, w) for i in (1, 2, 3, 4, 5, 7, 9, 13, 21, 30, 36) for w in ("before", "after")]


@pytest.mark.slow
def test_sigkill_at_22_points_then_rerun_equals_a_clean_import(
    sim_server: SimServer, tmp_path: Path
) -> None:
    assert len(set(CRASH_POINTS)) >= 20
    want = expected(SAMPLE)
    for index, when in CRASH_POINTS:
        folder = tmp_path / f"crash-{index}-{when}"
        folder.mkdir()
        workbook = folder / "sample.xlsx"
        shutil.copy(SAMPLE, workbook)
        # The sample's emails are Webex identities: each crash point starts from an empty
        # simulator, since another partner may not hold them again.
        httpx2.post(f"{sim_server.url}/_sim/reset", headers=sim_server.admin()).raise_for_status()
        token = ready_partner(sim_server, f"crash-{index}-{when}")
        killed = rtm_import(
            workbook, sim_server, token, env={"RTM_IMPORT_CRASH_AT": f"{index}:{when}"}
        )
        assert killed.returncode == -signal.SIGKILL, (index, when, killed.stderr)
        resumed = rtm_import(workbook, sim_server, token)
        assert resumed.returncode == 0, (index, when, resumed.stdout, resumed.stderr)
        assert holdings(sim_server, token) == want, (index, when)


def big_workbook(folder: Path, extra: int) -> Path:
    """The sample plus ``extra`` meetings subscribers of its first customer."""
    book = openpyxl.load_workbook(SAMPLE)
    sheet = book["Subscribers"]
    row = 2
    while sheet.cell(row, 3).value:
        row += 1
    for i in range(extra):
        values = [
            None,
            "acme-us-001",
            f"load.{i:05d}@acmerobotics.example.com",
            "Load",
            f"User{i}",
            "webex_meetings",
        ]
        for column, value in enumerate(values, start=1):
            sheet.cell(row + i, column).value = value
    target = folder / "big.xlsx"
    book.save(target)
    return target


@pytest.mark.slow
def test_429_and_503_faults_on_a_1000_subscriber_import(
    sim_server: SimServer, tmp_path: Path
) -> None:
    workbook = big_workbook(tmp_path, 1000 - 30)
    token = ready_partner(sim_server, "e2e-faults")
    rules = [
        {"method": "*", "route": "/v1/wholesale/*", "status": 429, "rate": 0.2, "retryAfter": 1},
        {"method": "*", "route": "/v1/wholesale/*", "status": 503, "rate": 0.1},
    ]
    httpx2.put(
        f"{sim_server.url}/_sim/faults",
        json={"seed": 11, "rules": rules},
        headers=sim_server.admin(),
    ).raise_for_status()
    done = rtm_import(workbook, sim_server, token, "--concurrency", "16")
    httpx2.put(
        f"{sim_server.url}/_sim/faults", json={"seed": 0, "rules": []}, headers=sim_server.admin()
    ).raise_for_status()
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    held = holdings(sim_server, token)
    assert held == expected(workbook)
    assert len(held["subscribers"]) == 1000
    log = httpx2.get(
        f"{sim_server.url}/_sim/requests", params={"limit": 1000}, headers=sim_server.admin()
    ).json()["items"]
    statuses = {item["status"] for item in log}
    assert {429, 503} <= statuses  # the faults really fired and were ridden out
