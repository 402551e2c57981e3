"""The six-business-day Setup Assist deadline and the business-day calendar behind it."""

from __future__ import annotations

import warnings
from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulk.rules.deadline import (
    ASSIST_LEAD_BUSINESS_DAYS,
    SUPPORTED_COUNTRIES,
    add_business_days,
    completion_date_violations,
    earliest_completion_date,
    is_business_day,
    meets_deadline,
)
from tests.oracles import earliest_completion

# Inside every supported country's holiday data range (India's is 2001-2035).
submission_dates = st.dates(min_value=date(2001, 1, 1), max_value=date(2034, 12, 1))
countries = st.sampled_from(SUPPORTED_COUNTRIES)
# A few more countries the holidays package knows, beyond the promised list.
other_countries = st.sampled_from(("SE", "PL", "CH", "NZ", "IE", "ZA", "KR", "SG", "BE", "AT"))


def oracle_holidays(country: str, year: int, subdivision: str | None = None) -> set[date]:
    """The holidays package asked directly, independent of the code under test (India warns
    about years past its data range; the oracle does not care)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return set(holidays.country_holidays(country, subdiv=subdivision, years=[year, year + 1]))


def oracle_business_days_between(start: date, end: date, country: str) -> int:
    """Business days d with start < d <= end, counted one by one."""
    off = oracle_holidays(country, start.year)
    day, count = start, 0
    while day < end:
        day += timedelta(days=1)
        count += day.weekday() < 5 and day not in off
    return count


def test_lead_time_is_six_business_days() -> None:
    assert ASSIST_LEAD_BUSINESS_DAYS == 6


def test_the_promised_countries_are_supported() -> None:
    promised = {"US", "CA", "GB", "AU", "DE", "FR", "NL", "ES", "IT", "IN", "JP", "BR", "MX"}
    assert promised <= set(SUPPORTED_COUNTRIES)


@given(submission_dates, countries | other_countries)
def test_earliest_completion_is_a_business_day_six_business_days_later(
    submitted: date, country: str
) -> None:
    earliest = earliest_completion_date(submitted, country)
    assert earliest > submitted
    assert earliest.weekday() < 5
    assert earliest not in oracle_holidays(country, earliest.year)
    assert is_business_day(earliest, country)
    assert oracle_business_days_between(submitted, earliest, country) == 6
    # Exactly six: the day before the earliest date still counts only five.
    assert oracle_business_days_between(submitted, earliest - timedelta(days=1), country) == 5


@pytest.mark.parametrize("country", SUPPORTED_COUNTRIES)
@settings(max_examples=30)
@given(submitted=submission_dates, later_by=st.integers(min_value=0, max_value=40))
def test_every_supported_country_keeps_the_deadline_properties(
    country: str, submitted: date, later_by: int
) -> None:
    earliest = earliest_completion_date(submitted, country)
    assert earliest.weekday() < 5
    assert earliest not in oracle_holidays(country, earliest.year)
    assert oracle_business_days_between(submitted, earliest, country) == 6
    later = submitted + timedelta(days=later_by)
    assert earliest_completion_date(later, country) >= earliest


@given(submission_dates, submission_dates, countries)
def test_earliest_completion_never_moves_earlier_when_submission_moves_later(
    first: date, second: date, country: str
) -> None:
    early, late = sorted((first, second))
    assert earliest_completion_date(early, country) <= earliest_completion_date(late, country)


@given(submission_dates, st.integers(min_value=-30, max_value=60), countries)
def test_a_requested_date_is_accepted_exactly_when_on_or_after_the_earliest(
    submitted: date, offset: int, country: str
) -> None:
    requested = submitted + timedelta(days=offset)
    earliest = earliest_completion_date(submitted, country)
    assert meets_deadline(requested, submitted, country) == (requested >= earliest)
    codes = [v.code for v in completion_date_violations(requested, submitted, country)]
    if requested < submitted:
        assert codes == ["assist-date-past"]
    elif requested < earliest:
        assert codes == ["assist-deadline"]
    else:
        assert codes == []


@given(submission_dates, st.integers(min_value=0, max_value=5), countries)
def test_deadline_violation_names_the_earliest_date(
    submitted: date, extra: int, country: str
) -> None:
    earliest = earliest_completion_date(submitted, country)
    requested = min(submitted + timedelta(days=extra), earliest - timedelta(days=1))
    (violation,) = completion_date_violations(requested, submitted, country, field="date")
    assert violation.code == "assist-deadline"
    assert violation.field == "date"
    assert earliest.isoformat() in violation.message
    assert violation.params["earliest"] == earliest.isoformat()


@given(submission_dates, st.integers(min_value=1, max_value=400), countries)
def test_past_dates_give_assist_date_past(submitted: date, back: int, country: str) -> None:
    requested = submitted - timedelta(days=back)
    (violation,) = completion_date_violations(requested, submitted, country)
    assert violation.code == "assist-date-past"
    assert violation.field == "requested_completion_date"
    assert requested.isoformat() in violation.message
    assert submitted.isoformat() in violation.message


@given(
    submission_dates,
    st.integers(min_value=0, max_value=15),
    st.integers(min_value=0, max_value=15),
    countries,
)
def test_adding_business_days_composes(start: date, a: int, b: int, country: str) -> None:
    assert add_business_days(start, a + b, country) == add_business_days(
        add_business_days(start, a, country), b, country
    )


@given(submission_dates, st.integers(min_value=1, max_value=20), countries)
def test_adding_business_days_lands_on_a_business_day(start: date, days: int, country: str) -> None:
    end = add_business_days(start, days, country)
    assert is_business_day(end, country)
    assert oracle_business_days_between(start, end, country) == days


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2035, 12, 31)), countries)
def test_business_day_is_weekday_and_not_holiday(day: date, country: str) -> None:
    expected = day.weekday() < 5 and day not in oracle_holidays(country, day.year)
    assert is_business_day(day, country) == expected


def test_zero_days_is_the_start_itself_even_on_a_weekend() -> None:
    saturday = date(2026, 11, 28)
    assert add_business_days(saturday, 0, "US") == saturday


def test_negative_days_are_refused() -> None:
    with pytest.raises(ValueError, match="days must be >= 0"):
        add_business_days(date(2026, 1, 5), -1, "US")


def test_thanksgiving_pushes_the_us_deadline_but_not_the_german_one() -> None:
    wednesday = date(2026, 11, 25)  # Thanksgiving is Thursday 2026-11-26
    assert earliest_completion_date(wednesday, "US") == date(2026, 12, 4)
    assert earliest_completion_date(wednesday, "DE") == date(2026, 12, 3)


def test_christmas_and_observed_boxing_day_push_the_uk_deadline() -> None:
    # 25 Dec 2026 is a Friday; Boxing Day (Saturday) is observed on Monday 28 Dec.
    assert earliest_completion_date(date(2026, 12, 23), "GB") == date(2027, 1, 5)


def test_country_codes_are_case_insensitive() -> None:
    assert earliest_completion_date(date(2026, 11, 25), " us ") == date(2026, 12, 4)


def test_subdivision_holidays_count_by_code_or_name() -> None:
    cesar_chavez_day = date(2026, 3, 31)  # a Tuesday, a holiday in California only
    assert is_business_day(cesar_chavez_day, "US")
    assert not is_business_day(cesar_chavez_day, "US", "CA")
    assert not is_business_day(cesar_chavez_day, "US", "ca")
    assert not is_business_day(cesar_chavez_day, "US", "California")


def test_unknown_subdivision_falls_back_to_national_holidays() -> None:
    assert is_business_day(date(2026, 3, 31), "US", "Atlantis")
    assert not is_business_day(date(2026, 11, 26), "US", "Atlantis")
    assert is_business_day(date(2026, 3, 31), "US", "  ")


@pytest.mark.parametrize("country", ["ZZ", "", "U$"])
def test_unknown_country_counts_weekends_only(country: str) -> None:
    thanksgiving, saturday = date(2026, 11, 26), date(2026, 11, 28)
    assert is_business_day(thanksgiving, country)
    assert not is_business_day(saturday, country)
    assert earliest_completion_date(date(2026, 11, 25), country) == date(2026, 12, 3)


def test_years_outside_a_country_data_range_work_without_warnings() -> None:
    # India's data covers 2001-2035 and warns outside it; the warning must not reach callers
    # (pytest turns warnings into errors here). Republic Day is fixed-date and still known.
    assert not is_business_day(date(2040, 1, 26), "IN")
    assert is_business_day(date(2040, 1, 24), "IN")


# Worked by hand on a calendar: six business days after the submission day, skipping weekends
# and the country's (and the state's) public holidays.
DEADLINES = [
    # Thanksgiving (Thu 26 Nov) off: 27, 30 Nov, 1, 2, 3, 4 Dec.
    ("2026-11-25", "US", None, "2026-12-04"),
    # California also takes the day after Thanksgiving: 30 Nov, 1, 2, 3, 4, 7 Dec.
    ("2026-11-25", "US", "CA", "2026-12-07"),
    # No holiday in England that week: 26, 27, 30 Nov, 1, 2, 3 Dec.
    ("2026-11-25", "GB", None, "2026-12-03"),
    # 25 and 26 Dec off in Germany (26th is a Saturday): 21, 22, 23, 24, 28, 29 Dec.
    ("2026-12-18", "DE", None, "2026-12-29"),
    # 4 July 2026 is a Saturday, observed Friday 3 July: 6, 7, 8, 9, 10, 13 July.
    ("2026-07-02", "US", None, "2026-07-13"),
    # An ordinary week in March 2027: 16, 17, 18, 19, 22, 23 March.
    ("2027-03-15", "US", None, "2027-03-23"),
    # Submitted on a Saturday: 7, 8, 9, 10, 11, 14 June.
    ("2027-06-05", "FR", None, "2027-06-14"),
]


@pytest.mark.parametrize(("submitted", "country", "state", "earliest"), DEADLINES)
def test_earliest_completion_examples(
    submitted: str, country: str, state: str | None, earliest: str
) -> None:
    day = date.fromisoformat(submitted)
    assert earliest_completion_date(day, country, state).isoformat() == earliest
    assert earliest_completion(day, country, state).isoformat() == earliest  # the oracle agrees
