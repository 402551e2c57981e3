"""After a load run: does the simulator hold everything the run saw acknowledged?

Every listing is read in full (``Link: rel="next"`` paging) with the partner's token, and each
acknowledged id is looked up among the held ones. Held counts may exceed acknowledged ones
(a provisioned customer's calling location is created by the server, not by a call of ours);
a missing acknowledged id is a lost write.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import httpx2

from bulk.load.ledger import KINDS, Ledger
from bulk.load.traffic import ASSIST, BILLING, CUSTOMERS, LOCATIONS, SUBSCRIBERS


@dataclass(frozen=True, slots=True)
class Holdings:
    """What the server holds for a partner, per kind, and what of the ledger is missing."""

    held: dict[str, int]
    missing: dict[str, int]

    @property
    def complete(self) -> bool:
        """Whether no acknowledged resource is missing."""
        return not any(self.missing.values())


def _pages(
    http: httpx2.Client, path: str, params: Mapping[str, str] | None = None
) -> Iterator[dict[str, Any]]:
    url: str | None = path
    query: Mapping[str, str] | None = params
    while url is not None:
        answer = http.get(url, params=query)
        answer.raise_for_status()
        yield from answer.json().get("items", [])
        link = answer.links.get("next")
        url, query = (link["url"], None) if link else (None, None)


def held_ids(http: httpx2.Client) -> dict[str, set[str]]:
    """Ids of every resource of each kind the token's partner holds."""
    found: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for customer in _pages(http, CUSTOMERS, {"max": "100"}):
        found["customers"].add(str(customer["id"]))
        org = customer.get("orgId")
        if org:
            found["locations"] |= {
                str(loc["id"]) for loc in _pages(http, LOCATIONS, {"orgId": str(org)})
            }
    found["subscribers"] = {str(s["id"]) for s in _pages(http, SUBSCRIBERS, {"max": "100"})}
    found["assists"] = {str(a["id"]) for a in _pages(http, f"{ASSIST}/requests")}
    found["billing"] = {str(b["id"]) for b in _pages(http, BILLING)}
    return found


def verify_at(base_url: str, token: str, ledger: Ledger) -> Holdings:
    """Compare the ledger with what the server at ``base_url`` holds for the token's partner.

    Raises ``httpx2.HTTPError`` when the server cannot be read."""
    headers = {"Authorization": f"Bearer {token}"}
    with httpx2.Client(base_url=base_url, headers=headers, timeout=60.0) as http:
        return verify(http, ledger)


def verify(http: httpx2.Client, ledger: Ledger) -> Holdings:
    """Compare the ledger with what the partner of ``http``'s token holds."""
    held = held_ids(http)
    return Holdings(
        held={kind: len(ids) for kind, ids in held.items()},
        missing={kind: len(ledger.acknowledged[kind] - held[kind]) for kind in KINDS},
    )
