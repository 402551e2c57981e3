"""Two refusals of subscriber provisioning that look beyond the request: a package over the
customer's ``provisioningParameters.packages.limits``, and an email that is already a Webex
identity (of any partner: the answer never says whose)."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from simulator.db.tables import Customer, Subscriber
from simulator.errors import SimulatorError
from simulator.subscribers.provisioning import CustomerFacts


def email_taken() -> SimulatorError:
    """Webex's answer for an email that is already a user's, whoever's user it is (the
    partner holding it is not revealed)."""
    return SimulatorError("email-already-used", field="email")


def package_limit(customer: Customer | CustomerFacts, package: str) -> float | None:
    """The customer's ``provisioningParameters.packages.limits`` for ``package``, if any."""
    parameters = customer.provisioning_parameters or {}
    limit: float | None = (parameters.get("packages") or {}).get("limits", {}).get(package)
    return limit


def refuse_over_limit(session: Session, customer: Customer | CustomerFacts, package: str) -> None:
    """Refuse one more ``package`` subscriber beyond the customer's
    ``provisioningParameters.packages.limits``."""
    limit = package_limit(customer, package)
    if limit is None:
        return
    count = session.scalar(
        select(func.count())
        .select_from(Subscriber)
        .where(Subscriber.customer_id == customer.id, Subscriber.package == package)
    )
    if (count or 0) >= limit:
        raise SimulatorError(
            "package-limit-reached",
            field="packages",
            customer=customer.external_id,
            package=package,
            limit=int(limit),
            count=count,
        )
