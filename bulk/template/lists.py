"""The value lists behind the template's dropdowns, and which column uses which.

Every list comes from the field rulebook (``bulk.rules``), so the template offers exactly what
the validator and the simulator accept: the time zones and languages are the rulebook's
suggested selections (any IANA zone and any language code in either reference form are
accepted), the other lists are complete.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bulk.rules.fields import TIME_ZONES
from bulk.rules.languages import LANGUAGES
from bulk.rules.packages import CUSTOMER_PACKAGES, SUBSCRIBER_PACKAGES
from bulk.rules.verdicts import country_codes
from bulk.schema import ACTIONS, CHANNELS, YES_NO, Column, Kind

__all__ = ["COUNTRIES", "DROPDOWNS", "TIME_ZONES", "Alert", "Dropdown", "dropdown_for"]

COUNTRIES: tuple[str, ...] = tuple(sorted(country_codes()))
"""ISO 3166-1 alpha-2 codes, sorted."""


class Alert(StrEnum):
    """What Excel does with a value that is not in the dropdown's list."""

    REFUSE = "stop"
    """Refuse it: only listed values make sense."""
    CONFIRM = "warning"
    """Ask the user to confirm: the validator may still accept another spelling."""
    NONE = "none"
    """Accept it silently: free typing is expected (comma-separated package lists)."""
    INFORM = "information"
    """Accept it after a note: the list is a selection, not the whole set of valid values."""


@dataclass(frozen=True)
class Dropdown:
    """One list on the hidden ``Lists`` sheet and how its dropdown treats other values."""

    name: str
    values: tuple[str, ...]
    alert: Alert
    prompt: str
    error: str = ""


DROPDOWNS: tuple[Dropdown, ...] = (
    Dropdown(
        "Action",
        ACTIONS,
        Alert.REFUSE,
        "create, update or delete; blank = create.",
        "Action must be create, update or delete (or blank for create).",
    ),
    Dropdown(
        "Country",
        COUNTRIES,
        Alert.CONFIRM,
        "ISO 3166-1 alpha-2 code, e.g. US, GB, DE.",
        "Not an ISO 3166-1 alpha-2 country code from the list.",
    ),
    Dropdown(
        "Customer Packages",
        CUSTOMER_PACKAGES,
        Alert.NONE,
        "Pick one package, or type several separated by commas.",
    ),
    Dropdown(
        "Subscriber Package",
        SUBSCRIBER_PACKAGES,
        Alert.REFUSE,
        "One subscriber package; it must also be on the customer's Packages.",
        "Not a subscriber package. Pick one from the list.",
    ),
    Dropdown(
        "Time Zone",
        TIME_ZONES,
        Alert.INFORM,
        "IANA time zone, e.g. America/New_York.",
        "Not in the list. Any IANA time zone (Area/City) is accepted.",
    ),
    Dropdown(
        "Language",
        LANGUAGES,
        Alert.INFORM,
        "Language code, e.g. en or en_US.",
        "Not in the list. Any ISO 639-1 code, optionally with a country (en, en_US), is accepted.",
    ),
    Dropdown(
        "Channel",
        CHANNELS,
        Alert.REFUSE,
        "api, form or helpdesk; blank = api.",
        "Channel must be api, form or helpdesk (or blank for api).",
    ),
    Dropdown(
        "Network Check Done",
        YES_NO,
        Alert.REFUSE,
        "Has the customer run the network connectivity check?",
        "Answer yes or no.",
    ),
)
"""Every dropdown list, in the order of their columns on the ``Lists`` sheet."""

_BY_NAME: dict[str, Dropdown] = {d.name: d for d in DROPDOWNS}
_BY_KIND: dict[Kind, str] = {
    Kind.ACTION: "Action",
    Kind.COUNTRY: "Country",
    Kind.PACKAGES: "Customer Packages",
    Kind.PACKAGE: "Subscriber Package",
    Kind.TIMEZONE: "Time Zone",
    Kind.LANGUAGE: "Language",
}
_BY_KEY: dict[str, str] = {"channel": "Channel", "network_check_done": "Network Check Done"}


def dropdown_for(column: Column) -> Dropdown | None:
    """The dropdown a column gets, or ``None`` for free-text columns."""
    name = _BY_KIND.get(column.kind) or _BY_KEY.get(column.key)
    return _BY_NAME[name] if name else None
