"""Partner bearer tokens, roles and Webex-style scopes.

A token belongs to one partner and one role; a role grants scopes; an operation needs one scope.
No token or an unknown one → 401; a role without the scope → 403; another partner's resource →
404 (the backends filter every query by partner, so it is never seen). Only SHA-256 hashes of
tokens are stored.

Role matrix (also in docs/simulator.md):

=============================================  ==========  ==================  ===============
scope                                          full_admin  provisioning_admin  read_only_admin
=============================================  ==========  ==================  ===============
spark-admin:wholesale_customers_read           yes         yes                 yes
spark-admin:wholesale_customers_write          yes         yes                 no
spark-admin:wholesale_subscribers_read         yes         yes                 yes
spark-admin:wholesale_subscribers_write        yes         yes                 no
spark-admin:wholesale_billing_reports_read     yes         no                  yes
spark-admin:wholesale_billing_reports_write    yes         no                  no
spark-admin:wholesale_sub_partners_read        yes         yes                 yes
spark-admin:locations_read                     yes         yes                 yes
spark-admin:locations_write                    yes         yes                 no
spark-admin:wholesale_setup_assist_read        yes         yes                 yes
spark-admin:wholesale_setup_assist_write       yes         yes                 no
=============================================  ==========  ==================  ===============
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

import anyio
from fastapi import Request
from fastapi.security import HTTPBearer
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from simulator import ids
from simulator.db.tables import Partner, Token, TokenWindow
from simulator.errors import SimulatorError
from simulator.runtime import Runtime, runtime_of


class Scope(StrEnum):
    """Webex-style OAuth scopes the simulated operations need."""

    CUSTOMERS_READ = "spark-admin:wholesale_customers_read"
    CUSTOMERS_WRITE = "spark-admin:wholesale_customers_write"
    SUBSCRIBERS_READ = "spark-admin:wholesale_subscribers_read"
    SUBSCRIBERS_WRITE = "spark-admin:wholesale_subscribers_write"
    BILLING_READ = "spark-admin:wholesale_billing_reports_read"
    BILLING_WRITE = "spark-admin:wholesale_billing_reports_write"
    SUB_PARTNERS_READ = "spark-admin:wholesale_sub_partners_read"
    LOCATIONS_READ = "spark-admin:locations_read"
    LOCATIONS_WRITE = "spark-admin:locations_write"
    SETUP_ASSIST_READ = "spark-admin:wholesale_setup_assist_read"
    SETUP_ASSIST_WRITE = "spark-admin:wholesale_setup_assist_write"


class Role(StrEnum):
    """The three partner administrator roles (docs/design.md §7.1)."""

    FULL_ADMIN = "full_admin"
    PROVISIONING_ADMIN = "provisioning_admin"
    READ_ONLY_ADMIN = "read_only_admin"


_READS = frozenset(s for s in Scope if s.value.endswith("_read"))
_BILLING = frozenset({Scope.BILLING_READ, Scope.BILLING_WRITE})

ROLE_SCOPES: dict[Role, frozenset[Scope]] = {
    Role.FULL_ADMIN: frozenset(Scope),
    Role.PROVISIONING_ADMIN: frozenset(Scope) - _BILLING,
    Role.READ_ONLY_ADMIN: _READS,
}
"""Which scopes each role grants."""


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: a partner acting through a token of one role."""

    partner_id: int
    partner_name: str
    partner_org_id: str
    role: Role
    person_id: str

    @property
    def scopes(self) -> frozenset[Scope]:
        """The scopes this caller's role grants."""
        return ROLE_SCOPES[self.role]


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> str:
    """A fresh random partner token."""
    return "rtm_" + secrets.token_urlsafe(32)


def mint_token(
    session: Session, partner: Partner, role: Role, now: datetime, rate_limit: int | None = None
) -> str:
    """Create a token for ``partner`` with ``role``; returns the token (stored hashed)."""
    token = new_token()
    session.add(
        Token(
            token_hash=hash_token(token),
            partner_id=partner.id,
            role=role.value,
            created_at=now,
            rate_limit_per_minute=rate_limit,
        )
    )
    return token


def bearer_token(headers: Mapping[str, str]) -> str | None:
    """The bearer token of a request with ``headers``, if it carries one."""
    header = headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def _unauthorized() -> SimulatorError:
    return SimulatorError("api-unauthorized", headers={"WWW-Authenticate": "Bearer"})


@dataclass(frozen=True, slots=True)
class AuthLookup:
    """What a bearer token resolved to: its principal, or why it is refused."""

    token: str | None
    principal: Principal | None
    refusal: SimulatorError | None = None


TOKEN_OWNER = (
    select(Partner.id, Partner.name, Partner.org_id, Token.role, Token.rate_limit_per_minute)
    .join(Partner, Partner.id == Token.partner_id)
    .where(Token.token_hash == bindparam("digest"))
)
"""The partner and role behind a token's hash: every API call runs it, so it is built once."""


def look_up(runtime: Runtime, token: str | None, session: Session | None = None) -> AuthLookup:
    """Resolve ``token`` (counting it against its rate limit, if it has one), reading in
    ``session`` when given. Never raises, so the middleware can resolve tokens before the route
    runs and hand the result over."""
    if token is None:
        return AuthLookup(None, None, _unauthorized())
    digest = hash_token(token)
    if session is None:
        with runtime.store.read() as reading:
            row = reading.execute(TOKEN_OWNER, {"digest": digest}).first()
    else:
        row = session.execute(TOKEN_OWNER, {"digest": digest}).first()
    if row is None:
        return AuthLookup(token, None, _unauthorized())
    partner_id, partner_name, org_id, role, rate_limit = row
    principal = Principal(
        partner_id=partner_id,
        partner_name=partner_name,
        partner_org_id=org_id,
        role=Role(role),
        person_id=admin_person_id(digest),
    )
    if rate_limit:
        try:
            with runtime.store.transaction() as writing:
                _count_request(writing, digest, rate_limit)
        except SimulatorError as refusal:
            return AuthLookup(token, principal, refusal)
    return AuthLookup(token, principal)


def admin_person_id(token_hash: str) -> str:
    """The person id of the administrator a token stands for (stable for the token), as
    ``createdBy`` and the like show it."""
    return ids.derived_id(ids.PEOPLE, "admin", token_hash)


def authenticate(runtime: Runtime, token: str | None) -> Principal:
    """The principal behind ``token``, or 401/429."""
    lookup = look_up(runtime, token)
    if lookup.refusal is not None:
        raise lookup.refusal
    assert lookup.principal is not None
    return lookup.principal


def _count_request(session: Session, token_hash: str, limit: int) -> None:
    """Per-token rate limit on real (not simulator) minutes: 429 + Retry-After past the limit."""
    now = datetime.now(UTC).timestamp()
    window = int(now // 60)
    counter = session.get(TokenWindow, (token_hash, window))
    if counter is None:
        counter = TokenWindow(token_hash=token_hash, window=window, count=0)
        session.add(counter)
    if counter.count >= limit:
        retry_after = max(1, int((window + 1) * 60 - now))
        raise SimulatorError(
            "api-rate-limited", headers={"Retry-After": str(retry_after)}, retry_after=retry_after
        )
    counter.count += 1


class PartnerBearer(HTTPBearer):
    """The FastAPI dependency of a partner API operation: the authenticated caller, who must hold
    ``scope``. It is itself the bearer security scheme (so the OpenAPI description shows it), and
    takes the middleware's lookup of the token rather than a credentials model of its own: one
    dependency per call instead of three nested ones (the simulator benchmark measured them)."""

    def __init__(self, scope: Scope) -> None:
        super().__init__(
            auto_error=False,
            scheme_name="HTTPBearer",
            description="A partner token (`rtm sim token`).",
        )
        self.scope = scope

    async def __call__(self, request: Request) -> Principal:  # type: ignore[override]
        """The caller behind the request's bearer token, or 401/403/429."""
        token = bearer_token(request.headers)
        stashed = getattr(request.state, "auth", None)
        lookup: AuthLookup
        if isinstance(stashed, AuthLookup) and stashed.token == token:
            lookup = stashed
        else:
            lookup = await anyio.to_thread.run_sync(look_up, runtime_of(request), token)
        if lookup.refusal is not None:
            raise lookup.refusal
        principal = lookup.principal
        assert principal is not None
        request.state.partner = principal.partner_name
        if self.scope not in principal.scopes:
            raise SimulatorError("api-forbidden", role=principal.role.value, scope=self.scope.value)
        return principal


def require(scope: Scope) -> PartnerBearer:
    """A FastAPI dependency: the authenticated caller, who must hold ``scope``."""
    return PartnerBearer(scope)


def same_secret(given: str, expected: str) -> bool:
    """Constant-time comparison of two secrets."""
    return hmac.compare_digest(given.encode(), expected.encode())


__all__ = [
    "ROLE_SCOPES",
    "TOKEN_OWNER",
    "AuthLookup",
    "PartnerBearer",
    "Principal",
    "Role",
    "Scope",
    "admin_person_id",
    "authenticate",
    "bearer_token",
    "hash_token",
    "look_up",
    "mint_token",
    "new_token",
    "require",
    "same_secret",
]
