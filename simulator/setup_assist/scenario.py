"""Setup Assist in scenario packs: a partner's discount, its A-Wholesale order and readiness.

In a pack (TOML)::

    [[partners]]
    name = "acme"
    [partners.setupAssist]
    discount = "0.30"                    # off list prices; default 0
    orderNumber = "CCW-0001"             # A-Wholesale ordered (omit: not entitled)
    readiness = { pstnConnectivity = true, hostingRequirements = true, ossBss = true }
"""

from __future__ import annotations

from pydantic import Field

from simulator.control.models import ensure_partner
from simulator.runtime import Runtime
from simulator.setup_assist.models import partner_terms
from simulator.setup_assist.schemas import AssistTerms, ReadinessBody
from simulator.setup_assist.tables import AssistEntitlement


class ScenarioSetupAssist(AssistTerms):
    """A partner's Setup Assist state in a scenario pack."""

    discount: str = "0"
    order_number: str | None = Field(default=None, min_length=1, max_length=200)
    readiness: ReadinessBody | None = None


def seed_setup_assist(runtime: Runtime, partner: str, spec: ScenarioSetupAssist) -> None:
    """Give ``partner`` (created if new) the terms, order and readiness of ``spec``."""
    with runtime.store.transaction() as session:
        now = runtime.clock.now(runtime.store.state(session))
        owner = ensure_partner(session, partner, now)
        terms = partner_terms(session, owner.id, now)
        terms.discount = spec.discount
        if spec.readiness is not None:
            terms.pstn_connectivity = spec.readiness.pstn_connectivity
            terms.hosting_requirements = spec.readiness.hosting_requirements
            terms.oss_bss = spec.readiness.oss_bss
        if spec.order_number and session.get(AssistEntitlement, owner.id) is None:
            session.add(
                AssistEntitlement(
                    partner_id=owner.id,
                    sku="A-Wholesale",
                    quantity=1,
                    order_number=spec.order_number,
                    ordered_at=now,
                )
            )


__all__ = ["ScenarioSetupAssist", "seed_setup_assist"]
