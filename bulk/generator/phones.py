"""Unique, valid E.164 numbers for generated sites and subscribers.

Each telephone block (a :class:`~bulk.generator.geography.PhonePrefix`) is walked in a seeded
pseudo-random order by an affine permutation of its free digits, ``i -> (a * i + b) mod 10^k``
with ``a`` coprime to ``10^k``: every step yields a number never issued before, so uniqueness
costs no memory however many numbers a run needs. Blocks of one country never nest (no prefix
is a proper prefix of another), so numbers from different blocks differ too. Every number is
checked with ``phonenumbers.is_valid_number_for_region`` before it is handed out; the few a
block contains that the numbering plan does not allow are skipped.
"""

from __future__ import annotations

import math
import random

import phonenumbers

from bulk.generator.geography import Market, PhonePrefix


class PhoneBlockExhausted(Exception):
    """A telephone block has handed out every valid number it holds."""


class _BlockWalk:
    """A seeded walk over every number of one block, each visited once."""

    def __init__(self, prefix: PhonePrefix, rng: random.Random) -> None:
        self.prefix = prefix
        self.size: int = 10**prefix.free_digits
        self.step = rng.randrange(1, self.size)
        while math.gcd(self.step, self.size) != 1:
            self.step = rng.randrange(1, self.size)
        self.offset = rng.randrange(self.size)
        self.index = 0
        self.base: int = int(prefix.digits) * self.size

    def next_national(self) -> int:
        """The next national significant number of the walk."""
        if self.index >= self.size:
            raise PhoneBlockExhausted(f"block {self.prefix.digits} has no numbers left")
        free: int = (self.step * self.index + self.offset) % self.size
        self.index += 1
        return self.base + free


class PhoneAllocator:
    """Hands out numbers of one country, never the same one twice.

    ``rng`` seeds the walks only; which block a number comes from is the caller's choice (a
    city's area codes, or the country's mobile blocks)."""

    def __init__(self, market: Market, rng: random.Random) -> None:
        self.market = market
        self._seed = rng.getrandbits(64)
        self._walks: dict[str, _BlockWalk] = {}
        self._template = phonenumbers.PhoneNumber(country_code=market.country_code)

    def number(self, prefix: PhonePrefix) -> str:
        """A new valid number from ``prefix``'s block, in E.164 (``+4930...``)."""
        walk = self._walks.get(prefix.digits)
        if walk is None:
            walk = _BlockWalk(prefix, random.Random(f"{self._seed}:{prefix.digits}"))
            self._walks[prefix.digits] = walk
        candidate = self._template
        while True:
            candidate.national_number = walk.next_national()
            if phonenumbers.is_valid_number_for_region(candidate, self.market.country):
                return f"+{self.market.country_code}{candidate.national_number}"
