"""Helpers for the portal's browser tests (no tests here): the real ``rtm web`` as a
subprocess on 127.0.0.1, Debian's chromium through Playwright (never a downloaded browser),
uploads by file picker or by drag and drop, screenshots, and what the simulator holds."""

from __future__ import annotations

import base64
import datetime as dt
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest
from playwright.sync_api import Browser, Page

from bulk.pricebook import load_pricebook
from bulk.validation import validate_workbook
from tests.e2e.chromium import browser as browser  # the fixture, for the portal's tests
from tests.e2e.conftest import PROVISIONING_ID, ServerProcess, SimServer
from tests.holdings import packages_and_status, served_holdings, workbook_holdings

ROOT = Path(__file__).parents[2]
FIXTURES = ROOT / "fixtures" / "workbooks"
SAMPLE = FIXTURES / "valid" / "sample.xlsx"
SCREENSHOTS = ROOT / "docs" / "screenshots"
AS_OF = "2026-11-25"
STARTUP_SECONDS = 30.0


@dataclass
class PortalProcess(ServerProcess):
    """A running ``rtm web``."""

    url: str
    port: int
    work_dir: Path
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def uploads(self) -> Path:
        """The upload area."""
        return self.work_dir / "uploads"

    def memory_kb(self) -> tuple[int, int]:
        """The server's resident memory now and at its peak (KB), from /proc."""
        fields = dict(
            line.split(":", 1)
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines()
        )
        return int(fields["VmRSS"].split()[0]), int(fields["VmHWM"].split()[0])


def start_portal(
    work_dir: Path, *options: str, port: int | None = None, token: str | None = None
) -> PortalProcess:
    """Start ``python -m bulk web`` (the token, if any, through ``RTM_TOKEN``) and wait. Without
    ``port`` the portal binds port 0 itself and the port it printed is read back."""
    env = {k: v for k, v in os.environ.items() if k not in ("RTM_TOKEN", "RTM_IMPORT_CRASH_AT")}
    env["PYTHONUNBUFFERED"] = "1"
    if token:
        env["RTM_TOKEN"] = token
    log = work_dir.parent / f"portal-{port or 0}-{time.monotonic_ns()}.log"
    command = [sys.executable, "-m", "bulk", "web", "--port", str(port or 0)]
    command += ["--work-dir", str(work_dir), "--as-of", AS_OF, *options]
    command += ["--provisioning-id", PROVISIONING_ID]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"rtm web exited: {log.read_text()}")
        found = re.search(r"^Portal at http://[^:/]+:(\d+)/", log.read_text(), re.MULTILINE)
        try:
            if found and httpx2.get(_origin(found), timeout=2).status_code in (200, 303):
                return PortalProcess(_origin(found), int(found.group(1)), work_dir, process, log)
        except httpx2.HTTPError:
            pass
        time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"rtm web did not start within {STARTUP_SECONDS} s: {log.read_text()}")


def _origin(found: re.Match[str]) -> str:
    return f"http://127.0.0.1:{found.group(1)}"


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh browser context (own cookies) and page."""
    context = browser.new_context(accept_downloads=True, viewport={"width": 1400, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()


def screenshot(page: Page, name: str) -> Path:
    """A full-page screenshot under docs/screenshots/ (reviewers look there, with no server)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return target


DONE = "#verdict, #refusal, #check-failed, #upload-error, #client-error:not([hidden])"


def pick_file(page: Page, portal: PortalProcess, workbook: Path, timeout: float = 60) -> None:
    """Open the portal, choose ``workbook`` with the file picker, wait for the outcome."""
    page.goto(portal.url + "/")
    page.set_input_files("#file-input", str(workbook))
    page.fill("#as-of", AS_OF)
    page.click("#upload-button")
    page.wait_for_selector(DONE, timeout=timeout * 1000)


def drop_file(page: Page, portal: PortalProcess, workbook: Path, timeout: float = 60) -> None:
    """Open the portal, drag ``workbook`` onto the drop zone, wait for the outcome."""
    page.goto(portal.url + "/")
    page.fill("#as-of", AS_OF)
    page.evaluate(
        """([name, data]) => {
            const bytes = Uint8Array.from(atob(data), c => c.charCodeAt(0));
            const transfer = new DataTransfer();
            transfer.items.add(new File([bytes], name));
            const zone = document.getElementById("drop-zone");
            for (const kind of ["dragenter", "dragover", "drop"]) {
                zone.dispatchEvent(new DragEvent(kind, {dataTransfer: transfer, bubbles: true,
                                                        cancelable: true}));
            }
        }""",
        [workbook.name, base64.b64encode(workbook.read_bytes()).decode()],
    )
    page.click("#upload-button")
    page.wait_for_selector(DONE, timeout=timeout * 1000)


def confirm_click(page: Page, selector: str, *, accept: bool = True) -> str:
    """Click a button that asks for confirmation; accept (or dismiss) it; the question."""
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.message)
        if accept:
            dialog.accept()
        else:
            dialog.dismiss()

    page.once("dialog", answer)
    page.click(selector)
    assert asked, f"{selector} asked nothing"
    return asked[0]


def ready_partner(server: SimServer, partner: str) -> str:
    """A token of a partner with A-Wholesale ordered and readiness done."""
    return server.ready_for_assist(partner)


def holdings(server: SimServer, token: str) -> dict[str, Any]:
    """The partner's customers (packages, status), locations, subscribers and assist requests by
    natural keys."""
    return served_holdings(server.url, token, packages_and_status)


def expected_holdings(workbook: Path) -> dict[str, Any]:
    """What the simulator must hold once ``workbook`` is imported (from the validator)."""
    result = validate_workbook(
        workbook, as_of=dt.date.fromisoformat(AS_OF), pricebook=load_pricebook()
    )
    return workbook_holdings(result.workbook, lambda c: (sorted(c.packages), "provisioned"))
