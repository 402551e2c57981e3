"""What the API answers, as small typed records read from the JSON bodies.

Each record keeps the fields the toolkit uses as attributes and the whole body as ``raw`` so
a caller can compare or report any other field without a second request."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

CUSTOMER_TERMINAL = frozenset({"provisioned", "provisioned_with_errors", "error"})
"""Customer statuses after which polling stops (docs/design.md §7)."""


def _str(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    return None if value is None else str(value)


def _packages(body: dict[str, Any]) -> tuple[str, ...]:
    packages = body.get("packages")
    if isinstance(packages, list):
        return tuple(str(p) for p in packages)
    single = body.get("package")
    return (str(single),) if single else ()


@dataclass(frozen=True, slots=True)
class Customer:
    """A wholesale customer (``GET /v1/wholesale/customers/{id}``)."""

    id: str
    external_id: str | None
    org_id: str | None
    status: str
    packages: tuple[str, ...]
    raw: dict[str, Any] = field(compare=False, repr=False)

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> Customer:
        """Read a customer body."""
        return cls(
            id=str(body["id"]),
            external_id=_str(body, "externalId"),
            org_id=_str(body, "orgId"),
            status=str(body.get("status", "")),
            packages=_packages(body),
            raw=body,
        )

    @property
    def terminal(self) -> bool:
        """Whether provisioning has finished (successfully or not)."""
        return self.status in CUSTOMER_TERMINAL

    @property
    def errors(self) -> list[dict[str, Any]]:
        """Background provisioning errors the API reports on the customer."""
        found = self.raw.get("errors")
        return [e for e in found if isinstance(e, dict)] if isinstance(found, list) else []


@dataclass(frozen=True, slots=True)
class Location:
    """A location of a customer's organisation (``/v1/locations``)."""

    id: str
    name: str
    org_id: str | None
    raw: dict[str, Any] = field(compare=False, repr=False)

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> Location:
        """Read a location body."""
        return cls(
            id=str(body["id"]),
            name=str(body.get("name", "")),
            org_id=_str(body, "orgId"),
            raw=body,
        )


@dataclass(frozen=True, slots=True)
class Subscriber:
    """A wholesale subscriber (``/v1/wholesale/subscribers``)."""

    id: str
    email: str
    customer_id: str | None
    status: str
    packages: tuple[str, ...]
    raw: dict[str, Any] = field(compare=False, repr=False)

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> Subscriber:
        """Read a subscriber body."""
        return cls(
            id=str(body["id"]),
            email=str(body.get("email", "")),
            customer_id=_str(body, "customerId"),
            status=str(body.get("status", "")),
            packages=_packages(body),
            raw=body,
        )


@dataclass(frozen=True, slots=True)
class AssistRequest:
    """A Setup Assist request (``/v1/wholesale/setupAssist/requests``, docs/design.md §7.1)."""

    id: str
    customer_id: str
    location_id: str
    seats: int
    sku: str
    quantity: int
    status: str
    raw: dict[str, Any] = field(compare=False, repr=False)
    created: bool = field(default=False, compare=False)
    """True when this answer created the request (201), False for an existing one (200)."""

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> AssistRequest:
        """Read an assist request body."""
        return cls(
            id=str(body["id"]),
            customer_id=str(body.get("customerId", "")),
            location_id=str(body.get("locationId", "")),
            seats=int(body.get("seats") or 0),
            sku=str(body.get("sku", "")),
            quantity=int(body.get("quantity") or 0),
            status=str(body.get("status", "")),
            raw=body,
        )


@dataclass(frozen=True, slots=True)
class BillingReport:
    """A wholesale billing report (``/v1/wholesale/billing/reports``)."""

    id: str
    status: str
    temp_download_url: str | None
    raw: dict[str, Any] = field(compare=False, repr=False)

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> BillingReport:
        """Read a billing report body."""
        return cls(
            id=str(body["id"]),
            status=str(body.get("status", "")),
            temp_download_url=_str(body, "tempDownloadURL"),
            raw=body,
        )


@dataclass(frozen=True, slots=True)
class Precheck:
    """The answer of a provisioning precheck (``.../validate``)."""

    message: str
    info: tuple[dict[str, Any], ...]

    @classmethod
    def from_body(cls, body: Any) -> Precheck:
        """Read a precheck body."""
        if not isinstance(body, dict):
            return cls("", ())
        info = body.get("info")
        return cls(
            str(body.get("message", "")),
            tuple(i for i in info if isinstance(i, dict)) if isinstance(info, list) else (),
        )
