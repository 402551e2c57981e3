"""Setup Assist projects: phases per SKU, Cisco-side tasks done by the clock in business days,
partner tasks done by the partner, the control plane's advance, and the request's statuses
``submitted`` → ``accepted`` → ``in_progress`` → ``completed`` (or ``cancelled``/``rejected``)."""

from __future__ import annotations

from typing import Any

from tests.oracles import EXPRESS_PHASE_NAMES, STANDARD_PHASE_NAMES
from tests.simulator.setup_assist_support import ASSIST, AssistWorld, request_body
from tests.simulator.support import FrozenTime, Sim, assert_webex_error

THURSDAY = "2026-11-19T15:00:00Z"


def _request(
    world: AssistWorld, seats: int = 3, name: str = "c1", mode: str | None = None
) -> dict[str, Any]:
    customer, location = world.site(name, seats=seats)
    if mode is not None:  # after provisioning, which needs the immediate mode
        world.sim.transitions(mode, delay=30)
    answer = world.submit(request_body(customer, location, "2026-12-15"))
    assert answer.status_code == 201, answer.text
    made: dict[str, Any] = answer.json()
    return made


def _get(world: AssistWorld, request_id: str) -> dict[str, Any]:
    answer = world.client.get(f"{ASSIST}/requests/{request_id}", headers=world.headers)
    assert answer.status_code == 200, answer.text
    found: dict[str, Any] = answer.json()
    return found


def _complete(world: AssistWorld, request_id: str, phase: int, task: str) -> Any:
    url = f"{ASSIST}/requests/{request_id}/phases/{phase}/tasks/{task}/complete"
    return world.client.post(url, headers=world.headers)


def _partner_tasks(request: dict[str, Any], phase: int) -> list[str]:
    tasks = request["phases"][phase - 1]["tasks"]
    return [t["id"] for t in tasks if t["side"] == "partner"]


def _advance(world: AssistWorld, request_id: str, **body: Any) -> Any:
    return world.client.post(
        f"/_sim/assist/{request_id}/advance", json=body, headers=world.sim.admin
    )


def test_phases_follow_the_sku(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    express = _request(world, seats=5, name="small")
    standard = _request(world, seats=6, name="big")
    names = [p["name"] for p in standard["phases"]]
    assert names == STANDARD_PHASE_NAMES  # docs/setup-assist.md, Projects
    assert [p["name"] for p in express["phases"]] == EXPRESS_PHASE_NAMES
    design = express["phases"][1]["tasks"]
    assert [t["title"] for t in design if t["side"] == "partner"] == [
        "Follow up with the customer as required."
    ]
    phases = world.client.get(f"{ASSIST}/requests/{express['id']}/phases", headers=world.headers)
    assert phases.json()["items"] == express["phases"]


def test_cisco_tasks_complete_with_the_clock_in_business_days(
    sim: Sim, frozen_time: FrozenTime
) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    made = _request(world)
    first = made["phases"][0]
    assert made["status"] == "accepted" and made["currentPhase"] == 1
    assert first["status"] == "in_progress" and first["ciscoDueDate"] == "2026-11-23"
    assert first["owes"] == ["cisco", "partner"]
    world.set_clock("2026-11-23T14:59:00Z")  # Thursday + 2 business days, a minute early
    assert _get(world, made["id"])["phases"][0]["owes"] == ["cisco", "partner"]
    world.set_clock("2026-11-23T15:00:00Z")  # exactly two business days after acceptance
    now = _get(world, made["id"])
    assert now["status"] == "in_progress" and now["phases"][0]["owes"] == ["partner"]
    cisco = [t for t in now["phases"][0]["tasks"] if t["side"] == "cisco"]
    assert all(t["done"] and t["doneBy"] == "Setup Assist team" for t in cisco)
    assert {t["doneAt"] for t in cisco} == {"2026-11-23T15:00:00.000Z"}


def test_a_phase_completes_when_both_sides_are_done(sim: Sim, frozen_time: FrozenTime) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    made = _request(world)
    for task in _partner_tasks(made, 1):
        answer = _complete(world, made["id"], 1, task)
        assert answer.status_code == 200, answer.text
    waiting = _get(world, made["id"])
    assert waiting["currentPhase"] == 1 and waiting["phases"][0]["owes"] == ["cisco"]
    world.set_clock("2026-11-24T09:00:00Z")
    moved = _get(world, made["id"])
    assert moved["currentPhase"] == 2
    assert moved["phases"][0]["status"] == "completed"
    assert moved["phases"][0]["completedAt"] == "2026-11-23T15:00:00.000Z"  # when Cisco was due
    assert moved["phases"][1]["startedAt"] == moved["phases"][0]["completedAt"]
    # Phase 2 runs 4 business days from Monday 23rd, skipping Thanksgiving: Monday 30th.
    assert moved["phases"][1]["ciscoDueDate"] == "2026-11-30"


def test_the_request_completes_after_its_last_phase(sim: Sim, frozen_time: FrozenTime) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    made = _request(world)
    for phase in (1, 2):
        for task in _partner_tasks(made, phase):
            if phase == 2:
                world.set_clock("2026-11-24T09:00:00Z")
            _complete(world, made["id"], phase, task)
    world.set_clock("2026-12-01T09:00:00Z")
    done = _get(world, made["id"])
    assert done["status"] == "completed"
    assert done["completedAt"] == "2026-11-30T15:00:00.000Z"
    assert [p["status"] for p in done["phases"]] == ["completed", "completed"]
    assert "currentPhase" not in done
    cancel = world.client.post(f"{ASSIST}/requests/{made['id']}/cancel", headers=world.headers)
    assert_webex_error(cancel, 409, "api-conflict")


def test_partner_cannot_complete_cisco_or_future_or_unknown_tasks(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    made = _request(world)
    cisco = assert_webex_error(
        _complete(world, made["id"], 1, "p1-cisco-1"), 403, "assist-task-cisco-side"
    )
    assert "p1-cisco-1" in cisco["message"]
    future = _complete(world, made["id"], 2, "p2-partner-1")
    assert_webex_error(future, 409, "api-conflict")
    assert_webex_error(_complete(world, made["id"], 1, "p1-partner-9"), 404, "api-not-found")
    assert_webex_error(_complete(world, made["id"], 3, "p3-partner-1"), 404, "api-not-found")
    reader = AssistWorld(sim, role="read_only_admin")
    url = f"{ASSIST}/requests/{made['id']}/phases/1/tasks/p1-partner-1/complete"
    assert_webex_error(world.client.post(url, headers=reader.headers), 403, "api-forbidden")


def test_completing_a_done_task_again_changes_nothing(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    made = _request(world)
    first = _complete(world, made["id"], 1, "p1-partner-1").json()
    world.set_clock("2026-11-20T10:00:00Z")
    again = _complete(world, made["id"], 1, "p1-partner-1").json()
    task = next(t for t in again["phases"][0]["tasks"] if t["id"] == "p1-partner-1")
    assert (
        task["doneAt"]
        == next(t for t in first["phases"][0]["tasks"] if t["id"] == "p1-partner-1")["doneAt"]
    )


def test_manual_mode_waits_for_the_control_plane(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    made = _request(world, mode="manual")
    assert made["status"] == "submitted" and made["phases"][0]["status"] == "pending"
    assert_webex_error(_complete(world, made["id"], 1, "p1-partner-1"), 409, "api-conflict")
    accepted = _advance(world, made["id"])
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    world.set_clock("2026-12-20T10:00:00Z")  # no clock-driven Cisco work in manual mode
    assert _get(world, made["id"])["phases"][0]["owes"] == ["cisco", "partner"]
    cisco_done = _advance(world, made["id"]).json()
    assert cisco_done["status"] == "in_progress" and cisco_done["currentPhase"] == 1
    whole = _advance(world, made["id"], partnerTasks=True).json()
    assert whole["currentPhase"] == 2
    finished = _advance(world, made["id"], partnerTasks=True).json()
    assert finished["status"] == "completed"
    assert_webex_error(_advance(world, made["id"]), 409, "api-conflict")


def test_a_submitted_request_can_be_rejected(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    made = _request(world, mode="manual")
    rejected = _advance(world, made["id"], status="rejected").json()
    assert rejected["status"] == "rejected" and rejected["closedAt"]
    customer = {"id": made["customerId"]}
    again = world.submit(request_body(customer, made["locationId"], "2026-12-16"))
    assert again.status_code == 201, again.text
    assert_webex_error(_advance(world, "no-such-request"), 404, "api-not-found")


def test_clock_mode_accepts_after_the_delay(sim: Sim, frozen_time: FrozenTime) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    made = _request(world, mode="clock")
    assert made["status"] == "submitted"
    sim.advance_clock("PT31S")
    accepted = _get(world, made["id"])
    assert accepted["status"] == "accepted"
    assert accepted["acceptedAt"] == "2026-11-19T15:00:30.000Z"  # submitted + the 30 s delay


def test_standard_project_runs_all_eight_phases(sim: Sim) -> None:
    world = AssistWorld(sim).ready()
    world.set_clock(THURSDAY)
    made = _request(world, seats=7)
    assert made["sku"] == "STANDARD"
    for phase in range(1, 9):
        current = _get(world, made["id"])
        assert current["currentPhase"] == phase
        for task in _partner_tasks(current, phase):
            assert _complete(world, made["id"], phase, task).status_code == 200
        sim.advance_clock("P8D")  # longer than any phase's Cisco work
    done = _get(world, made["id"])
    assert done["status"] == "completed"
    assert all(p["status"] == "completed" and not p["owes"] for p in done["phases"])
