"""Fixtures of the simulator's API tests: a fresh app on a temporary SQLite file and, for the
same tests, on a throwaway PostgreSQL server (marker ``postgres``)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from simulator.app import create_app
from simulator.control.models import ControlBackend
from simulator.settings import Settings
from tests.simulator.postgres import running_postgres
from tests.simulator.support import ADMIN, Sim


def make_settings(db_url: str, mode: str = "immediate") -> Settings:
    """Settings of a test simulator."""
    return Settings(db_url=db_url, admin_token=ADMIN, transition_mode=mode)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """One PostgreSQL database for the session (each test resets it)."""
    with running_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def sim(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Sim]:
    """A simulator in immediate transition mode on a fresh SQLite file or a reset PostgreSQL
    database."""
    if request.param == "postgres":
        url = request.getfixturevalue("postgres_url")
    else:
        url = f"sqlite:///{tmp_path / 'sim.sqlite'}"
    app = create_app(make_settings(url))
    ControlBackend(app.state.runtime).reset()
    with TestClient(app) as client:
        yield Sim(client)
    app.state.runtime.store.dispose()
