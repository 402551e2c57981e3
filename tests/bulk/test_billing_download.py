"""``bulk.billing.fetch_report`` (what ``rtm billing report`` runs) against the simulator in
process: create, poll, download; the same period again reuses the report; a FAILED report and a
refused period are errors with the API's words."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest

from bulk.billing import ReportNotReady, fetch_report
from bulk.client import ApiSession, ApiStatusError, WholesaleClient
from tests.simulator.support import ADMIN, bearer, running_simulator


class Heard:
    """A watcher that remembers what it was told."""

    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def created(self, report_id: str, reused: bool) -> None:
        self.events.append(("created", reused))

    def polled(self, status: str, waited: float) -> None:
        self.events.append(("polled", status))

    def downloaded(self, size: int) -> None:
        self.events.append(("downloaded", size > 0))


@pytest.fixture
def app_url(tmp_path: Path) -> Iterator[tuple[httpx2.ASGITransport, str]]:
    """A simulator app in clock mode (1 s), its clock in February 2026, and a partner token."""
    with running_simulator(tmp_path, mode="clock") as sim:
        sim.transitions("clock", delay=1)
        sim.set_clock("2026-02-05T09:00:00Z")
        yield sim.transport(), sim.mint("acme")


def _fetch(
    transport: httpx2.ASGITransport,
    token: str,
    start: str,
    end: str,
    heard: Heard,
) -> tuple[str, bytes]:
    async def run() -> tuple[str, bytes]:
        async with httpx2.AsyncClient(transport=transport, base_url="http://sim") as http:
            api = WholesaleClient(ApiSession(http, token))

            async def wait(seconds: float) -> None:  # let the simulator clock run instead
                await http.post("/_sim/clock", json={"advance": "PT2S"}, headers=bearer(ADMIN))

            report, content = await fetch_report(api, start, end, "CUSTOMER", heard, sleep=wait)
            return report.id, content

    return asyncio.run(run())


def test_create_poll_download_and_reuse(app_url: tuple[httpx2.ASGITransport, str]) -> None:
    transport, token = app_url
    first = Heard()
    report_id, content = _fetch(transport, token, "2026-01-01", "2026-01-31", first)
    assert content.startswith(b"line_type,customer_id")
    assert first.events[0] == ("created", False)
    assert ("polled", "IN_PROGRESS") in first.events and ("polled", "COMPLETED") in first.events
    assert first.events[-1] == ("downloaded", True)
    again = Heard()
    same_id, _ = _fetch(transport, token, "2026-01-01", "2026-01-31", again)
    assert same_id == report_id and again.events[0] == ("created", True)


def test_refused_period_and_failed_report(app_url: tuple[httpx2.ASGITransport, str]) -> None:
    transport, token = app_url
    with pytest.raises(ApiStatusError) as refused:
        _fetch(transport, token, "2026-01-15", "2026-02-20", Heard())
    assert refused.value.code == "billing-period-invalid"
    with pytest.raises(ApiStatusError) as overlapping:
        _fetch(transport, token, "2026-01-01", "2026-01-31", Heard())
        _fetch(transport, token, "2026-01-10", "2026-01-20", Heard())
    assert overlapping.value.code == "billing-period-duplicate"

    async def fail_reports() -> None:
        async with httpx2.AsyncClient(transport=transport, base_url="http://sim") as http:
            rule = {"method": "POST", "route": "/v1/wholesale/billing/reports", "outcome": "FAILED"}
            answer = await http.put(
                "/_sim/faults", json={"seed": 1, "rules": [rule]}, headers=bearer(ADMIN)
            )
            assert answer.status_code == 200, answer.text

    asyncio.run(fail_reports())
    with pytest.raises(ReportNotReady, match="FAILED"):
        _fetch(transport, token, "2025-12-01", "2025-12-31", Heard())
