"""The onboarding traffic of a load process: generated customers, each as a journey of typed
rows (the same rows the importer reads from a validated workbook).

Customers come from :class:`bulk.generator.builder.GroupBuilder`, so load data is as varied
and as valid as a generated workbook: every journey, replayed against the simulator, should
succeed. Each load process gets its own share of the run's customers, its own seed
(``seed + process``) and its own ID tag (``<run tag><process>``), so processes never collide.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from bulk.generator import GeneratorOptions
from bulk.generator.builder import GroupBuilder
from bulk.generator.model import CustomerGroup, Row
from bulk.load.config import LoadConfig
from bulk.workbook.rows import AssistRow, CustomerRow, LocationRow, SubscriberRow


@dataclass(frozen=True, slots=True)
class Journey:
    """One customer's onboarding: its row, its locations (the first is its calling location),
    its subscribers and its Setup Assist requests."""

    customer: CustomerRow
    locations: tuple[LocationRow, ...]
    subscribers: tuple[SubscriberRow, ...]
    assists: tuple[AssistRow, ...]


def journeys(config: LoadConfig, process: int, processes: int, as_of: dt.date) -> Iterator[Journey]:
    """The journeys of load process ``process`` of ``processes``, built one at a time;
    Setup Assist dates are planned from ``as_of``."""
    count = config.customers_for(process, processes)
    if count == 0:
        return
    options = GeneratorOptions(
        customers=count,
        as_of=as_of,
        seed=config.seed + process,
        subscribers_per_customer=config.subscribers_per_customer,
        id_tag=f"{config.run_tag}{process}",
    )
    builder = GroupBuilder(options)
    for index in range(count):
        yield journey_of(builder.group(index))


def journey_of(group: CustomerGroup) -> Journey:
    """A generated customer group as typed rows."""
    return Journey(
        customer=_customer(group.customer),
        locations=tuple(_location(r) for r in group.locations),
        subscribers=tuple(_subscriber(r) for r in group.subscribers),
        assists=tuple(_assist(r) for r in group.assists),
    )


def _text(row: Row, key: str) -> str:
    return row.text(key)


def _customer(row: Row) -> CustomerRow:
    return CustomerRow(
        row=0,
        external_id=_text(row, "external_id"),
        name=_text(row, "name"),
        primary_email=_text(row, "primary_email"),
        language=_text(row, "language"),
        address_line1=_text(row, "address_line1"),
        address_line2=_text(row, "address_line2"),
        city=_text(row, "city"),
        state=_text(row, "state"),
        postal_code=_text(row, "postal_code"),
        country=_text(row, "country"),
        packages=tuple(p.strip() for p in _text(row, "packages").split(",")),
    )


def _location(row: Row) -> LocationRow:
    return LocationRow(
        row=0,
        customer_external_id=_text(row, "customer_external_id"),
        name=_text(row, "name"),
        address_line1=_text(row, "address_line1"),
        address_line2=_text(row, "address_line2"),
        city=_text(row, "city"),
        state=_text(row, "state"),
        postal_code=_text(row, "postal_code"),
        country=_text(row, "country"),
        timezone=_text(row, "timezone"),
        language=_text(row, "language"),
        main_number=_text(row, "main_number"),
    )


def _subscriber(row: Row) -> SubscriberRow:
    return SubscriberRow(
        row=0,
        customer_external_id=_text(row, "customer_external_id"),
        email=_text(row, "email"),
        first_name=_text(row, "first_name"),
        last_name=_text(row, "last_name"),
        package=_text(row, "package"),
        location_name=_text(row, "location_name"),
        phone_number=_text(row, "phone_number"),
        extension=_text(row, "extension"),
    )


def _assist(row: Row) -> AssistRow:
    day = row["requested_completion_date"]
    return AssistRow(
        row=0,
        customer_external_id=_text(row, "customer_external_id"),
        location_name=_text(row, "location_name"),
        requested_completion_date=day if isinstance(day, dt.date) else None,
        contact_name=_text(row, "contact_name"),
        contact_email=_text(row, "contact_email"),
        contact_phone=_text(row, "contact_phone"),
        channel=_text(row, "channel") or "api",
        network_check_done=_text(row, "network_check_done") == "yes",
        notes=_text(row, "notes"),
    )
