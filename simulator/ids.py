"""Resource ids shaped like the real ones: base64url (no padding) of
``ciscospark://us/<TYPE>/<uuid>``."""

from __future__ import annotations

import base64
import binascii
import uuid

CUSTOMER = "CUSTOMER"
ORGANIZATION = "ORGANIZATION"
SUBSCRIBER = "SUBSCRIBER"
PEOPLE = "PEOPLE"
LOCATION = "LOCATION"
BILLING_REPORT = "BILLING_REPORT"
LICENSE = "LICENSE"


def encode(kind: str, value: uuid.UUID | str) -> str:
    """The wire id of resource ``kind`` with identity ``value``."""
    raw = f"ciscospark://us/{kind}/{value}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def new_id(kind: str) -> str:
    """A fresh random wire id of resource ``kind``."""
    return encode(kind, uuid.uuid4())


def derived_id(kind: str, *parts: str) -> str:
    """A stable wire id derived from ``parts`` (the same parts always give the same id)."""
    return encode(kind, uuid.uuid5(uuid.NAMESPACE_URL, "/".join(parts)))


def decode(wire_id: str) -> tuple[str, str] | None:
    """``(kind, identity)`` of a wire id, or None when it is not one (padding is optional)."""
    padded = wire_id + "=" * (-len(wire_id) % 4)
    try:
        text = base64.b64decode(padded, altchars=b"-_", validate=True).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    prefix = "ciscospark://us/"
    if not text.startswith(prefix) or text.count("/") != 4:
        return None
    kind, _, identity = text[len(prefix) :].partition("/")
    return kind, identity
