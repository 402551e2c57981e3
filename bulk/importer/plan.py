"""The import plan: the workbook's rows grouped per customer, in dependency order, each with the
stable journal key it is remembered by.

Per customer: the customer (its first calling location goes inside
``provisioningParameters.calling.location``) → its other locations → its subscribers (each
needing only its own location) → its Setup Assist requests (needing every subscriber at their
location, since seats are counted from them). Customers are independent of each other.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass, field

from bulk.importer.inputs import (
    AssistInput,
    CustomerInput,
    LocationInput,
    SubscriberInput,
    WorkbookInput,
)
from bulk.importer.journal import PlannedOperation
from bulk.importer.payloads import needs_calling_location, row_fingerprint
from bulk.schema import CUSTOMERS, LOCATIONS, SETUP_ASSIST, SUBSCRIBERS

CUSTOMER_FIELDS = tuple(c.key for c in CUSTOMERS.columns)
LOCATION_FIELDS = tuple(c.key for c in LOCATIONS.columns)
SUBSCRIBER_FIELDS = tuple(c.key for c in SUBSCRIBERS.columns)
ASSIST_FIELDS = tuple(c.key for c in SETUP_ASSIST.columns)


def customer_key(external_id: str) -> str:
    """Journal key of a customer."""
    return "customer:" + json.dumps(external_id, ensure_ascii=False)


def location_key(external_id: str, name: str) -> str:
    """Journal key of a location (its name within its customer)."""
    return "location:" + json.dumps([external_id, name], ensure_ascii=False)


def subscriber_key(email: str) -> str:
    """Journal key of a subscriber (emails are unique case-insensitively)."""
    return "subscriber:" + json.dumps(email.casefold(), ensure_ascii=False)


def assist_key(external_id: str, location_name: str) -> str:
    """Journal key of a Setup Assist request (one per customer location)."""
    return "assist:" + json.dumps([external_id, location_name], ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class LocationStep:
    """A location to ensure; ``via_customer`` when it is provisioned with its customer."""

    row: LocationInput
    key: str
    via_customer: bool


@dataclass(frozen=True, slots=True)
class SubscriberStep:
    """A subscriber to create, update or delete."""

    row: SubscriberInput
    key: str


@dataclass(frozen=True, slots=True)
class AssistStep:
    """A Setup Assist request to submit."""

    row: AssistInput
    key: str


@dataclass(slots=True)
class CustomerPlan:
    """Everything to do for one customer, in order."""

    row: CustomerInput
    key: str
    first_location: LocationInput | None = None
    locations: list[LocationStep] = field(default_factory=list)
    subscribers: list[SubscriberStep] = field(default_factory=list)
    assists: list[AssistStep] = field(default_factory=list)

    @property
    def external_id(self) -> str:
        """The customer's External ID."""
        return self.row.external_id


@dataclass(slots=True)
class ImportPlan:
    """The whole plan: one :class:`CustomerPlan` per Customers row, in sheet order."""

    customers: list[CustomerPlan]

    def operations(self) -> list[PlannedOperation]:
        """Every operation the journal should know about."""
        found: list[PlannedOperation] = []
        for plan in self.customers:
            found.append(_customer_op(plan))
            found += [_location_op(plan, step) for step in plan.locations]
            found += [_subscriber_op(step) for step in plan.subscribers]
            found += [_assist_op(step) for step in plan.assists]
        return found

    def sizes(self) -> dict[str, int]:
        """How many operations of each kind."""
        return {
            "customers": len(self.customers),
            "locations": sum(len(p.locations) for p in self.customers),
            "subscribers": sum(len(p.subscribers) for p in self.customers),
            "setup assist": sum(len(p.assists) for p in self.customers),
        }


def build_plan(workbook: WorkbookInput) -> ImportPlan:
    """Group a validated workbook's rows per customer. Rows naming a customer that is not on
    the Customers sheet cannot occur in a valid workbook and are left out."""
    plans = {
        c.external_id: CustomerPlan(c, customer_key(c.external_id)) for c in workbook.customers
    }
    by_customer: dict[str, list[LocationInput]] = defaultdict(list)
    for location in workbook.locations:
        by_customer[location.customer_external_id].append(location)
    for external_id, plan in plans.items():
        _place_locations(plan, by_customer.get(external_id, []))
    for subscriber in workbook.subscribers:
        if subscriber.customer_external_id in plans:
            plans[subscriber.customer_external_id].subscribers.append(
                SubscriberStep(subscriber, subscriber_key(subscriber.email))
            )
    for assist in workbook.assists:
        if assist.customer_external_id in plans:
            plans[assist.customer_external_id].assists.append(
                AssistStep(assist, assist_key(assist.customer_external_id, assist.location_name))
            )
    return ImportPlan(list(plans.values()))


def _place_locations(plan: CustomerPlan, locations: list[LocationInput]) -> None:
    """The first location of a new customer with a calling package goes with the customer."""
    creating = plan.row.action == "create"
    for index, location in enumerate(locations):
        via = creating and index == 0 and needs_calling_location(plan.row)
        if via:
            plan.first_location = location
        key = location_key(plan.external_id, location.name)
        plan.locations.append(LocationStep(location, key, via))


def _customer_op(plan: CustomerPlan) -> PlannedOperation:
    row = plan.row
    return PlannedOperation(
        plan.key,
        "customer",
        row.action,
        CUSTOMERS.name,
        row.row,
        row_fingerprint(row, CUSTOMER_FIELDS),
        customer_external_id=row.external_id,
    )


def _location_op(plan: CustomerPlan, step: LocationStep) -> PlannedOperation:
    row = step.row
    return PlannedOperation(
        step.key,
        "location",
        "create",
        LOCATIONS.name,
        row.row,
        row_fingerprint(row, LOCATION_FIELDS),
        customer_external_id=plan.external_id,
        location_name=row.name,
    )


def _subscriber_op(step: SubscriberStep) -> PlannedOperation:
    row = step.row
    return PlannedOperation(
        step.key,
        "subscriber",
        row.action,
        SUBSCRIBERS.name,
        row.row,
        row_fingerprint(row, SUBSCRIBER_FIELDS),
        customer_external_id=row.customer_external_id,
        location_name=row.location_name,
        email=row.email,
    )


def _assist_op(step: AssistStep) -> PlannedOperation:
    row = step.row
    return PlannedOperation(
        step.key,
        "assist",
        "create",
        SETUP_ASSIST.name,
        row.row,
        row_fingerprint(row, ASSIST_FIELDS),
        customer_external_id=row.customer_external_id,
        location_name=row.location_name,
    )
