"""The validator's derived Setup Assist lines (seats, SKU, quantity, earliest completion date)
against the independent oracles of tests/oracles.py, on the sample and on generated workbooks
whose locations span several countries and states. The generator and the validator share the
deadline code, so only an oracle that shares none of it can catch a deadline defect in both."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from validator_support import SAMPLE

from bulk.generator import GeneratorOptions, SeatRange, generate_workbook
from bulk.validation import ValidationResult, validate_workbook
from tests.oracles import assist_lines, earliest_completion


def _check(result: ValidationResult, as_of: dt.date) -> None:
    rows = result.workbook
    places = {(loc.customer_external_id, loc.name): loc for loc in rows.locations}
    derived = result.report.assist
    assert derived, "no Setup Assist line to check"
    assert sorted(
        (a.customer_external_id, a.location_name, a.sku, a.quantity, a.seats) for a in derived
    ) == assist_lines(rows.subscribers, rows.assists)
    for line in derived:
        where = places[(line.customer_external_id, line.location_name)]
        expected = earliest_completion(as_of, where.country, where.state or None)
        assert line.earliest_completion_date == expected, (line, where.country, where.state)


@pytest.mark.parametrize("as_of", ["2026-11-25", "2026-12-21", "2027-03-15"])
def test_the_sample_s_lines_match_the_oracle(as_of: str) -> None:
    day = dt.date.fromisoformat(as_of)
    _check(validate_workbook(SAMPLE, as_of=day), day)


@pytest.mark.parametrize("seed", [3, 11, 28])
def test_generated_lines_match_the_oracle(tmp_path: Path, seed: int) -> None:
    as_of = dt.date(2026, 11, 25)  # the week of Thanksgiving and California's day after
    options = GeneratorOptions(
        customers=8, as_of=as_of, seed=seed, subscribers_per_customer=SeatRange(1, 12)
    )
    path = tmp_path / "generated.xlsx"
    generate_workbook(options, path)
    _check(validate_workbook(path, as_of=as_of), as_of)
