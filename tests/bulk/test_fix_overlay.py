"""Checking the upload with its accepted changes laid over it (``validate_workbook(edits=...)``,
what the portal does on every click) says exactly what checking the written copy says
(``rtm fix``, the portal's download): same issues, messages, fixes and row counts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from validator_support import AS_OF, ROOT, SAMPLE

from bulk.fixing import Change, apply, plan, read_back
from bulk.fixing.plan import EDITED_BY_PARTNER, EDITED_KIND
from bulk.generator.options import GeneratorOptions
from bulk.generator.run import generate_workbook
from bulk.validation import validate_workbook
from bulk.workbook import RawRow
from bulk.workbook.overlay import overlaid

INVALID = ROOT / "fixtures" / "workbooks" / "invalid"
UNREADABLE = frozenset({"workbook-unreadable", "workbook-too-large"})
FIXTURES = [
    SAMPLE,
    *sorted(
        p / "workbook.xlsx" for p in INVALID.iterdir() if p.is_dir() and p.name not in UNREADABLE
    ),
]


def _seen(path: Path, changes: list[Change] | None = None) -> dict[str, Any]:
    edits = read_back(changes) if changes is not None else None
    report = validate_workbook(path, as_of=AS_OF, keep_rows=False, edits=edits).report
    return report.to_json()


def _agree(source: Path, changes: list[Change], tmp_path: Path) -> None:
    copy = tmp_path / "copy.xlsx"
    apply(source, copy, changes)
    assert _seen(source, changes) == _seen(copy)


@pytest.mark.parametrize("source", FIXTURES, ids=[p.parent.name for p in FIXTURES])
def test_every_fix_laid_over_the_upload_reads_as_the_written_copy(
    source: Path, tmp_path: Path
) -> None:
    _agree(source, plan(validate_workbook(source, as_of=AS_OF).report), tmp_path)


def _edit(sheet: str, cell: str, new: str, code: str = EDITED_BY_PARTNER) -> Change:
    return Change(sheet, cell, "", new, code, EDITED_KIND, "edited in the portal")


EDITS = [
    [_edit("Customers", "C2", "Renamed Ltd")],
    [_edit("Customers", "C2", "")],
    [_edit("Subscribers", "H2", "=1+1"), _edit("Subscribers", "C3", "a\x01b@example.com")],
    [_edit("Locations", "Z2", "far right"), _edit("Customers", "B40", "new-row")],
    [_edit("Setup Assist", "C2", "2027-03-01", "cell-invalid-date")],
    [_edit("Subscribers", "C2", "dup@example.com"), _edit("Subscribers", "C3", "dup@example.com")],
]


@pytest.mark.parametrize("changes", EDITS, ids=[c[0].cell + c[0].new[:6] for c in EDITS])
def test_a_partners_edits_laid_over_the_sample_read_as_the_written_copy(
    changes: list[Change], tmp_path: Path
) -> None:
    _agree(SAMPLE, changes, tmp_path)


@settings(
    max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(seed=st.integers(1, 10_000), only_some=st.integers(1, 3))
def test_fixes_of_damaged_generated_workbooks_agree(
    tmp_path: Path, seed: int, only_some: int
) -> None:
    source = tmp_path / f"{seed}.xlsx"
    options = GeneratorOptions(
        customers=3, as_of=AS_OF, seed=seed, defect_rate=0.05, excel_damage=True
    )
    generate_workbook(options, source)
    changes = plan(validate_workbook(source, as_of=AS_OF).report)[::only_some]
    _agree(source, changes, tmp_path)


def test_an_edit_of_a_missing_row_becomes_that_row_in_order() -> None:
    rows = [RawRow(1, ["h"]), RawRow(3, ["a", "b"])]
    edits = {2: {1: "x"}, 3: {0: "A"}, 5: {2: "z"}}
    assert list(overlaid(rows, edits)) == [
        RawRow(1, ["h"]),
        RawRow(2, ["", "x"]),
        RawRow(3, ["A", "b"]),
        RawRow(5, ["", "", "z"]),
    ]
    assert list(overlaid(rows, None)) == rows
