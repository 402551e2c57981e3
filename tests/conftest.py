"""Test-wide settings and fixtures: hypothesis profiles for the whole suite, and the simulator
harness (tests/simulator/support.py) as the ``sim`` and ``frozen_time`` fixtures.

- `ci` (the default, used by `make test`): derandomized on every machine, not only where Hypothesis
  detects a CI environment, so a run draws the same examples as the last one and a failure
  reproduces on the next run; no example database, so a past failure cannot change what is drawn.
- `deep` (local exploration): random, 100,000 examples a test, the example database on. Run it with
  `pytest --hypothesis-profile=deep` (or `HYPOTHESIS_PROFILE=deep`); see docs/testing.md.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.simulator.support import FrozenTime, Sim, running_simulator

settings.register_profile(
    "ci",
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "deep",
    max_examples=100_000,  # the differential test spreads these over its five groups
    deadline=None,
    derandomize=False,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("thorough", max_examples=1000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The modules holding a test marked ``slow`` run first (each module's tests together, so
    its module-wide server and browser start once), the rest in their usual order.
    ``pytest -n 2`` hands the first quarter of the tests to its workers in turn and the rest
    to whichever is free: a long test that started last would leave one worker running it
    alone at the end (docs/testing.md, "How long the suite takes")."""
    slow = {item.path for item in items if item.get_closest_marker("slow")}
    items.sort(key=lambda item: item.path not in slow)


@pytest.fixture
def frozen_time() -> FrozenTime:
    """A time source that stands still; the ``sim`` of a test that asks for it uses it, so the
    timestamps it writes are exactly the instants the test set."""
    return FrozenTime()


@pytest.fixture
def sim_time(request: pytest.FixtureRequest) -> FrozenTime | None:
    """The time source of the test's ``sim``: ``frozen_time`` when the test asks for it, else
    None (the machine's clock)."""
    if "frozen_time" in request.fixturenames:
        found: FrozenTime = request.getfixturevalue("frozen_time")
        return found
    return None


@pytest.fixture
def sim(tmp_path: Path, sim_time: FrozenTime | None) -> Iterator[Sim]:
    """A simulator in this process, in immediate transition mode on a fresh SQLite file (the
    simulator's own tests run theirs on PostgreSQL too: tests/simulator/conftest.py). Its clock
    runs with real time unless the test also asks for ``frozen_time``."""
    with running_simulator(tmp_path, time=sim_time) as simulator:
        yield simulator
