"""Setup Assist: SKU by seats, entitlement, A-Wholesale, readiness and project phases."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bulk.rules.assist import (
    ASSIST_PHASES,
    EXPRESS_MAX_SEATS,
    AssistOrder,
    AssistSku,
    PhaseTemplate,
    Readiness,
    a_wholesale_order_violations,
    assist_order,
    current_phase,
    entitlement_violations,
    outstanding_tasks,
    phase_complete,
    phases_for,
    project_complete,
    readiness_violations,
)
from bulk.rules.violations import Violation
from tests.oracles import EXPRESS_PHASE_NAMES, STANDARD_PHASE_NAMES


@given(st.integers(min_value=-1000, max_value=100_000), st.text(max_size=20))
def test_sku_is_express_exactly_for_one_to_five_seats(seats: int, location: str) -> None:
    order = assist_order(seats, location)
    if seats < 1:
        assert isinstance(order, Violation)
        assert order.code == "assist-no-seats"
        assert order.field == "location_name"
        assert f"'{location}'" in order.message
        return
    assert isinstance(order, AssistOrder)
    assert order.seats == seats
    assert (order.sku is AssistSku.EXPRESS) == (1 <= seats <= EXPRESS_MAX_SEATS)
    assert order.quantity == (1 if order.sku is AssistSku.EXPRESS else seats)


def test_sku_boundaries() -> None:
    assert assist_order(1) == AssistOrder(AssistSku.EXPRESS, 1, 1)
    assert assist_order(5) == AssistOrder(AssistSku.EXPRESS, 1, 5)
    assert assist_order(6) == AssistOrder(AssistSku.STANDARD, 6, 6)
    assert EXPRESS_MAX_SEATS == 5
    assert [s.value for s in AssistSku] == ["EXPRESS", "STANDARD"]


readiness = st.builds(Readiness, st.booleans(), st.booleans(), st.booleans())


@given(readiness)
def test_readiness_names_exactly_the_missing_items(r: Readiness) -> None:
    expected = [
        name
        for done, name in (
            (r.pstn_connectivity, "PSTN connectivity"),
            (r.hosting_requirements, "third-party hosting requirements"),
            (r.oss_bss, "OSS/BSS configuration"),
        )
        if not done
    ]
    assert r.missing() == expected
    found = readiness_violations(r)
    if not expected:
        assert found == []
        return
    (violation,) = found
    assert violation.code == "assist-partner-not-ready"
    for name in expected:
        assert name in violation.message


def test_readiness_message_reads_as_a_sentence() -> None:
    (violation,) = readiness_violations(Readiness(False, False, True))
    assert violation.message == (
        "Partner onboarding is not complete: PSTN connectivity and third-party hosting "
        "requirements not done."
    )
    (violation,) = readiness_violations(Readiness(False, False, False))
    assert "PSTN connectivity, third-party hosting requirements and OSS/BSS" in violation.message


@given(st.booleans(), st.text(min_size=1, max_size=20))
def test_assist_needs_the_a_wholesale_entitlement(entitled: bool, partner: str) -> None:
    found = entitlement_violations(entitled, partner)
    if entitled:
        assert found == []
    else:
        assert [v.code for v in found] == ["assist-not-entitled"]
        assert partner in found[0].message


@given(st.integers(min_value=-5, max_value=50), st.booleans())
def test_a_wholesale_is_ordered_once_with_quantity_one(quantity: int, already: bool) -> None:
    found = a_wholesale_order_violations(quantity, already)
    assert all(v.code == "a-wholesale-quantity" for v in found)
    assert len(found) == int(already) + int(quantity != 1)
    messages = " ".join(v.message for v in found)
    assert ("once per partner" in messages) == already
    assert (f"not {quantity}" in messages) == (quantity != 1)


def test_phases_follow_the_design() -> None:
    assert [p.name for p in phases_for(AssistSku.EXPRESS)] == EXPRESS_PHASE_NAMES
    assert [p.name for p in phases_for(AssistSku.STANDARD)] == STANDARD_PHASE_NAMES
    assert set(ASSIST_PHASES) == set(AssistSku)


def test_express_solution_design_partner_task_is_the_seed_one() -> None:
    design = phases_for(AssistSku.EXPRESS)[1]
    assert [t.title for t in design.partner_tasks] == ["Follow up with the customer as required."]


@pytest.mark.parametrize("sku", list(AssistSku))
def test_phases_are_numbered_and_have_stable_unique_task_ids(sku: AssistSku) -> None:
    phases = phases_for(sku)
    assert [p.number for p in phases] == list(range(1, len(phases) + 1))
    ids = [t.id for p in phases for t in p.tasks]
    assert len(ids) == len(set(ids))
    for phase in phases:
        assert phase.cisco_tasks and phase.partner_tasks
        assert phase.duration_business_days >= 1
        for side, tasks in (("cisco", phase.cisco_tasks), ("partner", phase.partner_tasks)):
            assert [t.id for t in tasks] == [
                f"p{phase.number}-{side}-{i}" for i in range(1, len(tasks) + 1)
            ]
            assert all(re.fullmatch(r"[A-Z].+\.", t.title) for t in tasks)


def test_phase_task_id_example() -> None:
    assert phases_for(AssistSku.EXPRESS)[1].partner_tasks[0].id == "p2-partner-1"


def _all_ids(sku: AssistSku) -> list[str]:
    return [t.id for p in phases_for(sku) for t in p.tasks]


@st.composite
def progress(draw: st.DrawFn) -> tuple[AssistSku, set[str]]:
    sku = draw(st.sampled_from(list(AssistSku)))
    done = draw(st.sets(st.sampled_from(_all_ids(sku))))
    return sku, done


@given(progress())
def test_a_phase_completes_when_both_sides_tasks_are_done(case: tuple[AssistSku, set[str]]) -> None:
    sku, done = case
    for phase in phases_for(sku):
        complete = {t.id for t in phase.tasks} <= done
        assert phase_complete(done, phase) == complete
        owed = outstanding_tasks(done, phase)
        assert (owed == {"cisco": [], "partner": []}) == complete
        assert {t.id for t in owed["cisco"] + owed["partner"]} == {t.id for t in phase.tasks} - done


@given(progress())
def test_the_project_is_at_its_first_incomplete_phase(case: tuple[AssistSku, set[str]]) -> None:
    sku, done = case
    phase = current_phase(done, sku)
    incomplete = [p for p in phases_for(sku) if not phase_complete(done, p)]
    assert phase == (incomplete[0] if incomplete else None)
    assert project_complete(done, sku) == (not incomplete)


@pytest.mark.parametrize("sku", list(AssistSku))
def test_the_request_completes_after_the_last_phase(sku: AssistSku) -> None:
    done: set[str] = set()
    for phase in phases_for(sku):
        assert current_phase(done, sku) == phase
        done |= {t.id for t in phase.tasks}
    assert project_complete(done, sku)
    assert current_phase(done, sku) is None


def test_phase_template_lists_cisco_tasks_first() -> None:
    phase: PhaseTemplate = phases_for(AssistSku.STANDARD)[0]
    assert phase.tasks == phase.cisco_tasks + phase.partner_tasks
