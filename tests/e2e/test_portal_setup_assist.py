"""The portal's Setup Assist section (issue 19): the entitlement and readiness the target API
holds, and what is still missing with the command that fixes it, against a real simulator."""

from __future__ import annotations

import sys
from pathlib import Path

import httpx2

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bulk"))

from test_web_support import running_portal

from tests.e2e.conftest import SimServer

ASSIST = "/v1/wholesale/setupAssist"


def test_the_home_page_shows_what_setup_assist_still_needs(
    tmp_path: Path, sim_server: SimServer
) -> None:
    token = sim_server.mint("portal-partner")
    options = {"target_url": sim_server.url, "token": token}
    with running_portal(tmp_path / "portal", **options) as client:
        page = client.get("/").text
        assert "A-Wholesale</th><td>not ordered" in page
        assert "rtm assist entitlement order --order-number N" in page
        assert 'href="/codes#assist-partner-not-ready"' in page
        headers = {"Authorization": f"Bearer {token}"}
        order = {"sku": "A-Wholesale", "quantity": 1, "orderNumber": "P-1"}
        httpx2.post(sim_server.url + ASSIST + "/entitlement", json=order, headers=headers)
        ready = {"pstnConnectivity": True, "hostingRequirements": True, "ossBss": True}
        httpx2.put(sim_server.url + ASSIST + "/readiness", json=ready, headers=headers)
        page = client.get("/").text
        assert "ordered (P-1)" in page and 'id="setup-assist-ready"' in page
        assert "setup-assist-missing" not in page


def test_without_a_target_api_there_is_no_section(tmp_path: Path) -> None:
    with running_portal(tmp_path / "portal") as client:
        assert "setup-assist-status" not in client.get("/").text
