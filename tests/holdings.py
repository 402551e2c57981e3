"""What the simulator holds for a partner, read back through the toolkit's own client and keyed
by natural keys (external ids, location names, emails), so that a test compares it with what a
workbook says (tests/oracles.py). One reader for the in-process and the end-to-end tests; each
test says how much of a customer it compares."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from bulk.client import ApiSession, WholesaleClient, open_http_client
from bulk.workbook.rows import CustomerRow, ParsedWorkbook
from tests.oracles import assist_lines

CustomerView = Callable[[dict[str, Any]], Any]
"""What a test compares of a customer, from its API item."""
RowView = Callable[[CustomerRow], Any]
"""The same, from the workbook's customer row."""


def packages_of(item: dict[str, Any]) -> Any:
    """A customer's packages, sorted."""
    return sorted(item["packages"])


def packages_and_status(item: dict[str, Any]) -> Any:
    """A customer's sorted packages and its status."""
    return (sorted(item["packages"]), item["status"])


async def read_holdings(
    api: WholesaleClient, customer: CustomerView = packages_of
) -> dict[str, Any]:
    """The partner's customers, locations, subscribers and Setup Assist requests."""
    found: dict[str, Any] = {"customers": {}, "locations": {}, "subscribers": {}}
    names: dict[str, str] = {}
    async for item in api.session.pages("/v1/wholesale/customers", params={"max": 100}):
        external = item["externalId"]
        found["customers"][external] = customer(item)
        names[item["id"]] = external
        locations = await api.list_locations(item["orgId"])
        names.update({loc.id: loc.name for loc in locations})
        found["locations"][external] = sorted(loc.name for loc in locations)
        for sub in await api.list_subscribers(item["id"]):
            key = sub.email.casefold()
            assert key not in found["subscribers"], f"duplicate subscriber {sub.email}"
            found["subscribers"][key] = (external, tuple(sub.packages))
    found["assists"] = sorted(
        (names[r.customer_id], names[r.location_id], r.sku, r.quantity, r.seats)
        for r in await api.list_assist_requests()
    )
    return found


def served_holdings(url: str, token: str, customer: CustomerView = packages_of) -> dict[str, Any]:
    """:func:`read_holdings` of a simulator served at ``url``, from synchronous code (on a
    thread of its own: Playwright's sync API keeps an event loop on the test's thread)."""

    async def read() -> dict[str, Any]:
        async with open_http_client(url) as http:
            return await read_holdings(WholesaleClient(ApiSession(http, token)), customer)

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, read()).result()


def workbook_holdings(
    rows: ParsedWorkbook, customer: RowView, assists: list[Any] | None = None
) -> dict[str, Any]:
    """What the simulator must hold once ``rows`` are imported, in :func:`read_holdings`' shape.
    The Setup Assist lines are counted from the rows (tests/oracles.py), not the validator's
    own report, unless the test gives its own (counted by hand)."""
    return {
        "customers": {c.external_id: customer(c) for c in rows.customers},
        "locations": {
            c.external_id: sorted(
                loc.name for loc in rows.locations if loc.customer_external_id == c.external_id
            )
            for c in rows.customers
        },
        "subscribers": {
            s.email.casefold(): (s.customer_external_id, (s.package,)) for s in rows.subscribers
        },
        "assists": assist_lines(rows.subscribers, rows.assists) if assists is None else assists,
    }
