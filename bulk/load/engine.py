"""Running a load run on Locust in this process (headless, one local runner).

Before Locust starts, the simulator is asked for its date (Setup Assist dates are planned from
it) and, with an admin token, for a fresh partner token; after it stops, Locust's statistics
become the :class:`~bulk.load.summary.LoadSummary` and the simulator is asked whether it holds
every acknowledged resource. Import this module only in a process meant for Locust (it
imports :mod:`bulk.load.users`, and so gevent's monkey-patching).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import time
from collections.abc import Callable
from typing import Any

import gevent  # type: ignore[import-untyped]
import httpx2
from locust.env import Environment
from locust.stats import RequestStats, StatsEntry

from bulk.load.config import LoadConfig
from bulk.load.summary import LoadSummary, OperationStats
from bulk.load.users import LoadProcess, OnboardingUser
from bulk.load.verify import verify_at

Tick = Callable[[LoadProcess, float], None]
"""Told the load process and the seconds elapsed, a few times a second (progress display)."""


class LoadUnusable(Exception):
    """The run cannot start (URL unreachable, token refused); the message is one line."""


def _admin(config: LoadConfig, method: str, path: str, body: Any = None) -> Any:
    headers = {"Authorization": f"Bearer {config.admin_token}"}
    answer = httpx2.request(
        method, f"{config.base_url}{path}", json=body, headers=headers, timeout=30.0
    )
    if answer.status_code in (401, 403):
        raise LoadUnusable(f"the simulator refused the admin token ({answer.status_code})")
    answer.raise_for_status()
    return answer.json()


def prepare(config: LoadConfig, process: int = 0) -> tuple[dt.date, str, LoadConfig]:
    """The date Setup Assist dates are planned from (the day after the simulator's today),
    the token of load process ``process`` and the config with the provisioning ID its
    customers use (the minted partner's, unless one was given). Raises
    :class:`LoadUnusable`."""
    try:
        if config.admin_token:
            now = str(_admin(config, "GET", "/_sim/clock")["now"])
            today = dt.date.fromisoformat(now[:10])
            body = {"partner": config.partner_name(process), "role": "full_admin"}
            minted = _admin(config, "POST", "/_sim/tokens", body)
            token = str(minted["token"])
            chosen = config.provisioning_id or str(minted["provisioningIds"][0])
            config = dataclasses.replace(config, provisioning_id=chosen)
        else:
            assert config.token is not None
            token = config.token
            _check_token(config.base_url, token)
            today = dt.datetime.now(dt.UTC).date()
    except httpx2.HTTPError as error:
        raise LoadUnusable(f"cannot reach {config.base_url}: {error}") from None
    if config.provisioning_id is None:
        raise LoadUnusable("--provisioning-id is needed with --token (rtm sim token prints it)")
    # A day of margin: a run crossing midnight still asks for dates the server accepts.
    return today + dt.timedelta(days=1), token, config


def _check_token(base_url: str, token: str) -> None:
    answer = httpx2.get(
        f"{base_url}/v1/wholesale/customers",
        params={"max": 1},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30.0,
    )
    if answer.status_code in (401, 403):
        raise LoadUnusable(f"the server refused the token ({answer.status_code})")
    answer.raise_for_status()


def operation_stats(entry: StatsEntry, name: str, seconds: float) -> OperationStats:
    """One Locust stats entry as the summary's figures."""
    return OperationStats(
        name=name,
        requests=entry.num_requests,
        failures=entry.num_failures,
        per_second=entry.num_requests / seconds if seconds else 0.0,
        p50=float(entry.get_response_time_percentile(0.5) or 0),
        p95=float(entry.get_response_time_percentile(0.95) or 0),
        p99=float(entry.get_response_time_percentile(0.99) or 0),
        average=float(entry.avg_response_time or 0),
    )


def summarise(
    stats: RequestStats, config: LoadConfig, seconds: float, processes: int
) -> LoadSummary:
    """Locust's statistics as a summary (without ledger and holdings yet)."""
    operations = [
        operation_stats(entry, name, seconds)
        for (name, _method), entry in sorted(stats.entries.items())
    ]
    return LoadSummary(
        url=config.base_url,
        seconds=seconds,
        users=config.users,
        processes=processes,
        operations=operations,
        total=operation_stats(stats.total, "all", seconds),
    )


def run_local(config: LoadConfig, tick: Tick | None = None) -> LoadSummary:
    """Run the load on a local Locust runner until every customer is onboarded or the duration
    is over, then verify. Raises :class:`LoadUnusable` when the run cannot start."""
    logging.getLogger("locust").setLevel(logging.ERROR)
    as_of, token, config = prepare(config)
    work = LoadProcess(config, 0, 1, as_of, token)
    environment = Environment(
        user_classes=[OnboardingUser], host=config.base_url, stop_timeout=config.stop_timeout
    )
    environment.rtm_load = work  # type: ignore[attr-defined]
    runner = environment.create_local_runner()
    started = time.monotonic()
    runner.start(config.users, spawn_rate=config.rate)
    while time.monotonic() - started < config.duration and not work.finished:
        gevent.sleep(0.2)
        if tick is not None:
            tick(work, time.monotonic() - started)
    runner.quit()
    seconds = time.monotonic() - started
    summary = summarise(environment.stats, config, seconds, processes=1)
    return finish(summary, work, config)


def finish(summary: LoadSummary, work: LoadProcess, config: LoadConfig) -> LoadSummary:
    """Add the ledger and the server's holdings to a summary."""
    ledger = work.ledger
    summary.errors.update(ledger.errors)
    summary.acknowledged = ledger.counts()
    summary.journeys, summary.journeys_done = ledger.journeys, ledger.journeys_done
    try:
        holdings = verify_at(config.base_url, work.token, ledger)
    except httpx2.HTTPError as error:
        summary.verify_error = f"cannot read {config.base_url}: {error}"
        return summary
    summary.held, summary.missing = holdings.held, holdings.missing
    return summary
