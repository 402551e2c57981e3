"""The states of every resource that moves on its own, and the moves each state allows.

The values are the wire values (a :class:`~enum.StrEnum` compares and serialises as its
string), so the API answers exactly as before. ``*_MOVES`` is the one table of allowed
transitions per resource; :func:`check_move` refuses any other (a 409 naming both states).
Setup Assist's project phases move inside an active request (:mod:`simulator.setup_assist.project`).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import TypeVar

from simulator.errors import conflict


class TransitionMode(StrEnum):
    """How asynchronous resources move on (``PUT /_sim/transitions``)."""

    IMMEDIATE = "immediate"
    """At the next request."""
    CLOCK = "clock"
    """``delaySeconds`` of simulator time after the status began (the realistic mode)."""
    MANUAL = "manual"
    """Only through ``/_sim/.../advance``."""


class CustomerStatus(StrEnum):
    """A wholesale customer's provisioning status."""

    PROVISIONED = "provisioned"
    PROVISIONED_WITH_ERRORS = "provisioned_with_errors"
    PROVISIONING = "provisioning"
    UPDATING = "updating"
    DELETING = "deleting"
    ERROR = "error"
    PENDING_RPL_REVIEW = "pending_rpl_review"
    DELETED = "deleted"
    """Only in the status history: the row is gone."""


class SubscriberStatus(StrEnum):
    """A wholesale subscriber's status."""

    PROVISIONED = "provisioned"
    PENDING_USER_MIGRATION = "pending_user_migration"
    REMOVED = "removed"
    """Only in the status history: the row is gone."""


class ReportStatus(StrEnum):
    """A billing reconciliation report's status."""

    IN_PROGRESS = "IN_PROGRESS"
    COMPLETED = "COMPLETED"
    FAILED = "FAILED"


class AssistStatus(StrEnum):
    """A Setup Assist request's status."""

    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    CANCELLED = "cancelled"
    REJECTED = "rejected"


C = CustomerStatus
CUSTOMER_PENDING = frozenset({C.PROVISIONING, C.UPDATING, C.DELETING})
"""Statuses that move on by themselves (as the transition mode says)."""
CUSTOMER_USABLE = frozenset({C.PROVISIONED, C.PROVISIONED_WITH_ERRORS})
"""Statuses in which a customer takes subscribers."""
CUSTOMER_OUTCOMES = (C.PROVISIONED, C.PROVISIONED_WITH_ERRORS, C.ERROR, C.PENDING_RPL_REVIEW)
"""What a provisioning or an update may end in."""
_SETTLED = frozenset({C.UPDATING, C.DELETING})
CUSTOMER_MOVES: Mapping[CustomerStatus, frozenset[CustomerStatus]] = {
    C.PROVISIONING: frozenset(CUSTOMER_OUTCOMES),
    C.UPDATING: frozenset(CUSTOMER_OUTCOMES),
    C.DELETING: frozenset({C.DELETED}),
    C.PROVISIONED: _SETTLED,
    C.PROVISIONED_WITH_ERRORS: _SETTLED,
    C.ERROR: _SETTLED,
    C.PENDING_RPL_REVIEW: _SETTLED | {C.PROVISIONED, C.ERROR},
    C.DELETED: frozenset(),
}
SUBSCRIBER_MOVES: Mapping[SubscriberStatus, frozenset[SubscriberStatus]] = {
    SubscriberStatus.PENDING_USER_MIGRATION: frozenset(
        {SubscriberStatus.PROVISIONED, SubscriberStatus.REMOVED}
    ),
    SubscriberStatus.PROVISIONED: frozenset({SubscriberStatus.REMOVED}),
    SubscriberStatus.REMOVED: frozenset(),
}
REPORT_MOVES: Mapping[ReportStatus, frozenset[ReportStatus]] = {
    ReportStatus.IN_PROGRESS: frozenset({ReportStatus.COMPLETED, ReportStatus.FAILED}),
    ReportStatus.COMPLETED: frozenset(),
    ReportStatus.FAILED: frozenset(),
}
A = AssistStatus
_CLOSING = frozenset({A.CANCELLED})
ASSIST_MOVES: Mapping[AssistStatus, frozenset[AssistStatus]] = {
    A.SUBMITTED: frozenset({A.ACCEPTED, A.REJECTED, A.CANCELLED}),
    A.ACCEPTED: _CLOSING | {A.IN_PROGRESS, A.COMPLETED},
    A.IN_PROGRESS: _CLOSING | {A.COMPLETED},
    A.COMPLETED: frozenset(),
    A.CANCELLED: frozenset(),
    A.REJECTED: frozenset(),
}
ASSIST_ACTIVE = frozenset({A.ACCEPTED, A.IN_PROGRESS})
"""Statuses in which the project runs."""
ASSIST_LIVE = frozenset({A.SUBMITTED, *ASSIST_ACTIVE})
"""Statuses that hold the location (a second request for it is a duplicate)."""


S = TypeVar("S", bound=StrEnum)


CUSTOMER_STATUSES = tuple(s.value for s in CustomerStatus if s is not CustomerStatus.DELETED)
"""The statuses a customer can be listed in (the ``status`` filter's values)."""
SUBSCRIBER_STATUSES = (
    SubscriberStatus.PROVISIONED.value,
    SubscriberStatus.PENDING_USER_MIGRATION.value,
)
"""The statuses a subscriber can be listed in."""


def check_move(moves: Mapping[S, frozenset[S]], current: str, target: S) -> S:
    """``target`` if ``moves`` allows the move from ``current`` to it; else 409."""
    source = type(target)(current)
    if target not in moves[source]:
        raise conflict(f"cannot move from {source.value} to {target.value}")
    return target


__all__ = [
    "ASSIST_ACTIVE",
    "ASSIST_LIVE",
    "ASSIST_MOVES",
    "CUSTOMER_MOVES",
    "CUSTOMER_OUTCOMES",
    "CUSTOMER_PENDING",
    "CUSTOMER_STATUSES",
    "CUSTOMER_USABLE",
    "REPORT_MOVES",
    "SUBSCRIBER_MOVES",
    "SUBSCRIBER_STATUSES",
    "AssistStatus",
    "CustomerStatus",
    "ReportStatus",
    "SubscriberStatus",
    "TransitionMode",
    "check_move",
]
