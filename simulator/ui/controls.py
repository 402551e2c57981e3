"""What the trainer controls do, on the control plane's own backend (:mod:`simulator.control`):
move the clock by a step, pick a fault preset, list the scenario packs.

"One business day" is :func:`bulk.rules.deadline.add_business_days` in the chosen country (the
same calendar the Setup Assist deadline uses); "to month end" moves to the first instant of the
next month (UTC), when the month just ended can be billed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Literal

from bulk.rules.deadline import SUPPORTED_COUNTRIES, add_business_days
from simulator.control.scenarios import NAME, read_scenario
from simulator.errors import SimulatorError, invalid
from simulator.faults import FaultPlan, FaultRule

ClockStep = Literal["hour", "business-day", "month-end"]
CLOCK_STEPS: dict[str, str] = {
    "hour": "One hour",
    "business-day": "One business day",
    "month-end": "To month end (00:00 UTC on the 1st)",
}
FLAKY_RULES = (
    FaultRule(method="POST", route="/v1/wholesale/subscribers*", status=429, rate=0.2),
    FaultRule(method="*", route="/v1/wholesale/*", status=503, rate=0.1, retry_after=2),
)
FAULT_PRESETS: dict[str, FaultPlan] = {
    "off": FaultPlan(),
    "flaky-network": FaultPlan(seed=7, rules=list(FLAKY_RULES)),
}
"""Fault plans a trainer can switch on with one click (``custom`` takes JSON)."""


def clock_target(now: datetime, step: str, country: str) -> datetime:
    """Where the clock goes from ``now`` for ``step``."""
    if step == "hour":
        return now + timedelta(hours=1)
    if step == "business-day":
        if country not in SUPPORTED_COUNTRIES:
            raise invalid(f"country must be one of {', '.join(SUPPORTED_COUNTRIES)}", "country")
        day = add_business_days(now.date(), 1, country)
        return datetime.combine(day, now.timetz())
    if step == "month-end":
        first = now.date().replace(day=1) + timedelta(days=32)
        return datetime.combine(first.replace(day=1), datetime.min.time(), UTC)
    raise invalid("step must be one of " + ", ".join(CLOCK_STEPS), "step")


@dataclass(frozen=True, slots=True)
class PackSummary:
    """A scenario pack as the load control lists it."""

    name: str
    description: str


def scenario_packs(folder: Path) -> list[PackSummary]:
    """Every pack in ``folder`` with its description (or why it cannot be read)."""
    names = sorted(
        {p.stem for p in folder.glob("*.toml")} | {p.stem for p in folder.glob("*.json")}
    )
    found = []
    for name in names:
        if not NAME.match(name):
            continue
        try:
            description = read_scenario(folder, name).description
        except SimulatorError as error:
            description = f"unreadable: {error.violation.message}"
        found.append(PackSummary(name, description))
    return found


__all__ = [
    "CLOCK_STEPS",
    "FAULT_PRESETS",
    "SUPPORTED_COUNTRIES",
    "ClockStep",
    "PackSummary",
    "clock_target",
    "scenario_packs",
]
