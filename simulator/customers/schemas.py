"""Wire models of ``/v1/wholesale/customers``, named and shaped after the reference."""

from __future__ import annotations

from typing import Any

from pydantic import Field, StrictFloat

from simulator import ids
from simulator.db.tables import Customer
from simulator.lifecycle import CustomerStatus
from simulator.wire import CustomerPackage, WireModel


class Address(WireModel):
    """A billing or location address (``addressLine1``, ``city`` and ``country`` required)."""

    address_line1: str
    address_line2: str | None = None
    city: str
    state_or_province: str | None = None
    zip_or_postal_code: str | None = None
    country: str


class CustomerInfo(WireModel):
    """``customerInfo`` of a provisioning request."""

    name: str
    primary_email: str
    language: str | None = None


class CallingLocation(WireModel):
    """``provisioningParameters.calling.location``: the customer's first calling location."""

    name: str
    address: Address
    timezone: str
    language: str
    emergency_location_identifier: str | None = None


class CallingParameters(WireModel):
    """``provisioningParameters.calling``."""

    location: CallingLocation


class MeetingsParameters(WireModel):
    """``provisioningParameters.meetings``."""

    timezone: str | None = None


class PackageLimits(WireModel):
    """``provisioningParameters.packages``."""

    limits: dict[str, StrictFloat] | None = None


class ProvisioningParameters(WireModel):
    """``provisioningParameters`` of a customer request."""

    calling: CallingParameters | None = None
    meetings: MeetingsParameters | None = None
    packages: PackageLimits | None = None


class CustomerCreate(WireModel):
    """Body of *Provision a Wholesale Customer*."""

    provisioning_id: str
    packages: list[CustomerPackage]
    org_id: str | None = None
    external_id: str
    address: Address
    customer_info: CustomerInfo | None = None
    provisioning_parameters: ProvisioningParameters | None = None
    sub_partner_admin_email: str | None = None


class CustomerUpdate(WireModel):
    """Body of *Update a Wholesale Customer* (``packages`` is the complete new list)."""

    external_id: str | None = None
    packages: list[CustomerPackage]
    address: Address | None = None
    provisioning_parameters: ProvisioningParameters | None = None
    sub_partner_admin_email: str | None = None


class PrecheckCustomerInfo(WireModel):
    """``customerInfo`` of a precheck (only ``primaryEmail`` required)."""

    name: str | None = None
    primary_email: str


class CustomerPrecheck(WireModel):
    """Body of *Precheck a Wholesale Customer Provisioning* (only ``address`` required)."""

    provisioning_id: str | None = None
    packages: list[CustomerPackage] | None = None
    org_id: str | None = None
    external_id: str | None = None
    address: Address
    customer_info: PrecheckCustomerInfo | None = None
    provisioning_parameters: ProvisioningParameters | None = None


class WireError(WireModel):
    """The reference's ``Error``: ``errorCode`` and ``description``."""

    error_code: int
    description: str


class PackagePublic(WireModel):
    """One entry of ``resourceDetails.packages``."""

    name: str
    status: str
    warnings: list[WireError] | None = None
    errors: list[WireError] | None = None
    license_ids: list[str] | None = None


class ResourceDetails(WireModel):
    """``resourceDetails``."""

    packages: list[PackagePublic]


class AddressPublic(WireModel):
    """The reference's ``Address`` schema on responses."""

    address_line1: str | None = None
    address_line2: str | None = None
    city: str | None = None
    state_or_province: str | None = None
    zip_or_postal_code: str | None = None
    country: str | None = None


class CustomerPublic(WireModel):
    """A customer as the reference's ``Customer`` schema describes it. ``orgId`` is shown only
    while the status is ``provisioned`` (the reference: "Only presented when status is
    `provisioned`")."""

    id: str
    org_id: str | None = None
    external_id: str
    address: AddressPublic
    status: str
    packages: list[str]
    resource_details: ResourceDetails
    errors: list[WireError] | None = None

    @classmethod
    def of(cls, row: Customer, *, license_info: bool = False) -> CustomerPublic:
        """Serialise a stored customer."""
        return cls(
            id=row.id,
            org_id=row.org_id if row.status == CustomerStatus.PROVISIONED else None,
            external_id=row.external_id,
            address=AddressPublic.model_validate(row.address),
            status=row.status,
            packages=list(row.packages),
            resource_details=ResourceDetails(
                packages=[_package(row, p, license_info) for p in row.packages]
            ),
            errors=_errors(row),
        )


_PACKAGE_STATUS = {
    CustomerStatus.PROVISIONED: "provisioned",
    CustomerStatus.PROVISIONED_WITH_ERRORS: "provisioned",
    CustomerStatus.PROVISIONING: "provisioning",
    CustomerStatus.UPDATING: "provisioning",
    CustomerStatus.DELETING: "deleting",
    CustomerStatus.ERROR: "error",
    CustomerStatus.PENDING_RPL_REVIEW: "provisioning",
}
FAULT_ERROR_CODE = 7007
FAULT_DESCRIPTION = "Provisioning failed in the simulator (an injected fault); retry later."
MAINTENANCE_WARNING = WireError(
    error_code=2560,
    description="One or more Webex Calling services are unavailable due to maintenance, unable "
    "to start provisioning. Consult status.webex.com and retry later.",
)
"""The reference's example of a package that could not be provisioned
(``provisioned_with_errors``): the failure is a warning of that package."""


def _package(row: Customer, name: str, license_info: bool) -> PackagePublic:
    status = _PACKAGE_STATUS[CustomerStatus(row.status)]
    warnings = None
    if row.status == CustomerStatus.UPDATING and name in (row.provisioned_packages or ()):
        status = "provisioned"
    # provisioned_with_errors: the first package is the one that failed.
    if row.status == "provisioned_with_errors" and name == row.packages[0]:
        status = "error"
        warnings = [MAINTENANCE_WARNING]
    licenses = None
    if license_info and status == "provisioned":
        licenses = [ids.derived_id(ids.LICENSE, row.id, name)]
    return PackagePublic(name=name, status=status, warnings=warnings, license_ids=licenses)


def _errors(row: Customer) -> list[WireError] | None:
    if row.status != "error":
        return None
    return [WireError(error_code=FAULT_ERROR_CODE, description=FAULT_DESCRIPTION)]


class CustomerListResponse(WireModel):
    """``{"items": [...]}``."""

    items: list[CustomerPublic]


class PrecheckInfo(WireModel):
    """``info`` of a successful precheck."""

    info_code: int = 100
    description: str = "Provisioning preCheck validation successful."


class PrecheckResponse(WireModel):
    """The reference's ``…ProvisioningPrecheckResponse``."""

    message: str = "success"
    info: PrecheckInfo = Field(default_factory=PrecheckInfo)


def address_dict(address: Any) -> dict[str, Any]:
    """A stored (camelCase) form of a request address."""
    dumped: dict[str, Any] = address.model_dump(by_alias=True, exclude_none=True)
    return dumped
