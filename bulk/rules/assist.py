"""Setup Assist rules (docs/design.md §3 items 1, 2, 4 and 8): entitlement through the
A-Wholesale order, partner readiness, the SKU a location gets from its seats, and the project
phases each SKU runs.

Seats are counted by the caller (the subscribers at the location); these rules only decide."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bulk.rules.violations import Violation


class AssistSku(StrEnum):
    """The two Setup Assist SKUs. The SKU is assigned from the seats, never chosen."""

    EXPRESS = "EXPRESS"
    STANDARD = "STANDARD"


EXPRESS_MAX_SEATS = 5
"""The largest location Express covers; bigger locations get Standard."""


@dataclass(frozen=True)
class AssistOrder:
    """What a location's Setup Assist request orders: Express with quantity 1 (a flat charge per
    location) or Standard with quantity = seats (a per-user charge)."""

    sku: AssistSku
    quantity: int
    seats: int


def assist_order(seats: int, location: str = "") -> AssistOrder | Violation:
    """The order for a location with ``seats`` subscribers: 1–5 → Express × 1, more → Standard ×
    seats, none → an ``assist-no-seats`` violation naming ``location``."""
    if seats < 1:
        return Violation.of("assist-no-seats", "location_name", location=location, seats=seats)
    if seats <= EXPRESS_MAX_SEATS:
        return AssistOrder(AssistSku.EXPRESS, 1, seats)
    return AssistOrder(AssistSku.STANDARD, seats, seats)


@dataclass(frozen=True)
class Readiness:
    """The partner's onboarding to Wholesale RTM: each item must be done before Setup Assist
    requests are accepted."""

    pstn_connectivity: bool
    hosting_requirements: bool
    oss_bss: bool

    def missing(self) -> list[str]:
        """The items not yet done, in their usual order, named as a partner says them."""
        items = (
            (self.pstn_connectivity, "PSTN connectivity"),
            (self.hosting_requirements, "third-party hosting requirements"),
            (self.oss_bss, "OSS/BSS configuration"),
        )
        return [name for done, name in items if not done]


def readiness_violations(readiness: Readiness) -> list[Violation]:
    """``assist-partner-not-ready`` naming every missing item, or nothing when all are done."""
    missing = readiness.missing()
    if not missing:
        return []
    return [Violation.of("assist-partner-not-ready", None, missing=_and_join(missing))]


def entitlement_violations(entitled: bool, partner: str) -> list[Violation]:
    """``assist-not-entitled`` when ``partner`` has not ordered A-Wholesale."""
    if entitled:
        return []
    return [Violation.of("assist-not-entitled", None, partner=partner)]


A_WHOLESALE_SKU = "A-Wholesale"
"""The one-time SKU that entitles a partner to Setup Assist."""


def a_wholesale_order_violations(quantity: int, already_ordered: bool) -> list[Violation]:
    """Why an A-Wholesale order is refused: a second order for the partner, a quantity other
    than 1, or both (one violation each, each saying which)."""
    found: list[Violation] = []
    if already_ordered:
        found.append(
            Violation.of(
                "a-wholesale-quantity",
                "sku",
                reason=f"{A_WHOLESALE_SKU} is already ordered; it is ordered once per partner.",
            )
        )
    if quantity != 1:
        found.append(
            Violation.of(
                "a-wholesale-quantity",
                "quantity",
                reason=f"{A_WHOLESALE_SKU} is ordered with quantity 1, not {quantity}.",
                quantity=quantity,
            )
        )
    return found


def _and_join(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


@dataclass(frozen=True)
class TaskTemplate:
    """One task of a project phase; its ``id`` is stable (``p2-partner-1``) so progress can be
    stored and compared across releases."""

    id: str
    title: str


@dataclass(frozen=True)
class PhaseTemplate:
    """One phase of a Setup Assist project: what Cisco and the partner each do, and how many
    business days it usually takes (a planning figure, not a rule)."""

    number: int
    name: str
    cisco_tasks: tuple[TaskTemplate, ...]
    partner_tasks: tuple[TaskTemplate, ...]
    duration_business_days: int

    @property
    def tasks(self) -> tuple[TaskTemplate, ...]:
        """Both sides' tasks, Cisco's first."""
        return self.cisco_tasks + self.partner_tasks


def _phase(
    number: int, name: str, days: int, cisco: list[str], partner: list[str]
) -> PhaseTemplate:
    def tasks(side: str, titles: list[str]) -> tuple[TaskTemplate, ...]:
        return tuple(TaskTemplate(f"p{number}-{side}-{i}", t) for i, t in enumerate(titles, 1))

    return PhaseTemplate(number, name, tasks("cisco", cisco), tasks("partner", partner), days)


_CONNECTIVITY_CHECK = "Ask the customer to run the network connectivity check and share the result."

_EXPRESS_PHASES: tuple[PhaseTemplate, ...] = (
    _phase(
        1,
        "Discovery and Assessment",
        2,
        [
            "Hold the kickoff call and confirm the location's scope and seat count.",
            "Review the provisioned customer, location and subscribers in Partner Hub.",
            "Review the customer's network connectivity check result.",
        ],
        [
            "Confirm the customer contact and the requested completion date.",
            "Share the customer's number plan and the numbers to port, if any.",
            _CONNECTIVITY_CHECK,
        ],
    ),
    _phase(
        2,
        "Solution Design",
        4,
        [
            "Design the location's numbers, extensions, call routing and voicemail.",
            "Configure the devices and calling features for up to five seats.",
            "Send the configuration summary to the partner for sign-off.",
        ],
        ["Follow up with the customer as required."],
    ),
)

_STANDARD_PHASES: tuple[PhaseTemplate, ...] = (
    _phase(
        1,
        "Project Management",
        2,
        [
            "Assign a project manager and hold the kickoff call.",
            "Publish the project plan with milestones and the completion date.",
        ],
        [
            "Name the partner's project contact and escalation path.",
            "Confirm the customer's stakeholders and the requested completion date.",
        ],
    ),
    _phase(
        2,
        "Discovery and Assessment",
        3,
        [
            "Review the provisioned customer, locations and subscribers.",
            "Assess the customer's current phone system, number plan and network readiness.",
        ],
        [
            "Collect the customer's current call flows, number inventory and device list.",
            _CONNECTIVITY_CHECK,
        ],
    ),
    _phase(
        3,
        "Solution Design",
        5,
        [
            "Design call routing, auto attendants, hunt groups and call queues.",
            "Write the device plan and the number porting plan.",
        ],
        [
            "Review the solution design with the customer and sign it off.",
            "Submit the number port requests to the PSTN provider.",
        ],
    ),
    _phase(
        4,
        "Onboarding (testing) Planning",
        3,
        [
            "Write the test plan and its acceptance criteria.",
            "Agree the cut-over date and the rollback plan.",
        ],
        [
            "Book the customer's test users and test windows.",
            "Confirm the port date with the PSTN provider.",
        ],
    ),
    _phase(
        5,
        "Implementation",
        5,
        [
            "Configure the locations, numbers, features and devices.",
            "Apply user settings and package assignments in bulk.",
        ],
        [
            "Deliver and place the devices at the customer's site.",
            "Confirm the customer's network and firewall changes are done.",
        ],
    ),
    _phase(
        6,
        "Onboarding Execution",
        3,
        [
            "Run the test plan with the customer's test users.",
            "Support the number port and the cut-over.",
        ],
        [
            "Coordinate the customer's users on cut-over day.",
            "Report every issue found in testing to the Setup Assist team.",
        ],
    ),
    _phase(
        7,
        "Post-onboarding",
        3,
        [
            "Fix the issues raised after cut-over.",
            "Run the user and administrator training sessions.",
        ],
        [
            "Collect the customer's feedback and open issues.",
            "Check the first invoice against the billing reconciliation report.",
        ],
    ),
    _phase(
        8,
        "Operations handoff",
        1,
        [
            "Hand over the as-built documentation.",
            "Close the project and hand the customer over to the partner's support.",
        ],
        [
            "Take over day-2 support for the customer.",
            "Sign off the project closure.",
        ],
    ),
)

ASSIST_PHASES: dict[AssistSku, tuple[PhaseTemplate, ...]] = {
    AssistSku.EXPRESS: _EXPRESS_PHASES,
    AssistSku.STANDARD: _STANDARD_PHASES,
}
"""The project phases each SKU runs, in order (docs/design.md §3 item 8)."""


def phases_for(sku: AssistSku) -> tuple[PhaseTemplate, ...]:
    """The phases a project of this SKU runs, in order."""
    return ASSIST_PHASES[sku]


def phase_complete(done_task_ids: set[str], phase: PhaseTemplate) -> bool:
    """Whether both sides' tasks of ``phase`` are all done."""
    return all(task.id in done_task_ids for task in phase.tasks)


def current_phase(done_task_ids: set[str], sku: AssistSku) -> PhaseTemplate | None:
    """The first phase not yet complete, or ``None`` when the project is complete."""
    return next((p for p in phases_for(sku) if not phase_complete(done_task_ids, p)), None)


def project_complete(done_task_ids: set[str], sku: AssistSku) -> bool:
    """Whether every phase is complete: the request completes after its last phase."""
    return current_phase(done_task_ids, sku) is None


def outstanding_tasks(
    done_task_ids: set[str], phase: PhaseTemplate
) -> dict[str, list[TaskTemplate]]:
    """Who still owes what in ``phase``: the open tasks keyed ``"cisco"`` and ``"partner"``."""
    return {
        "cisco": [t for t in phase.cisco_tasks if t.id not in done_task_ids],
        "partner": [t for t in phase.partner_tasks if t.id not in done_task_ids],
    }


__all__ = [
    "ASSIST_PHASES",
    "A_WHOLESALE_SKU",
    "EXPRESS_MAX_SEATS",
    "AssistOrder",
    "AssistSku",
    "PhaseTemplate",
    "Readiness",
    "TaskTemplate",
    "a_wholesale_order_violations",
    "assist_order",
    "current_phase",
    "entitlement_violations",
    "outstanding_tasks",
    "phase_complete",
    "phases_for",
    "project_complete",
    "readiness_violations",
]
