"""The rulebook's fixes with the reason a partner reads beside each (docs/validator.md, "Fixes"):
a literal table of typed values, the row's country, and the fix, worked out by hand (the calling
codes, the national formats and the calendar). Added for the mutation run (docs/testing.md),
where a changed reason or kind went unnoticed."""

from __future__ import annotations

import pytest

from bulk.rules.repairs import Fix, FixKind, trimmed
from bulk.rules.values import date_fix, phone_fix

CERTAIN, LIKELY = FixKind.CERTAIN, FixKind.LIKELY
ONLY_DIGITS = "only digits may follow the '+' country code"
DOUBLE_ZERO = "00 is the international prefix; E.164 writes it as '+'"
PLUS_LOST = "the '+' was lost (Excel keeps a number without it); {0}'s number"
NATIONAL = "a national number of {0}, written in international form"

PHONE_FIXES: list[tuple[str, str | None, Fix | None]] = [
    ("+49 221/6868635", None, Fix("+492216868635", CERTAIN, ONLY_DIGITS)),
    ("+1 (415) 200-0101", "GB", Fix("+14152000101", CERTAIN, ONLY_DIGITS)),
    ("+14152000101", "US", None),  # nothing to repair
    ("+1 415", None, None),  # no valid number to offer
    ("00492216868635", "US", Fix("+492216868635", LIKELY, DOUBLE_ZERO)),
    ("00 49 221 6868635", None, Fix("+492216868635", LIKELY, DOUBLE_ZERO)),
    ("0012", "US", None),
    ("14152000101", "US", Fix("+14152000101", LIKELY, PLUS_LOST.format("US"))),
    ("442079460958", "GB", Fix("+442079460958", LIKELY, PLUS_LOST.format("GB"))),
    ("4152000101", "US", Fix("+14152000101", LIKELY, NATIONAL.format("US"))),
    ("(415) 200-0101", "US", Fix("+14152000101", LIKELY, NATIONAL.format("US"))),
    ("020 7946 0958", "GB", Fix("+442079460958", LIKELY, NATIONAL.format("GB"))),
    ("14152000101", None, None),  # no country: no reading to prefer
    ("442079460958", "US", None),  # a valid number, but of GB, not of the row's country
    ("14150000000", "US", None),  # its last digits may be lost
    ("12345", "US", None),
    ("call me", "US", None),
    ("\uff14\uff11\uff15\uff12\uff10\uff10\uff10\uff11\uff10\uff11", "US", None),  # full width
]


@pytest.mark.parametrize(("text", "country", "fix"), PHONE_FIXES)
def test_each_phone_fix_with_its_kind_and_reason(
    text: str, country: str | None, fix: Fix | None
) -> None:
    assert phone_fix(text, country) == fix


ONE_ORDER = "only one day/month order makes a date"
DATE_FIXES: list[tuple[str, str | None, Fix | None]] = [
    ("15/06/2027", "US", Fix("2027-06-15", CERTAIN, ONE_ORDER)),  # no 15th month
    ("06/15/2027", "GB", Fix("2027-06-15", CERTAIN, ONE_ORDER)),
    ("06/06/2027", "US", Fix("2027-06-06", CERTAIN, ONE_ORDER)),  # both orders read the same
    ("15/06/2027", None, Fix("2027-06-15", CERTAIN, ONE_ORDER)),
    ("05/06/2027", "US", Fix("2027-05-06", LIKELY, "US writes the month first")),
    ("5-6-2027", "PH", Fix("2027-05-06", LIKELY, "PH writes the month first")),
    ("05/06/2027", "GB", Fix("2027-06-05", LIKELY, "GB writes the day first")),
    ("5.6.2027", "DE", Fix("2027-06-05", LIKELY, "DE writes the day first")),
    ("05/06/2027", "CA", None),  # both orders are common in Canada
    ("05/06/2027", None, None),
    ("31/02/2027", "US", None),  # neither order makes a date
    ("2027-06-05", "US", None),  # ISO text needs no fix
    ("5/6/27", "US", None),
]


@pytest.mark.parametrize(("text", "country", "fix"), DATE_FIXES)
def test_each_date_fix_with_its_kind_and_reason(
    text: str, country: str | None, fix: Fix | None
) -> None:
    assert date_fix(text, country) == fix


def test_trimming_says_what_was_removed() -> None:
    assert trimmed("Ann", "trailing spaces") == Fix("Ann", CERTAIN, "trailing spaces removed")


def test_a_fix_is_written_to_a_json_report_as_three_strings() -> None:
    fix = Fix("+14152000101", LIKELY, "a national number of US, written in international form")
    assert fix.to_json() == {
        "value": "+14152000101",
        "kind": "likely",
        "reason": "a national number of US, written in international form",
    }
