"""Helpers of the dashboard tests: a logged-in browser-like client over TestClient, and readers
of what a page shows (catalogue codes beside a field, rows of a table, the pager)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2
from starlette.testclient import TestClient

from tests.simulator.support import ADMIN, running_simulator

BASE = "http://127.0.0.1:8080"
"""The origin the test client talks to (its Origin header must match it)."""

_CSRF = re.compile(r'name="csrf" value="([^"]+)"')
_PROBLEM = re.compile(r'<p class="problem" role="alert"><code>([^<]+)</code>')


@contextmanager
def dashboard_app(folder: Path, mode: str = "immediate") -> Iterator[TestClient]:
    """A simulator on a fresh SQLite file (the test harness), with a test client addressing it
    as ``BASE``."""
    with running_simulator(folder, mode=mode, base_url=BASE) as sim:
        yield sim.client


def another_browser(client: TestClient) -> Browser:
    """A second browser on the same simulator, with cookies of its own."""
    return Browser(TestClient(client.app, base_url=BASE))


class Browser:
    """A TestClient used the way a browser uses the dashboard: cookies kept, forms posted with
    the page's CSRF token and this origin."""

    def __init__(self, client: TestClient) -> None:
        self.client = client

    def get(self, path: str, **params: Any) -> httpx2.Response:
        """GET a page (redirects followed)."""
        return self.client.get(path, params=params or None)

    def csrf(self, path: str = "/ui") -> str:
        """The CSRF token the page at ``path`` carries."""
        found = _CSRF.search(self.get(path).text)
        assert found, f"no CSRF field on {path}"
        return found.group(1)

    def post(
        self,
        path: str,
        data: dict[str, Any],
        *,
        csrf: str | None = None,
        origin: str | None = BASE,
        referer: str | None = None,
        page: str = "/ui",
    ) -> httpx2.Response:
        """POST a form as the dashboard page ``page`` would (redirects not followed)."""
        token = self.csrf(page) if csrf is None else csrf
        headers = {}
        if origin is not None:
            headers["Origin"] = origin
        if referer is not None:
            headers["Referer"] = referer
        return self.client.post(
            path, data={"csrf": token, **data}, headers=headers, follow_redirects=False
        )

    def login_admin(self, token: str = ADMIN) -> httpx2.Response:
        """Log in as the trainer."""
        answer = self.post("/ui/login", {"kind": "admin", "token": token})
        assert answer.status_code == 303, answer.text
        return answer

    def login_partner(self, token: str) -> httpx2.Response:
        """Log in as a partner user."""
        answer = self.post("/ui/login", {"kind": "partner", "token": token})
        assert answer.status_code == 303, answer.text
        return answer

    def load(self, scenario: str) -> httpx2.Response:
        """Load a scenario pack from the trainer controls (trainer login needed)."""
        answer = self.post("/ui/trainer/scenario", {"scenario": scenario}, page="/ui/trainer")
        assert answer.status_code == 200, answer.text
        return answer


def problem_codes(html: str) -> list[str]:
    """Every catalogue code a page shows."""
    return _PROBLEM.findall(html)


def field_codes(html: str, field: str) -> list[str]:
    """The catalogue codes shown beside the input ``field``."""
    start = html.find(f'data-field="{field}"')
    assert start >= 0, f"no field {field} on the page"
    end = html.find('data-field="', start + 1)
    return _PROBLEM.findall(html[start : end if end > 0 else len(html)])


def table_rows(html: str) -> int:
    """How many data rows the page's listing table has (the empty-table row not counted; 0
    when the page shows an empty state instead of a table)."""
    parts = re.split(r'<table class="rows[^"]*">', html, maxsplit=1)
    if len(parts) == 1:
        return 0
    body = parts[1].split("</table>", 1)[0]
    tbody = body.split("<tbody>", 1)[1]
    return tbody.count("<tr>") - tbody.count("<tr><td colspan")


def pager_text(html: str) -> str:
    """The pager's "Showing a–b of n" line."""
    found = re.search(r'<nav class="pager"[^>]*>\s*<p>([^<]+)</p>', html)
    assert found, "no pager on the page"
    return found.group(1).strip()


def partner_ids(html: str) -> dict[str, int]:
    """Partner ids by name, from the trainer's partner list."""
    return {
        name: int(number)
        for number, name in re.findall(r'href="[^"]*/ui/partners/(\d+)">([^<]+)</a>', html)
    }


CLASSROOM_TOKENS = {
    "northwind": "classroom-northwind-admin",
    "contoso": "classroom-contoso-admin",
    "fabrikam": "classroom-fabrikam-admin",
}


class Classroom:
    """The classroom pack loaded from the trainer controls, a trainer and a northwind user."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.trainer = Browser(client)
        self.trainer.login_admin()
        self.trainer.load("classroom")
        self.ids = partner_ids(self.trainer.get("/ui").text)
        self.partner = self.as_partner("northwind")

    def as_partner(self, name: str) -> Browser:
        """A second browser logged in as ``name``'s full admin."""
        browser = another_browser(self.client)
        browser.login_partner(CLASSROOM_TOKENS[name])
        return browser

    def base(self, partner: str = "northwind") -> str:
        """The path of a partner's pages."""
        return f"/ui/partners/{self.ids[partner]}"

    def api(self, partner: str = "northwind") -> dict[str, str]:
        """API headers of a partner's full admin."""
        return {"Authorization": f"Bearer {CLASSROOM_TOKENS[partner]}"}

    def customer_id(self, external_id: str, partner: str = "northwind") -> str:
        """A customer's id, found through the API."""
        answer = self.client.get(
            "/v1/wholesale/customers", params={"externalId": external_id}, headers=self.api(partner)
        )
        found: str = answer.json()["items"][0]["id"]
        return found

    def advance_clock(self, step: str = "hour") -> None:
        """Move the clock from the trainer controls."""
        answer = self.trainer.post("/ui/trainer/clock", {"step": step}, page="/ui/trainer")
        assert answer.status_code == 200, answer.text
