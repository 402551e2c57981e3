"""The library verdicts the field rulebook relies on, one function each (docs/validator.md,
"Field rules"). The validator and the simulator both call these and nothing else, so a value
one side accepts the other cannot refuse:

* phone numbers: :func:`phone_valid` — strict E.164 text and phonenumbers' ``is_valid_number``;
* email addresses: :func:`email_problem` — email-validator without a DNS lookup;
* countries and subdivisions: :func:`canonical_country`, :func:`subdivision_codes` — pycountry;
* ISO 639-1 languages: :func:`language_codes` — pycountry;
* time zones: :func:`canonical_timezone` — the IANA names ``zoneinfo`` knows.

The libraries read only their own packaged data: no network, no clock.
"""

from __future__ import annotations

import re
import zoneinfo
from functools import lru_cache

import phonenumbers
import pycountry
from email_validator import EmailNotValidError, validate_email

E164_PATTERN = re.compile(r"\+[1-9][0-9]{1,14}")
"""Strict E.164 text: ``+``, a country code not starting with 0, at most 15 ASCII digits."""
EXTENSION_DIGITS = (2, 10)
"""The fewest and most digits of an extension."""
EXTENSION_PATTERN = re.compile(rf"[0-9]{{{EXTENSION_DIGITS[0]},{EXTENSION_DIGITS[1]}}}")
"""An extension: 2 to 10 ASCII digits."""


def phone_valid(text: str) -> bool:
    """Whether ``text`` is strict E.164 and a valid number for phonenumbers (the verdict that
    counts for every phone field on both sides)."""
    if E164_PATTERN.fullmatch(text) is None:
        return False
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:  # pragma: no cover - strict E.164 always parses
        return False
    return bool(phonenumbers.is_valid_number(number))


def email_problem(address: str) -> str | None:
    """email-validator's verdict: ``None`` when valid, else its reason."""
    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as err:
        return str(err)
    return None


@lru_cache(maxsize=1)
def country_names() -> dict[str, str]:
    """Every ISO 3166-1 alpha-2 code with its English name, by code."""
    return {c.alpha_2: c.name for c in sorted(pycountry.countries, key=lambda c: c.alpha_2)}


@lru_cache(maxsize=1)
def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code."""
    return frozenset(country_names())


def canonical_country(text: str) -> str | None:
    """The upper-case alpha-2 code when ``text`` is one (any case), else ``None``."""
    code = text.upper()
    return code if code in country_codes() else None


def country_named(text: str) -> tuple[str, str] | None:
    """The (alpha-2 code, name) of the country ``text`` names another way (its name, official
    name, alpha-3 or numeric code), else ``None``."""
    try:
        country = pycountry.countries.lookup(text)
    except LookupError:
        return None
    return str(country.alpha_2), str(country.name)


def country_hint(text: str) -> str:
    """``"; for Germany use DE"`` when ``text`` names a country another way, else ``""``."""
    named = country_named(text)
    return "" if named is None else f"; for {named[1]} use {named[0]}"


def language_named(text: str) -> str | None:
    """The ISO 639-1 code of the language ``text`` names another way (``German``, ``deu``)."""
    try:
        language = pycountry.languages.lookup(text)
    except LookupError:
        return None
    return getattr(language, "alpha_2", None)


@lru_cache(maxsize=512)
def subdivision_codes(country: str) -> dict[str, str]:
    """Upper-case subdivision codes of a country without the prefix (``CA`` for ``US-CA``),
    mapped to their names."""
    found = pycountry.subdivisions.get(country_code=country) or []  # type: ignore[no-untyped-call]
    return {s.code.split("-", 1)[1].upper(): s.name for s in found}


@lru_cache(maxsize=1)
def language_codes() -> frozenset[str]:
    """Every ISO 639-1 (two-letter) language code."""
    return frozenset(lang.alpha_2 for lang in pycountry.languages if getattr(lang, "alpha_2", None))


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    return {zone.casefold(): zone for zone in zoneinfo.available_timezones()}


@lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    """Every IANA zone name, as spelt canonically."""
    return frozenset(_zones().values())


def canonical_timezone(text: str) -> str | None:
    """The IANA spelling of a zone name (case-insensitive, a space may stand for ``_``), or
    ``None`` when there is no such zone."""
    return _zones().get(text.replace(" ", "_").casefold())


__all__ = [
    "E164_PATTERN",
    "EXTENSION_DIGITS",
    "EXTENSION_PATTERN",
    "canonical_country",
    "canonical_timezone",
    "country_codes",
    "country_hint",
    "country_named",
    "country_names",
    "email_problem",
    "language_codes",
    "language_named",
    "phone_valid",
    "subdivision_codes",
    "zone_names",
]
