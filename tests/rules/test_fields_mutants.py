"""Small rules whose words a partner or a caller reads: a blank required field, the exception a
backend raises for a list of violations, and a catalogue message missing a parameter. Expected
texts are written out from the catalogue (docs/errors.md). Added for the mutation run
(docs/testing.md)."""

from __future__ import annotations

import pytest

from bulk.rules.catalogue import CATALOGUE, MissingParameter
from bulk.rules.fields import ADDRESS_LINE1, CUSTOMER_NAME, required_violation, text_violations
from bulk.rules.violations import RuleViolation


@pytest.mark.parametrize(
    ("field", "label"), [("city", "City"), ("address.city", "address.city"), ("email", "Email")]
)
def test_a_blank_required_field_names_its_label(field: str, label: str) -> None:
    blank = required_violation(field, label)
    assert (blank.code, blank.field, blank.message, blank.params) == (
        "cell-required",
        field,
        f"{label} is required.",
        {"column": label, "value": ""},
    )


def test_too_long_and_forbidden_character_carry_their_figures() -> None:
    (long,) = text_violations(ADDRESS_LINE1, "x" * 51, "address1", "Address Line 1")
    assert (long.message, long.params) == (
        "Address Line 1 is 51 characters long; the limit is 50.",
        {"column": "Address Line 1", "length": 51, "limit": 50, "value": "x" * 51},
    )
    (percent,) = text_violations(CUSTOMER_NAME, "100% Ltd", "name", "Name")
    assert (percent.field, percent.message, percent.params) == (
        "name",
        "Name must not contain '%'.",
        {"column": "Name", "character": "%", "value": "100% Ltd"},
    )


def test_a_rule_violation_needs_at_least_one_violation() -> None:
    with pytest.raises(ValueError, match=r"^RuleViolation needs at least one violation$"):
        RuleViolation([])


def test_a_missing_template_parameter_names_the_code_and_the_parameter() -> None:
    with pytest.raises(MissingParameter) as caught:
        CATALOGUE["cell-required"].message()
    assert (caught.value.code, caught.value.name) == ("cell-required", "column")
    assert caught.value.args == ("message 'cell-required' needs the parameter 'column'",)
