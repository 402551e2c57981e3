"""The cell checks' messages, word for word: what a partner reads for each way a cell can go
wrong, with the violation's field and parameters. Expected texts are written out here from the
catalogue's wording (docs/errors.md), never read back from the check. Added for the mutation
run (docs/testing.md), where only the codes were asserted before."""

from __future__ import annotations

from typing import Any

import pytest

from bulk.checks.choices import read_action, read_choice, read_yes_no
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
