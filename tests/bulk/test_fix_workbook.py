"""``rtm fix``'s library (bulk/fixing): the plan a report's fixes make, and the corrected copy.

Round trip: on the committed sample and every invalid fixture, the copy keeps every untouched
cell's value and style, every data validation, defined name, hidden sheet and merged range, and
the template's dropdowns still find their lists; the original file is never written.
Properties (hypothesis, derandomized, on generated workbooks with Excel damage and defects):
applying every fix never adds an issue, changes only cells that had an issue, and fixing the
corrected copy changes nothing."""

from __future__ import annotations

import dataclasses
import hashlib
from pathlib import Path

import pytest
from fix_support import changes_sheet, list_sources_resolve, untouched_differences
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from validator_support import AS_OF, ROOT, SAMPLE, write_book

from bulk.fixing import CHANGE_COLUMNS, Change, FixUnusable, apply, plan
from bulk.generator.options import GeneratorOptions
from bulk.generator.run import generate_workbook
from bulk.rules.catalogue import Severity
from bulk.rules.repairs import Fix, FixKind
from bulk.validation import Issue, Report, validate_workbook

INVALID = ROOT / "fixtures" / "workbooks" / "invalid"
UNREADABLE = frozenset({"workbook-unreadable", "workbook-too-large"})
"""Fixtures rtm fix refuses, as rtm validate does (tests/e2e/test_fix_cli.py)."""
FIXTURES = [
    SAMPLE,
    *sorted(
        p / "workbook.xlsx" for p in INVALID.iterdir() if p.is_dir() and p.name not in UNREADABLE
    ),
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _issues(path: Path) -> set[tuple[str, int, str, str]]:
    report = validate_workbook(path, as_of=AS_OF).report
    return {(i.sheet, i.row, i.cell, i.code) for i in report.issues}


@pytest.mark.parametrize("source", FIXTURES, ids=[p.parent.name for p in FIXTURES])
def test_the_copy_keeps_everything_it_does_not_fix(source: Path, tmp_path: Path) -> None:
    report = validate_workbook(source, as_of=AS_OF).report
    changes = plan(report)
    digest = _digest(source)
    copy = tmp_path / "fixed.xlsx"
    made = apply(source, copy, changes)
    assert _digest(source) == digest
    assert untouched_differences(source, copy, changes) == []
    assert list_sources_resolve(copy) == []
    if changes:
        rows = changes_sheet(copy)
        assert rows[0] == CHANGE_COLUMNS
        assert [(r[0], r[1], r[3]) for r in rows[1:]] == [(c.sheet, c.cell, c.new) for c in made]
    assert _issues(copy) <= _issues(source)


def test_whitespace_fixture_is_fixed_and_says_what_it_removed(tmp_path: Path) -> None:
    source = INVALID / "cell-whitespace" / "workbook.xlsx"
    changes = plan(validate_workbook(source, as_of=AS_OF).report)
    assert changes and {c.code for c in changes} == {"cell-whitespace"}
    made = apply(source, tmp_path / "fixed.xlsx", changes)
    assert all(m.old != m.new and m.old.strip() == m.new for m in made)
    assert "cell-whitespace" not in {code for *_, code in _issues(tmp_path / "fixed.xlsx")}


def _issue(cell: str, code: str, fix: Fix | None) -> Issue:
    return Issue(code, Severity.ERROR, "Subscribers", 2, "Phone Number", cell, "x", "m", 7, fix)


def test_plan_filters_by_kind_and_code_and_the_last_fix_of_a_cell_wins() -> None:
    certain = Fix("a", FixKind.CERTAIN, "spaces removed")
    likely = Fix("+1", FixKind.LIKELY, "the '+' was lost")
    report = Report(
        "1",
        AS_OF,
        {},
        [
            _issue("H2", "cell-whitespace", certain),
            _issue("H2", "cell-invalid-phone", likely),
            _issue("C2", "cell-whitespace", certain),
            _issue("D2", "cell-required", None),
            _issue("", "cell-whitespace", certain),
        ],
        [],
    )
    assert [(c.cell, c.new, c.kind) for c in plan(report)] == [
        ("H2", "+1", "likely"),
        ("C2", "a", "certain"),
    ]
    assert [c.cell for c in plan(report, only=FixKind.CERTAIN)] == ["H2", "C2"]
    assert plan(report, only=FixKind.CERTAIN)[0].new == "a"
    assert plan(report, codes=frozenset({"cell-invalid-phone"})) == [
        Change("Subscribers", "H2", "x", "+1", "cell-invalid-phone", "likely", "the '+' was lost")
    ]


def test_apply_refuses_the_source_and_unknown_places(tmp_path: Path) -> None:
    change = Change("Subscribers", "H2", "", "+1", "edited-by-partner", "edited", "typed")
    with pytest.raises(FixUnusable, match="must not overwrite"):
        apply(SAMPLE, SAMPLE, [change])
    with pytest.raises(FixUnusable, match="no sheet 'Nowhere'"):
        apply(SAMPLE, tmp_path / "x.xlsx", [dataclasses.replace(change, sheet="Nowhere")])
    with pytest.raises(FixUnusable, match="not a cell reference"):
        apply(SAMPLE, tmp_path / "x.xlsx", [dataclasses.replace(change, cell="H0x")])


def test_a_partners_edit_is_written_and_listed(tmp_path: Path) -> None:
    change = Change("Subscribers", "E2", "", "Lee-Smith", "edited-by-partner", "edited", "typed")
    made = apply(SAMPLE, tmp_path / "edited.xlsx", [change])
    assert changes_sheet(tmp_path / "edited.xlsx")[1] == (
        "Subscribers", "E2", made[0].old, "Lee-Smith", "edited-by-partner", "edited", "typed"
    )  # fmt: skip
    assert untouched_differences(SAMPLE, tmp_path / "edited.xlsx", [change]) == []


def test_a_fixed_date_becomes_a_date_cell(tmp_path: Path) -> None:
    rows = {
        "Setup Assist": [
            {"customer_external_id": "c1", "location_name": "HQ",
             "requested_completion_date": "25/06/2027"}
        ]
    }  # fmt: skip
    source = write_book(tmp_path / "dates.xlsx", rows)
    changes = plan(validate_workbook(source, as_of=AS_OF).report)
    assert [(c.cell, c.new, c.kind) for c in changes] == [("C2", "2027-06-25", "certain")]
    apply(source, tmp_path / "fixed.xlsx", changes)
    result = validate_workbook(tmp_path / "fixed.xlsx", as_of=AS_OF)
    assert not [i for i in result.report.issues if i.code == "cell-invalid-date"]


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(1, 10_000), defects=st.sampled_from([0.0, 0.05]))
def test_fixing_never_adds_an_issue_touches_only_flagged_cells_and_is_idempotent(
    tmp_path: Path, seed: int, defects: float
) -> None:
    source = tmp_path / f"{seed}.xlsx"
    options = GeneratorOptions(
        customers=4, as_of=AS_OF, seed=seed, defect_rate=defects, excel_damage=True
    )
    generate_workbook(options, source)
    report = validate_workbook(source, as_of=AS_OF).report
    flagged = {(i.sheet, i.cell) for i in report.issues}
    changes = plan(report)
    assert {(c.sheet, c.cell) for c in changes} <= flagged
    fixed = tmp_path / f"{seed}.fixed.xlsx"
    apply(source, fixed, changes)
    assert untouched_differences(source, fixed, changes) == []
    after = validate_workbook(fixed, as_of=AS_OF).report
    before_places = {(i.sheet, i.row, i.cell, i.code) for i in report.issues}
    assert {(i.sheet, i.row, i.cell, i.code) for i in after.issues} <= before_places
    assert plan(after) == []
