"""The sub-partners backend, and the check every ``onBehalfOfSubPartnerOrgId`` goes through."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from simulator.auth import Principal
from simulator.db.tables import SubPartner
from simulator.errors import conflict, invalid, not_found
from simulator.paging import Page, Window
from simulator.runtime import Runtime

PROVISIONING_STATES = ("active", "suspended")


def acting_sub_partner(
    session: Session, principal: Principal, org_id: str | None, *, changing: bool
) -> str | None:
    """The sub-partner org a request acts for (None = the partner itself). Another partner's or
    an unknown sub-partner answers 404; a suspended one may read and delete but not change.
    ``session`` is the request's transaction."""
    if not org_id:
        return None
    found = session.get(SubPartner, org_id)
    if found is None or found.partner_id != principal.partner_id:
        raise not_found("Sub-partner", org_id)
    if changing and found.provisioning_state == "suspended":
        raise conflict(f"sub-partner {org_id} is suspended: it cannot provision or update")
    return org_id


class SubPartnersBackend:
    """``/v1/wholesale/subPartners`` for one partner."""

    def __init__(self, runtime: Runtime, principal: Principal) -> None:
        self.runtime = runtime
        self.principal = principal

    def list(self, provisioning_state: str | None, window: Window) -> Page[SubPartner]:
        """The partner's sub-partners, optionally in one provisioning state."""
        if provisioning_state and provisioning_state not in PROVISIONING_STATES:
            raise invalid(
                f"provisioningState must be one of {', '.join(PROVISIONING_STATES)}",
                "provisioningState",
            )
        query = select(SubPartner).where(SubPartner.partner_id == self.principal.partner_id)
        if provisioning_state:
            query = query.where(SubPartner.provisioning_state == provisioning_state)
        with self.runtime.store.transaction() as session:
            total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
            rows = session.scalars(
                query.order_by(SubPartner.created_at, SubPartner.org_id)
                .offset(window.offset)
                .limit(window.limit)
            ).all()
        return Page(rows, window, total)


__all__ = [
    "PROVISIONING_STATES",
    "SubPartnersBackend",
    "acting_sub_partner",
]
