"""``validate_workbook(keep_rows=False)``: the same report, no rows kept (the upload portal's
checking worker uses it so a 100k-row workbook is never held in memory)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bulk.validation import validate_workbook

ROOT = Path(__file__).resolve().parents[2]
AS_OF = dt.date(2026, 11, 25)
WORKBOOKS = [
    ROOT / "fixtures/workbooks/valid/sample.xlsx",
    *(
        ROOT / "fixtures/workbooks/invalid" / code / "workbook.xlsx"
        for code in (
            "assist-no-seats",
            "assist-duplicate",
            "assist-deadline",
            "ref-unknown-location",
        )
    ),
]


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.parent.name)
def test_dropping_rows_changes_nothing_in_the_report(path: Path) -> None:
    kept = validate_workbook(path, as_of=AS_OF)
    dropped = validate_workbook(path, as_of=AS_OF, keep_rows=False)
    assert dropped.report.to_json() == kept.report.to_json()
    assert kept.workbook.subscribers
    assert not (
        dropped.workbook.customers
        or dropped.workbook.locations
        or dropped.workbook.subscribers
        or dropped.workbook.assists
    )
