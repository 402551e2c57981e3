"""The validator and the simulator agree on every value (docs/validator.md, "Field rules").

Start from a valid workbook, change one field of one row to a value from the catalogue of value
classes (tests/contract/value_classes.py), and compare the validator's verdict on the workbook
with the simulator's on the request the importer would send for that row
(tests/contract/differential.py): the same accept/reject and the same catalogue codes.

Fields the importer never sends are the validator's alone and are not drawn: Action (decides
which request is made), the references (Customer External ID and Location Name on child sheets
become ids), Main Number, the Emergency Location ID of a location that is not the calling
location, Existing Org ID (attaching is decided by the server's state), the Requested
Completion Date and Network Check Done (their rules need the submission date and the partner's
state, checked by tests/simulator/test_setup_assist_*.py).

A location's row is compared twice: with *Create a Location* (group ``location``) and with
*Update a Location* of a valid stored location carrying the changed field alone (group
``location-update``): an update is checked by the same field rules as a create.

Derandomized; each of the six tests draws at least 520 examples (3,120 in all), or a sixth of
the profile's count when that is larger (``--hypothesis-profile=deep``: 100,000 in all).
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.contract.differential import (
    Target,
    base_rows,
    changed_rows,
    simulator_verdict,
    validator_verdict,
)
from tests.contract.value_classes import strategy_for

_ADDRESS = ("address_line1", "address_line2", "city", "state", "postal_code", "country")
TARGETS: dict[str, tuple[Target, ...]] = {
    "customer": tuple(
        Target("Customers", 0, key, "customer")
        for key in ("external_id", "name", "primary_email", "language", *_ADDRESS, "packages")
    ),
    "calling-location": tuple(
        Target("Locations", 0, key, "customer")
        for key in ("name", *_ADDRESS, "timezone", "language", "emergency_location_id")
    ),
    "location": tuple(
        Target("Locations", 1, key, "location")
        for key in ("name", *_ADDRESS, "timezone", "language")
    ),
    "location-update": tuple(
        Target("Locations", 1, key, "location-update")
        for key in ("name", *_ADDRESS, "timezone", "language")
    ),
    "subscriber": tuple(
        Target("Subscribers", 0, key, "subscriber")
        for key in ("email", "first_name", "last_name", "package", "phone_number", "extension")
    ),
    "assist": tuple(
        Target("Setup Assist", 0, key, "assist")
        for key in ("contact_name", "contact_email", "contact_phone", "channel", "notes")
    ),
}
MINIMUM_EXAMPLES = 520


def _examples() -> int:
    return max(settings.default.max_examples // len(TARGETS), MINIMUM_EXAMPLES)


@st.composite
def changes(draw: st.DrawFn, group: str) -> tuple[Target, Any]:
    target = draw(st.sampled_from(TARGETS[group]))
    value = draw(strategy_for(target.sheet, target.key))
    return target, value


def check_agreement(target: Target, value: Any) -> None:
    validator, book = validator_verdict(changed_rows(target, value), target)
    simulator = simulator_verdict(book, target)
    assert validator == simulator, (
        f"{target.sheet}.{target.key} = {value!r}: validator {sorted(validator)}, "
        f"simulator {sorted(simulator)}"
    )


def test_the_base_workbook_is_valid_on_both_sides() -> None:
    for group in TARGETS.values():
        for target in group:
            validator, book = validator_verdict(base_rows(), target)
            assert validator == frozenset() == simulator_verdict(book, target), target


@pytest.mark.slow
@pytest.mark.parametrize("group", sorted(TARGETS))
def test_validator_and_simulator_agree(group: str) -> None:
    @settings(
        max_examples=_examples(),
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(changes(group))
    def agree(change: tuple[Target, Any]) -> None:
        check_agreement(*change)

    agree()
