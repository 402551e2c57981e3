"""How a Setup Assist request moves on: ``submitted`` → ``accepted`` → ``in_progress`` →
``completed`` (or ``cancelled`` / ``rejected``), phase by phase.

* Acceptance follows the simulator's transition mode (:mod:`simulator.lifecycle.timing`): at once in
  ``immediate`` mode, ``delaySeconds`` after submission in ``clock`` mode, only through
  ``/_sim/assist/{id}/advance`` in ``manual`` mode. The acceptance instant is the moment it was
  due, not the moment someone looked, so the billing day never depends on when a report ran.
* A phase starts when the previous one completes (the first on acceptance). Its Cisco-side tasks
  are done ``duration_business_days`` business days (of the location's country) after it
  started, unless the mode is ``manual``; the partner's tasks are done when the partner says so.
  A phase completes when both sides' tasks are done (:func:`bulk.rules.assist.phase_complete`);
  the request completes after its last phase.

The timed moves are the lifecycle engine's (:mod:`simulator.lifecycle.engine`, through
:func:`next_due` and :func:`move_on`); the partner's and the trainer's moves are the backends'.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from bulk.rules.assist import AssistSku, PhaseTemplate, TaskTemplate, phase_complete, phases_for
from bulk.rules.deadline import add_business_days
from simulator.db.tables import SimState
from simulator.errors import SimulatorError, conflict, not_found
from simulator.lifecycle import (
    ASSIST_ACTIVE,
    ASSIST_LIVE,
    ASSIST_MOVES,
    AssistStatus,
    TransitionMode,
    check_move,
    due_at,
)
from simulator.setup_assist.tables import AssistRequest, AssistTaskDone

ACTIVE = ASSIST_ACTIVE
LIVE = ASSIST_LIVE
CISCO = "cisco"
PARTNER = "partner"
SETUP_ASSIST_TEAM = "Setup Assist team"
TRAINER_FOR_PARTNER = "the trainer, for the partner"
"""Who did a partner task the trainer finished by hand (never the Setup Assist team)."""


@dataclass(frozen=True, slots=True)
class RequestView:
    """A request with its done tasks, as stored: what serialisers read."""

    request: AssistRequest
    done: dict[str, AssistTaskDone]


def phases_of(request: AssistRequest) -> tuple[PhaseTemplate, ...]:
    """The phases the request's SKU runs."""
    return phases_for(AssistSku(request.sku))


def done_tasks(session: Session, request_id: str) -> dict[str, AssistTaskDone]:
    """The request's done tasks by task id."""
    rows = session.scalars(select(AssistTaskDone).where(AssistTaskDone.request_id == request_id))
    return {row.task_id: row for row in rows}


def phase_times(
    request: AssistRequest, done: dict[str, AssistTaskDone]
) -> list[tuple[datetime | None, datetime | None]]:
    """``(started, completed)`` of every phase, ``None`` where not (yet) reached."""
    times: list[tuple[datetime | None, datetime | None]] = []
    started = request.accepted_at
    for phase in phases_of(request):
        finished = _finished_at(phase, done) if started is not None else None
        times.append((started, finished))
        started = finished
    return times


def _finished_at(phase: PhaseTemplate, done: dict[str, AssistTaskDone]) -> datetime | None:
    if not phase_complete(set(done), phase):
        return None
    return max(done[task.id].done_at for task in phase.tasks)


def cisco_due(request: AssistRequest, phase: PhaseTemplate, started: datetime) -> datetime:
    """When the Setup Assist team finishes its tasks of ``phase`` if it started at ``started``:
    the phase's duration in business days of the location's country later, same time of day."""
    day = add_business_days(
        started.date(), phase.duration_business_days, request.country, request.subdivision
    )
    return datetime.combine(day, started.time(), UTC)


def next_due(session: Session, state: SimState, request: AssistRequest) -> datetime | None:
    """When ``request`` next moves by the clock: its acceptance while submitted, its current
    phase's Cisco-side tasks while active; None in manual mode or when nothing is timed."""
    if request.status == AssistStatus.SUBMITTED:
        return due_at(state, request.submitted_at)
    if request.status not in ACTIVE or state.transition_mode == TransitionMode.MANUAL:
        return None
    done = done_tasks(session, request.id)
    phase = phases_of(request)[request.current_phase - 1]
    if {task.id for task in phase.cisco_tasks} <= set(done):
        return None
    started = phase_times(request, done)[phase.number - 1][0]
    assert started is not None  # an active request's current phase has started
    return cisco_due(request, phase, started)


def move_on(session: Session, state: SimState, request: AssistRequest, now: datetime) -> None:
    """Move ``request`` on to where it stands at ``now`` (the lifecycle engine's mover)."""
    if request.status == AssistStatus.SUBMITTED:
        due = due_at(state, request.submitted_at)
        if due is not None and due <= now:
            accept(request, due)
    if request.status in ACTIVE:
        progress(session, request, now, by_clock=state.transition_mode != TransitionMode.MANUAL)


def accept(request: AssistRequest, at: datetime) -> None:
    """Accept a submitted request at ``at``: its first phase starts then."""
    request.status = check_move(ASSIST_MOVES, request.status, AssistStatus.ACCEPTED)
    request.accepted_at = at
    request.current_phase = 1
    request.status_changed_at = at


def reject(request: AssistRequest, at: datetime) -> None:
    """Reject a submitted request: it frees its location and is never charged."""
    close(request, AssistStatus.REJECTED, at)


def close(request: AssistRequest, status: AssistStatus, at: datetime) -> None:
    """End a request as ``cancelled`` or ``rejected``; its location may be requested again."""
    request.status = check_move(ASSIST_MOVES, request.status, status)
    request.active_location_id = None
    request.closed_at = at
    request.status_changed_at = at


def progress(session: Session, request: AssistRequest, now: datetime, *, by_clock: bool) -> None:
    """Complete what is due by ``now``: Cisco-side tasks by the clock (when ``by_clock``), then
    every phase whose tasks are all done, in order."""
    done = done_tasks(session, request.id)
    phases = phases_of(request)
    while request.status in ACTIVE:
        phase = phases[request.current_phase - 1]
        started = phase_times(request, done)[phase.number - 1][0]
        assert started is not None  # an active request's current phase has started
        if by_clock:
            due = cisco_due(request, phase, started)
            if due <= now:
                mark_done(session, request, done, phase.cisco_tasks, due, SETUP_ASSIST_TEAM, CISCO)
        finished = _finished_at(phase, done)
        if finished is None:
            return
        if phase.number == len(phases):
            request.status = check_move(ASSIST_MOVES, request.status, AssistStatus.COMPLETED)
            request.completed_at = finished
            request.status_changed_at = finished
        else:
            request.current_phase = phase.number + 1


def mark_done(
    session: Session,
    request: AssistRequest,
    done: dict[str, AssistTaskDone],
    tasks: tuple[TaskTemplate, ...],
    at: datetime,
    by: str,
    side: str,
) -> None:
    """Record ``side``'s ``tasks`` of the current phase as done at ``at`` by ``by`` (those
    not done already); the first task done puts the request ``in_progress``."""
    for task in tasks:
        if task.id in done:
            continue
        row = AssistTaskDone(
            request_id=request.id,
            task_id=task.id,
            phase=request.current_phase,
            side=side,
            done_at=at,
            done_by=by,
        )
        session.add(row)
        done[task.id] = row
        if request.status == AssistStatus.ACCEPTED:
            request.status = AssistStatus.IN_PROGRESS
            request.status_changed_at = at


def partner_task_phase(
    request: AssistRequest, done: dict[str, AssistTaskDone], number: int, task_id: str
) -> PhaseTemplate | None:
    """The phase in which the partner may complete ``task_id`` now, or ``None`` when that task
    is done already. Unknown phases and tasks are 404, Cisco-side tasks
    ``assist-task-cisco-side``, tasks of a phase that is not the current one (or of a request
    that is not running) 409."""
    phases = phases_of(request)
    if not 1 <= number <= len(phases):
        raise not_found("Phase", str(number))
    phase = phases[number - 1]
    if task_id in {t.id for t in phase.cisco_tasks}:
        raise SimulatorError("assist-task-cisco-side", field="taskId", task=task_id, phase=number)
    if task_id not in {t.id for t in phase.partner_tasks}:
        raise not_found("Task", task_id)
    if task_id in done:
        return None
    if request.status not in ACTIVE:
        raise conflict(f"request {request.id} is {request.status}; its tasks cannot be completed")
    if number != request.current_phase:
        raise conflict(
            f"phase {number} is not the current phase ({request.current_phase}); "
            "complete the current phase's tasks first"
        )
    return phase


__all__ = [
    "ACTIVE",
    "CISCO",
    "LIVE",
    "PARTNER",
    "SETUP_ASSIST_TEAM",
    "TRAINER_FOR_PARTNER",
    "RequestView",
    "accept",
    "cisco_due",
    "close",
    "done_tasks",
    "mark_done",
    "move_on",
    "next_due",
    "partner_task_phase",
    "phase_times",
    "phases_of",
    "progress",
    "reject",
]
