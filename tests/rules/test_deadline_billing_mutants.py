"""A state holiday moves the Setup Assist deadline, a refused billing period says why in whole
sentences, a customer without a calling location is told which packages need one, and a CSV
has plain newline line ends (docs/setup-assist.md, docs/billing.md, docs/validator.md). Dates
are worked out by hand from the calendar: 6 January (Epiphany) is a public holiday in Bavaria,
not in all of Germany, and falls on a Wednesday in 2027. Added for the mutation run
(docs/testing.md)."""

from __future__ import annotations

from datetime import date

import pytest

from bulk.rules.billing import billing_period_violations
from bulk.rules.deadline import add_business_days, earliest_completion_date, meets_deadline
from bulk.rules.packages import customer_location_violations
from bulk.rules.spreadsheet_text import neutralised_csv

SUBMITTED = date(2027, 1, 4)  # a Monday


@pytest.mark.parametrize(
    ("subdivision", "earliest"),
    [(None, date(2027, 1, 12)), ("BY", date(2027, 1, 13)), ("by", date(2027, 1, 13))],
)
def test_a_state_holiday_pushes_the_deadline_a_day(subdivision: str | None, earliest: date) -> None:
    assert earliest_completion_date(SUBMITTED, "DE", subdivision) == earliest
    assert meets_deadline(earliest, SUBMITTED, "DE", subdivision)
    assert not meets_deadline(date(2027, 1, earliest.day - 1), SUBMITTED, "DE", subdivision)


def test_meets_deadline_reads_the_subdivision() -> None:
    assert meets_deadline(date(2027, 1, 12), SUBMITTED, "DE")
    assert not meets_deadline(date(2027, 1, 12), SUBMITTED, "DE", "BY")


def test_each_reason_a_billing_period_is_refused_is_its_own_sentence() -> None:
    today = date(2026, 11, 25)
    found = billing_period_violations(date(2021, 1, 31), date(2021, 1, 1), today)
    assert [(v.code, v.field, v.message) for v in found] == [
        ("billing-period-invalid", "period",
         "Billing period 2021-01-31 to 2021-01-01 is invalid: it ends before it starts."),
        ("billing-period-invalid", "period",
         "Billing period 2021-01-31 to 2021-01-01 is invalid: it starts more than five years ago "
         "(before 2021-11-25)."),
    ]  # fmt: skip
    (late,) = billing_period_violations(date(2026, 11, 1), date(2026, 11, 25), today)
    assert late.params == {
        "reason": "it must end before today (2026-11-25)",
        "start": "2026-11-01",
        "end": "2026-11-25",
    }


def test_adding_business_days_reads_the_subdivision() -> None:
    assert add_business_days(SUBMITTED, 6, "DE") == date(2027, 1, 12)
    assert add_business_days(SUBMITTED, 6, "DE", "BY") == date(2027, 1, 13)
    assert add_business_days(SUBMITTED, 1, "DE", "BY") == date(2027, 1, 5)
    assert add_business_days(SUBMITTED, 2, "DE", "BY") == date(2027, 1, 7)


def test_a_csv_has_newline_line_ends_and_quotes_every_cell_of_a_row_with_a_carriage_return() -> (
    None
):
    assert neutralised_csv([["a", "b c"], ["x\ry", "z"], ["=1", "-2.5"]]) == (
        'a,b c\n"x\ry","z"\n\'=1,-2.5\n'
    )


def test_a_customer_with_calling_packages_and_no_location_is_told_which() -> None:
    found = customer_location_violations(
        ["webex_meetings", "webex_suite", "webex_calling", "webex_calling"], has_location=False
    )
    reason = (
        "Customer '' has calling package(s) webex_calling, webex_suite and needs a location; add "
        "one on the Locations sheet."
    )
    assert [(v.code, v.field, v.message, v.params) for v in found] == [
        ("calling-location-required", "packages", reason, {"reason": reason})
    ]
    assert customer_location_violations(["webex_calling"], has_location=True) == []
    assert customer_location_violations(["webex_meetings"], has_location=False) == []
