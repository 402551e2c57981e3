"""Customer templates: each partner has one or more, each with its ``provisioningId`` (Partner
Hub shows it under Settings > Customer templates). *Provision a Wholesale Customer* must name one
of the partner's; a partner gets one template, "Standard", when it is created, and the control
plane (``/_sim/tokens``, ``/_sim/partners``, scenario packs) can add a template with a chosen ID.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from simulator.db.tables import CustomerTemplate

FIRST_TEMPLATE = "Standard"


def new_provisioning_id() -> str:
    """A fresh provisioning ID shaped like the reference's (base64 of a UUID, no padding)."""
    return base64.urlsafe_b64encode(str(uuid.uuid4()).encode()).decode().rstrip("=")


def provisioning_ids(session: Session, partner_id: int) -> list[str]:
    """The partner's provisioning IDs, oldest template first."""
    return list(
        session.scalars(
            select(CustomerTemplate.provisioning_id)
            .where(CustomerTemplate.partner_id == partner_id)
            .order_by(CustomerTemplate.id)
        )
    )


def add_templates(
    session: Session, partner_id: int, wanted: Sequence[str | None], now: datetime
) -> None:
    """Give the partner a template for each wanted provisioning ID it lacks (None: a fresh ID,
    only when the partner has no template yet)."""
    held = provisioning_ids(session, partner_id)
    for provisioning_id in wanted:
        if provisioning_id is None and held:
            continue
        if provisioning_id in held:
            continue
        chosen = provisioning_id or new_provisioning_id()
        name = FIRST_TEMPLATE if not held else f"Template {len(held) + 1}"
        session.add(
            CustomerTemplate(
                partner_id=partner_id, name=name, provisioning_id=chosen, created_at=now
            )
        )
        held.append(chosen)
    session.flush()


__all__ = ["FIRST_TEMPLATE", "add_templates", "new_provisioning_id", "provisioning_ids"]
