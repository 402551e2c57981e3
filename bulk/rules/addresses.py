"""Per-country address rules (docs/validator.md, "Field rules"): State/Province is required for
US, CA and AU; Postal Code is required for US, CA, GB and AU and checked against the country's
format where the rulebook knows it. A state that is not one of the country's subdivision codes
is only a warning: the reference's own Locations example sends ``Goodstate`` for a US address.

``field`` arguments name the field in the caller's terms (a column key or an API field path).
"""

from __future__ import annotations

import re

from bulk.rules.repairs import Fix, FixKind
from bulk.rules.verdicts import subdivision_codes
from bulk.rules.violations import Violation

STATE_REQUIRED: frozenset[str] = frozenset({"US", "CA", "AU"})
POSTAL_REQUIRED: frozenset[str] = frozenset({"US", "CA", "GB", "AU"})

_GB = (
    r"GIR ?0AA|(?:[A-PR-UWYZ](?:[0-9]{1,2}|[A-HK-Y][0-9](?:[0-9]|[ABEHMNPRV-Y])?"
    r"|[0-9][A-HJKPS-UW])) ?[0-9][ABD-HJLNP-UW-Z]{2}"
)
POSTAL_FORMATS: dict[str, tuple[str, str]] = {
    "US": (r"[0-9]{5}(?:-[0-9]{4})?", "5 digits (or ZIP+4: 12345-6789)"),
    "CA": (r"[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z] ?[0-9][ABCEGHJ-NPRSTV-Z][0-9]", "A1A 1A1"),
    "GB": (_GB, "a UK postcode such as EC4M 7RB"),
    "AU": (r"[0-9]{4}", "4 digits"),
    "DE": (r"[0-9]{5}", "5 digits"),
    "FR": (r"[0-9]{5}", "5 digits"),
    "NL": (r"[1-9][0-9]{3} ?[A-Z]{2}", "1234 AB"),
    "ES": (r"(?:0[1-9]|[1-4][0-9]|5[0-2])[0-9]{3}", "5 digits"),
    "IT": (r"[0-9]{5}", "5 digits"),
    "IN": (r"[1-9][0-9]{5}", "6 digits"),
    "JP": (r"[0-9]{3}-?[0-9]{4}", "123-4567"),
    "BR": (r"[0-9]{5}-?[0-9]{3}", "12345-678"),
    "MX": (r"[0-9]{5}", "5 digits"),
    "IE": (
        r"(?:[AC-FHKNPRTV-Y][0-9]{2}|D6W) ?[0-9AC-FHKNPRTV-Y]{4}",
        "an Eircode such as A65 F4E2",
    ),
    "NZ": (r"[0-9]{4}", "4 digits"),
    "BE": (r"[1-9][0-9]{3}", "4 digits"),
    "AT": (r"[1-9][0-9]{3}", "4 digits"),
    "CH": (r"[1-9][0-9]{3}", "4 digits"),
    "DK": (r"[0-9]{4}", "4 digits"),
    "NO": (r"[0-9]{4}", "4 digits"),
    "SE": (r"[0-9]{3} ?[0-9]{2}", "123 45"),
    "FI": (r"[0-9]{5}", "5 digits"),
    "PL": (r"[0-9]{2}-[0-9]{3}", "12-345"),
    "PT": (r"[0-9]{4}-[0-9]{3}", "1234-567"),
    "SG": (r"[0-9]{6}", "6 digits"),
    "KR": (r"[0-9]{5}", "5 digits"),
    "CN": (r"[0-9]{6}", "6 digits"),
    "ZA": (r"[0-9]{4}", "4 digits"),
}
"""Postal code formats (matched case-insensitively, whole value) and how messages describe them."""
POSTAL_PATTERNS: dict[str, re.Pattern[str]] = {
    code: re.compile(rx, re.IGNORECASE | re.ASCII) for code, (rx, _) in POSTAL_FORMATS.items()
}


def state_violation(state: str, country: str, field: str = "state") -> Violation | None:
    """A missing state where the country requires one (an error), or a state that is not one
    of the country's subdivision codes (a warning), else ``None``."""
    codes = subdivision_codes(country)
    if not state:
        if country not in STATE_REQUIRED:
            return None
        example = min(codes)
        reason = f"State/Province is required for {country} addresses (a code such as {example})."
        return Violation.of("cell-invalid-state", field, reason=reason, value="")
    code = state.upper().removeprefix(country + "-")
    if not codes or code in codes:
        return None
    named = state_named(state, country)
    hint = "" if named is None else f"; use its code '{named.value}'"
    reason = (
        f"'{state}' is not a state or province code of {country}{hint}; the Setup Assist "
        "deadline counts only national holidays for it."
    )
    return Violation.of("cell-unknown-state", field, reason=reason, value=state).repaired(named)


def state_named(state: str, country: str) -> Fix | None:
    """A state or province written as its name (``Texas``) as its code (certain)."""
    by_name = {name.casefold(): c for c, name in subdivision_codes(country).items()}
    code = by_name.get(state.strip().casefold())
    if code is None:
        return None
    return Fix(code, FixKind.CERTAIN, f"the code of {state.strip()} ({country}-{code})")


def postal_violation(
    postal: str, country: str, field: str = "postal_code", damage: str = ""
) -> Violation | None:
    """A missing postal code where the country requires one, or one that does not match the
    country's format (``damage`` explains what Excel did to it, when it did)."""
    if not postal:
        if country not in POSTAL_REQUIRED:
            return None
        reason = f"Postal Code is required for {country} addresses."
        return Violation.of("cell-invalid-postal-code", field, reason=reason, value="")
    pattern = POSTAL_PATTERNS.get(country)
    if pattern is None or pattern.fullmatch(postal):
        return None
    reason = f"'{postal}' is not a valid {country} postal code ({POSTAL_FORMATS[country][1]})"
    return Violation.of(
        "cell-invalid-postal-code", field, reason=reason + damage + ".", value=postal
    )


def restored_zeros(digits: str, country: str) -> str | None:
    """The postal code of ``country``'s format that ``digits`` is once the leading zeros Excel
    dropped are back (the fewest zeros that make one), else ``None``."""
    pattern = POSTAL_PATTERNS.get(country)
    if pattern is None or not digits.isdigit():
        return None
    for width in range(len(digits) + 1, len(digits) + 4):
        padded = digits.zfill(width)
        if pattern.fullmatch(padded):
            return padded
    return None


def lost_zeros(digits: str, country: str) -> str:
    """What Excel did to a postal code it stored as a number (``""`` when it is not a number
    of the country's format once its leading zeros are back)."""
    padded = restored_zeros(digits, country)
    if padded is not None:
        return (
            f": Excel stored it as the number {digits} and dropped the leading zero; "
            f"enter '{padded}' in a cell formatted as text"
        )
    return f": Excel stored it as the number {digits}"


def zeros_fix(digits: str, country: str) -> Fix | None:
    """A postal code Excel stored as a number, with its leading zeros back (likely: the
    country's format needs them, but the partner typed the digits)."""
    padded = restored_zeros(digits, country)
    if padded is None:
        return None
    reason = f"Excel dropped the leading zero; {country} postal codes have {len(padded)} digits"
    return Fix(padded, FixKind.LIKELY, reason)


__all__ = [
    "POSTAL_FORMATS",
    "POSTAL_PATTERNS",
    "POSTAL_REQUIRED",
    "STATE_REQUIRED",
    "lost_zeros",
    "postal_violation",
    "restored_zeros",
    "state_named",
    "state_violation",
    "zeros_fix",
]
