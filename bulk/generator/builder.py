"""Clean customer groups: valid rows for the four sheets, one customer at a time.

Everything here is valid by construction (docs/design.md §3–§4): addresses come from
:mod:`bulk.generator.geography`, phone numbers from :class:`~bulk.generator.phones.PhoneAllocator`,
package sets satisfy :mod:`bulk.rules.packages`, every calling subscriber has a location and a
number or an extension, extensions are unique per location, emails are unique (each customer has
its own domain), and Setup Assist dates fall on or a few business days after the earliest date
:func:`bulk.rules.deadline.earliest_completion_date` allows. Locations get both small (1-5 seats,
Express) and larger (6+, Standard) head counts.
"""

from __future__ import annotations

import random
from datetime import date

from bulk.generator.geography import City, Market
from bulk.generator.model import CustomerGroup, Row, Site, blank_row
from bulk.generator.options import GeneratorOptions
from bulk.generator.people import LocalePool, domain_label, draw_pool, email_local_part
from bulk.generator.phones import PhoneAllocator
from bulk.rules.deadline import add_business_days, earliest_completion_date
from bulk.rules.packages import SUBSCRIBER_PACKAGES, is_calling
from bulk.schema import CUSTOMERS, LOCATIONS, SETUP_ASSIST, SUBSCRIBERS

PACKAGE_PROFILES: tuple[tuple[tuple[str, ...], int], ...] = (
    (("webex_calling", "webex_meetings"), 30),
    (("webex_suite",), 14),
    (("webex_calling", "webex_meetings", "attendant_console"), 8),
    (("webex_calling_standard", "webex_meetings"), 8),
    (("webex_voice",), 6),
    (("cx_essentials", "webex_calling", "cx_standard_agent"), 5),
    (("webex_calling", "common_area_calling", "cisco_calling_plan"), 6),
    (("webex_suite", "cx_premium_agent", "cx_voice_ports", "cx_ai_assistant"), 3),
    (("webex_calling", "webex_meetings", "webex_ai_agent"), 3),
    (("webex_meetings",), 8),
)
"""Customer package sets (each valid under the package rules) and how often they occur."""

_SITE_NAMES = ("Head Office", "Sales Office", "Warehouse", "Service Centre", "Branch", "Studio")
_EXTENSION_BASES = (1000, 2000, 3000, 4000, 5000, 6000, 7000)
_NOTES = ("", "", "Prefers morning calls.", "Porting numbers from the old PBX.", "Two buildings.")
_CHANNELS = ("", "", "api", "form", "helpdesk")
ASSIST_SHARE = 0.6
"""Share of staffed locations that ask for Setup Assist."""
ASSIST_MARGIN_DAYS = 5
"""Requested completion dates fall 0 to this many business days after the earliest date."""


class GroupBuilder:
    """Builds the clean :class:`CustomerGroup` of customer ``index`` for a run's options."""

    def __init__(self, options: GeneratorOptions) -> None:
        self.options = options
        master = random.Random(f"rtm-generate:{options.seed}")
        self.tag = options.id_tag or "".join(
            master.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(4)
        )
        self.pools: dict[str, LocalePool] = {
            m.country: draw_pool(m.locale, options.seed) for m in options.markets
        }
        self.phones: dict[str, PhoneAllocator] = {
            m.country: PhoneAllocator(m, random.Random(f"{options.seed}:phones:{m.country}"))
            for m in options.markets
        }
        self._markets = options.markets
        self._market_weights = [m.weight for m in self._markets]

    def group(self, index: int) -> CustomerGroup:
        """The clean rows of customer ``index`` (0-based)."""
        rng = random.Random(f"{self.options.seed}:customer:{index}")
        market = rng.choices(self._markets, self._market_weights)[0]
        packages = rng.choices([p for p, _ in PACKAGE_PROFILES], [w for _, w in PACKAGE_PROFILES])[
            0
        ]
        pool = self.pools[market.country]
        company = rng.choice(pool.companies)
        group = CustomerGroup(
            index=index,
            market=market,
            external_id=f"{self.tag}-{index + 1:06d}",
            domain=f"{domain_label(company)}-{index + 1}.{self.tag.lower()}.example.com",
            packages=packages,
        )
        city = rng.choice(market.cities)
        group.customers.append(self._customer_row(group, rng, company, city))
        seats = rng.randint(
            self.options.subscribers_per_customer.low, self.options.subscribers_per_customer.high
        )
        if any(is_calling(p) for p in packages):
            self._add_sites(group, rng, city, seats)
        self._add_subscribers(group, rng, seats)
        self._add_assists(group, rng)
        return group

    def person(self, group: CustomerGroup, rng: random.Random) -> tuple[str, str, str]:
        """A new person of the customer's locale: first name, last name and a unique email."""
        pool = self.pools[group.market.country]
        first, last = rng.choice(pool.first_names), rng.choice(pool.last_names)
        return first, last, self.email(group, first, last)

    def email(self, group: CustomerGroup, *names: str) -> str:
        """An address at the customer's domain not used before in the group."""
        local = email_local_part(*names)
        candidate, n = local, 1
        while candidate in group.used_locals:
            n += 1
            candidate = f"{local}{n}"
        group.used_locals.add(candidate)
        return f"{candidate}@{group.domain}"

    def street(self, group: CustomerGroup, rng: random.Random) -> str:
        """A street line of the customer's locale (at most 50 characters)."""
        return rng.choice(self.pools[group.market.country].streets)

    def _customer_row(
        self, group: CustomerGroup, rng: random.Random, company: str, city: City
    ) -> Row:
        row = blank_row(CUSTOMERS)
        email = self.person(group, rng)[2]
        row["action"] = "create" if rng.random() < 0.1 else None
        row["external_id"] = group.external_id
        row["name"] = company
        row["primary_email"] = email
        row["language"] = group.market.language_of(city)
        row["address_line1"] = self.street(group, rng)
        if rng.random() < 0.3:
            row["address_line2"] = rng.choice(self.pools[group.market.country].secondary)
        _fill_place(row, group.market, city, rng)
        row["packages"] = ", ".join(group.packages)
        return row

    def _add_sites(self, group: CustomerGroup, rng: random.Random, home: City, seats: int) -> None:
        sizes = _site_sizes(rng, seats)
        names: set[str] = set()
        for i, size in enumerate(sizes):
            city = home if i == 0 else rng.choice(group.market.cities)
            name = _site_name(i, city, names, rng)
            base = rng.choice(_EXTENSION_BASES) if size < 2000 else 10000
            group.sites.append(Site(name, city, size, base))
            group.locations.append(self._location_row(group, rng, name, city))

    def _location_row(self, group: CustomerGroup, rng: random.Random, name: str, city: City) -> Row:
        row = blank_row(LOCATIONS)
        row["customer_external_id"] = group.external_id
        row["name"] = name
        row["address_line1"] = self.street(group, rng)
        _fill_place(row, group.market, city, rng)
        row["timezone"] = city.timezone
        row["language"] = group.market.language_of(city)
        if rng.random() < 0.8:
            row["main_number"] = self.phones[group.market.country].number(
                rng.choice(city.area_codes)
            )
        row.location = len(group.locations)
        return row

    def _add_subscribers(self, group: CustomerGroup, rng: random.Random, seats: int) -> None:
        choices = [p for p in group.packages if p in SUBSCRIBER_PACKAGES]
        weights = [
            1 if p == "attendant_console" else 6 if i == 0 else 2 for i, p in enumerate(choices)
        ]
        if not group.sites:
            for _ in range(seats):
                group.subscribers.append(self._subscriber_row(group, rng, choices, weights, -1))
            return
        for site_index, site in enumerate(group.sites):
            for _ in range(site.seats):
                row = self._subscriber_row(group, rng, choices, weights, site_index)
                group.subscribers.append(row)

    def _subscriber_row(
        self,
        group: CustomerGroup,
        rng: random.Random,
        choices: list[str],
        weights: list[int],
        site_index: int,
    ) -> Row:
        row = blank_row(SUBSCRIBERS)
        first, last, email = self.person(group, rng)
        package = rng.choices(choices, weights)[0]
        row["action"] = "create" if rng.random() < 0.05 else None
        row["customer_external_id"] = group.external_id
        row["email"] = email
        row["first_name"] = first
        row["last_name"] = last
        row["package"] = package
        row.location = site_index
        if site_index >= 0:
            site = group.sites[site_index]
            row["location_name"] = site.name
            if is_calling(package):
                self._give_numbers(group, rng, row, site)
        return row

    def _give_numbers(self, group: CustomerGroup, rng: random.Random, row: Row, site: Site) -> None:
        draw = rng.random()
        if draw < 0.85:
            market = group.market
            mobile = market.mobile_prefixes and rng.random() < 0.5
            prefix = rng.choice(market.mobile_prefixes if mobile else site.city.area_codes)
            row["phone_number"] = self.phones[market.country].number(prefix)
        if draw >= 0.15:
            row["extension"] = str(site.extension_base + site.next_extension)
            site.next_extension += 1

    def _add_assists(self, group: CustomerGroup, rng: random.Random) -> None:
        for index, site in enumerate(group.sites):
            if site.seats and rng.random() < ASSIST_SHARE:
                site.has_assist = True
                group.assists.append(self._assist_row(group, rng, index, site))

    def _assist_row(self, group: CustomerGroup, rng: random.Random, index: int, site: Site) -> Row:
        row = blank_row(SETUP_ASSIST)
        first, last, email = self.person(group, rng)
        row["customer_external_id"] = group.external_id
        row["location_name"] = site.name
        row["requested_completion_date"] = self.completion_date(group, site, rng)
        row["contact_name"] = f"{first} {last}"
        row["contact_email"] = email
        if rng.random() < 0.7:
            row["contact_phone"] = self.phones[group.market.country].number(
                rng.choice(site.city.area_codes)
            )
        row["channel"] = rng.choice(_CHANNELS) or None
        row["network_check_done"] = "yes"
        row["notes"] = rng.choice(_NOTES) or None
        row.location = index
        return row

    def completion_date(self, group: CustomerGroup, site: Site, rng: random.Random) -> date:
        """A valid requested completion date for ``site``: on the earliest acceptable date or a
        few business days after it."""
        country, state = group.market.country, site.city.state or None
        earliest = earliest_completion_date(self.options.as_of, country, state)
        return add_business_days(earliest, rng.randint(0, ASSIST_MARGIN_DAYS), country, state)


def _fill_place(row: Row, market: Market, city: City, rng: random.Random) -> None:
    row["city"] = city.name
    row["state"] = city.state or None
    row["postal_code"] = city.postal.draw(rng)
    row["country"] = market.country


def _site_sizes(rng: random.Random, seats: int) -> list[int]:
    """Head counts per location adding up to ``seats``: the first location takes what the
    others leave, the others are small (1-5, Express) or larger (6+, Standard)."""
    count = 1 if seats <= 3 else 1 + rng.randint(0, min(4, seats // 4))
    sizes = [0] * count
    remaining = seats
    for i in range(1, count):
        size = rng.randint(1, 5) if rng.random() < 0.5 else rng.randint(6, max(6, seats // count))
        sizes[i] = min(remaining, size)
        remaining -= sizes[i]
    sizes[0] = remaining
    if rng.random() < 0.1:
        sizes.append(0)  # a new site nobody works at yet: no seats, so no Setup Assist
    return sizes


def _site_name(index: int, city: City, taken: set[str], rng: random.Random) -> str:
    base = "Head Office" if index == 0 else f"{city.name} {rng.choice(_SITE_NAMES[1:])}"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base} {n}"
    taken.add(name)
    return name
