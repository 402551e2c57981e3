"""The load run's parts that do not need Locust: its options, its workload, its onboarding steps
(run here straight against the simulator app), its ledger, verification and summary."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from starlette.testclient import TestClient

from bulk.generator import SeatRange
from bulk.load.config import LoadConfig, LoadOptionError
from bulk.load.ledger import KINDS, Ledger
from bulk.load.summary import LoadSummary, OperationStats
from bulk.load.traffic import Onboarding, Reply, billing_periods, error_code, resource_id
from bulk.load.verify import verify
from bulk.load.workload import journeys
from bulk.rules.billing import billing_period_violations
from tests.simulator.support import ADMIN as ADMIN_TOKEN
from tests.simulator.support import PROVISIONING_ID, bearer, running_simulator

TODAY = dt.date(2026, 11, 25)
ADMIN = bearer(ADMIN_TOKEN)


def _config(**changes: Any) -> LoadConfig:
    values: dict[str, Any] = {
        "url": "http://sim",
        "customers": 5,
        "admin_token": "x",
        "provisioning_id": PROVISIONING_ID,
    }
    return LoadConfig(**(values | changes))


class AppCaller:
    """The :class:`Caller` of the onboarding steps, over Starlette's TestClient."""

    def __init__(self, client: TestClient, token: str) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"}
        self.calls: Counter[str] = Counter()

    def __call__(
        self,
        op: str,
        method: str,
        path: str,
        *,
        ok: tuple[int, ...],
        body: Any = None,
        params: Mapping[str, str] | None = None,
    ) -> Reply:
        self.calls[op] += 1
        answer = self.client.request(method, path, json=body, params=params, headers=self.headers)
        content = answer.json() if answer.content else None
        return Reply(answer.status_code, content, dict(answer.headers))


@pytest.fixture
def app_client(tmp_path: Path) -> Iterator[TestClient]:
    with running_simulator(tmp_path) as sim:
        sim.set_clock(f"{TODAY}T10:00:00Z")
        yield sim.client


def _token(client: TestClient, partner: str) -> str:
    answer = client.post(
        "/_sim/tokens",
        json={"partner": partner, "role": "full_admin", "provisioningId": PROVISIONING_ID},
        headers=ADMIN,
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["token"])


def test_journeys_are_onboarded_and_every_acknowledged_resource_is_held(
    app_client: TestClient,
) -> None:
    config = _config(customers=6, subscribers_per_customer=SeatRange(1, 8), seed=3)
    token = _token(app_client, config.partner_name(0))
    caller = AppCaller(app_client, token)
    ledger = Ledger()
    onboarding = Onboarding(caller, ledger, config, sleep=lambda _: None)
    assert onboarding.prepare_partner()
    planned = list(journeys(config, 0, 1, TODAY + dt.timedelta(days=1)))
    assert all(onboarding.run(j) for j in planned)
    start, end, kind = next(billing_periods(TODAY, 0, 1))
    assert onboarding.billing_report(start, end, kind)
    assert ledger.errors == Counter()
    assert ledger.journeys == ledger.journeys_done == 6
    counts = ledger.counts()
    assert counts["customers"] == 6
    assert counts["subscribers"] == sum(len(j.subscribers) for j in planned)
    assert counts["assists"] == sum(len(j.assists) for j in planned)
    assert counts["billing"] == 1
    app_client.headers.update({"Authorization": f"Bearer {token}"})
    holdings = verify(app_client, ledger)
    assert holdings.complete
    assert {k: holdings.held[k] for k in ("customers", "subscribers", "assists", "billing")} == {
        k: counts[k] for k in ("customers", "subscribers", "assists", "billing")
    }
    calling = sum(1 for j in planned if j.locations)
    assert holdings.held["locations"] == counts["locations"] + calling
    assert caller.calls["customer.precheck"] == caller.calls["customer.create"] == 6


def test_a_refused_call_is_counted_by_code_and_stops_the_journey(app_client: TestClient) -> None:
    config = _config(customers=2, seed=4)
    token = _token(app_client, "refusing-partner")
    ledger = Ledger()
    onboarding = Onboarding(AppCaller(app_client, token), ledger, config, sleep=lambda _: None)
    planned = list(journeys(config, 0, 1, TODAY + dt.timedelta(days=1)))
    assert onboarding.run(planned[0])
    assert not onboarding.run(planned[0])  # the same External ID again
    assert sum(ledger.errors.values()) == 1
    assert ledger.journeys == 2 and ledger.journeys_done == 1
    app_client.headers.update({"Authorization": f"Bearer {token}"})
    assert verify(app_client, ledger).complete


def test_missing_acknowledged_resource_is_reported(app_client: TestClient) -> None:
    token = _token(app_client, "empty-partner")
    ledger = Ledger()
    ledger.acknowledge("subscribers", "no-such-subscriber")
    app_client.headers.update({"Authorization": f"Bearer {token}"})
    holdings = verify(app_client, ledger)
    assert not holdings.complete
    assert holdings.missing["subscribers"] == 1


@pytest.mark.parametrize(
    ("reply", "code"),
    [
        (Reply(409, {"errors": [{"code": "api-conflict", "errorCode": 7005}]}, {}), "api-conflict"),
        (Reply(500, {"message": "boom"}, {}), "http-500"),
        (Reply(502, None, {}), "http-502"),
        (Reply(0, None, {}), "connection-error"),
    ],
)
def test_error_codes(reply: Reply, code: str) -> None:
    assert error_code(reply) == code


def test_resource_ids() -> None:
    assert resource_id(Reply(201, {"id": "abc"}, {})) == "abc"
    assert resource_id(Reply(202, None, {"location": "http://h/v1/wholesale/customers/c1"})) == "c1"
    assert resource_id(Reply(202, {"url": "http://h/v1/x/r9?y=1"}, {})) == "r9"


@given(
    today=st.dates(dt.date(2020, 1, 1), dt.date(2035, 12, 31)),
    processes=st.integers(1, 4),
)
def test_billing_periods_are_distinct_whole_past_months(today: dt.date, processes: int) -> None:
    seen: set[tuple[str, str, str]] = set()
    for process in range(processes):
        for start, end, kind in billing_periods(today, process, processes):
            first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
            assert first.day == 1 and (last + dt.timedelta(days=1)).day == 1
            assert billing_period_violations(first, last, today) == []
            assert (start, end, kind) not in seen
            seen.add((start, end, kind))
    assert len(seen) == 59 * 3


@given(customers=st.integers(1, 10_000), processes=st.integers(1, 16))
def test_customers_are_shared_out_exactly(customers: int, processes: int) -> None:
    config = _config(customers=customers)
    shares = [config.customers_for(p, processes) for p in range(processes)]
    assert sum(shares) == customers and max(shares) - min(shares) <= 1


def test_processes_get_different_customers() -> None:
    config = _config(customers=4, run_tag="abc")
    first = {j.customer.external_id for j in journeys(config, 0, 2, TODAY)}
    second = {j.customer.external_id for j in journeys(config, 1, 2, TODAY)}
    assert len(first) == len(second) == 2 and not first & second
    assert all(i.startswith("abc0-") for i in first)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"url": "sim:8080"}, "is not an http(s) URL"),
        ({"customers": 0}, "--customers must be at least 1"),
        ({"users": 0}, "--concurrency must be at least 1"),
        ({"duration": 0}, "--duration must be positive"),
        ({"admin_token": None}, "give --token"),
        ({"run_tag": "no spaces"}, "--run-tag"),
    ],
)
def test_unusable_options(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(LoadOptionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        _config(**changes)


def test_config_round_trips_through_json() -> None:
    config = _config(subscribers_per_customer=SeatRange(3, 9), token="t", seed=5)
    assert LoadConfig.from_json(config.to_json()) == config


def _stats(name: str, requests: int) -> OperationStats:
    return OperationStats(name, requests, 0, requests / 10, 5.0, 9.0, 12.0, 6.0)


def test_summary_json_and_verdict() -> None:
    summary = LoadSummary(
        url="http://sim",
        seconds=10.0,
        users=4,
        processes=1,
        operations=[_stats("customer.create", 10)],
        total=_stats("all", 10),
        acknowledged=dict.fromkeys(KINDS, 1),
    )
    assert not summary.complete and summary.to_json()["held"] is None
    summary.held, summary.missing = dict.fromkeys(KINDS, 1), dict.fromkeys(KINDS, 0)
    document = summary.to_json()
    assert summary.complete and document["complete"] is True
    assert document["operations"]["customer.create"] == {
        "requests": 10,
        "failures": 0,
        "ops_per_s": 1.0,
        "p50_ms": 5.0,
        "p95_ms": 9.0,
        "p99_ms": 12.0,
        "avg_ms": 6.0,
    }
