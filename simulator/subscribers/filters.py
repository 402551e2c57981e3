"""The filters and sort order of *List Wholesale Subscribers*."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select

from simulator.db.tables import Customer, Subscriber
from simulator.errors import invalid

SORT_COLUMNS = {"created": Subscriber.created_at, "lastStatusChange": Subscriber.last_status_change}


def parse_instant(name: str, value: str | None) -> datetime | None:
    """Epoch milliseconds (preferred by the reference) or an ISO-8601 date/time."""
    if not value:
        return None
    if value.isdigit():
        return datetime.fromtimestamp(int(value) / 1000, UTC)
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise invalid(
            f"{name} must be epoch milliseconds or ISO 8601, not '{value}'", name
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class SubscriberFilter:
    """Every filter of the listing (None = not filtered) and the sort order."""

    customer_id: str | None = None
    person_id: str | None = None
    external_customer_id: str | None = None
    email: str | None = None
    status: str | None = None
    after: datetime | None = None
    last_status_change: datetime | None = None
    sort_by: str = "created"
    descending: bool = False

    @classmethod
    def parse(cls, sort_by: str | None, sort_order: str | None, **values: Any) -> SubscriberFilter:
        """Build a filter from the query values, refusing unknown sort keys."""
        key = sort_by or "created"
        if key not in SORT_COLUMNS:
            raise invalid("sortBy must be created or lastStatusChange", "sortBy")
        order = (sort_order or "ASC").upper()
        if order not in ("ASC", "DESC"):
            raise invalid("sortOrder must be ASC or DESC", "sortOrder")
        return cls(
            after=parse_instant("after", values.pop("after", None)),
            last_status_change=parse_instant(
                "lastStatusChange", values.pop("last_status_change", None)
            ),
            sort_by=key,
            descending=order == "DESC",
            **values,
        )

    def apply(self, query: Select[Any, Any]) -> Select[Any, Any]:
        """Narrow and order a subscriber query."""
        conditions = [
            Subscriber.customer_id == self.customer_id if self.customer_id else None,
            Subscriber.person_id == self.person_id if self.person_id else None,
            Customer.external_id == self.external_customer_id
            if self.external_customer_id
            else None,
            Subscriber.email == self.email.strip().lower() if self.email else None,
            Subscriber.status == self.status if self.status else None,
            Subscriber.created_at > self.after if self.after else None,
            Subscriber.last_status_change > self.last_status_change
            if self.last_status_change
            else None,
        ]
        query = query.where(*[c for c in conditions if c is not None])
        column = SORT_COLUMNS[self.sort_by]
        ordered = column.desc() if self.descending else column.asc()
        tiebreak = Subscriber.id.desc() if self.descending else Subscriber.id.asc()
        return query.order_by(ordered, tiebreak)
