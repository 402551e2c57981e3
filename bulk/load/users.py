"""Locust's side of a load run: the user class and the per-process state it draws work from.

Importing this module imports Locust, which monkey-patches the process for gevent; only the
load engine (``python -m bulk.load``) and the Locust file (``bulk/load/locustfile.py``) import
it, never the rest of ``rtm``.

Each Locust process (the local runner, or each worker in master/worker mode) has one
:class:`LoadProcess`: its share of the generated customers, its partner token, its
:class:`~bulk.load.ledger.Ledger`. Each :class:`OnboardingUser` takes the next customer and
onboards it (:class:`~bulk.load.traffic.Onboarding`), and every ``billing_every`` customers
creates a billing report; when the customers run out, users stop.
"""

from __future__ import annotations

import datetime as dt
import json as jsonlib
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlencode

import gevent  # type: ignore[import-untyped]
from gevent.event import Event  # type: ignore[import-untyped]
from gevent.lock import Semaphore  # type: ignore[import-untyped]
from locust import FastHttpUser, constant, task
from locust.env import Environment
from locust.exception import StopUser

from bulk.load.config import LoadConfig
from bulk.load.ledger import Ledger
from bulk.load.traffic import Onboarding, Reply, billing_periods, error_code
from bulk.load.workload import Journey, journeys


class LoadProcess:
    """One Locust process's work: its customers, token, ledger and billing periods."""

    def __init__(
        self, config: LoadConfig, process: int, processes: int, as_of: dt.date, token: str
    ) -> None:
        self.config = config
        self.process = process
        self.token = token
        self.ledger = Ledger()
        self._journeys: Iterator[Journey] = journeys(config, process, processes, as_of)
        self._periods = billing_periods(as_of, process, processes)
        self._taken = 0
        self._busy = 0
        self._exhausted = False
        self._prepared = Event()
        self._preparing = Semaphore()
        self.partner_ready = False

    def next_journey(self) -> tuple[Journey, tuple[str, str, str] | None] | None:
        """The next customer to onboard, with the billing period to report on after it (one
        every ``billing_every`` customers), or ``None`` when there are no more customers."""
        journey = next(self._journeys, None)
        if journey is None:
            self._exhausted = True
            return None
        self._taken += 1
        self._busy += 1
        every = self.config.billing_every
        due = every > 0 and self._taken % every == 0
        return journey, next(self._periods, None) if due else None

    def journey_finished(self) -> None:
        """A user is done with its customer."""
        self._busy -= 1

    @property
    def finished(self) -> bool:
        """Whether every customer has been taken and onboarded."""
        return self._exhausted and self._busy == 0

    def prepare_partner(self, onboarding: Onboarding) -> None:
        """Order A-Wholesale and mark readiness once for the process (other users wait)."""
        with self._preparing:
            if not self._prepared.is_set():
                self.partner_ready = onboarding.prepare_partner()
                self._prepared.set()


def load_process(environment: Environment) -> LoadProcess:
    """The :class:`LoadProcess` the engine or the Locust file attached to the environment."""
    process = getattr(environment, "rtm_load", None)
    if not isinstance(process, LoadProcess):
        raise RuntimeError("no load process attached to the Locust environment")
    return process


class OnboardingUser(FastHttpUser):
    """A partner onboarding engineer's API traffic, one customer after another."""

    wait_time = constant(0)
    network_timeout = 60.0
    connection_timeout = 10.0

    def on_start(self) -> None:
        """Attach to the process's work; the first user prepares the partner."""
        self.work = load_process(self.environment)
        self.headers = {"Authorization": f"Bearer {self.work.token}"}
        self.onboarding = Onboarding(self.call, self.work.ledger, self.work.config, gevent.sleep)
        self.work.prepare_partner(self.onboarding)

    @task
    def onboard_next_customer(self) -> None:
        """Onboard the next customer (and report billing when due); stop when none is left."""
        taken = self.work.next_journey()
        if taken is None:
            raise StopUser()
        journey, period = taken
        try:
            self.onboarding.run(journey)
            if period is not None:
                self.onboarding.billing_report(*period)
        finally:
            self.work.journey_finished()

    def call(
        self,
        op: str,
        method: str,
        path: str,
        *,
        ok: tuple[int, ...],
        body: Any = None,
        params: Mapping[str, str] | None = None,
    ) -> Reply:
        """One request through Locust's client, counted under ``op`` (the :class:`Caller` of
        the traffic steps)."""
        url = f"{path}?{urlencode(params)}" if params else path
        with self.client.request(
            method, url, name=op, json=body, headers=self.headers, catch_response=True
        ) as response:
            status = response.status_code or 0
            reply = Reply(status, _json(response.content), _headers(response.headers))
            if status in ok:
                response.success()
            else:
                response.failure(error_code(reply))
            return reply


def _json(content: bytes | None) -> Any:
    if not content:
        return None
    try:
        return jsonlib.loads(content)
    except ValueError:
        return None


def _headers(headers: Any) -> dict[str, str]:
    if headers is None:
        return {}
    return {str(k).lower(): str(v) for k, v in headers.items()}
