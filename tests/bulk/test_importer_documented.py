"""Importer behaviours docs/importer.md promises that had no test: a customer whose
provisioning ends in ``error`` fails its row with ``customer-provisioning-failed`` (and blocks
its rows); customer ``update`` and ``delete`` rows, end to end against the simulator."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from test_importer import Sim, build_plan, run_import, sim, validate_sample  # noqa: F401

from bulk.workbook.rows import ParsedWorkbook


def test_a_customer_ending_in_error_is_customer_provisioning_failed(
    sim: Sim,  # noqa: F811
    tmp_path: Path,
) -> None:
    token = sim.token()
    rows = validate_sample().workbook
    sim.faults([{"method": "POST", "route": "/v1/wholesale/customers", "outcome": "error"}])
    report = run_import(sim, token, build_plan(rows), tmp_path / "j.sqlite")
    customers = {o.row: (o.status, o.error_code) for o in report.outcomes if o.sheet == "Customers"}
    assert customers == {r: ("failed", "customer-provisioning-failed") for r in (2, 3, 4)}
    others = {(o.status, o.error_code) for o in report.outcomes if o.sheet != "Customers"}
    assert others == {("failed", "import-blocked")}
    assert not report.ok


def test_customer_update_and_delete_rows_end_to_end(
    sim: Sim,  # noqa: F811
    tmp_path: Path,
) -> None:
    token = sim.token()
    rows = replace(validate_sample().workbook, assists=[])  # no Setup Assist order to outlive
    run_import(sim, token, build_plan(rows), tmp_path / "first.sqlite")
    acme, brightwell, kranich = rows.customers
    assert sim.holdings(token)["customers"]["kranich-de-001"] == sorted(kranich.packages)
    updated = replace(kranich, action="update", packages=(*kranich.packages, "webex_suite"))
    unchanged = replace(acme, action="update")
    removed = replace(brightwell, action="delete")
    second = ParsedWorkbook(
        customers=[unchanged, removed, updated],
        subscribers=[
            replace(s, action="delete")
            for s in rows.subscribers
            if s.customer_external_id == brightwell.external_id
        ],
    )
    report = run_import(sim, token, build_plan(second), tmp_path / "second.sqlite")
    status = {o.row: o.status for o in report.outcomes if o.sheet == "Customers"}
    assert status == {acme.row: "unchanged", brightwell.row: "done", kranich.row: "done"}
    held = sim.holdings(token)
    assert held["customers"]["kranich-de-001"] == sorted((*kranich.packages, "webex_suite"))
    assert "brightwell-gb-001" not in held["customers"]
    assert held["customers"]["acme-us-001"] == sorted(acme.packages)
    assert not any(c == "brightwell-gb-001" for c, _ in held["subscribers"].values())
