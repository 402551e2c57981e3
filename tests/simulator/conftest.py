"""Fixtures of the simulator's API tests: a fresh app on a temporary SQLite file and, for the
same tests, on a throwaway PostgreSQL server (marker ``postgres``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from simulator.app import create_app
from simulator.clock import Clock
from simulator.control.models import ControlBackend
from simulator.settings import Settings
from tests.simulator.postgres import running_postgres
from tests.simulator.support import ADMIN, FrozenTime, Sim


def make_settings(db_url: str, mode: str = "immediate") -> Settings:
    """Settings of a test simulator."""
    return Settings(db_url=db_url, admin_token=ADMIN, transition_mode=mode)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One PostgreSQL database for the session (each test resets it)."""
    with running_postgres() as url:
        yield url


@pytest.fixture
def frozen_time() -> FrozenTime:
    """A time source that stands still; the ``sim`` of a test that asks for it uses it, so the
    timestamps it writes are exactly the instants the test set."""
    return FrozenTime()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sim(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Sim]:
    """A simulator in immediate transition mode on a fresh SQLite file or a reset PostgreSQL
    database. Its clock runs with real time, unless the test also asks for ``frozen_time``:
    then only ``POST /_sim/clock`` (or ``frozen_time.move``) moves it."""
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
    else:
        url = f"sqlite:///{tmp_path / 'sim.sqlite'}"
    clock = (
        Clock(request.getfixturevalue("frozen_time"))
        if "frozen_time" in request.fixturenames
        else None
    )
    app = create_app(make_settings(url), clock=clock)
    ControlBackend(app.state.runtime).reset()
    with TestClient(app) as client:
        yield Sim(client)
    app.state.runtime.store.dispose()
