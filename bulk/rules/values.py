"""Format rules of single text values (docs/validator.md, "Field rules"): each function takes
the value as text and the field's name, and returns the canonical value (or the text as it
was) with the violation, if any. The validator reads a cell into text first (explaining any
Excel damage) and then calls these; the simulator calls them on request fields.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import phonenumbers

from bulk.rules.languages import LANGUAGE_EXAMPLE, canonical_language
from bulk.rules.verdicts import (
    E164_PATTERN,
    EXTENSION_PATTERN,
    canonical_country,
    canonical_timezone,
    country_hint,
    email_problem,
    phone_valid,
)
from bulk.rules.violations import Violation

ISO_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[ T]00:00(?::00)?)?")
"""A date written as text that cannot be misread: ``2027-06-15`` (a midnight time allowed)."""

Checked = tuple[str, Violation | None]
"""A value in canonical spelling (or as given, when invalid) and what is wrong with it."""

_PUNCTUATION = re.compile(r"[\s\-().\u2010-\u2015/]")
_SEPARATORS = re.compile(r"[ \-().]")


def _as_e164(text: str) -> str | None:
    """The E.164 form of a loosely written international number, when it is a valid one."""
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return str(phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164))


def phone_problem(text: str) -> str:
    """Why a text value is not a valid E.164 number, as a message fragment."""
    if E164_PATTERN.fullmatch(text):
        return " (no such number for its country code)"
    if text.startswith("+") and _PUNCTUATION.search(text):
        fixed = _as_e164(text)
        hint = f"; did you mean '{fixed}'?" if fixed else ""
        return f" (it contains characters other than digits and separators{hint})"
    if text.startswith("00") and text[2:].isdigit():
        return f" (it starts with 00; write '+{text[2:]}')"
    if not text.startswith("+") and _PUNCTUATION.sub("", text).isdigit():
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
    return text, Violation.of("cell-invalid-country", field, value=text, reason=country_hint(text))


def language(text: str, field: str) -> Checked:
    """A language code (``en``, ``en_US``), written canonically."""
    code = canonical_language(text)
    if code is not None:
        return code, None
    return text, Violation.of("cell-invalid-language", field, value=text, example=LANGUAGE_EXAMPLE)


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
    "ISO_DATE",
    "Checked",
    "choice",
    "country",
    "email",
    "extension",
    "language",
    "phone",
    "phone_problem",
    "phone_text",
    "timezone",
]
