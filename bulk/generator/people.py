"""Names, companies and street addresses from Faker, drawn once per locale into pools.

Calling Faker per row costs about 30 µs a name; a million subscribers would spend most of the
run there. Instead each locale's Faker (seeded with the run's seed) fills fixed-size pools once,
and rows pick from the pools with the run's own seeded random generator: the output still
repeats exactly for a seed, and still changes with it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from faker import Faker

ADDRESS_LIMIT = 50
"""Address lines the template allows (docs/design.md §4)."""

_NAME_POOL = 600
_COMPANY_POOL = 400
_STREET_POOL = 800
_SECONDARY_POOL = 60
_TRANSLITERATE = str.maketrans({"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d"})


@dataclass(frozen=True, slots=True)
class LocalePool:
    """What a locale's Faker provides, drawn once: people's names, company names, street
    lines (at most 50 characters) and second address lines."""

    locale: str
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    companies: tuple[str, ...]
    streets: tuple[str, ...]
    secondary: tuple[str, ...]


def draw_pool(locale: str, seed: int) -> LocalePool:
    """Fill a locale's pools from a Faker seeded with ``seed``."""
    fake = Faker(locale)
    fake.seed_instance(seed)
    return LocalePool(
        locale=locale,
        first_names=tuple(fake.first_name() for _ in range(_NAME_POOL)),
        last_names=tuple(fake.last_name() for _ in range(_NAME_POOL)),
        companies=tuple(_company(fake) for _ in range(_COMPANY_POOL)),
        streets=tuple(_street(fake) for _ in range(_STREET_POOL)),
        secondary=tuple(_secondary(fake, n) for n in range(_SECONDARY_POOL)),
    )


def _company(fake: Faker) -> str:
    # '%' is refused in customer names; Faker never makes one, but the rule is ours to keep.
    return str(fake.company()).replace("%", "")[:120]


def _street(fake: Faker) -> str:
    while True:
        line = ", ".join(str(fake.street_address()).splitlines())
        if len(line) <= ADDRESS_LIMIT:
            return line


def _secondary(fake: Faker, n: int) -> str:
    provider = getattr(fake, "secondary_address", None)
    if provider is not None:
        return str(provider()).strip()
    return f"{('Etage', 'Bâtiment', 'Floor')[n % 3]} {n % 9 + 1}"


@lru_cache(maxsize=65536)
def email_local_part(*names: str) -> str:
    """An ASCII email local part from names: accents dropped, ``ß`` → ``ss``, anything that is
    not a letter or digit removed, the parts joined by dots, lower case."""
    parts = []
    for name in names:
        folded = unicodedata.normalize("NFKD", name.lower().translate(_TRANSLITERATE))
        ascii_only = folded.encode("ascii", "ignore").decode()
        cleaned = re.sub(r"[^a-z0-9]+", "", ascii_only)
        if cleaned:
            parts.append(cleaned)
    return ".".join(parts) or "user"


def domain_label(company: str) -> str:
    """A DNS label from a company name: ASCII letters and digits joined by hyphens, at most
    30 characters."""
    folded = unicodedata.normalize("NFKD", company.lower().translate(_TRANSLITERATE))
    ascii_only = folded.encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_only)
    return "-".join(words)[:30].strip("-") or "customer"
