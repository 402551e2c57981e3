"""Wire models of the control plane (docs/design.md §7.1 shapes)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import Field

from simulator.auth import Role
from simulator.settings import TransitionMode
from simulator.wire import WireModel


class ClockMove(WireModel):
    """``{"now": "2026-11-25T12:00:00Z"}`` or ``{"advance": "P6D"}``."""

    now: datetime | None = None
    advance: str | None = None


class ClockPublic(WireModel):
    """The simulator time and its offset from real time."""

    now: str
    offset_seconds: float


class Transitions(WireModel):
    """``{"mode": "immediate" | "clock" | "manual", "delaySeconds": 30}``."""

    mode: TransitionMode
    delay_seconds: float = Field(default=5.0, ge=0, le=366 * 86400)


ProvisioningId = Field(default=None, min_length=1, max_length=200)


class PartnerCreate(WireModel):
    """``{"name": "acme", "provisioningId"?}``: a given provisioning ID becomes one of the
    partner's customer templates (else a new partner gets a template with a fresh ID)."""

    name: str = Field(min_length=1, max_length=200)
    provisioning_id: str | None = ProvisioningId


class PartnerPublic(WireModel):
    """A partner and its customer templates' provisioning IDs."""

    id: int
    name: str
    org_id: str
    provisioning_ids: list[str]


class PartnerList(WireModel):
    """``{"items": [...]}``."""

    items: list[PartnerPublic]


class TokenCreate(WireModel):
    """Mint a token: the partner is created if new."""

    partner: str = Field(min_length=1, max_length=200)
    role: Role
    rate_limit_per_minute: int | None = Field(default=None, ge=1)
    provisioning_id: str | None = ProvisioningId


class TokenPublic(WireModel):
    """A minted token (shown once; only its hash is kept) and its partner's provisioning IDs."""

    token: str
    partner: str
    role: Role
    scopes: list[str]
    provisioning_ids: list[str]


class OrganizationCreate(WireModel):
    """``{"name": "Acme Trial"}``: a standalone Webex organization."""

    name: str = Field(min_length=1, max_length=300)


class OrganizationCreated(WireModel):
    """The new organization's id (give it as ``orgId`` to attach it to a new customer)."""

    org_id: str


class SubPartnerCreate(WireModel):
    """Add a sub-partner to a partner."""

    partner: str
    name: str
    provisioning_state: Literal["active", "suspended"] = "active"
    subscription_id: str | None = None


class SubPartnerCreated(WireModel):
    """The new sub-partner's org id."""

    org_id: str


class FreeAccounts(WireModel):
    """Emails that already have an active free Webex account."""

    emails: list[str]


class Advance(WireModel):
    """Move a pending resource on; ``status`` picks the end state (default: its planned one)."""

    status: str | None = None


class Review(WireModel):
    """Decide a customer held in ``pending_rpl_review``: ``approve`` provisions it, ``reject``
    ends it in ``error``."""

    decision: Literal["approve", "reject"]


class StatusPublic(WireModel):
    """A resource's status after a manual advance (``gone`` when a deletion completed)."""

    id: str
    status: str


class RequestLogItem(WireModel):
    """One logged API call."""

    at: str
    method: str
    path: str
    query: str
    status: int
    partner: str | None = None
    tracking_id: str
    duration_ms: float
    fault: str | None = None


class RequestLog(WireModel):
    """``{"items": [...]}``, newest first."""

    items: list[RequestLogItem]


class ScenarioLoaded(WireModel):
    """What a scenario seeded, and the tokens it minted (shown once)."""

    scenario: str
    partners: int
    customers: int
    subscribers: int
    tokens: dict[str, str]
