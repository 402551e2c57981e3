"""Wire models of ``/v1/wholesale/subPartners``."""

from __future__ import annotations

from simulator.db.tables import SubPartner
from simulator.wire import WireModel, timestamp


class SubPartnerPublic(WireModel):
    """A sub-partner as the reference's ``SubPartner`` schema describes it."""

    org_id: str
    subscription_id: str
    provisioning_state: str
    created: str
    billing_start_date: str

    @classmethod
    def of(cls, row: SubPartner) -> SubPartnerPublic:
        """Serialise a stored sub-partner."""
        return cls(
            org_id=row.org_id,
            subscription_id=row.subscription_id,
            provisioning_state=row.provisioning_state,
            created=timestamp(row.created_at),
            billing_start_date=timestamp(row.billing_start_date),
        )


class SubPartnersListResponse(WireModel):
    """``{"items": [...]}`` (the reference's schema; its example says ``subPartners``)."""

    items: list[SubPartnerPublic]
