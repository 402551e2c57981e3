"""The cell checks' messages, word for word: what a partner reads for each way a cell can go
wrong, with the violation's field and parameters. Expected texts are written out here from the
catalogue's wording (docs/errors.md), never read back from the check. Added for the mutation
run (docs/testing.md), where only the codes were asserted before."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from bulk.checks.choices import read_action, read_choice, read_yes_no
from bulk.checks.dates import read_date
from bulk.rules.violations import Violation
from bulk.schema import CUSTOMERS, SETUP_ASSIST, Column

CHANNEL = SETUP_ASSIST.column("channel")
NETWORK_CHECK = SETUP_ASSIST.column("network_check_done")
ACTION = CUSTOMERS.column("action")


def read(reader: Any, raw: Any, column: Column) -> tuple[Any, list[tuple[str, str | None, str]]]:
    """What ``reader`` returns for ``raw`` and the (code, field, message) of each violation."""
    found: list[Violation] = []
    value = reader(raw, column, found)
    return value, [(v.code, v.field, v.message) for v in found]


@pytest.mark.parametrize(
    ("raw", "value"),
    [("create", "create"), ("Update", "update"), ("DELETE", "delete")],
)
def test_an_action_is_read_in_lower_case(raw: str, value: str) -> None:
    assert read(read_action, raw, ACTION) == (value, [])


@pytest.mark.parametrize("raw", ["Remove", "add", "create!"])
def test_an_unknown_action_names_itself_and_the_three_actions(raw: str) -> None:
    message = f"'{raw}' is not an action; use create, update or delete (blank = create)."
    assert read(read_action, raw, ACTION) == (
        raw.lower(),
        [("cell-invalid-action", "action", message)],
    )


@pytest.mark.parametrize(
    ("raw", "value"),
    [("api", "api"), ("Form", "form"), ("HELPDESK", "helpdesk")],
)
def test_a_channel_is_read_in_lower_case(raw: str, value: str) -> None:
    assert read(read_choice, raw, CHANNEL) == (value, [])


@pytest.mark.parametrize("raw", ["Email", "phone", "FAX"])
def test_an_unknown_channel_lists_the_column_and_its_choices(raw: str) -> None:
    message = f"'{raw}' is not allowed in Channel; choose one of: api, form, helpdesk."
    assert read(read_choice, raw, CHANNEL) == (
        raw.lower(),
        [("cell-invalid-choice", "channel", message)],
    )


@pytest.mark.parametrize(
    ("raw", "answer"),
    [("Yes", True), ("no", False), ("YES", True), (True, True), (False, False)],
)
def test_yes_and_no_are_read_as_booleans(raw: Any, answer: bool) -> None:
    assert read(read_yes_no, raw, NETWORK_CHECK) == (answer, [])


@pytest.mark.parametrize("raw", ["maybe", "y", 1])
def test_anything_else_than_yes_or_no_is_not_an_answer(raw: Any) -> None:
    message = f"'{raw}' is not allowed in Network Check Done; choose one of: yes, no."
    assert read(read_yes_no, raw, NETWORK_CHECK) == (
        None,
        [("cell-invalid-choice", "network_check_done", message)],
    )


COMPLETION = SETUP_ASSIST.column("requested_completion_date")
DATE_TAIL = "; enter a date such as 2026-12-15 in a date-formatted cell."
AS_SERIAL = (
    " (it is stored as a plain number; as an Excel date it would be {0}, so format the cell as a "
    "date)"
)
NOT_A_DATE_NUMBER = " (it is a number, not a date)"
AMBIGUOUS = (
    " (it was typed as text that Excel did not recognise as a date, and day/month order is "
    "ambiguous)"
)
NOT_A_DATE_TEXT = " (it is text, not a date)"

# Excel's serial 1 is 1899-12-31, 45658 is 2025-01-01 and 2958465 is 9999-12-31, its last date.
BAD_DATES: list[tuple[Any, str, str]] = [
    (1, "1", AS_SERIAL.format("1899-12-31")),
    (45658, "45658", AS_SERIAL.format("2025-01-01")),
    (45658.0, "45658", AS_SERIAL.format("2025-01-01")),
    (2958465, "2958465", AS_SERIAL.format("9999-12-31")),
    (2958466, "2958466", NOT_A_DATE_NUMBER),
    (0, "0", NOT_A_DATE_NUMBER),
    (-3, "-3", NOT_A_DATE_NUMBER),
    (45658.5, "45658.5", NOT_A_DATE_NUMBER),
    ("15/06/2027", "15/06/2027", AMBIGUOUS),
    ("1.2.27", "1.2.27", AMBIGUOUS),
    ("6-15-2027", "6-15-2027", AMBIGUOUS),
    ("15/06/2", "15/06/2", NOT_A_DATE_TEXT),
    ("15/06/20271", "15/06/20271", NOT_A_DATE_TEXT),
    ("115/06/2027", "115/06/2027", NOT_A_DATE_TEXT),
    ("15 June 2027", "15 June 2027", NOT_A_DATE_TEXT),
    (True, "TRUE", NOT_A_DATE_TEXT),
    ("2027-02-30", "2027-02-30", " (there is no such day)"),
    ("2027-13-01", "2027-13-01", " (there is no such day)"),
    ("2027-06-15 09:30", "2027-06-15 09:30", NOT_A_DATE_TEXT),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "shown", "reason"), BAD_DATES)
def test_each_bad_date_says_what_it_was_read_as(raw: Any, shown: str, reason: str) -> None:
    message = f"'{shown}' is not a date{reason}{DATE_TAIL}"
    assert read(read_date, raw, COMPLETION) == (
        None,
        [("cell-invalid-date", "requested_completion_date", message)],
    )


@pytest.mark.parametrize(
    "raw",
    [
        dt.date(2027, 6, 15),
        dt.datetime(2027, 6, 15, 13, 45),
        "2027-06-15",
        "2027-06-15 00:00",
        "2027-06-15T00:00",
        "2027-06-15 00:00:00",
    ],
)
def test_a_date_iso_text_or_a_date_at_midnight_is_read_as_the_day(raw: Any) -> None:
    assert read(read_date, raw, COMPLETION) == (dt.date(2027, 6, 15), [])
