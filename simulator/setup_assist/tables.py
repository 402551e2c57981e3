"""Setup Assist's tables, on the core's declarative :class:`~simulator.db.tables.Base` (so the
control plane's reset clears them too).

A request keeps what it was priced at when it was submitted (seats, SKU, quantity, unit net
price, amount): later subscriber changes never reprice it, and its one-time charge is derived
from this one row, so a retried submission can never charge twice. ``active_location_id`` holds
the location while the request is live (not cancelled or rejected); a unique constraint on it
is what enforces "one request per location" even between two workers.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from simulator.db.tables import Base


class AssistPartnerTerms(Base):
    """A partner's Setup Assist terms: its discount off list prices and its readiness items."""

    __tablename__ = "assist_partner_terms"
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True
    )
    discount: Mapped[str] = mapped_column(String(20), default="0")
    pstn_connectivity: Mapped[bool] = mapped_column(Boolean, default=False)
    hosting_requirements: Mapped[bool] = mapped_column(Boolean, default=False)
    oss_bss: Mapped[bool] = mapped_column(Boolean, default=False)
    updated_at: Mapped[datetime]


class AssistEntitlement(Base):
    """The partner's one A-Wholesale order (its primary key makes a second one impossible)."""

    __tablename__ = "assist_entitlements"
    partner_id: Mapped[int] = mapped_column(
        ForeignKey("partners.id", ondelete="CASCADE"), primary_key=True
    )
    sku: Mapped[str] = mapped_column(String(40))
    quantity: Mapped[int] = mapped_column(Integer)
    order_number: Mapped[str] = mapped_column(String(200))
    ordered_at: Mapped[datetime]


class AssistRequest(Base):
    """One Setup Assist request for a customer location, with its price and its progress."""

    __tablename__ = "assist_requests"
    __table_args__ = (
        UniqueConstraint("partner_id", "active_location_id", name="uq_assist_active_location"),
        Index("ix_assist_requests_partner", "partner_id", "customer_id"),
        Index("ix_assist_requests_status", "status"),
    )
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    sub_partner_org_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    customer_id: Mapped[str] = mapped_column(String(200))
    external_customer_id: Mapped[str] = mapped_column(String(200))
    location_id: Mapped[str] = mapped_column(String(200))
    active_location_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    location_name: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(8))
    subdivision: Mapped[str | None] = mapped_column(String(80), nullable=True)
    seats: Mapped[int] = mapped_column(Integer)
    sku: Mapped[str] = mapped_column(String(20))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_net_price: Mapped[str] = mapped_column(String(40))
    amount: Mapped[str] = mapped_column(String(40))
    currency: Mapped[str] = mapped_column(String(3))
    status: Mapped[str] = mapped_column(String(20))
    requested_completion_date: Mapped[date] = mapped_column(Date)
    earliest_completion_date: Mapped[date] = mapped_column(Date)
    body: Mapped[dict[str, Any]]
    fingerprint: Mapped[str] = mapped_column(String(64))
    submitted_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None] = mapped_column(nullable=True)
    completed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(nullable=True)
    current_phase: Mapped[int] = mapped_column(Integer, default=0)
    status_changed_at: Mapped[datetime]


class AssistTaskDone(Base):
    """A task of a request's project that is done, who did it and when."""

    __tablename__ = "assist_tasks_done"
    request_id: Mapped[str] = mapped_column(
        ForeignKey("assist_requests.id", ondelete="CASCADE"), primary_key=True
    )
    task_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    phase: Mapped[int] = mapped_column(Integer)
    side: Mapped[str] = mapped_column(String(10))
    done_at: Mapped[datetime]
    done_by: Mapped[str] = mapped_column(String(200))


__all__ = [
    "AssistEntitlement",
    "AssistPartnerTerms",
    "AssistRequest",
    "AssistTaskDone",
]
