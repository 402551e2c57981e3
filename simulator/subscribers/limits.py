"""The refusals of subscriber provisioning that look beyond the request: a package over the
customer's ``provisioningParameters.packages.limits``, an email that is already a Webex
identity (of any partner: the answer never says whose), and a phone number or extension
another subscriber of the partner holds."""

from __future__ import annotations

from sqlalchemy import BindParameter, bindparam, exists, func, or_, select
from sqlalchemy.orm import Session

from simulator.db.tables import Customer, FreeAccount, Subscriber
from simulator.errors import SimulatorError, conflict


def email_taken() -> SimulatorError:
    """Webex's answer for an email that is already a user's, whoever's user it is (the
    partner holding it is not revealed)."""
    return SimulatorError("email-already-used", field="email")


_EMAIL: BindParameter[str] = bindparam("email")
_IDENTITY_EXISTS = or_(
    exists().where(Subscriber.email == _EMAIL, Subscriber.id != bindparam("itself")),
    exists().where(Customer.primary_email == _EMAIL),
)
EMAIL_IN_USE = select(_IDENTITY_EXISTS)
EMAIL_STANDING = select(_IDENTITY_EXISTS, exists().where(FreeAccount.email == _EMAIL))
_OTHERS = (Subscriber.partner_id == bindparam("partner"), Subscriber.id != bindparam("itself"))
NUMBERS_HELD = select(
    exists().where(*_OTHERS, Subscriber.phone_number == bindparam("phone")),
    exists().where(
        *_OTHERS,
        Subscriber.location_id == bindparam("location"),
        Subscriber.extension == bindparam("extension"),
    ),
)
"""Both number probes in one query (``ix_subscribers_phone``, ``ix_subscribers_extension``); a
null parameter matches nothing, so a request without a phone number or extension skips that
probe."""
PACKAGE_COUNT = (
    select(func.count())
    .select_from(Subscriber)
    .where(
        Subscriber.customer_id == bindparam("customer"), Subscriber.package == bindparam("package")
    )
)
"""The statements of these checks run on every provisioning request, so they are built once
(building and keying a statement costs SQLAlchemy several times running it;
docs/PERFORMANCE.md)."""


def email_in_use(session: Session, email: str, itself: str | None = None) -> bool:
    """Whether ``email`` is already a Webex identity anywhere in the simulator: a subscriber
    (other than ``itself``) or a customer administrator (primary email) of any partner."""
    return bool(session.scalar(EMAIL_IN_USE, {"email": email, "itself": itself or ""}))


def email_standing(session: Session, email: str) -> tuple[bool, bool]:
    """For a new subscriber's ``email``, in one query: whether it is already in use (as
    :func:`email_in_use`), and whether it has a free Webex account (provisioning it then needs
    consent)."""
    in_use, free = session.execute(EMAIL_STANDING, {"email": email, "itself": ""}).one()
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
    partner (other than ``itself``) already holds (:data:`NUMBERS_HELD`)."""
    if not phone and not (extension and location_id):
        return
    wanted = {
        "partner": partner_id,
        "itself": itself or "",
        "phone": phone or None,
        "location": location_id if extension else None,
        "extension": extension if location_id else None,
    }
    phone_taken, extension_taken = session.execute(NUMBERS_HELD, wanted).one()
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
    count = session.scalar(PACKAGE_COUNT, {"customer": customer.id, "package": package})
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
    "EMAIL_IN_USE",
    "EMAIL_STANDING",
    "NUMBERS_HELD",
    "PACKAGE_COUNT",
    "email_in_use",
    "email_standing",
    "email_taken",
    "package_limit",
    "refuse_over_limit",
    "refuse_taken_numbers",
]
