"""The refusals of subscriber provisioning that look beyond the request: a package over the
customer's ``provisioningParameters.packages.limits``, an email that is already a Webex
identity (of any partner: the answer never says whose), and a phone number or extension
another subscriber of the partner holds."""

from __future__ import annotations

from sqlalchemy import ColumnElement, exists, false, func, or_, select
from sqlalchemy.orm import Session

from simulator.db.tables import Customer, FreeAccount, Subscriber
from simulator.errors import SimulatorError, conflict


def email_taken() -> SimulatorError:
    """Webex's answer for an email that is already a user's, whoever's user it is (the
    partner holding it is not revealed)."""
    return SimulatorError("email-already-used", field="email")


def _identity_exists(email: str, itself: str | None) -> ColumnElement[bool]:
    return or_(
        exists().where(Subscriber.email == email, Subscriber.id != (itself or "")),
        exists().where(Customer.primary_email == email),
    )


def email_in_use(session: Session, email: str, itself: str | None = None) -> bool:
    """Whether ``email`` is already a Webex identity anywhere in the simulator: a subscriber
    (other than ``itself``) or a customer administrator (primary email) of any partner."""
    return bool(session.scalar(select(_identity_exists(email, itself))))


def email_standing(session: Session, email: str) -> tuple[bool, bool]:
    """For a new subscriber's ``email``, in one query: whether it is already in use (as
    :func:`email_in_use`), and whether it has a free Webex account (provisioning it then needs
    consent)."""
    in_use, free = session.execute(
        select(_identity_exists(email, None), exists().where(FreeAccount.email == email))
    ).one()
    return bool(in_use), bool(free)


def refuse_taken_numbers(
    session: Session,
    partner_id: int,
    phone: str | None,
    extension: str | None,
    location_id: str | None,
    itself: str | None = None,
) -> None:
    """Refuse a phone number, or an extension at a location, that another subscriber of the
    partner (other than ``itself``) already holds: one query of two indexed ``EXISTS`` probes
    (``ix_subscribers_phone``, ``ix_subscribers_extension``)."""
    if not phone and not (extension and location_id):
        return
    others = (Subscriber.partner_id == partner_id, Subscriber.id != (itself or ""))
    phone_held = exists().where(*others, Subscriber.phone_number == phone) if phone else false()
    extension_held = (
        exists().where(
            *others, Subscriber.location_id == location_id, Subscriber.extension == extension
        )
        if extension and location_id
        else false()
    )
    phone_taken, extension_taken = session.execute(select(phone_held, extension_held)).one()
    if phone_taken:
        raise conflict(f"phone number '{phone}' is already assigned to another subscriber")
    if extension_taken:
        raise conflict(f"extension '{extension}' is already used at this location")


def package_limit(customer: Customer, package: str) -> float | None:
    """The customer's ``provisioningParameters.packages.limits`` for ``package``, if any."""
    parameters = customer.provisioning_parameters or {}
    limit: float | None = (parameters.get("packages") or {}).get("limits", {}).get(package)
    return limit


def refuse_over_limit(session: Session, customer: Customer, package: str) -> None:
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


__all__ = [
    "email_in_use",
    "email_standing",
    "email_taken",
    "package_limit",
    "refuse_over_limit",
    "refuse_taken_numbers",
]
