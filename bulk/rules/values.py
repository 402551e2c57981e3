"""Format rules of single text values (docs/validator.md, "Field rules"): each function takes
the value as text and the field's name, and returns the canonical value (or the text as it
was) with the violation, if any. The validator reads a cell into text first (explaining any
Excel damage) and then calls these; the simulator calls them on request fields.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import phonenumbers

from bulk.rules.languages import LANGUAGE_EXAMPLE, canonical_language
from bulk.rules.repairs import Fix, FixKind
from bulk.rules.verdicts import (
    E164_PATTERN,
    EXTENSION_PATTERN,
    canonical_country,
    canonical_timezone,
    country_hint,
    country_named,
    email_problem,
    language_named,
    phone_valid,
)
from bulk.rules.violations import Violation

ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]00:00(?::00)?)?")
"""A date written as text that cannot be misread: ``2027-06-15`` (a midnight time allowed)."""

Checked = tuple[str, Violation | None]
"""A value in canonical spelling (or as given, when invalid) and what is wrong with it."""

_PUNCTUATION = re.compile(r"[\s\-().\u2010-\u2015/]")
_SEPARATORS = re.compile(r"[ \-().]")
_TYPED_DATE = re.compile(r"([0-9]{1,2})[./-]([0-9]{1,2})[./-]([0-9]{4})")
MONTH_FIRST: frozenset[str] = frozenset({"US", "PH", "FM", "MH", "PW"})
"""Countries that write the month before the day (6/15/2027)."""
EITHER_ORDER: frozenset[str] = frozenset({"CA"})
"""Countries where both orders are common: an ambiguous typed date gets no fix."""


def _as_e164(text: str) -> str | None:
    """The E.164 form of a loosely written international number, when it is a valid one."""
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def digits_lost(digits: str) -> bool:
    """Whether a number Excel stored may have lost its last digits to scientific notation: 11
    or more digits ending in four zeros (``14085600000`` from ``1.40856E+10``)."""
    return len(digits) >= 11 and digits.endswith("0000")


def _national(digits: str, country: str) -> str | None:
    """The E.164 form of ``digits`` read as a national number of ``country``, when valid."""
    try:
        number = phonenumbers.parse(digits, country)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number_for_region(number, country):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def _in_country(candidate: str, country: str) -> str | None:
    """``candidate`` (``+`` and digits) in E.164 when it is a valid number of ``country``."""
    fixed = _as_e164(candidate)
    if fixed is None:
        return None
    number = phonenumbers.parse(fixed, None)
    return fixed if phonenumbers.is_valid_number_for_region(number, country) else None


def phone_fix(text: str, country: str | None) -> Fix | None:
    """The repair of a refused phone value, read in the row's ``country`` (``None`` when the row
    has no valid country): separators a ``+`` number should not hold removed (certain); ``00``
    written as ``+`` (likely); a number without ``+`` whose digits are a valid number of the
    row's country: with its calling code first (Excel dropped the ``+``, the damage this
    repairs), else as a national number (likely). No fix when digits may be lost."""
    if text.startswith("+"):
        fixed = _as_e164(text)
        if fixed is None or fixed == text:
            return None
        return Fix(fixed, FixKind.CERTAIN, "only digits may follow the '+' country code")
    digits = _PUNCTUATION.sub("", text)
    if not (digits.isascii() and digits.isdigit()):
        return None
    if digits.startswith("00"):
        fixed = _as_e164("+" + digits[2:])
        reason = "00 is the international prefix; E.164 writes it as '+'"
        return None if fixed is None else Fix(fixed, FixKind.LIKELY, reason)
    if country is None or digits_lost(digits):
        return None
    fixed = _in_country("+" + digits, country)
    if fixed is not None:
        reason = f"the '+' was lost (Excel keeps a number without it); {country}'s number"
        return Fix(fixed, FixKind.LIKELY, reason)
    fixed = _national(digits, country)
    if fixed is None:
        return None
    reason = f"a national number of {country}, written in international form"
    return Fix(fixed, FixKind.LIKELY, reason)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_fix(text: str, country: str | None) -> Fix | None:
    """The repair of a date typed as text Excel did not recognise (``15/06/2027``): the ISO
    date when only one day/month order makes a date (certain), else the order the row's
    ``country`` writes (likely); none where both orders are common or the country is unknown."""
    match = _TYPED_DATE.fullmatch(text)
    if match is None:
        return None
    first, second, year = int(match[1]), int(match[2]), int(match[3])
    day_first, month_first = _date(year, second, first), _date(year, first, second)
    readings = {d for d in (day_first, month_first) if d is not None}
    if len(readings) == 1:
        day = readings.pop()
        return Fix(day.isoformat(), FixKind.CERTAIN, "only one day/month order makes a date")
    if not readings or country is None or country in EITHER_ORDER:
        return None
    chosen = month_first if country in MONTH_FIRST else day_first
    order = "month" if country in MONTH_FIRST else "day"
    assert chosen is not None
    return Fix(chosen.isoformat(), FixKind.LIKELY, f"{country} writes the {order} first")


def phone_problem(text: str) -> str:
    """Why a text value is not a valid E.164 number, as a message fragment."""
    if E164_PATTERN.fullmatch(text):
        return " (no such number for its country code)"
    if text.startswith("+") and _PUNCTUATION.search(text):
        fixed = _as_e164(text)
        hint = f"; did you mean '{fixed}'?" if fixed else ""
        return f" (it contains characters other than digits and separators{hint})"
    digits = _PUNCTUATION.sub("", text)
    if digits.startswith("00") and digits[2:].isdigit():
        return f" (it starts with 00; write '+{digits[2:]}')"
    if not text.startswith("+") and digits.isdigit():
        return " (it has no '+' and country code)"
    return ""


def phone_text(text: str) -> str:
    """An international number without the separators the reference's own examples use
    (``+1-240-555-1212``): spaces, hyphens, dots and parentheses after a leading ``+``."""
    if text.startswith("+") and _SEPARATORS.search(text):
        return _SEPARATORS.sub("", text)
    return text


def phone(text: str, field: str, verdict: Callable[[str], bool] = phone_valid) -> Checked:
    """A phone number: E.164 once the separators are gone (:func:`phone_text`) and valid for
    :func:`~bulk.rules.verdicts.phone_valid`, written back as strict E.164 (``verdict`` may
    be a faster function proved to give the same verdicts, such as the validator's cache)."""
    canonical = phone_text(text)
    if verdict(canonical):
        return canonical, None
    reason = phone_problem(canonical)
    return text, Violation.of("cell-invalid-phone", field, value=text, reason=reason)


def extension(text: str, field: str) -> Checked:
    """An extension: 2 to 10 digits."""
    if EXTENSION_PATTERN.fullmatch(text):
        return text, None
    reason = f" (it has {len(text)} digits)" if text.isascii() and text.isdigit() else ""
    return text, Violation.of("cell-invalid-extension", field, value=text, reason=reason)


def email(text: str, field: str, verdict: Callable[[str], str | None] = email_problem) -> Checked:
    """An email address, as email-validator judges it (``verdict`` may be a faster function
    proved to give the same verdicts, such as the validator's per-domain cache)."""
    reason = verdict(text)
    if reason is None:
        return text, None
    return text, Violation.of("cell-invalid-email", field, value=text, reason=reason)


def country(text: str, field: str) -> Checked:
    """An ISO 3166-1 alpha-2 code, written upper-case."""
    code = canonical_country(text)
    if code is not None:
        return code, None
    problem = Violation.of("cell-invalid-country", field, value=text, reason=country_hint(text))
    return text, problem.repaired(country_fix(text))


def country_fix(text: str) -> Fix | None:
    """A country named another way (``Germany``, ``DEU``) as its alpha-2 code (certain)."""
    named = country_named(text)
    if named is None:
        return None
    return Fix(named[0], FixKind.CERTAIN, f"the ISO 3166-1 code of {named[1]}")


def language(text: str, field: str) -> Checked:
    """A language code (``en``, ``en_US``), written canonically."""
    code = canonical_language(text)
    if code is not None:
        return code, None
    problem = Violation.of("cell-invalid-language", field, value=text, example=LANGUAGE_EXAMPLE)
    return text, problem.repaired(language_fix(text))


def language_fix(text: str) -> Fix | None:
    """A language named another way (``German``, ``deu``) as its ISO 639-1 code (certain)."""
    code = language_named(text.strip())
    if code is None:
        return None
    return Fix(code, FixKind.CERTAIN, f"the ISO 639-1 code of '{text.strip()}'")


def timezone(text: str, field: str) -> Checked:
    """An IANA time zone name, written canonically."""
    zone = canonical_timezone(text)
    if zone is not None:
        return zone, None
    return text, Violation.of("cell-invalid-timezone", field, value=text)


def choice(text: str, field: str, label: str, choices: tuple[str, ...]) -> Checked:
    """One of ``choices`` (case-insensitive), written in lower case."""
    folded = text.lower()
    if folded in choices:
        return folded, None
    listed = ", ".join(choices)
    return text, Violation.of(
        "cell-invalid-choice", field, value=text, column=label, choices=listed
    )


__all__ = [
    "EITHER_ORDER",
    "ISO_DATE",
    "MONTH_FIRST",
    "Checked",
    "choice",
    "country",
    "country_fix",
    "date_fix",
    "digits_lost",
    "email",
    "extension",
    "language",
    "language_fix",
    "phone",
    "phone_fix",
    "phone_problem",
    "phone_text",
    "timezone",
]
