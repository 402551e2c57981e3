"""When an asynchronous status moves on, given the transition mode stored in the database.

``immediate``: at the next read. ``clock``: once ``delaySeconds`` of simulator time have passed
since the status began. ``manual``: only ``/_sim/.../advance`` moves it. The mode in force at
read time decides, so switching to ``immediate`` settles everything pending.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from simulator.db.tables import SimState

CUSTOMER_PENDING = ("provisioning", "updating", "deleting")
CUSTOMER_STATUSES = (
    "provisioned",
    "provisioned_with_errors",
    "provisioning",
    "updating",
    "deleting",
    "error",
    "pending_rpl_review",
)
SUBSCRIBER_STATUSES = ("provisioned", "pending_user_migration")
REPORT_STATUSES = ("IN_PROGRESS", "COMPLETED", "FAILED")


def is_due(state: SimState, since: datetime, now: datetime) -> bool:
    """Whether a pending status that began at ``since`` has run its course by ``now``."""
    if state.transition_mode == "immediate":
        return True
    if state.transition_mode == "manual":
        return False
    return now >= since + timedelta(seconds=state.delay_seconds)
