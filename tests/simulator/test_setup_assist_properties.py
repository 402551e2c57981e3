"""Property: repeating any Setup Assist submission any number of times — with other, different
submissions for the same location in between — yields one request and one charge."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.simulator.setup_assist_support import ASSIST, AssistWorld, one_time, request_body
from tests.simulator.support import Sim, running_simulator

PARTNERS = itertools.count(1)


@pytest.fixture(scope="module")
def shared_sim(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Sim]:
    """One simulator for every example; each example is a partner of its own."""
    with running_simulator(tmp_path_factory.mktemp("assist-properties")) as sim:
        yield sim


submissions = st.fixed_dictionaries(
    {
        "requestedCompletionDate": st.integers(20, 90).map(
            lambda d: (date(2026, 11, 19) + timedelta(days=d)).isoformat()
        ),
        "channel": st.sampled_from(["api", "form", "helpdesk"]),
        "networkCheckDone": st.booleans(),
        # Control characters are refused (cell-forbidden-character, docs/simulator.md).
        "notes": st.none() | st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=40),
    }
)


@settings(max_examples=25)
@given(
    seats=st.integers(1, 9),
    body=submissions,
    repeats=st.integers(1, 5),
    others=st.lists(submissions, max_size=3),
)
def test_repeated_submissions_make_one_request_and_one_charge(
    shared_sim: Sim, seats: int, body: dict[str, Any], repeats: int, others: list[dict[str, Any]]
) -> None:
    world = AssistWorld(shared_sim, partner=f"partner-{next(PARTNERS)}").ready()
    world.set_clock("2026-11-19T15:00:00Z")
    customer, location = world.site("c1", seats=seats)
    original = request_body(customer, location, **_fields(body))
    answers = [world.submit(original)]
    for other in others:
        different = request_body(customer, location, **_fields(other))
        refused = world.submit(different)
        assert refused.status_code == (200 if different == original else 409), refused.text
    answers += [world.submit(original) for _ in range(repeats)]
    assert [a.status_code for a in answers] == [201] + [200] * repeats
    assert len({a.json()["id"] for a in answers}) == 1
    listed = world.client.get(f"{ASSIST}/requests", headers=world.headers).json()["items"]
    assert len(listed) == 1
    world.set_clock("2026-12-02T09:00:00Z")
    charges = one_time(world.report_lines("2026-11-19", "2026-11-19"))
    assert [(c["location_id"], c["amount"]) for c in charges] == [
        (location, answers[0].json()["amount"])
    ]


def _fields(body: dict[str, Any]) -> dict[str, Any]:
    fields = dict(body)
    return {"completion": fields.pop("requestedCompletionDate"), **fields}
