"""The simulator's API tests run on the harness (tests/simulator/support.py) twice: on a
temporary SQLite file and on a throwaway PostgreSQL server (marker ``postgres``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.simulator.postgres import running_postgres
from tests.simulator.support import FrozenTime, Sim, running_simulator


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One PostgreSQL database for the session (each test resets it)."""
    with running_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sim(
    request: pytest.FixtureRequest, tmp_path: Path, sim_time: FrozenTime | None
) -> Iterator[Sim]:
    """A simulator in immediate transition mode on a fresh SQLite file or a reset PostgreSQL
    database. Its clock runs with real time, unless the test also asks for ``frozen_time``:
    then only ``POST /_sim/clock`` (or ``frozen_time.move``) moves it."""
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
        running = running_simulator(db_url=url, reset=True, time=sim_time)
    else:
        running = running_simulator(tmp_path, time=sim_time)
    with running as simulator:
        yield simulator
