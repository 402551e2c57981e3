"""Setup Assist rules word for word (docs/setup-assist.md): every readiness combination, the
entitlement, the A-Wholesale order and a location without seats, with the field, message and
parameters a partner or the simulator's error body carries. Expected texts are written out
from the catalogue (docs/errors.md). Added for the mutation run (docs/testing.md)."""

from __future__ import annotations

from typing import Any

import pytest

from bulk.rules.assist import (
    AssistOrder,
    AssistSku,
    PhaseTemplate,
    Readiness,
    TaskTemplate,
    _phase,
    a_wholesale_order_violations,
    assist_order,
    entitlement_violations,
    readiness_violations,
)
from bulk.rules.violations import Violation

PSTN, HOSTING, OSS = (
    "PSTN connectivity",
    "third-party hosting requirements",
    "OSS/BSS configuration",
)
MISSING: list[tuple[Readiness, str | None]] = [
    (Readiness(True, True, True), None),
    (Readiness(False, True, True), PSTN),
    (Readiness(True, False, True), HOSTING),
    (Readiness(True, True, False), OSS),
    (Readiness(False, False, True), f"{PSTN} and {HOSTING}"),
    (Readiness(False, True, False), f"{PSTN} and {OSS}"),
    (Readiness(True, False, False), f"{HOSTING} and {OSS}"),
    (Readiness(False, False, False), f"{PSTN}, {HOSTING} and {OSS}"),
]


def _seen(found: list[Violation]) -> list[tuple[str, str | None, str, dict[str, Any]]]:
    return [(v.code, v.field, v.message, v.params) for v in found]


@pytest.mark.parametrize(("readiness", "missing"), MISSING)
def test_readiness_names_what_is_not_done_in_one_sentence(
    readiness: Readiness, missing: str | None
) -> None:
    expected = (
        []
        if missing is None
        else [
            (
                "assist-partner-not-ready",
                None,
                f"Partner onboarding is not complete: {missing} not done.",
                {"missing": missing},
            )
        ]
    )
    assert _seen(readiness_violations(readiness)) == expected


@pytest.mark.parametrize("partner", ["Acme Telecom", "x"])
def test_a_partner_without_a_wholesale_is_told_to_order_it_once(partner: str) -> None:
    assert entitlement_violations(True, partner) == []
    assert _seen(entitlement_violations(False, partner)) == [
        (
            "assist-not-entitled",
            None,
            f"Partner {partner} has not ordered the A-Wholesale SKU; order it once (quantity 1) "
            "before requesting Setup Assist.",
            {"partner": partner},
        )
    ]


AGAIN = "A-Wholesale is already ordered; it is ordered once per partner."


def _quantity(n: int) -> tuple[str, str, str, dict[str, Any]]:
    reason = f"A-Wholesale is ordered with quantity 1, not {n}."
    return ("a-wholesale-quantity", "quantity", reason, {"reason": reason, "quantity": n})


ORDERS = [
    (1, False, []),
    (1, True, [("a-wholesale-quantity", "sku", AGAIN, {"reason": AGAIN})]),
    (0, False, [_quantity(0)]),
    (2, False, [_quantity(2)]),
    (-1, False, [_quantity(-1)]),
    (5, True, [("a-wholesale-quantity", "sku", AGAIN, {"reason": AGAIN}), _quantity(5)]),
]


@pytest.mark.parametrize(("quantity", "already", "refused"), ORDERS)
def test_an_a_wholesale_order_is_refused_for_each_reason_on_its_field(
    quantity: int, already: bool, refused: list[tuple[str, str, str, dict[str, Any]]]
) -> None:
    assert _seen(a_wholesale_order_violations(quantity, already)) == refused


@pytest.mark.parametrize("seats", [0, -1])
def test_a_location_without_seats_cannot_be_ordered(seats: int) -> None:
    order = assist_order(seats, "Head Office")
    assert isinstance(order, Violation)
    assert _seen([order]) == [
        (
            "assist-no-seats",
            "location_name",
            "Location 'Head Office' has no subscribers, so there are no seats to set up.",
            {"location": "Head Office", "seats": seats},
        )
    ]


@pytest.mark.parametrize(
    ("seats", "order"),
    [
        (1, AssistOrder(AssistSku.EXPRESS, 1, 1)),
        (4, AssistOrder(AssistSku.EXPRESS, 1, 4)),
        (5, AssistOrder(AssistSku.EXPRESS, 1, 5)),
        (6, AssistOrder(AssistSku.STANDARD, 6, 6)),
        (250, AssistOrder(AssistSku.STANDARD, 250, 250)),
    ],
)
def test_the_order_follows_the_seats(seats: int, order: AssistOrder) -> None:
    assert assist_order(seats) == order


def test_the_phase_builder_numbers_each_sides_tasks_from_one() -> None:
    """The phase tables are built once, when bulk.rules.assist is imported; the builder is
    called here directly so that a change to it shows (docs/testing.md, mutation testing)."""
    phase = _phase(3, "Solution Design", 5, ["Design it.", "Plan it."], ["Sign it off."])
    assert phase == PhaseTemplate(
        3,
        "Solution Design",
        (TaskTemplate("p3-cisco-1", "Design it."), TaskTemplate("p3-cisco-2", "Plan it.")),
        (TaskTemplate("p3-partner-1", "Sign it off."),),
        5,
    )
    assert _phase(1, "Kickoff", 1, [], []) == PhaseTemplate(1, "Kickoff", (), (), 1)
