"""A value that passes its column's quick test reads as itself with no problem through the
full cell path, for every column of every sheet, and chunked reading equals row-by-row."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulk.schema import SHEETS, Sheet
from bulk.validation.sheets import _ABSENT, CellProblem, SheetPlan
from bulk.workbook import RawRow, match_headers

KNOWN_GOOD = [
    "create",
    "api",
    "yes",
    "US",
    "CA",
    "en_US",
    "America/New_York",
    "webex_calling",
    "+14152000101",
    "1234",
    "ann@example.com",
    "94105",
    dt.date(2027, 6, 15),
    "Acme",
]
VALUES = st.one_of(
    st.sampled_from(KNOWN_GOOD),
    st.text(" \u00a0abcAZ09_-@.+%é", max_size=12),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.dates(),
)


def _plan(sheet: Sheet) -> SheetPlan:
    return SheetPlan(sheet, match_headers(sheet, [c.header for c in sheet.columns]))


PLANS = [_plan(s) for s in SHEETS]


QUICK_FIELDS = [
    (plan, index)
    for plan in PLANS
    for index, field in enumerate(plan.fields)
    if field.quick is not None
]


@pytest.mark.parametrize(
    ("plan", "index"),
    QUICK_FIELDS,
    ids=[f"{p.sheet.name}-{p.fields[i].column.key}" for p, i in QUICK_FIELDS],
)
# Narrow columns (an email, a timezone) accept few of the random strings, so much is filtered;
# the known-good values keep every column's examples coming.
@settings(max_examples=20, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_quick_values_read_as_themselves(plan: SheetPlan, index: int, data: st.DataObject) -> None:
    field = plan.fields[index]
    quick = field.quick
    assert quick is not None
    good = [v for v in KNOWN_GOOD if quick(v)]
    assert good, f"no KNOWN_GOOD value passes the quick test of {field.column.key}: add one"
    # Every example is one the quick test accepts, so every example asserts something.
    value = data.draw(st.one_of(st.sampled_from(good), VALUES).filter(quick), label="value")
    problems: dict[int, list[CellProblem]] = {}
    result, present = plan._cell(value, field, problems, 0)
    assert result is not _ABSENT and present
    assert result == value and problems == {}, (field.column.key, value)


@given(st.lists(st.lists(VALUES, max_size=13), min_size=1, max_size=8))
def test_chunks_read_like_single_rows(rows: list[list[Any]]) -> None:
    plan = PLANS[2]
    raws = [RawRow(n + 2, values) for n, values in enumerate(rows)]
    together = plan.build_many(raws)
    alone = [plan.build(raw) for raw in raws]
    assert together == alone
