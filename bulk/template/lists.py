"""The value lists behind the template's dropdowns, and which column uses which.

Every list is fixed data or comes from a pinned source (``bulk.rules``, ``pycountry``), so the
template is the same on every machine: the time zones are a curated list rather than the
system's tz database, which differs between machines.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import pycountry

from bulk.rules.languages import LANGUAGES
from bulk.rules.packages import CUSTOMER_PACKAGES, SUBSCRIBER_PACKAGES
from bulk.schema import ACTIONS, CHANNELS, YES_NO, Column, Kind

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
"""Curated IANA zones offered in the Time Zone dropdown (the validator accepts any IANA zone)."""

COUNTRIES: tuple[str, ...] = tuple(sorted(c.alpha_2 for c in pycountry.countries))
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
        Alert.CONFIRM,
        "Language code, e.g. en_US.",
        "Not a supported language code from the list.",
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
