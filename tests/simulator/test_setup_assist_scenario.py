"""Setup Assist set up from outside the API: a scenario pack's ``[partners.setupAssist]``, the
control plane's partner terms, and the price book the settings name."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.simulator.setup_assist_support import ASSIST, AssistWorld, request_body
from tests.simulator.support import Sim, assert_webex_error, bearer, running_simulator

PACK = """
description = "Setup Assist ready partner"
[[partners]]
name = "acme"
tokens = [{ role = "full_admin", token = "assist-acme-admin" }]
[partners.setupAssist]
discount = "0.25"
orderNumber = "CCW-7"
readiness = { pstnConnectivity = true, hostingRequirements = true, ossBss = false }
"""


@contextmanager
def simulator(tmp_path: Path, pricebook: Path | None = None) -> Iterator[Sim]:
    """A simulator with its own scenario folder (and price book, when given)."""
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir(exist_ok=True)
    (scenarios / "assist.toml").write_text(PACK)
    chosen = {"pricebook": pricebook} if pricebook else {}
    with running_simulator(tmp_path, scenarios_dir=scenarios, **chosen) as sim:
        yield sim


def test_a_scenario_seeds_discount_order_and_readiness(tmp_path: Path) -> None:
    with simulator(tmp_path) as sim:
        loaded = sim.client.post("/_sim/scenarios/assist", headers=sim.admin)
        assert loaded.status_code == 200, loaded.text
        headers = bearer("assist-acme-admin")
        order = sim.client.get(f"{ASSIST}/entitlement", headers=headers).json()
        assert order["orderNumber"] == "CCW-7"
        readiness = sim.client.get(f"{ASSIST}/readiness", headers=headers).json()
        assert readiness == {"pstnConnectivity": True, "hostingRequirements": True, "ossBss": False}
        terms = sim.client.get("/_sim/assist/partners/acme/terms", headers=sim.admin).json()
        assert terms == {"discount": "0.25"}


def test_terms_are_checked_and_need_the_admin_token(tmp_path: Path) -> None:
    with simulator(tmp_path) as sim:
        url = "/_sim/assist/partners/acme/terms"
        bad = sim.client.put(url, json={"discount": "1.5"}, headers=sim.admin)
        assert_webex_error(bad, 400, "api-invalid-request")
        nope = sim.client.put(url, json={"discount": "0.1"}, headers=bearer("not-admin"))
        assert_webex_error(nope, 401, "api-unauthorized")


def test_prices_come_from_the_configured_price_book(tmp_path: Path) -> None:
    book = (Path(__file__).parents[2] / "fixtures" / "pricebook.toml").read_text()
    custom = tmp_path / "book.toml"
    custom.write_text(book.replace('EXPRESS = "249.00"', 'EXPRESS = "300.00"'))
    with simulator(tmp_path, custom) as sim:
        world = AssistWorld(sim).ready()
        world.set_clock("2026-11-19T15:00:00Z")
        world.set_discount("0.10")
        customer, location = world.site("c1", seats=2)
        made = world.submit(request_body(customer, location, "2026-12-15")).json()
        assert (made["unitNetPrice"], made["amount"]) == ("270.00", "270.00")
        custom.write_text("[pricebook]\ncurrency = 'USD'\n")
        other, other_location = world.site("c2", seats=2)
        broken = world.submit(request_body(other, other_location, "2026-12-15"))
        body = assert_webex_error(broken, 500, "api-server-error")
        assert "book.toml" in body["message"]
