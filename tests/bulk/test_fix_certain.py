"""A ``certain`` fix is always accepted by the simulator for its field (issue 17).

Through the differential harness (tests/contract/differential.py): a valid workbook has one
field of one row changed (to a value class of tests/contract/value_classes.py, or to a value
the rulebook can repair); when the validator offers a certain fix at that cell and every issue
of the cell carries a fix, the workbook with the fixed value must pass both the validator and
the simulator's request checks for that row. Derandomized."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulk.fixing import plan
from bulk.rules.repairs import FixKind
from bulk.schema import SHEETS_BY_NAME
from bulk.validation import Issue, Report, validate_workbook
from tests.bulk.validator_support import write_book
from tests.contract.differential import (
    _WORKDIR,
    AS_OF,
    Target,
    changed_rows,
    simulator_verdict,
    validator_verdict,
)
from tests.contract.test_differential import TARGETS
from tests.contract.value_classes import strategy_for

EVERY_TARGET = [t for group in TARGETS.values() for t in group]
CERTAIN_REPAIRS: dict[str, tuple[Any, ...]] = {
    "state": ("Illinois", " ILLINOIS", "illinois "),
    "country": ("United States", "USA", " us"),
    "language": ("English", "eng", "EN-us "),
    "phone_number": ("+1 (217) 555/0100", " +12175550100"),
    "contact_phone": ("+1 217/555 0199",),
    "postal_code": (" 62701",),
    "timezone": ("America/Chicago ",),
    "email": ("ann.lee@acme.example.com  ",),
    "last_name": ("Lee\u00a0",),
}
"""Values the rulebook repairs with certainty, by column key."""
LIKELY_REPAIRS: dict[str, tuple[Any, ...]] = {
    "phone_number": ("12175550100", "(217) 555-0100", 12175550100),
    "contact_phone": ("2175550199", 12175550199),
}
"""Values it repairs only probably: certain-only runs leave them alone."""


def _report(target: Target, value: Any) -> Report:
    path = write_book(_WORKDIR / "fix.xlsx", changed_rows(target, value))
    return validate_workbook(path, as_of=AS_OF).report


def _issues_at(report: Report, target: Target) -> list[Issue]:
    header = SHEETS_BY_NAME[target.sheet].column(target.key).header
    return [
        i for i in report.issues
        if i.sheet == target.sheet and i.row == target.index + 2 and i.column == header
    ]  # fmt: skip


def _certain_value(target: Target, value: Any) -> str | None:
    """The value a certain-only fix run writes into the target cell, if it changes it and
    every issue of the cell has a fix."""
    report = _report(target, value)
    here = _issues_at(report, target)
    if not here or any(i.fix is None for i in here):
        return None
    changes = [c for c in plan(report, only=FixKind.CERTAIN) if c.cell == here[0].cell]
    return changes[0].new if changes else None


def check_certain_fix(target: Target, value: Any) -> bool:
    """On the sample row, the fixed value makes the row pass both sides."""
    fixed = _certain_value(target, value)
    if fixed is None:
        return False
    validator, book = validator_verdict(changed_rows(target, fixed), target)
    simulator = simulator_verdict(book, target)
    assert (validator, simulator) == (frozenset(), frozenset()), (
        f"{target.sheet}.{target.key} = {value!r} fixed to {fixed!r}: validator "
        f"{sorted(validator)}, simulator {sorted(simulator)}"
    )
    return True


def check_field_accepted(target: Target, value: Any) -> None:
    """Whatever the drawn value, its certain fix leaves no issue on its own cell, and both sides
    give the same verdict on the row. A fix may uncover a problem of another field that the
    broken value hid (a country corrected to GB makes a US postal code wrong): that is the
    partner's to decide, and both sides must still agree on it."""
    fixed = _certain_value(target, value)
    if fixed is None:
        return
    assert _issues_at(_report(target, fixed), target) == [], (target.key, value, fixed)
    validator, book = validator_verdict(changed_rows(target, fixed), target)
    assert validator == simulator_verdict(book, target), (target.key, value, fixed)


@pytest.mark.parametrize(
    ("target", "value"),
    [(t, v) for t in EVERY_TARGET for v in CERTAIN_REPAIRS.get(t.key, ())],
    ids=lambda x: x.key if isinstance(x, Target) else repr(x),
)
def test_a_repairable_value_gets_a_certain_fix_both_sides_accept(
    target: Target, value: Any
) -> None:
    assert check_certain_fix(target, value)


@pytest.mark.parametrize(
    ("target", "value"),
    [(t, v) for t in EVERY_TARGET for v in LIKELY_REPAIRS.get(t.key, ())],
    ids=lambda x: x.key if isinstance(x, Target) else repr(x),
)
def test_a_likely_fix_is_left_to_likely_runs(target: Target, value: Any) -> None:
    assert _certain_value(target, value) is None
    (change,) = plan(_report(target, value), only=FixKind.LIKELY)
    validator, book = validator_verdict(changed_rows(target, change.new), target)
    assert (validator, simulator_verdict(book, target)) == (frozenset(), frozenset())


@st.composite
def changes(draw: st.DrawFn) -> tuple[Target, Any]:
    target = draw(st.sampled_from(EVERY_TARGET))
    return target, draw(strategy_for(target.sheet, target.key))


@settings(max_examples=300, deadline=None)
@given(changes())
def test_every_certain_fix_is_accepted_by_the_simulator(change: tuple[Target, Any]) -> None:
    check_field_accepted(*change)
