"""Helpers for the portal's in-process tests (no tests here): build a portal on a private
folder, upload through its form exactly as a browser would, wait for the check, and read
the grid and issue lists back out of the page's HTML."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from bulk.web import PortalSettings, create_app

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "fixtures" / "workbooks"
SAMPLE = FIXTURES / "valid" / "sample.xlsx"
AS_OF = "2026-11-25"
BASE = "http://127.0.0.1:8090"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@contextmanager
def running_portal(work_dir: Path, **options: Any) -> Iterator[TestClient]:
    """A portal on ``work_dir`` (its lifespan running) and a client that talks like a browser
    on 127.0.0.1."""
    settings = PortalSettings(work_dir=work_dir, **options)
    with TestClient(create_app(settings), base_url=BASE, follow_redirects=False) as client:
        yield client


def form_token(client: TestClient) -> str:
    """Open the home page (which sets the cookie) and read the form's token."""
    page = client.get("/")
    found = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert found, page.text[:500]
    return found.group(1)


def post_upload(
    client: TestClient, content: bytes, name: str = "workbook.xlsx", *, as_of: str = AS_OF
) -> Any:
    """POST the upload form (token first, then the date, then the file)."""
    token = form_token(client)
    return client.post(
        "/uploads",
        data={"csrf_token": token, "as_of": as_of},
        files={"workbook": (name, content, XLSX)},
    )


def wait_status(
    client: TestClient, location: str, part: str, busy: str, timeout: float = 60.0
) -> dict[str, Any]:
    """Poll the upload's status until its ``part`` ("check" or "job") is no longer in the
    ``busy`` state; the last status. Fails with a message after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        status: dict[str, Any] = client.get(f"{location}/status").json()
        if status[part]["state"] != busy:
            return status
        assert time.monotonic() < deadline, f"{part} still {busy} after {timeout} s: {status}"
        time.sleep(0.1)


def wait_checked(client: TestClient, location: str, timeout: float = 60.0) -> dict[str, Any]:
    """Poll the upload's status until the check is over; the last status."""
    return wait_status(client, location, "check", "checking", timeout)


def upload_and_check(client: TestClient, path: Path, *, as_of: str = AS_OF) -> tuple[str, Any]:
    """Upload a file, wait for its check; its page URL and final status."""
    answer = post_upload(client, path.read_bytes(), path.name, as_of=as_of)
    assert answer.status_code == 303, answer.text[:1000]
    location = answer.headers["location"]
    return location, wait_checked(client, location)


def upload_folders(work_dir: Path) -> list[Path]:
    """Whatever is stored in the upload area."""
    root = work_dir / "uploads"
    return sorted(root.iterdir()) if root.exists() else []


@dataclass
class PageIssues:
    """Issues read from a report page: grid rows and the workbook/header list."""

    rows: dict[int, list[dict[str, str]]] = field(default_factory=dict)
    bad_cells: dict[str, dict[str, str]] = field(default_factory=dict)
    outside: list[dict[str, str]] = field(default_factory=list)
    grid_rows: list[int] = field(default_factory=list)


class _IssueParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found = PageIssues()
        self.row: int | None = None
        self.in_outside = False
        self.in_grid = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "table" and "grid" in a.get("class", "").split():
            self.in_grid = True
        elif tag == "tr" and "data-row" in a and self.in_grid:
            self.row = int(a["data-row"])
            self.found.grid_rows.append(self.row)
        elif tag == "tr" and "data-for" in a and self.in_grid:  # the issues beneath a row
            self.row = int(a["data-for"])
        elif tag == "ul" and a.get("id") == "workbook-issues":
            self.in_outside = True
        elif tag == "li" and "data-code" in a:
            if self.in_outside:
                self.found.outside.append(a)
            elif self.row is not None:
                self.found.rows.setdefault(self.row, []).append(a)
        elif tag in ("td", "th") and self.in_grid and "bad" in a.get("class", "").split():
            self.found.bad_cells[a["data-cell"]] = a

    def handle_endtag(self, tag: str) -> None:
        if tag == "tr":
            self.row = None
        elif tag == "table":
            self.in_grid = False
        elif tag == "ul" and self.in_outside and self.row is None:
            self.in_outside = False


def page_issues(html: str) -> PageIssues:
    """Parse a report page."""
    parser = _IssueParser()
    parser.feed(html)
    return parser.found


def expected_issues(folder: Path) -> dict[str, Any]:
    """A fixture's ``expected.json``."""
    found: dict[str, Any] = json.loads((folder / "expected.json").read_text())
    return found
