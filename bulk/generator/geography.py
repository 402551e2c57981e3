"""Where generated customers live: real cities with their state, postal codes, time zone and
telephone area codes, per country.

Each :class:`Market` is one country the generator covers, with the Faker locale that names its
people and companies and the Webex language its customers use. Cities are real, and everything
attached to a city agrees with it: a Boston address gets a ``02xxx`` ZIP code in ``MA``, the
``America/New_York`` zone and a ``+1 617`` number, so the validator's postal, state, time zone
and phone checks see realistic data. Telephone prefixes are national significant numbers
without the trunk ``0``; none is a proper prefix of another in the same country, which keeps
every allocated number unique (see :mod:`bulk.generator.phones`).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

import pycountry

GB_INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"
"""Letters a UK postcode's inward code uses (C, I, K, M, O, V never appear there)."""

CA_POSTAL_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"
"""Letters a Canadian postal code uses after its first one (no D, F, I, O, Q, U)."""


@dataclass(frozen=True, slots=True)
class PhonePrefix:
    """A block of numbers: national significant number ``digits`` followed by free digits up
    to ``length`` digits in all."""

    digits: str
    length: int

    @property
    def free_digits(self) -> int:
        """How many digits follow the prefix."""
        return self.length - len(self.digits)


@dataclass(frozen=True, slots=True)
class NumericPostal:
    """Postal codes drawn from numeric ranges, zero-padded to ``width`` digits."""

    ranges: tuple[tuple[int, int], ...]
    width: int

    def draw(self, rng: random.Random) -> str:
        """One postal code from the ranges."""
        low, high = rng.choice(self.ranges)
        return str(rng.randint(low, high)).zfill(self.width)


@dataclass(frozen=True, slots=True)
class PatternPostal:
    """Postal codes from patterns: ``#`` a digit, ``@`` a letter from ``letters``, anything
    else literal (UK outward codes, Canadian forward sortation letters)."""

    patterns: tuple[str, ...]
    letters: str

    def draw(self, rng: random.Random) -> str:
        """One postal code from a random pattern."""
        pattern = rng.choice(self.patterns)
        return "".join(
            str(rng.randrange(10)) if ch == "#" else rng.choice(self.letters) if ch == "@" else ch
            for ch in pattern
        )


Postal = NumericPostal | PatternPostal


@dataclass(frozen=True, slots=True)
class City:
    """A real city: its state or province code (empty where addresses carry none), time zone,
    postal codes and landline area codes."""

    name: str
    state: str
    timezone: str
    postal: Postal
    area_codes: tuple[PhonePrefix, ...]
    language: str = ""


@dataclass(frozen=True, slots=True)
class Market:
    """A country the generator covers."""

    country: str
    locale: str
    language: str
    country_code: int
    cities: tuple[City, ...]
    mobile_prefixes: tuple[PhonePrefix, ...]
    weight: int

    def language_of(self, city: City) -> str:
        """The Webex language of a site in ``city``."""
        return city.language or self.language

    @property
    def prefixes(self) -> tuple[PhonePrefix, ...]:
        """Every telephone block of the country, landline and mobile, without repeats."""
        seen: dict[str, PhonePrefix] = {}
        for city in self.cities:
            for prefix in city.area_codes:
                seen.setdefault(prefix.digits, prefix)
        for prefix in self.mobile_prefixes:
            seen.setdefault(prefix.digits, prefix)
        return tuple(seen.values())


def _nanp(*codes: str) -> tuple[PhonePrefix, ...]:
    return tuple(PhonePrefix(code, 10) for code in codes)


def _zip(*ranges: tuple[int, int]) -> NumericPostal:
    return NumericPostal(ranges, 5)


def _fsa(first: str) -> PatternPostal:
    return PatternPostal((first + "#@ #@#",), CA_POSTAL_LETTERS)


def _gb(*outward: str) -> PatternPostal:
    return PatternPostal(tuple(code + " #@@" for code in outward), GB_INWARD_LETTERS)


def _n(length: int, *codes: str) -> tuple[PhonePrefix, ...]:
    return tuple(PhonePrefix(code, length) for code in codes)


_US = Market(
    "US",
    "en_US",
    "en_US",
    1,
    (
        City("New York", "NY", "America/New_York", _zip((10001, 10282)), _nanp("212", "646")),
        City("Los Angeles", "CA", "America/Los_Angeles", _zip((90001, 90089)), _nanp("213", "323")),
        City("Chicago", "IL", "America/Chicago", _zip((60601, 60661)), _nanp("312", "773")),
        City("Houston", "TX", "America/Chicago", _zip((77001, 77099)), _nanp("713", "832")),
        City("Phoenix", "AZ", "America/Phoenix", _zip((85001, 85054)), _nanp("602", "480")),
        City("Philadelphia", "PA", "America/New_York", _zip((19102, 19154)), _nanp("215", "267")),
        City("San Diego", "CA", "America/Los_Angeles", _zip((92101, 92199)), _nanp("619", "858")),
        City("Dallas", "TX", "America/Chicago", _zip((75201, 75398)), _nanp("214", "469")),
        City("Austin", "TX", "America/Chicago", _zip((78701, 78759)), _nanp("512", "737")),
        City(
            "Seattle",
            "WA",
            "America/Los_Angeles",
            _zip((98101, 98199)),
            _nanp(
                "206",
            ),
        ),
        City("Denver", "CO", "America/Denver", _zip((80202, 80239)), _nanp("303", "720")),
        City("Boston", "MA", "America/New_York", _zip((2108, 2137)), _nanp("617", "857")),
        City("Atlanta", "GA", "America/New_York", _zip((30303, 30363)), _nanp("404", "678")),
        City("Miami", "FL", "America/New_York", _zip((33125, 33199)), _nanp("305", "786")),
        City("Portland", "OR", "America/Los_Angeles", _zip((97201, 97239)), _nanp("503", "971")),
        City(
            "Minneapolis",
            "MN",
            "America/Chicago",
            _zip((55401, 55488)),
            _nanp(
                "612",
            ),
        ),
        City(
            "Nashville",
            "TN",
            "America/Chicago",
            _zip((37201, 37250)),
            _nanp(
                "615",
            ),
        ),
        City(
            "Charlotte",
            "NC",
            "America/New_York",
            _zip((28202, 28299)),
            _nanp(
                "704",
            ),
        ),
        City(
            "Salt Lake City",
            "UT",
            "America/Denver",
            _zip((84101, 84199)),
            _nanp(
                "801",
            ),
        ),
        City(
            "Honolulu",
            "HI",
            "Pacific/Honolulu",
            _zip((96801, 96850)),
            _nanp(
                "808",
            ),
        ),
        City(
            "Anchorage",
            "AK",
            "America/Anchorage",
            _zip((99501, 99524)),
            _nanp(
                "907",
            ),
        ),
        City(
            "Washington",
            "DC",
            "America/New_York",
            _zip((20001, 20099)),
            _nanp(
                "202",
            ),
        ),
        City("Newark", "NJ", "America/New_York", _zip((7101, 7199)), _nanp("201", "973")),
        City(
            "Hartford",
            "CT",
            "America/New_York",
            _zip((6101, 6199)),
            _nanp(
                "860",
            ),
        ),
        City(
            "Indianapolis",
            "IN",
            "America/Indiana/Indianapolis",
            _zip((46201, 46298)),
            _nanp(
                "317",
            ),
        ),
    ),
    (),
    30,
)

_CA = Market(
    "CA",
    "en_CA",
    "en_CA",
    1,
    (
        City("Toronto", "ON", "America/Toronto", _fsa("M"), _nanp("416", "647", "437")),
        City("Ottawa", "ON", "America/Toronto", _fsa("K"), _nanp("613", "343")),
        City("Montréal", "QC", "America/Toronto", _fsa("H"), _nanp("514", "438"), "fr_CA"),
        City("Québec", "QC", "America/Toronto", _fsa("G"), _nanp("418", "581"), "fr_CA"),
        City("Vancouver", "BC", "America/Vancouver", _fsa("V"), _nanp("604", "778")),
        City("Calgary", "AB", "America/Edmonton", _fsa("T"), _nanp("403", "587")),
        City("Edmonton", "AB", "America/Edmonton", _fsa("T"), _nanp("780", "587")),
        City(
            "Winnipeg",
            "MB",
            "America/Winnipeg",
            _fsa("R"),
            _nanp(
                "204",
            ),
        ),
        City(
            "Regina",
            "SK",
            "America/Regina",
            _fsa("S"),
            _nanp(
                "306",
            ),
        ),
        City(
            "Halifax",
            "NS",
            "America/Halifax",
            _fsa("B"),
            _nanp(
                "902",
            ),
        ),
        City(
            "St. John's",
            "NL",
            "America/St_Johns",
            _fsa("A"),
            _nanp(
                "709",
            ),
        ),
        City(
            "Moncton",
            "NB",
            "America/Moncton",
            _fsa("E"),
            _nanp(
                "506",
            ),
        ),
        City(
            "Charlottetown",
            "PE",
            "America/Halifax",
            _fsa("C"),
            _nanp(
                "902",
            ),
        ),
    ),
    (),
    12,
)

_GB = Market(
    "GB",
    "en_GB",
    "en_GB",
    44,
    (
        City(
            "London",
            "",
            "Europe/London",
            _gb("EC1A", "EC2V", "WC2N", "W1D", "SW1A", "SE1", "E14", "N1", "NW1"),
            _n(10, "207", "208", "203"),
        ),
        City("Manchester", "", "Europe/London", _gb("M1", "M2", "M3", "M4"), _n(10, "161")),
        City("Birmingham", "", "Europe/London", _gb("B1", "B2", "B3"), _n(10, "121")),
        City("Leeds", "", "Europe/London", _gb("LS1", "LS2"), _n(10, "113")),
        City("Glasgow", "", "Europe/London", _gb("G1", "G2"), _n(10, "141")),
        City("Edinburgh", "", "Europe/London", _gb("EH1", "EH2", "EH3"), _n(10, "131")),
        City("Bristol", "", "Europe/London", _gb("BS1", "BS2"), _n(10, "117")),
        City("Liverpool", "", "Europe/London", _gb("L1", "L2", "L3"), _n(10, "151")),
        City("Cardiff", "", "Europe/London", _gb("CF10", "CF11"), _n(10, "2920")),
        City("Belfast", "", "Europe/London", _gb("BT1", "BT2"), _n(10, "2890")),
    ),
    _n(10, "74", "75", "77", "78", "79"),
    15,
)

_AU = Market(
    "AU",
    "en_AU",
    "en_AU",
    61,
    (
        City(
            "Sydney",
            "NSW",
            "Australia/Sydney",
            NumericPostal(((2000, 2234),), 4),
            _n(9, "29", "28"),
        ),
        City(
            "Melbourne",
            "VIC",
            "Australia/Melbourne",
            NumericPostal(((3000, 3207),), 4),
            _n(9, "39", "38"),
        ),
        City(
            "Brisbane", "QLD", "Australia/Brisbane", NumericPostal(((4000, 4179),), 4), _n(9, "73")
        ),
        City("Perth", "WA", "Australia/Perth", NumericPostal(((6000, 6199),), 4), _n(9, "89")),
        City(
            "Adelaide",
            "SA",
            "Australia/Adelaide",
            NumericPostal(((5000, 5199),), 4),
            _n(9, "881", "882"),
        ),
        City("Hobart", "TAS", "Australia/Hobart", NumericPostal(((7000, 7099),), 4), _n(9, "362")),
        City(
            "Canberra",
            "ACT",
            "Australia/Sydney",
            NumericPostal(((2600, 2618),), 4),
            _n(9, "261", "262"),
        ),
        City("Darwin", "NT", "Australia/Darwin", NumericPostal(((800, 832),), 4), _n(9, "889")),
    ),
    _n(9, "40", "41", "42", "43"),
    10,
)

_DE = Market(
    "DE",
    "de_DE",
    "de_DE",
    49,
    (
        City("Berlin", "", "Europe/Berlin", _zip((10115, 14199)), _n(10, "30")),
        City("Hamburg", "", "Europe/Berlin", _zip((20095, 22769)), _n(10, "40")),
        City("München", "", "Europe/Berlin", _zip((80331, 81929)), _n(10, "89")),
        City("Köln", "", "Europe/Berlin", _zip((50667, 51149)), _n(10, "221")),
        City("Frankfurt am Main", "", "Europe/Berlin", _zip((60306, 60599)), _n(10, "69")),
        City("Stuttgart", "", "Europe/Berlin", _zip((70173, 70629)), _n(10, "711")),
        City("Düsseldorf", "", "Europe/Berlin", _zip((40210, 40629)), _n(10, "211")),
        City("Leipzig", "", "Europe/Berlin", _zip((4103, 4357)), _n(10, "341")),
        City("Dresden", "", "Europe/Berlin", _zip((1067, 1328)), _n(10, "351")),
    ),
    _n(11, "151", "152", "157", "159") + _n(10, "160", "170", "171", "175"),
    18,
)

_FR = Market(
    "FR",
    "fr_FR",
    "fr_FR",
    33,
    (
        City("Paris", "", "Europe/Paris", _zip((75001, 75020)), _n(9, "1")),
        City("Lyon", "", "Europe/Paris", _zip((69001, 69009)), _n(9, "472", "478")),
        City("Marseille", "", "Europe/Paris", _zip((13001, 13016)), _n(9, "491")),
        City("Toulouse", "", "Europe/Paris", _zip((31000, 31500)), _n(9, "561")),
        City("Nice", "", "Europe/Paris", _zip((6000, 6300)), _n(9, "493")),
        City("Nantes", "", "Europe/Paris", _zip((44000, 44300)), _n(9, "240")),
        City("Strasbourg", "", "Europe/Paris", _zip((67000, 67200)), _n(9, "388")),
        City("Bordeaux", "", "Europe/Paris", _zip((33000, 33800)), _n(9, "556")),
        City("Lille", "", "Europe/Paris", _zip((59000, 59800)), _n(9, "320")),
        City("Bourg-en-Bresse", "", "Europe/Paris", _zip((1000, 1000)), _n(9, "474")),
    ),
    _n(9, "61", "62", "64", "75", "76", "77", "78"),
    15,
)

MARKETS: dict[str, Market] = {m.country: m for m in (_US, _CA, _GB, _AU, _DE, _FR)}
"""Every market by ISO country code, in a fixed order."""


def market_for(choice: str) -> Market:
    """The market a ``--locale`` value names: a country code (``DE``) or a Faker locale
    (``de_DE``, ``de-DE``), case-insensitive. Raises ``KeyError`` naming the choices."""
    text = choice.strip().replace("-", "_")
    for market in MARKETS.values():
        if text.upper() == market.country or text.lower() == market.locale.lower():
            return market
    known = ", ".join(f"{m.country} ({m.locale})" for m in MARKETS.values())
    raise KeyError(f"unknown locale '{choice}'; choose one of {known}")


def country_name(country: str) -> str:
    """The English name of a country code (``Germany`` for ``DE``)."""
    found = pycountry.countries.get(alpha_2=country)
    return str(found.name) if found is not None else country


def state_name(country: str, state: str) -> str:
    """The name of a state or province code (``California`` for ``US``, ``CA``)."""
    found = pycountry.subdivisions.get(code=f"{country}-{state}")  # type: ignore[no-untyped-call]
    return str(found.name) if found is not None else state
