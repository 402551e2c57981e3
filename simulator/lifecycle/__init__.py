"""The lifecycle of every resource that moves on its own: customers, subscribers pending a user
migration, billing reports and Setup Assist requests (with their project phases).

:mod:`simulator.lifecycle.states` holds the states (enums whose values are the wire values)
and the one table of allowed moves per resource; :mod:`simulator.lifecycle.timing` says when a
timed status is due; :mod:`simulator.lifecycle.engine` moves everything due, in time order,
once per request before the route runs (docs/simulator.md, "Lifecycle engine"). Handlers and
reads never move anything by themselves.

The engine is not imported here: it imports the backends, which import the states from here.
"""

from simulator.lifecycle.states import (
    ASSIST_ACTIVE,
    ASSIST_LIVE,
    ASSIST_MOVES,
    CUSTOMER_MOVES,
    CUSTOMER_OUTCOMES,
    CUSTOMER_PENDING,
    CUSTOMER_STATUSES,
    CUSTOMER_USABLE,
    REPORT_MOVES,
    SUBSCRIBER_MOVES,
    SUBSCRIBER_STATUSES,
    AssistStatus,
    CustomerStatus,
    ReportStatus,
    SubscriberStatus,
    TransitionMode,
    check_move,
)
from simulator.lifecycle.timing import due_at, due_before

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
    "due_at",
    "due_before",
]
