"""Scenario packs: named seeds in ``fixtures/scenarios/<name>.toml`` (or ``.json``).

A pack is read into :class:`Scenario` and played through the same backends the API uses, so
seeded data obeys every rule. Format (TOML shown; JSON has the same keys)::

    description = "One partner, one provisioned customer with two subscribers"
    freeAccounts = ["moved.user@example.com"]        # emails with a free Webex account
    [clock]
    now = "2026-11-02T09:00:00Z"                     # optional
    [transitions]
    mode = "immediate"                               # optional
    delaySeconds = 5
    [[partners]]
    name = "acme"
    provisioningIds = ["ZjViMzYx..."]                # customer templates (a fresh one if absent)
    tokens = [{ role = "full_admin", token = "acme-admin" }]   # token optional (random if absent)
    [partners.setupAssist]                           # discount, A-Wholesale order, readiness
    discount = "0.30"                                # (simulator/setup_assist/scenario.py)
    [[partners.subPartners]]
    name = "Acme East"
    provisioningState = "active"
    [[partners.customers]]                           # the body of Provision a Wholesale Customer
    status = "provisioned"                           # or "provisioning" (left pending)
    provisioningId = "..."
    externalId = "..."
    packages = ["webex_calling"]
    ...
    [[partners.customers.subscribers]]               # Provision a Wholesale Subscriber, minus
    email = "..."                                    # customerId; locationName picks a location
    packages = ["webex_calling"]                     # of the customer by name
    locationName = "Head Office"
    provisioningParameters = { firstName = "...", lastName = "...", extension = "1001" }

Later statuses, dated history, more locations, Setup Assist requests, billing reports and faults:
see :mod:`simulator.control.scenario_steps`.
"""

from __future__ import annotations

import json
import re
import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, ValidationError
from sqlalchemy import select

from simulator import ids
from simulator.auth import Principal, Role, hash_token
from simulator.billing.schemas import ReportCreate
from simulator.control import scenario_steps as steps
from simulator.control.models import ControlBackend, ensure_partner
from simulator.customers import models as customers
from simulator.customers.models import CustomersBackend
from simulator.customers.schemas import CustomerCreate
from simulator.db.tables import Customer, Location, Token
from simulator.errors import SimulatorError, invalid, not_found
from simulator.faults import FaultPlan
from simulator.runtime import Runtime
from simulator.settings import TransitionMode
from simulator.setup_assist.scenario import ScenarioSetupAssist, seed_setup_assist
from simulator.subscribers.models import SubscribersBackend
from simulator.subscribers.schemas import SubscriberCreate, SubscriberParameters
from simulator.wire import SubscriberPackage, WireModel

NAME = re.compile(r"^[A-Za-z0-9_-]{1,80}$")


class ScenarioToken(WireModel):
    """A token to mint; a fixed ``token`` value lets trainers hand it out in advance."""

    role: Role
    token: str | None = Field(default=None, min_length=8)


class ScenarioSubPartner(WireModel):
    """A sub-partner of the partner."""

    name: str
    provisioning_state: Literal["active", "suspended"] = "active"


class ScenarioSubscriber(steps.SubscriberHistory):
    """A subscriber of the customer it is nested in."""

    email: str
    package: SubscriberPackage | None = None
    packages: list[SubscriberPackage] | None = None
    location_name: str | None = None
    provisioning_parameters: SubscriberParameters = Field(default_factory=SubscriberParameters)


class ScenarioCustomer(CustomerCreate, steps.CustomerSteps):
    """A customer: the provisioning body, the status to leave it in, its subscribers."""

    status: steps.CustomerStatus = "provisioned"
    subscribers: list[ScenarioSubscriber] = Field(default_factory=list)


class ScenarioPartner(WireModel):
    """A partner and everything it owns."""

    name: str
    provisioning_ids: list[str] = Field(default_factory=list)
    """Provisioning IDs of the partner's customer templates (a fresh one when empty)."""
    tokens: list[ScenarioToken] = Field(default_factory=list)
    sub_partners: list[ScenarioSubPartner] = Field(default_factory=list)
    customers: list[ScenarioCustomer] = Field(default_factory=list)
    setup_assist: ScenarioSetupAssist | None = None
    billing_reports: list[ReportCreate] = Field(default_factory=list)


class ScenarioClock(WireModel):
    """Where to set the clock."""

    now: datetime


class ScenarioTransitions(WireModel):
    """Transition mode to set."""

    mode: TransitionMode
    delay_seconds: float = 5.0


class Scenario(WireModel):
    """A whole pack."""

    description: str = ""
    free_accounts: list[str] = Field(default_factory=list)
    clock: ScenarioClock | None = None
    transitions: ScenarioTransitions | None = None
    partners: list[ScenarioPartner] = Field(default_factory=list)
    faults: FaultPlan | None = None


def read_scenario(folder: Path, name: str) -> Scenario:
    """Read and check the pack ``name`` from ``folder`` (404 when absent, 400 when malformed)."""
    if not NAME.match(name):
        raise invalid("a scenario name uses letters, digits, - and _ only", "name")
    for suffix, parse in ((".toml", _toml), (".json", _json)):
        path = folder / f"{name}{suffix}"
        if path.is_file():
            try:
                return Scenario.model_validate(parse(path))
            except (ValueError, ValidationError) as exc:
                first = str(exc).splitlines()[0:3]
                raise invalid(f"scenario {path.name} is malformed: {' '.join(first)}") from None
    raise not_found("Scenario", name)


def _toml(path: Path) -> Any:
    return tomllib.loads(path.read_text(encoding="utf-8"))


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


class ScenarioLoader:
    """Plays a scenario into a simulator through its backends."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.control = ControlBackend(runtime)
        self.counts = {"partners": 0, "customers": 0, "subscribers": 0}
        self.tokens: dict[str, str] = {}

    def load(self, scenario: Scenario, *, reset: bool) -> None:
        """Seed everything the scenario describes (after a reset unless ``reset`` is False)."""
        if reset:
            self.control.reset()
        if scenario.clock:
            self.control.move_clock(scenario.clock.now, None)
        if scenario.free_accounts:
            self.control.add_free_accounts(scenario.free_accounts)
        mode = self.control.transitions()
        self.control.set_transitions("immediate", 0, move_due=False)
        try:
            for partner in scenario.partners:
                self._partner(partner)
        finally:
            chosen = scenario.transitions
            wanted = (chosen.mode, chosen.delay_seconds) if chosen else mode
            self.control.set_transitions(*wanted, move_due=False)
        if scenario.faults is not None:
            self.control.set_faults(scenario.faults)

    def _partner(self, spec: ScenarioPartner) -> None:
        principal = self._principal(spec.name, spec.provisioning_ids)
        self.counts["partners"] += 1
        for token in spec.tokens:
            self.tokens[f"{spec.name}/{token.role.value}"] = self._token(spec.name, token)
        for sub in spec.sub_partners:
            self.control.add_sub_partner(spec.name, sub.name, sub.provisioning_state, None)
        if spec.setup_assist is not None:
            seed_setup_assist(self.runtime, spec.name, spec.setup_assist)
        for customer in spec.customers:
            self._customer(principal, customer)
        steps.create_reports(self.runtime, principal, spec.billing_reports)

    def _principal(self, name: str, provisioning_ids: list[str]) -> Principal:
        with self.runtime.store.transaction() as session:
            now = self.runtime.clock.now(self.runtime.store.state(session))
            partner = ensure_partner(session, name, now, provisioning_ids)
        person = ids.derived_id(ids.PEOPLE, "scenario", partner.name)
        return Principal(partner.id, partner.name, partner.org_id, Role.FULL_ADMIN, person)

    def _token(self, partner: str, spec: ScenarioToken) -> str:
        if spec.token is None:
            return self.control.mint(partner, spec.role, None).token
        with self.runtime.store.transaction() as session:
            now = self.runtime.clock.now(self.runtime.store.state(session))
            owner = ensure_partner(session, partner, now)
            if session.get(Token, hash_token(spec.token)) is None:
                session.add(
                    Token(
                        token_hash=hash_token(spec.token),
                        partner_id=owner.id,
                        role=spec.role.value,
                        created_at=now,
                    )
                )
        return spec.token

    def _customer(self, principal: Principal, spec: ScenarioCustomer) -> None:
        body = CustomerCreate.model_validate(
            spec.model_dump(by_alias=True, include=set(CustomerCreate.model_fields))
        )
        with steps.clock_at(self.runtime, spec.provisioned_at):
            customer_id = CustomersBackend(self.runtime, principal).provision(body, None)
            self.counts["customers"] += 1
            if spec.status == "provisioning":
                return
            with self.runtime.store.transaction() as session:
                row = session.get(Customer, customer_id)
                assert row is not None
                now = self.runtime.clock.now(self.runtime.store.state(session))
                customers.complete(session, row, now, steps.completed_status(spec.status))
                org_id = row.org_id
        steps.add_locations(self.runtime, principal, org_id, spec.locations)
        for subscriber in spec.subscribers:
            self._subscriber(principal, customer_id, org_id, subscriber)
        steps.submit_assist_requests(self.runtime, principal, customer_id, org_id, spec)
        steps.play_later_status(self.runtime, principal, customer_id, spec.status)

    def _subscriber(
        self, principal: Principal, customer_id: str, org_id: str, spec: ScenarioSubscriber
    ) -> None:
        params = spec.provisioning_parameters
        if spec.location_name:
            params = params.model_copy(
                update={"location_id": self._location(org_id, spec.location_name)}
            )
        body = SubscriberCreate(
            customer_id=customer_id,
            email=spec.email,
            package=spec.package,
            packages=spec.packages,
            provisioning_parameters=params,
        )
        with steps.clock_at(self.runtime, spec.provisioned_at):
            made = SubscribersBackend(self.runtime, principal).provision(body, None)
        self.counts["subscribers"] += 1
        steps.play_subscriber_history(self.runtime, principal, made.subscriber.id, spec)

    def _location(self, org_id: str, name: str) -> str:
        with self.runtime.store.transaction() as session:
            found = session.scalar(
                select(Location.id).where(Location.org_id == org_id, Location.name == name)
            )
        if found is None:
            raise SimulatorError(
                "api-invalid-request", reason=f"scenario names unknown location '{name}'"
            )
        return found


__all__ = [
    "NAME",
    "Scenario",
    "ScenarioClock",
    "ScenarioCustomer",
    "ScenarioLoader",
    "ScenarioPartner",
    "ScenarioSubPartner",
    "ScenarioSubscriber",
    "ScenarioToken",
    "ScenarioTransitions",
    "read_scenario",
]
