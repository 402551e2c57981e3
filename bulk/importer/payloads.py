"""Request bodies built from workbook rows, their fingerprints, and "is the remote resource
already what the row asks for?" comparisons (for unchanged rows and safe reruns)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from bulk.importer.inputs import AssistInput, CustomerInput, LocationInput, SubscriberInput
from bulk.rules.packages import CALLING_PACKAGES


def _compact(values: dict[str, Any]) -> dict[str, Any]:
    """Drop keys whose value is ``None`` or empty, so absent cells are not sent."""
    return {k: v for k, v in values.items() if v not in (None, "", [], {})}


def fingerprint(body: Any) -> str:
    """A stable digest of a request body: a finished row whose digest changed is planned again."""
    text = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def needs_calling_location(customer: CustomerInput) -> bool:
    """Whether the customer has a calling package, so its first location is provisioned with
    it (``provisioningParameters.calling.location``)."""
    return any(p in CALLING_PACKAGES for p in customer.packages)


def customer_address(row: CustomerInput | LocationInput) -> dict[str, Any]:
    """The wholesale API's ``address`` object."""
    return _compact(
        {
            "addressLine1": row.address_line1,
            "addressLine2": row.address_line2,
            "city": row.city,
            "stateOrProvince": row.state,
            "zipOrPostalCode": row.postal_code,
            "country": row.country,
        }
    )


def calling_location(location: LocationInput) -> dict[str, Any]:
    """``provisioningParameters.calling.location`` from the customer's first location."""
    return _compact(
        {
            "name": location.name,
            "address": customer_address(location),
            "timezone": location.timezone,
            "language": location.language,
            "emergencyLocationIdentifier": location.emergency_location_id,
        }
    )


def customer_body(
    customer: CustomerInput,
    first_location: LocationInput | None,
    provisioning_id: str | None,
) -> dict[str, Any]:
    """Body of *Provision a Wholesale Customer* (``provisioning_id``: the partner's customer
    template, from the partner file or ``--provisioning-id``)."""
    info = _compact(
        {
            "name": customer.name,
            "primaryEmail": customer.primary_email,
            "language": customer.language,
        }
    )
    parameters: dict[str, Any] = {}
    if first_location is not None:
        parameters["calling"] = {"location": calling_location(first_location)}
        if "webex_meetings" in customer.packages or "webex_suite" in customer.packages:
            parameters["meetings"] = {"timezone": first_location.timezone}
    return _compact(
        {
            "provisioningId": provisioning_id,
            "externalId": customer.external_id,
            "orgId": customer.existing_org_id,
            "packages": list(customer.packages),
            "address": customer_address(customer),
            "customerInfo": info,
            "provisioningParameters": parameters,
        }
    )


def customer_update_body(customer: CustomerInput) -> dict[str, Any]:
    """Body of *Update a Wholesale Customer* (packages is the complete new list)."""
    return _compact(
        {
            "externalId": customer.external_id,
            "packages": list(customer.packages),
            "address": customer_address(customer),
        }
    )


def customer_differences(customer: CustomerInput, remote: dict[str, Any]) -> list[str]:
    """Fields where the remote customer differs from the row (only fields the API shows)."""
    found: list[str] = []
    if sorted(remote.get("packages") or []) != sorted(customer.packages):
        found.append("packages")
    remote_address = remote.get("address")
    if isinstance(remote_address, dict):
        for key, value in customer_address(customer).items():
            if str(remote_address.get(key) or "") != str(value):
                found.append(f"address.{key}")
    return found


def location_body(location: LocationInput) -> dict[str, Any]:
    """Body of *Create a Location* (Locations API field names; ``state`` and ``postalCode``
    are required there, so absent values are sent empty)."""
    address = {
        "address1": location.address_line1,
        "address2": location.address_line2,
        "city": location.city,
        "state": location.state or "",
        "postalCode": location.postal_code or "",
        "country": location.country,
    }
    if not location.address_line2:
        del address["address2"]
    return {
        "name": location.name,
        "timeZone": location.timezone,
        "preferredLanguage": location.language.lower(),
        "announcementLanguage": location.language.lower(),
        "address": address,
    }


def subscriber_body(
    subscriber: SubscriberInput, customer_id: str, location_id: str | None
) -> dict[str, Any]:
    """Body of *Provision a Wholesale Subscriber*."""
    return {
        "customerId": customer_id,
        "email": subscriber.email,
        "packages": [subscriber.package],
        "provisioningParameters": _subscriber_parameters(subscriber, location_id),
    }


def subscriber_update_body(subscriber: SubscriberInput, location_id: str | None) -> dict[str, Any]:
    """Body of *Update a Wholesale Subscriber*."""
    parameters = _subscriber_parameters(subscriber, location_id)
    parameters.pop("firstName", None)
    parameters.pop("lastName", None)
    return _compact({"packages": [subscriber.package], "provisioningParameters": parameters})


def _subscriber_parameters(subscriber: SubscriberInput, location_id: str | None) -> dict[str, Any]:
    return _compact(
        {
            "firstName": subscriber.first_name,
            "lastName": subscriber.last_name,
            "primaryPhoneNumber": subscriber.phone_number,
            "extension": subscriber.extension,
            "locationId": location_id,
        }
    )


def subscriber_differences(
    subscriber: SubscriberInput, location_id: str | None, remote: dict[str, Any]
) -> list[str]:
    """Fields where the remote subscriber differs from the row (only fields the API shows)."""
    found: list[str] = []
    packages = remote.get("packages") or ([remote["package"]] if remote.get("package") else [])
    if list(packages) != [subscriber.package]:
        found.append("packages")
    shown = remote.get("provisioningParameters")
    if isinstance(shown, dict):
        for key, value in _subscriber_parameters(subscriber, location_id).items():
            if key in shown and str(shown.get(key) or "") != str(value):
                found.append(key)
    return found


def assist_body(assist: AssistInput, customer_id: str, location_id: str) -> dict[str, Any]:
    """Body of ``POST /v1/wholesale/setupAssist/requests`` (docs/design.md §7.1)."""
    return {
        "customerId": customer_id,
        "locationId": location_id,
        "requestedCompletionDate": (
            assist.requested_completion_date.isoformat() if assist.requested_completion_date else ""
        ),
        "contact": _compact(
            {
                "name": assist.contact_name,
                "email": assist.contact_email,
                "phone": assist.contact_phone,
            }
        ),
        "channel": assist.channel or "api",
        "networkCheckDone": bool(assist.network_check_done),
        "notes": assist.notes or "",
    }


def row_fingerprint(row: object, fields: tuple[str, ...]) -> str:
    """The digest of a row's importable fields (independent of remote ids)."""
    return fingerprint({f: getattr(row, f, None) for f in fields})
