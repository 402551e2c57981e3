"""The partner profile for ``rtm validate --partner FILE`` (docs/design.md §6).

The file is TOML::

    [partner]
    name = "Northwind Telecom"
    currency = "USD"
    discount = "0.30"          # a decimal string: 30 %
    a_wholesale_ordered = true
    provisioning_id = "ZjViMzYx..."   # optional: the customer template new customers use

    [readiness]
    pstn_connectivity = true
    hosting_requirements = true
    oss_bss = false

Errors name the file and the key, in one line.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bulk.rules.assist import Readiness


class PartnerFileError(Exception):
    """The partner file is missing or wrong; the message names the file and the key."""


@dataclass(frozen=True, slots=True)
class PartnerProfile:
    """Who submits the workbook: name, currency, discount, entitlement and readiness."""

    name: str
    currency: str
    discount: Decimal
    a_wholesale_ordered: bool
    readiness: Readiness
    provisioning_id: str | None = None
    """The ``provisioningId`` of the customer template new customers are provisioned with."""


def load_partner(path: Path) -> PartnerProfile:
    """Read a partner profile from a TOML file, or raise :class:`PartnerFileError`."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PartnerFileError(f"{path}: partner file not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise PartnerFileError(f"{path}: cannot be read ({err})") from None
    except tomllib.TOMLDecodeError as err:
        raise PartnerFileError(f"{path}: not valid TOML ({err})") from None
    return partner_from_mapping(document, str(path))


def partner_from_mapping(document: dict[str, Any], source: str = "partner") -> PartnerProfile:
    """Build a profile from a parsed TOML document; ``source`` names it in errors."""
    partner = _table(document, "partner", source)
    readiness = _table(document, "readiness", source)
    return PartnerProfile(
        name=_text(partner, "partner.name", source),
        currency=_currency(partner, source),
        discount=_discount(partner, source),
        a_wholesale_ordered=_flag(partner, "partner.a_wholesale_ordered", source),
        readiness=Readiness(
            pstn_connectivity=_flag(readiness, "readiness.pstn_connectivity", source),
            hosting_requirements=_flag(readiness, "readiness.hosting_requirements", source),
            oss_bss=_flag(readiness, "readiness.oss_bss", source),
        ),
        provisioning_id=_optional_text(partner, "partner.provisioning_id", source),
    )


def _optional_text(table: dict[str, Any], dotted: str, source: str) -> str | None:
    if dotted.rsplit(".", 1)[-1] not in table:
        return None
    return _text(table, dotted, source)


def _table(document: dict[str, Any], key: str, source: str) -> dict[str, Any]:
    table = document.get(key)
    if not isinstance(table, dict):
        raise PartnerFileError(f"{source}: [{key}] table is missing")
    return table


def _value(table: dict[str, Any], dotted: str, source: str) -> Any:
    key = dotted.rsplit(".", 1)[-1]
    if key not in table:
        raise PartnerFileError(f"{source}: {dotted} is missing")
    return table[key]


def _text(table: dict[str, Any], dotted: str, source: str) -> str:
    value = _value(table, dotted, source)
    if not isinstance(value, str) or not value.strip():
        raise PartnerFileError(f"{source}: {dotted} must be a non-empty string")
    return value.strip()


def _flag(table: dict[str, Any], dotted: str, source: str) -> bool:
    value = _value(table, dotted, source)
    if not isinstance(value, bool):
        raise PartnerFileError(f"{source}: {dotted} must be true or false, not {value!r}")
    return value


def _currency(table: dict[str, Any], source: str) -> str:
    value = _text(table, "partner.currency", source).upper()
    if len(value) != 3 or not value.isalpha():
        raise PartnerFileError(
            f"{source}: partner.currency must be a code such as USD, not {value!r}"
        )
    return value


def _discount(table: dict[str, Any], source: str) -> Decimal:
    raw = _value(table, "partner.discount", source)
    if not isinstance(raw, str):
        raise PartnerFileError(
            f'{source}: partner.discount must be a decimal string such as "0.30", not {raw!r}'
        )
    try:
        value = Decimal(raw.strip())
    except InvalidOperation:
        raise PartnerFileError(f"{source}: partner.discount is not a number: {raw!r}") from None
    if not value.is_finite() or not Decimal(0) <= value <= 1:
        raise PartnerFileError(f"{source}: partner.discount must be between 0 and 1, not {raw!r}")
    return value
