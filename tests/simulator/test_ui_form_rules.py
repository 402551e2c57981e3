"""The dashboard's manual forms say and offer what the field rulebook says (docs/validator.md,
"Field rules"): each input's required-ness, its length limit and forbidden characters in the
hint, and its choices (countries, time zones, languages, packages, channels) are the rulebook's,
so a form and the API can never disagree about a field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bulk.rules import fields
from bulk.rules.addresses import POSTAL_REQUIRED, STATE_REQUIRED
from bulk.rules.fields import FieldRule
from bulk.rules.languages import LANGUAGES
from bulk.rules.packages import CUSTOMER_PACKAGES, SUBSCRIBER_PACKAGES
from bulk.rules.verdicts import country_codes
from simulator.ui import portal
from simulator.ui.forms import FormField
from tests.simulator.ui_support import Classroom, dashboard_app, field_codes

# Each form input and the rulebook field it fills (an independent table: the forms must match it).
RULES: dict[str, FieldRule] = {
    "externalId": fields.EXTERNAL_ID,
    "customerInfo.name": fields.CUSTOMER_NAME,
    "customerInfo.primaryEmail": fields.PRIMARY_EMAIL,
    "customerInfo.language": fields.CUSTOMER_LANGUAGE,
    "address.addressLine1": fields.ADDRESS_LINE1,
    "address.addressLine2": fields.ADDRESS_LINE2,
    "address.city": fields.CITY,
    "address.stateOrProvince": fields.STATE,
    "address.zipOrPostalCode": fields.POSTAL_CODE,
    "address.country": fields.COUNTRY,
    "packages": fields.CUSTOMER_PACKAGE_LIST,
    "location.name": fields.LOCATION_NAME,
    "location.timezone": fields.TIMEZONE,
    "location.language": fields.LOCATION_LANGUAGE,
    "name": fields.LOCATION_NAME,
    "timeZone": fields.TIMEZONE,
    "preferredLanguage": fields.LOCATION_LANGUAGE,
    "address.address1": fields.ADDRESS_LINE1,
    "address.address2": fields.ADDRESS_LINE2,
    "address.state": fields.STATE,
    "address.postalCode": fields.POSTAL_CODE,
    "email": fields.EMAIL,
    "firstName": fields.FIRST_NAME,
    "lastName": fields.LAST_NAME,
    "package": fields.SUBSCRIBER_PACKAGE,
    "primaryPhoneNumber": fields.PHONE_NUMBER,
    "extension": fields.EXTENSION,
    "requestedCompletionDate": fields.COMPLETION_DATE,
    "contact.name": fields.CONTACT_NAME,
    "contact.email": fields.CONTACT_EMAIL,
    "contact.phone": fields.CONTACT_PHONE,
    "channel": fields.CHANNEL,
    "notes": fields.NOTES,
}
FORMS: dict[str, tuple[FormField, ...]] = {
    "customer": portal.CUSTOMER_FIELDS,
    "location": portal.LOCATION_FIELDS,
    "subscriber": portal.subscriber_fields([], SUBSCRIBER_PACKAGES),
    "assist": portal.assist_fields([("loc-1", "HQ")]),
}
RULED = [(form, f) for form, specs in FORMS.items() for f in specs if f.name in RULES]


def _values(spec: FormField) -> set[str]:
    return {value for value, _ in spec.options if value}


@pytest.mark.parametrize(("form", "spec"), RULED, ids=[f"{g}:{f.name}" for g, f in RULED])
def test_required_and_hint_are_the_rulebooks(form: str, spec: FormField) -> None:
    rule = RULES[spec.name]
    # Name and email are required unless an existing org is given, which the form cannot.
    assert spec.required == (rule.required or rule.required_unless is not None), form
    if rule.max_length is not None:
        assert f"At most {rule.max_length} characters." in spec.hint
    else:
        assert "At most" not in spec.hint
    for character in rule.forbidden:
        assert f"No {character} sign." in spec.hint


def test_every_rulebook_input_of_the_forms_is_in_the_table() -> None:
    unruled = {f.name for specs in FORMS.values() for f in specs if f.name not in RULES}
    # The provisioning template, the customer's own locations and a tick are no workbook field.
    assert unruled == {"provisioningId", "locationId", "networkCheckDone"}


def test_choices_are_the_rulebooks_lists() -> None:
    by_name = {f.name: f for specs in FORMS.values() for f in specs}
    assert _values(by_name["address.country"]) == set(country_codes())
    assert _values(by_name["location.timezone"]) == set(fields.TIMEZONE.choices)
    assert _values(by_name["timeZone"]) == set(fields.TIMEZONE.choices)
    for name in ("customerInfo.language", "location.language", "preferredLanguage"):
        assert _values(by_name[name]) == set(LANGUAGES), name
    assert _values(by_name["packages"]) == set(CUSTOMER_PACKAGES)
    assert _values(by_name["package"]) == set(SUBSCRIBER_PACKAGES)
    assert _values(by_name["channel"]) == set(fields.CHANNELS)
    for name in ("address.stateOrProvince", "address.state"):
        assert all(code in by_name[name].hint for code in STATE_REQUIRED), name
    for name in ("address.zipOrPostalCode", "address.postalCode"):
        assert all(code in by_name[name].hint for code in POSTAL_REQUIRED), name


@pytest.fixture
def room(tmp_path: Path) -> Iterator[Classroom]:
    """The classroom pack, loaded from the dashboard."""
    with dashboard_app(tmp_path) as client:
        yield Classroom(client)


def _location_form(**changes: str) -> dict[str, str]:
    return {
        "name": "Dublin Office",
        "timeZone": "Europe/Dublin",
        "preferredLanguage": "en_GB",
        "address.address1": "1 Quay Street",
        "address.city": "Dublin",
        "address.state": "",
        "address.postalCode": "",
        "address.country": "IE",
        **changes,
    }


def test_a_location_form_follows_the_per_country_rules(room: Classroom) -> None:
    customer = room.customer_id("nw-harbor-dental")
    path = f"{room.base()}/customers/{customer}/locations"
    # Ireland needs neither a state nor a postal code; the form used to demand both.
    accepted = room.partner.post(path, _location_form())
    assert accepted.status_code == 303, accepted.text
    us = room.partner.post(path, _location_form(name="Boston", **{"address.country": "US"}))
    assert us.status_code == 400
    assert field_codes(us.text, "address.state") == ["cell-invalid-state"]
    assert field_codes(us.text, "address.postalCode") == ["cell-invalid-postal-code"]
