"""``rtm sim serve --scenario NAME`` seeds each of the dashboard's scenario packs before it
serves: the pack's fixed tokens work at once and the dashboard answers."""

from __future__ import annotations

from pathlib import Path

import httpx2
import pytest

from tests.e2e.conftest import start_simulator

PACKS = {
    "classroom": ("classroom-northwind-admin", 11),
    "deadline-drill": ("drill-drillco-admin", 2),
    "billing-month": ("billing-ledger-admin", 2),
    "flaky-network": ("flaky-partner-admin", 1),
}


@pytest.mark.parametrize("name", sorted(PACKS))
def test_serve_seeds_the_pack(tmp_path: Path, name: str) -> None:
    token, customers = PACKS[name]
    server = start_simulator(
        tmp_path, f"sqlite:///{tmp_path / 'sim.sqlite'}", None, "--scenario", name
    )
    try:
        printed = next(tmp_path.glob("stdout-*.txt")).read_text()
        assert f"Scenario {name}: " in printed
        assert token in printed
        headers = {"Authorization": f"Bearer {token}"}
        if name == "flaky-network":  # its faults are on: switch them off to count
            httpx2.put(
                f"{server.url}/_sim/faults", json={"rules": []}, headers=server.admin()
            ).raise_for_status()
        listing = httpx2.get(f"{server.url}/v1/wholesale/customers", headers=headers)
        assert listing.status_code == 200, listing.text
        assert len(listing.json()["items"]) == customers
        assert httpx2.get(f"{server.url}/ui").status_code == 200
    finally:
        server.stop()
