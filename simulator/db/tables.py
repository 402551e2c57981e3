"""Every piece of simulator state, as SQLAlchemy 2 typed tables.

Nothing lives in process memory: partners, tokens, customers and their status history, locations,
subscribers, package-assignment history, billing reports, the clock offset, the transition mode,
fault rules with their seed and counters, and the call log are all rows here, so several workers
(PostgreSQL) or a restarted server answer the same.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

SCHEMA_VERSION = 3
"""Bumped whenever a table changes shape; stored in :class:`SimState`."""

MIGRATES_FROM = frozenset({2})
"""Versions a database is brought up to :data:`SCHEMA_VERSION` from when the simulator starts
(version 3 only added indexes: :meth:`simulator.db.store.Store.create` creates the missing ones)."""


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime on every backend: stored naive in UTC, read back aware (SQLite
    keeps no zone, so the zone is put back here rather than trusted to the driver)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Normalise to naive UTC before storing."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not stored; pass an aware UTC datetime")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Read back as aware UTC."""
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    """Declarative base of every simulator table."""

    type_annotation_map: ClassVar[dict[Any, Any]] = {
        dict[str, Any]: JSON,
        list[Any]: JSON,
        datetime: UTCDateTime(),
    }


class SimState(Base):
    """The single row of simulator-wide settings: clock, transitions, faults, secrets."""

    __tablename__ = "sim_state"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schema_version: Mapped[int] = mapped_column(Integer)
    clock_offset_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    transition_mode: Mapped[str] = mapped_column(String(16))
    delay_seconds: Mapped[float] = mapped_column(Float)
    fault_seed: Mapped[int] = mapped_column(Integer, default=0)
    fault_rules: Mapped[list[Any]] = mapped_column(default=list)
    fault_generation: Mapped[int] = mapped_column(Integer, default=0)
    admin_token: Mapped[str | None] = mapped_column(String(128), nullable=True)
    signing_secret: Mapped[str] = mapped_column(String(128))


class FaultCounter(Base):
    """How many requests a fault rule has seen: the per-rule counter each decision derives from."""

    __tablename__ = "fault_counters"
    rule_key: Mapped[str] = mapped_column(String(80), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class Partner(Base):
    """A wholesale partner: the tenant every token and resource belongs to."""

    __tablename__ = "partners"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    org_id: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime]


class CustomerTemplate(Base):
    """A partner's customer template (Partner Hub, Settings > Customer templates): its
    ``provisioningId`` is what *Provision a Wholesale Customer* must name."""

    __tablename__ = "customer_templates"
    __table_args__ = (
        UniqueConstraint("partner_id", "provisioning_id", name="uq_template_provisioning_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    provisioning_id: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]


class Organization(Base):
    """A Webex organization that exists on its own (a trial, a direct customer) and may be
    attached to a new wholesale customer with ``orgId``."""

    __tablename__ = "organizations"
    org_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    name: Mapped[str] = mapped_column(String(300))
    created_at: Mapped[datetime]


class SubPartner(Base):
    """A sub-partner of a partner (``/v1/wholesale/subPartners``)."""

    __tablename__ = "sub_partners"
    org_id: Mapped[str] = mapped_column(String(200), primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(200))
    subscription_id: Mapped[str] = mapped_column(String(100))
    provisioning_state: Mapped[str] = mapped_column(String(20))
    created_at: Mapped[datetime]
    billing_start_date: Mapped[datetime]


class Token(Base):
    """A partner bearer token; only its SHA-256 hash is stored."""

    __tablename__ = "tokens"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime]
    rate_limit_per_minute: Mapped[int | None] = mapped_column(Integer, nullable=True)


class TokenWindow(Base):
    """Requests a rate-limited token made in one minute window."""

    __tablename__ = "token_windows"
    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    window: Mapped[int] = mapped_column(Integer, primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)


class Customer(Base):
    """A wholesale customer of one partner, with its asynchronous provisioning status."""

    __tablename__ = "customers"
    __table_args__ = (
        UniqueConstraint("partner_id", "external_id", name="uq_customer_external"),
        # The lifecycle engine's "is anything due?" (docs/simulator.md, "Storage and concurrency").
        Index("ix_customers_status", "status", "status_changed_at"),
    )
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    sub_partner_org_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    external_id: Mapped[str] = mapped_column(String(200))
    org_id: Mapped[str] = mapped_column(String(200))
    provisioning_id: Mapped[str] = mapped_column(String(200))
    name: Mapped[str | None] = mapped_column(String(300), nullable=True)
    primary_email: Mapped[str | None] = mapped_column(String(300), nullable=True, index=True)
    language: Mapped[str | None] = mapped_column(String(20), nullable=True)
    address: Mapped[dict[str, Any]]
    packages: Mapped[list[Any]]
    provisioned_packages: Mapped[list[Any]] = mapped_column(default=list)
    """The packages as last provisioned: during ``updating`` they stay ``provisioned``."""
    provisioning_parameters: Mapped[dict[str, Any]] = mapped_column(default=dict)
    status: Mapped[str] = mapped_column(String(40))
    outcome: Mapped[str] = mapped_column(String(40))
    status_changed_at: Mapped[datetime]
    created_at: Mapped[datetime]


class StatusChange(Base):
    """One status a customer, subscriber or billing report went through, on the simulator clock."""

    __tablename__ = "status_history"
    __table_args__ = (Index("ix_status_history_resource", "resource_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    partner_id: Mapped[int] = mapped_column(Integer)
    resource_type: Mapped[str] = mapped_column(String(40))
    resource_id: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(40))
    at: Mapped[datetime]


class Location(Base):
    """A location of a customer org (the Locations API)."""

    __tablename__ = "locations"
    __table_args__ = (UniqueConstraint("org_id", "name", name="uq_location_name"),)
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    org_id: Mapped[str] = mapped_column(String(200), index=True)
    name: Mapped[str] = mapped_column(String(300))
    address: Mapped[dict[str, Any]]
    time_zone: Mapped[str] = mapped_column(String(80))
    preferred_language: Mapped[str] = mapped_column(String(20))
    announcement_language: Mapped[str] = mapped_column(String(20))
    latitude: Mapped[str | None] = mapped_column(String(40), nullable=True)
    longitude: Mapped[str | None] = mapped_column(String(40), nullable=True)
    notes: Mapped[str | None] = mapped_column(Text, nullable=True)
    emergency_location_identifier: Mapped[str | None] = mapped_column(String(80), nullable=True)
    created_at: Mapped[datetime]


class Subscriber(Base):
    """A wholesale subscriber of one customer."""

    __tablename__ = "subscribers"
    __table_args__ = (
        UniqueConstraint("email", name="uq_subscriber_email"),
        # The duplicate checks before every insert, the package limit count and the engine.
        Index("ix_subscribers_phone", "partner_id", "phone_number"),
        Index("ix_subscribers_extension", "partner_id", "location_id", "extension"),
        Index("ix_subscribers_package", "customer_id", "package"),
        Index("ix_subscribers_status", "status", "consent_sent_at"),
    )
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    customer_id: Mapped[str] = mapped_column(ForeignKey("customers.id", ondelete="CASCADE"))
    person_id: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(300))
    first_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    last_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    package: Mapped[str] = mapped_column(String(60))
    phone_number: Mapped[str | None] = mapped_column(String(40), nullable=True)
    extension: Mapped[str | None] = mapped_column(String(20), nullable=True)
    location_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    status: Mapped[str] = mapped_column(String(40))
    consent_sent_at: Mapped[datetime | None] = mapped_column(nullable=True)
    created_at: Mapped[datetime]
    last_status_change: Mapped[datetime]


class PackageAssignment(Base):
    """A subscriber held a package from ``start`` to ``end`` (open while ``end`` is null): the
    history the billing reports are computed from. Rows outlive their subscriber."""

    __tablename__ = "package_assignments"
    __table_args__ = (Index("ix_assignment_partner", "partner_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    partner_id: Mapped[int] = mapped_column(Integer)
    sub_partner_org_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    customer_id: Mapped[str] = mapped_column(String(200))
    external_customer_id: Mapped[str] = mapped_column(String(200))
    subscriber_id: Mapped[str] = mapped_column(String(200), index=True)
    email: Mapped[str] = mapped_column(String(300))
    package: Mapped[str] = mapped_column(String(60))
    start: Mapped[datetime]
    end: Mapped[datetime | None] = mapped_column(nullable=True)


class FreeAccount(Base):
    """An email that already has an active free Webex account: provisioning it needs consent
    (202 ``pending_user_migration``)."""

    __tablename__ = "free_accounts"
    email: Mapped[str] = mapped_column(String(300), primary_key=True)


class BillingReport(Base):
    """A billing reconciliation report and, once completed, its CSV."""

    __tablename__ = "billing_reports"
    __table_args__ = (Index("ix_billing_reports_status", "status", "status_changed_at"),)
    id: Mapped[str] = mapped_column(String(200), primary_key=True)
    partner_id: Mapped[int] = mapped_column(ForeignKey("partners.id", ondelete="CASCADE"))
    sub_partner_org_id: Mapped[str | None] = mapped_column(String(200), nullable=True)
    type: Mapped[str] = mapped_column(String(20))
    billing_start_date: Mapped[date] = mapped_column(Date)
    billing_end_date: Mapped[date] = mapped_column(Date)
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20))
    outcome: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime]
    status_changed_at: Mapped[datetime]
    csv: Mapped[str | None] = mapped_column(Text, nullable=True)


class RequestLogEntry(Base):
    """One API call, for trainers (``GET /_sim/requests``)."""

    __tablename__ = "request_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime]
    method: Mapped[str] = mapped_column(String(10))
    path: Mapped[str] = mapped_column(String(500))
    query: Mapped[str] = mapped_column(String(1000))
    status: Mapped[int] = mapped_column(Integer)
    partner: Mapped[str | None] = mapped_column(String(200), nullable=True)
    tracking_id: Mapped[str] = mapped_column(String(80))
    duration_ms: Mapped[float] = mapped_column(Float)
    fault: Mapped[str | None] = mapped_column(String(200), nullable=True)


__all__ = [
    "MIGRATES_FROM",
    "SCHEMA_VERSION",
    "Base",
    "BillingReport",
    "Customer",
    "CustomerTemplate",
    "FaultCounter",
    "FreeAccount",
    "Location",
    "Organization",
    "PackageAssignment",
    "Partner",
    "RequestLogEntry",
    "SimState",
    "StatusChange",
    "SubPartner",
    "Subscriber",
    "Token",
    "TokenWindow",
    "UTCDateTime",
]
