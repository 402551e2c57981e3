"""Who is looking at the dashboard, and what they may see and do.

* A **partner** user logs in with a partner token: they see that partner's pages (as its role's
  read scopes allow) and use its forms (as its write scopes allow). Another partner's pages
  answer 404, as the API does.
* The **trainer** logs in with the admin token: every partner's pages (read only) and the
  trainer controls. One browser may hold both logins.
* Nobody logged in gets 401 (``dashboard-login-required``) with the login forms.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request
from sqlalchemy import select

from simulator.auth import Principal, Role, Scope, admin_person_id, hash_token
from simulator.control.models import is_admin
from simulator.db.tables import Partner, Token
from simulator.errors import SimulatorError, not_found
from simulator.runtime import Runtime, runtime_of
from simulator.ui.session import DashboardSession


class DashboardRefusal(Exception):
    """A page or form refused with a catalogue code; rendered as an HTML page."""

    def __init__(self, error: SimulatorError, *, login: bool = False) -> None:
        super().__init__(error.violation.message)
        self.error = error
        self.login = login


@dataclass(frozen=True, slots=True)
class Visit:
    """One request to the dashboard: the runtime, the session and the partner logged in."""

    request: Request
    runtime: Runtime
    session: DashboardSession
    partner: Principal | None

    @property
    def admin(self) -> bool:
        """Whether the trainer is logged in."""
        return self.session.admin

    @property
    def anonymous(self) -> bool:
        """Whether nobody is logged in."""
        return self.partner is None and not self.admin

    def may(self, partner_id: int, scope: str) -> bool:
        """Whether the partner user may act for ``partner_id`` with ``scope`` (a
        :class:`Scope` name such as ``CUSTOMERS_WRITE``): which form links a page offers."""
        return (
            self.partner is not None
            and self.partner.partner_id == partner_id
            and Scope[scope] in self.partner.scopes
        )


def visit_of(request: Request) -> Visit:
    """The visit behind ``request`` (a FastAPI dependency): who the signed session cookie says
    is logged in; a partner login whose token is gone (a reset, another scenario) is dropped."""
    runtime = runtime_of(request)
    session = DashboardSession.of(request)
    partner = None
    if session.partner_token is not None:
        partner = principal_by_hash(runtime, session.partner_token)
        if partner is None:
            session = session.without_partner()
            session.keep(request)
    return Visit(request, runtime, session, partner)


def principal_by_hash(runtime: Runtime, token_hash: str) -> Principal | None:
    """The partner and role of the token with ``token_hash``, if it still exists."""
    with runtime.store.read() as session:
        row = session.execute(
            select(Token, Partner)
            .join(Partner, Partner.id == Token.partner_id)
            .where(Token.token_hash == token_hash)
        ).first()
    if row is None:
        return None
    token, partner = row
    person = admin_person_id(token_hash)
    return Principal(partner.id, partner.name, partner.org_id, Role(token.role), person)


def token_hash_of(runtime: Runtime, token: str) -> str | None:
    """The hash of a partner token that exists, or None."""
    digest = hash_token(token.strip())
    return digest if principal_by_hash(runtime, digest) is not None else None


def admin_token_matches(runtime: Runtime, token: str) -> bool:
    """Whether ``token`` is the simulator's admin token."""
    return is_admin(runtime, token.strip())


def login_required(credential: str, action: str) -> DashboardRefusal:
    """401 ``dashboard-login-required`` with the login forms."""
    error = SimulatorError("dashboard-login-required", credential=credential, action=action)
    return DashboardRefusal(error, login=True)


def require_admin(visit: Visit) -> None:
    """Refuse (401) unless the trainer is logged in."""
    if not visit.admin:
        raise login_required("the admin token", "use the trainer controls")


def viewed_partner(visit: Visit, partner_id: int, scope: Scope | None = None) -> Principal:
    """The partner whose pages are shown: the trainer sees any (read only), a partner user its
    own (as far as its role reads ``scope``); anyone else is refused."""
    if visit.partner is not None and visit.partner.partner_id == partner_id:
        _demand(visit.partner, scope)
        return visit.partner
    if visit.admin:
        return _trainer_view(visit.runtime, partner_id)
    if visit.partner is None:
        raise login_required("a partner token or the admin token", "see this partner's pages")
    raise DashboardRefusal(not_found("Partner", str(partner_id)))


def acting_partner(visit: Visit, partner_id: int, scope: Scope) -> Principal:
    """The partner a form acts for: only a partner user may act, on its own partner, with a
    role holding ``scope`` (the trainer alone is refused: forms are the partner's path)."""
    if visit.partner is None:
        raise login_required("a partner token", "use this partner's forms")
    if visit.partner.partner_id != partner_id:
        raise DashboardRefusal(not_found("Partner", str(partner_id)))
    _demand(visit.partner, scope)
    return visit.partner


def _demand(principal: Principal, scope: Scope | None) -> None:
    if scope is not None and scope not in principal.scopes:
        error = SimulatorError("api-forbidden", role=principal.role.value, scope=scope.value)
        raise DashboardRefusal(error)


def _trainer_view(runtime: Runtime, partner_id: int) -> Principal:
    with runtime.store.read() as session:
        partner = session.get(Partner, partner_id)
    if partner is None:
        raise DashboardRefusal(not_found("Partner", str(partner_id)))
    return Principal(partner.id, partner.name, partner.org_id, Role.READ_ONLY_ADMIN, partner.org_id)


__all__ = [
    "DashboardRefusal",
    "Visit",
    "acting_partner",
    "admin_token_matches",
    "login_required",
    "principal_by_hash",
    "require_admin",
    "token_hash_of",
    "viewed_partner",
    "visit_of",
]
