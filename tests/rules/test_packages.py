"""Package rules from the reference API."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from bulk.rules.packages import (
    CALLING_PACKAGES,
    CUSTOMER_ONLY_PACKAGES,
    CUSTOMER_PACKAGES,
    DEPENDENCIES,
    SUBSCRIBER_PACKAGES,
    customer_location_violations,
    customer_package_violations,
    dependency_violations,
    is_calling,
    needs_calling_location,
    subscriber_package_violations,
)

REFERENCE = Path(__file__).parents[2] / "reference" / "webex-wholesale.openapi.json"

customer_sets = st.sets(st.sampled_from(CUSTOMER_PACKAGES))
any_package = st.sampled_from(CUSTOMER_PACKAGES) | st.sampled_from(["teams", "", "WEBEX_CALLING"])


def test_package_lists_match_the_reference() -> None:
    schemas = json.loads(REFERENCE.read_text(encoding="utf-8"))["components"]["schemas"]
    assert list(CUSTOMER_PACKAGES) == schemas["WholesalePackagesCustomer"]["enum"]
    assert list(SUBSCRIBER_PACKAGES) == schemas["WholesalePackagesSubscriber"]["enum"]
    assert len(CUSTOMER_PACKAGES) == 14
    assert len(SUBSCRIBER_PACKAGES) == 9


def test_customer_only_packages_follow_the_design() -> None:
    assert {
        "common_area_calling",
        "cisco_calling_plan",
        "cx_voice_ports",
        "cx_ai_assistant",
        "webex_ai_agent",
    } == CUSTOMER_ONLY_PACKAGES


def test_dependencies_follow_the_reference() -> None:
    assert DEPENDENCIES["cisco_calling_plan"] == {
        "common_area_calling",
        "webex_calling",
        "webex_suite",
        "webex_voice",
        "cx_essentials",
        "webex_calling_standard",
    }
    assert DEPENDENCIES["attendant_console"] == {"webex_calling", "webex_suite", "cx_essentials"}


@given(customer_sets)
def test_dependency_violated_exactly_when_no_prerequisite_is_chosen(chosen: set[str]) -> None:
    found = dependency_violations(chosen)
    assert all(v.code == "package-dependency" for v in found)
    flagged = {v.params["package"] for v in found}
    assert ("cisco_calling_plan" in flagged) == (
        "cisco_calling_plan" in chosen and not chosen & CALLING_PACKAGES
    )
    assert ("attendant_console" in flagged) == (
        "attendant_console" in chosen
        and not chosen & {"webex_calling", "webex_suite", "cx_essentials"}
    )
    assert customer_package_violations(sorted(chosen)) == found


@given(st.lists(any_package, max_size=6))
def test_unknown_customer_packages_are_named(chosen: list[str]) -> None:
    found = customer_package_violations(chosen)
    invalid = [v.params["value"] for v in found if v.code == "cell-invalid-package"]
    assert invalid == [p for p in chosen if p not in CUSTOMER_PACKAGES]


def test_dependency_message_names_the_alternatives() -> None:
    (v,) = dependency_violations(["attendant_console", "webex_meetings"])
    assert (
        v.message == "'attendant_console' needs one of: cx_essentials, webex_calling, webex_suite."
    )


@given(any_package, customer_sets, st.booleans(), st.booleans())
def test_subscriber_package_rules(
    package: str, owned: set[str], has_location: bool, has_number: bool
) -> None:
    found = subscriber_package_violations(
        package, sorted(owned), customer="acme", has_location=has_location, has_number=has_number
    )
    codes = [v.code for v in found]
    if package in CUSTOMER_ONLY_PACKAGES:
        assert codes == ["package-not-for-subscriber"]
        return
    if package not in SUBSCRIBER_PACKAGES:
        assert codes == ["cell-invalid-package"]
        return
    expected = []
    if package not in owned:
        expected.append("package-not-on-customer")
    if is_calling(package) and not has_location:
        expected.append("calling-location-required")
    if is_calling(package) and not has_number:
        expected.append("calling-number-required")
    assert codes == expected


def test_subscriber_package_messages() -> None:
    found = subscriber_package_violations(
        "webex_calling", [], customer="acme", has_location=False, has_number=False
    )
    assert [v.message for v in found] == [
        "'webex_calling' is not one of customer 'acme' packages (none).",
        "Package 'webex_calling' needs a Location Name.",
        "Package 'webex_calling' needs a phone number or an extension.",
    ]
    assert [v.field for v in found] == ["package", "location_name", "phone_number"]


def test_meetings_needs_no_location_or_number() -> None:
    assert not is_calling("webex_meetings")
    found = subscriber_package_violations(
        "webex_meetings", ["webex_meetings"], has_location=False, has_number=False
    )
    assert found == []


@given(customer_sets, st.booleans())
def test_a_customer_with_calling_needs_a_location(owned: set[str], has_location: bool) -> None:
    needs = needs_calling_location(owned)
    assert needs == bool(owned & CALLING_PACKAGES)
    found = customer_location_violations(owned, has_location=has_location, customer="acme")
    assert [v.code for v in found] == (
        ["calling-location-required"] if needs and not has_location else []
    )
    for v in found:
        assert "acme" in v.message
