"""Importing from the portal page into the real simulator (both real subprocesses on
127.0.0.1, the page in Debian's chromium): dry run, then import with live progress per phase,
and the result workbook with every row's remote id; then the portal SIGKILLed mid-import,
restarted, and the import resumed (from the page, or with ``rtm import`` on the same
journal) ends with exactly what an uninterrupted import leaves."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import httpx2
import openpyxl
import pytest
from playwright.sync_api import Page

from bulk.importer import ProvisioningJournal, default_journal_path
from tests.e2e.conftest import PROVISIONING_ID, SimServer
from tests.e2e.test_portal_support import (
    AS_OF,
    SAMPLE,
    PortalProcess,
    browser,
    confirm_click,
    expected_holdings,
    holdings,
    page,
    pick_file,
    ready_partner,
    screenshot,
    start_portal,
)

pytestmark = pytest.mark.browser
__all__ = ["browser", "page"]  # fixtures used by the tests below

SHEETS = ("Customers", "Locations", "Subscribers", "Setup Assist")


def _result_rows(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Status and Remote ID of every data row of a result workbook, per sheet."""
    book = openpyxl.load_workbook(path)
    found: dict[str, list[tuple[str, str]]] = {}
    for name in SHEETS:
        sheet = book[name]
        headers = [c.value for c in sheet[1]]
        status, remote = headers.index("Status") + 1, headers.index("Remote ID") + 1
        found[name] = [
            (sheet.cell(r, status).value, sheet.cell(r, remote).value)
            for r in range(2, sheet.max_row + 1)
            if sheet.cell(r, 2).value
        ]
    return found


def test_dry_run_then_import_from_the_page_with_the_result_workbook(
    page: Page, sim_server: SimServer, tmp_path: Path
) -> None:
    token = ready_partner(sim_server, "portal-import")
    portal = start_portal(tmp_path / "work", "--target-url", sim_server.url, token=token)
    try:
        pick_file(page, portal, SAMPLE)
        assert page.inner_text("#target") == sim_server.url

        page.click("#dry-run-button")
        page.wait_for_selector("#dry-run-outcome", timeout=60_000)
        headline = page.inner_text("#dry-run-headline")
        assert headline.startswith("Dry run passed: all 40 rows checked"), headline
        assert holdings(sim_server, token)["customers"] == {}  # a dry run changes nothing

        question = confirm_click(page, "#import-button")
        assert "sample.xlsx" in question and sim_server.url in question
        page.wait_for_selector("#download-result", timeout=120_000)
        phases = page.locator("#import-phases .phase")
        assert [phases.nth(i).get_attribute("data-phase") for i in range(phases.count())] == [
            *SHEETS
        ]
        assert page.inner_text('#import-phases .phase[data-phase="Subscribers"] .done') == (
            "30 / 30 done"
        )
        assert page.inner_text("#verdict") == "Import finished, every row done (40 rows)."
        screenshot(page, "portal-imported")
        with page.expect_download() as waiting:
            page.click("#download-result")
        result = tmp_path / "result.xlsx"
        waiting.value.save_as(result)
        for name, rows in _result_rows(result).items():
            assert rows and all(s == "done" and r for s, r in rows), (name, rows)

        assert holdings(sim_server, token) == expected_holdings(SAMPLE)
        assert token not in page.content()
    finally:
        portal.stop()
    assert token not in portal.log.read_text()


def _slow_down(server: SimServer, latency_ms: int) -> None:
    rules = [{"method": "POST", "route": "/v1/wholesale/*", "rate": 1.0, "latencyMs": latency_ms}]
    httpx2.put(
        f"{server.url}/_sim/faults",
        json={"seed": 1, "rules": rules if latency_ms else []},
        headers=server.admin(),
    ).raise_for_status()


def _kill_mid_import(portal: PortalProcess, status_url: str) -> int:
    """Wait until the import has finished some but not all steps, then SIGKILL the portal;
    the steps done by then."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        job = httpx2.get(status_url).json()["job"]
        done = sum(p["done"] for p in job["phases"]) if job else 0
        total = sum(p["total"] for p in job["phases"]) if job else 0
        if job and job["kind"] == "import" and 0 < done < total:
            portal.kill()
            return done
        time.sleep(0.05)
    raise AssertionError("the import never got under way")


@pytest.mark.slow
@pytest.mark.parametrize("resume_from", ["page", "cli"])
def test_portal_killed_mid_import_then_resumed_equals_an_uninterrupted_import(
    page: Page, sim_server: SimServer, tmp_path: Path, resume_from: str
) -> None:
    token = ready_partner(sim_server, f"portal-kill-{resume_from}")
    work = tmp_path / "work"
    portal = start_portal(work, "--target-url", sim_server.url, "--concurrency", "2", token=token)
    _slow_down(sim_server, 250)
    try:
        pick_file(page, portal, SAMPLE)
        report = page.url
        confirm_click(page, "#import-button")
        done = _kill_mid_import(portal, report + "/status")
    finally:
        portal.stop()
    # The report page keeps polling the dead portal and reloads itself once it answers again,
    # which would race the test's own navigation below: leave it first.
    page.goto("about:blank")
    assert done > 0
    _slow_down(sim_server, 0)
    upload_id = report.rsplit("/", 1)[1]
    stored = work / "uploads" / upload_id / "workbook.xlsx"
    journal = default_journal_path(stored)  # where `rtm import` looks for it
    with ProvisioningJournal(journal) as opened:
        states = {str(e.state) for e in opened.entries().values()}
    assert states & {"planned", "sent"}, states  # really cut short

    again = start_portal(work, "--target-url", sim_server.url, port=portal.port, token=token)
    try:
        page.goto(report)
        assert page.locator("#interrupted").is_visible()
        assert page.inner_text("#import-button") == "Resume import"
        screenshot(page, f"portal-interrupted-{resume_from}")
        if resume_from == "page":
            confirm_click(page, "#import-button")
            page.wait_for_selector("#download-result", timeout=120_000)
        else:
            env = {**os.environ, "CI": "1", "RTM_TOKEN": token}
            command = [sys.executable, "-m", "bulk", "import", str(stored)]
            command += ["--url", sim_server.url, "--as-of", AS_OF]
            command += ["--provisioning-id", PROVISIONING_ID]
            finished = subprocess.run(command, capture_output=True, text=True, env=env, timeout=300)
            assert finished.returncode == 0, finished.stdout + finished.stderr
            page.goto(report)
        assert not page.locator("#interrupted").is_visible()
    finally:
        again.stop()
    assert holdings(sim_server, token) == expected_holdings(SAMPLE)
