"""The field rulebook: every field of customers, addresses, calling locations, locations,
subscribers and Setup Assist requests, with its constraints in one place (docs/validator.md,
"Field rules").

A :class:`FieldRule` says whether a field is required, how long it may be, which characters it
must not hold, what format it has (:class:`Kind`) and, for enumerations, its allowed values in
canonical spelling. The validator's columns (``bulk.schema``), the template's dropdowns and
header help, the simulator's request checks and the dashboard's forms all read these rules;
the per-country address rules are :mod:`bulk.rules.addresses`, the formats' verdicts
:mod:`bulk.rules.values`, the package rules :mod:`bulk.rules.packages`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bulk.rules.languages import LANGUAGES
from bulk.rules.packages import CUSTOMER_PACKAGES, SUBSCRIBER_PACKAGES
from bulk.rules.violations import Violation

ACTIONS: tuple[str, ...] = ("create", "update", "delete")
CHANNELS: tuple[str, ...] = ("api", "form", "helpdesk")
YES_NO: tuple[str, ...] = ("yes", "no")


TIME_ZONES: tuple[str, ...] = tuple(
    sorted(
        {
            # United States
            "America/New_York",
            "America/Detroit",
            "America/Indiana/Indianapolis",
            "America/Chicago",
            "America/Denver",
            "America/Boise",
            "America/Phoenix",
            "America/Los_Angeles",
            "America/Anchorage",
            "America/Puerto_Rico",
            "Pacific/Honolulu",
            # Canada
            "America/St_Johns",
            "America/Halifax",
            "America/Moncton",
            "America/Toronto",
            "America/Winnipeg",
            "America/Regina",
            "America/Edmonton",
            "America/Vancouver",
            "America/Whitehorse",
            # Mexico
            "America/Mexico_City",
            "America/Cancun",
            "America/Merida",
            "America/Monterrey",
            "America/Chihuahua",
            "America/Mazatlan",
            "America/Hermosillo",
            "America/Tijuana",
            # Brazil
            "America/Sao_Paulo",
            "America/Bahia",
            "America/Fortaleza",
            "America/Recife",
            "America/Belem",
            "America/Manaus",
            "America/Cuiaba",
            "America/Campo_Grande",
            "America/Porto_Velho",
            "America/Rio_Branco",
            "America/Noronha",
            # Europe
            "Europe/London",
            "Europe/Dublin",
            "Europe/Lisbon",
            "Europe/Madrid",
            "Atlantic/Canary",
            "Europe/Paris",
            "Europe/Brussels",
            "Europe/Amsterdam",
            "Europe/Berlin",
            "Europe/Zurich",
            "Europe/Vienna",
            "Europe/Rome",
            "Europe/Copenhagen",
            "Europe/Oslo",
            "Europe/Stockholm",
            "Europe/Helsinki",
            "Europe/Warsaw",
            # Asia and Oceania
            "Asia/Kolkata",
            "Asia/Singapore",
            "Asia/Hong_Kong",
            "Asia/Shanghai",
            "Asia/Taipei",
            "Asia/Seoul",
            "Asia/Tokyo",
            "Australia/Perth",
            "Australia/Darwin",
            "Australia/Adelaide",
            "Australia/Brisbane",
            "Australia/Sydney",
            "Australia/Melbourne",
            "Australia/Hobart",
            "Pacific/Auckland",
            "UTC",
        }
    )
)
"""Curated IANA zones suggested by the Time Zone dropdown and the dashboard's forms (any IANA zone
:func:`~bulk.rules.verdicts.canonical_timezone` knows is accepted)."""


class Kind(StrEnum):
    """What a field holds; decides which format rule applies."""

    TEXT = "text"
    EMAIL = "email"
    PHONE = "phone"
    EXTENSION = "extension"
    COUNTRY = "country"
    STATE = "state"
    POSTAL_CODE = "postal_code"
    TIMEZONE = "timezone"
    LANGUAGE = "language"
    PACKAGES = "packages"
    PACKAGE = "package"
    ACTION = "action"
    DATE = "date"
    CHOICE = "choice"


@dataclass(frozen=True, slots=True)
class FieldRule:
    """The constraints of one field. ``required_unless`` names a field whose value makes this
    one optional (a customer's name and email with an existing org); ``choices`` are the
    allowed values in canonical spelling (for languages: the suggested ones)."""

    kind: Kind = Kind.TEXT
    required: bool = False
    required_unless: str | None = None
    max_length: int | None = None
    forbidden: str = ""
    choices: tuple[str, ...] = ()


PLAIN_TEXT = FieldRule()
"""Optional text without limits."""
EXTERNAL_ID = FieldRule(required=True, max_length=255)
CUSTOMER_REF = EXTERNAL_ID
CUSTOMER_NAME = FieldRule(required_unless="existing_org_id", max_length=255, forbidden="%")
PRIMARY_EMAIL = FieldRule(Kind.EMAIL, required_unless="existing_org_id", max_length=254)
CUSTOMER_LANGUAGE = FieldRule(Kind.LANGUAGE, choices=LANGUAGES)
ADDRESS_LINE1 = FieldRule(required=True, max_length=50)
ADDRESS_LINE2 = FieldRule(max_length=50)
CITY = FieldRule(required=True, max_length=100)
STATE = FieldRule(Kind.STATE, max_length=50)
POSTAL_CODE = FieldRule(Kind.POSTAL_CODE, max_length=20)
COUNTRY = FieldRule(Kind.COUNTRY, required=True)
CUSTOMER_PACKAGE_LIST = FieldRule(Kind.PACKAGES, required=True, choices=CUSTOMER_PACKAGES)
ORG_ID = FieldRule(max_length=255)
ACTION = FieldRule(Kind.ACTION, choices=ACTIONS)

LOCATION_NAME = FieldRule(required=True, max_length=80)
"""The Locations reference allows 256 characters but 80 for a location enabled for calling;
every workbook location may become a calling location, so 80 counts."""
TIMEZONE = FieldRule(Kind.TIMEZONE, required=True, choices=TIME_ZONES)
LOCATION_LANGUAGE = FieldRule(Kind.LANGUAGE, required=True, choices=LANGUAGES)
EMERGENCY_LOCATION_ID = FieldRule(max_length=64)
MAIN_NUMBER = FieldRule(Kind.PHONE)

EMAIL = FieldRule(Kind.EMAIL, required=True, max_length=254)
FIRST_NAME = FieldRule(max_length=64)
"""Optional: the reference does not require a subscriber's names (Webex takes them from the
user's own profile when absent)."""
LAST_NAME = FieldRule(max_length=64)
SUBSCRIBER_PACKAGE = FieldRule(Kind.PACKAGE, required=True, choices=SUBSCRIBER_PACKAGES)
LOCATION_REF = FieldRule(max_length=80)
PHONE_NUMBER = FieldRule(Kind.PHONE)
EXTENSION = FieldRule(Kind.EXTENSION)

ASSIST_LOCATION_REF = FieldRule(required=True, max_length=80)
COMPLETION_DATE = FieldRule(Kind.DATE, required=True)
CONTACT_NAME = FieldRule(required=True, max_length=128)
CONTACT_EMAIL = FieldRule(Kind.EMAIL, required=True, max_length=254)
CONTACT_PHONE = FieldRule(Kind.PHONE)
CHANNEL = FieldRule(Kind.CHOICE, choices=CHANNELS)
NETWORK_CHECK_DONE = FieldRule(Kind.CHOICE, choices=YES_NO)
NOTES = FieldRule(max_length=1000)


def text_violations(rule: FieldRule, value: str, field: str, label: str) -> list[Violation]:
    """A value longer than the rule allows or holding a forbidden character (``label`` is how
    the message names the field: a column header or an API field path)."""
    found: list[Violation] = []
    if rule.max_length is not None and len(value) > rule.max_length:
        found.append(
            Violation.of(
                "cell-too-long",
                field,
                column=label,
                length=len(value),
                limit=rule.max_length,
                value=value,
            )
        )
    found.extend(
        Violation.of(
            "cell-forbidden-character", field, column=label, character=character, value=value
        )
        for character in rule.forbidden
        if character in value
    )
    return found


def required_violation(field: str, label: str) -> Violation:
    """A required field left blank (or absent from a request)."""
    return Violation.of("cell-required", field, column=label, value="")


__all__ = [
    "ACTION",
    "ACTIONS",
    "ADDRESS_LINE1",
    "ADDRESS_LINE2",
    "ASSIST_LOCATION_REF",
    "CHANNEL",
    "CHANNELS",
    "CITY",
    "COMPLETION_DATE",
    "CONTACT_EMAIL",
    "CONTACT_NAME",
    "CONTACT_PHONE",
    "COUNTRY",
    "CUSTOMER_LANGUAGE",
    "CUSTOMER_NAME",
    "CUSTOMER_PACKAGE_LIST",
    "CUSTOMER_REF",
    "EMAIL",
    "EMERGENCY_LOCATION_ID",
    "EXTENSION",
    "EXTERNAL_ID",
    "FIRST_NAME",
    "LAST_NAME",
    "LOCATION_LANGUAGE",
    "LOCATION_NAME",
    "LOCATION_REF",
    "MAIN_NUMBER",
    "NETWORK_CHECK_DONE",
    "NOTES",
    "ORG_ID",
    "PHONE_NUMBER",
    "PLAIN_TEXT",
    "POSTAL_CODE",
    "PRIMARY_EMAIL",
    "STATE",
    "SUBSCRIBER_PACKAGE",
    "TIMEZONE",
    "TIME_ZONES",
    "YES_NO",
    "FieldRule",
    "Kind",
    "required_violation",
    "text_violations",
]
