"""Fixtures of the simulator's API tests: a fresh app on a temporary SQLite file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from simulator.app import create_app
from simulator.settings import Settings
from tests.simulator.support import ADMIN, Sim


def make_settings(db_url: str, mode: str = "immediate") -> Settings:
    """Settings of a test simulator."""
    return Settings(db_url=db_url, admin_token=ADMIN, transition_mode=mode)  # type: ignore[arg-type]


@pytest.fixture
def sim(tmp_path: Path) -> Iterator[Sim]:
    """A simulator in immediate transition mode on a fresh SQLite file."""
    app = create_app(make_settings(f"sqlite:///{tmp_path / 'sim.sqlite'}"))
    with TestClient(app) as client:
        yield Sim(client)
    app.state.runtime.store.dispose()
