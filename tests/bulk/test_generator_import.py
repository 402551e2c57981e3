"""Acceptance (issue 7): a defect-free generated workbook imports cleanly into the simulator —
every row done, and the simulator then holds exactly the workbook's customers, locations,
subscribers and Setup Assist requests (the importer in-process, over the test harness's ASGI
transport)."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bulk.client import RetryPolicy
from bulk.generator import GeneratorOptions, SeatRange, generate_workbook
from bulk.importer import build_plan
from bulk.validation import ValidationResult, validate_workbook
from tests.holdings import read_holdings, workbook_holdings
from tests.importing import ImportTarget, run_plan
from tests.simulator import support

AS_OF = dt.date(2026, 11, 25)


@pytest.fixture
def simulator(sim: support.Sim) -> ImportTarget:
    return ImportTarget(sim)


async def _import(sim: ImportTarget, result: ValidationResult, journal: Path) -> tuple[Any, ...]:
    await sim.call("POST", "/_sim/clock", json={"now": f"{AS_OF.isoformat()}T09:00:00Z"})
    body = {"partner": "generated-partner", "role": "full_admin"}
    minted = await sim.call("POST", "/_sim/tokens", json=body)
    token = str(minted["token"])
    policy = RetryPolicy(max_attempts=8, base_delay=0.01, max_delay=0.05)
    async with sim.client(token, concurrency=4, retry=policy) as api:
        await api.order_entitlement("AW-GENERATED-1")
        await api.set_readiness(pstn=True, hosting=True, oss_bss=True)
        report = await run_plan(
            api,
            build_plan(result.workbook),
            journal,
            provisioning_id=minted["provisioningIds"][0],
            workbook="generated.xlsx",
        )
        return report, await read_holdings(api)


def _expected(result: ValidationResult) -> dict[str, Any]:
    return workbook_holdings(result.workbook, lambda c: sorted(c.packages))


@pytest.mark.parametrize("seed", [3, 28])
def test_clean_generated_workbook_imports_cleanly(
    simulator: ImportTarget, tmp_path: Path, seed: int
) -> None:
    options = GeneratorOptions(
        customers=6, as_of=AS_OF, seed=seed, subscribers_per_customer=SeatRange(1, 12)
    )
    path = tmp_path / "generated.xlsx"
    generate_workbook(options, path)
    result = validate_workbook(path, as_of=AS_OF)
    assert result.report.valid and result.report.issues == []
    report, holdings = asyncio.run(_import(simulator, result, tmp_path / "journal.sqlite"))
    assert report.outcomes and all(o.status == "done" for o in report.outcomes), report.failed
    assert holdings == _expected(result)
    assert {sku for *_, sku, _, _ in holdings["assists"]} <= {"EXPRESS", "STANDARD"}
