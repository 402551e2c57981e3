"""Fault injection, seeded so a run repeats.

A rule is ``{"method", "route", "status", "rate", "retryAfter", "latencyMs"}``
(docs/design.md §7.1), plus an optional ``outcome`` for asynchronous results
(``provisioned_with_errors`` or ``error`` for customers, ``FAILED`` for billing reports).
Whether a rule fires on a request is derived from ``(seed, rule, that rule's request counter)``
— the counter lives in the database — so the same
seed and the same sequence of requests give the same faults, whichever worker answers. Faults
with a status are applied by the middleware before the route runs, so a fault never half-applies
a write; ``outcome`` rules are read by the backends when they accept the request.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import update
from sqlalchemy.orm import Session

from simulator.db.tables import FaultCounter, SimState

Outcome = Literal["provisioned_with_errors", "error", "FAILED"]


class FaultRule(BaseModel):
    """One fault rule as the control plane takes it."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    method: str = Field(default="*", description="HTTP method, or * for any")
    route: str = Field(description="Path glob, such as /v1/wholesale/subscribers*")
    status: Literal[423, 429, 500, 502, 503, 504] | None = None
    rate: float = Field(default=1.0, ge=0.0, le=1.0)
    retry_after: int = Field(default=1, ge=0, alias="retryAfter")
    latency_ms: int = Field(default=0, ge=0, le=60_000, alias="latencyMs")
    outcome: Outcome | None = None

    def matches(self, method: str, path: str) -> bool:
        """Whether this rule applies to a request."""
        method_ok = self.method == "*" or self.method.upper() == method.upper()
        return method_ok and fnmatch.fnmatchcase(path, self.route)


class FaultPlan(BaseModel):
    """The whole fault configuration: a seed and the rules (empty = faults off)."""

    model_config = ConfigDict(extra="forbid")

    seed: int = 0
    rules: list[FaultRule] = Field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoredPlan:
    """The fault columns of the settings row, as one read found them."""

    seed: int
    generation: int
    rules: list[Any]


@dataclass(frozen=True, slots=True)
class Decision:
    """What the faults say about one request."""

    latency_ms: int = 0
    status: int | None = None
    retry_after: int = 0
    rule: str | None = None

    @property
    def fires(self) -> bool:
        """Whether anything happens to the request."""
        return self.latency_ms > 0 or self.status is not None


def plan_of(state: SimState) -> FaultPlan:
    """The fault plan stored in the settings row."""
    return FaultPlan.model_validate({"seed": state.fault_seed, "rules": state.fault_rules})


def store_plan(session: Session, state: SimState, plan: FaultPlan) -> None:
    """Replace the fault plan and restart every rule's counter."""
    state.fault_seed = plan.seed
    state.fault_rules = [r.model_dump(by_alias=True, exclude_none=True) for r in plan.rules]
    state.fault_generation += 1
    session.query(FaultCounter).delete()


def draw(seed: int, rule_key: str, counter: int) -> float:
    """A repeatable number in [0, 1) for the ``counter``-th request a rule saw."""
    digest = hashlib.sha256(f"{seed}:{rule_key}:{counter}".encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


def _next_count(session: Session, rule_key: str) -> int:
    bumped = session.execute(
        update(FaultCounter)
        .where(FaultCounter.rule_key == rule_key)
        .values(count=FaultCounter.count + 1)
        .returning(FaultCounter.count)
    ).scalar_one_or_none()
    if bumped is not None:
        return int(bumped)
    session.add(FaultCounter(rule_key=rule_key, count=1))
    session.flush()
    return 1


def _certain(rule: FaultRule) -> bool | None:
    """Whether a rule fires whatever its draw (rate 1) or never (rate 0); None when it depends."""
    if rule.rate >= 1.0:
        return True
    if rule.rate <= 0.0:
        return False
    return None


def _fires(session: Session, seed: int, generation: int, index: int, rule: FaultRule) -> bool:
    # Counters restart whenever the plan is replaced, so the same seed and rules replay the
    # same decisions; the generation in the counter key only keeps a stale counter from a
    # previous plan from ever being reused. A rule of rate 0 or 1 needs no draw, hence no
    # counter (a draw is always in [0, 1)).
    certain = _certain(rule)
    if certain is not None:
        return certain
    counter = _next_count(session, f"{generation}:{index}")
    return draw(seed, str(index), counter) < rule.rate


@functools.lru_cache(maxsize=64)
def _parse(text: str) -> tuple[FaultRule, ...]:
    return tuple(FaultRule.model_validate(raw) for raw in json.loads(text))


def rules_of(raw_rules: list[Any]) -> tuple[FaultRule, ...]:
    """The stored rules, validated (memoised by their JSON: they change only with the plan)."""
    return _parse(json.dumps(raw_rules, sort_keys=True))


def decide(
    transaction: Callable[[], AbstractContextManager[Session]],
    stored: StoredPlan,
    method: str,
    path: str,
) -> Decision:
    """The latency and status faults for a request (the first firing status rule wins).

    ``transaction`` opens the write transaction the rule counters are bumped in; it is opened
    only when a matching rule's rate leaves its decision to a draw."""
    matching = [
        (index, rule)
        for index, rule in enumerate(rules_of(stored.rules))
        if not rule.outcome and rule.matches(method, path)
    ]
    if not matching:
        return Decision()
    if all(_certain(rule) is not None for _, rule in matching):
        fired = [rule for _, rule in matching if _certain(rule)]
    else:
        with transaction() as session:
            fired = [
                rule
                for index, rule in matching
                if _fires(session, stored.seed, stored.generation, index, rule)
            ]
    return _decision(fired)


def _decision(fired: list[FaultRule]) -> Decision:
    latency, status, retry_after, name = 0, None, 0, None
    for rule in fired:
        latency += rule.latency_ms
        if status is None and rule.status is not None:
            status, retry_after, name = rule.status, rule.retry_after, f"{rule.method} {rule.route}"
        name = name or f"{rule.method} {rule.route}"
    return Decision(latency, status, retry_after, name)


def outcome(session: Session, state: SimState, method: str, path: str) -> Outcome | None:
    """The asynchronous outcome the faults give an accepted request, if any."""
    for index, rule in enumerate(rules_of(state.fault_rules)):
        if (
            rule.outcome
            and rule.matches(method, path)
            and _fires(session, state.fault_seed, state.fault_generation, index, rule)
        ):
            return rule.outcome
    return None


def public(state: SimState) -> dict[str, Any]:
    """The fault plan as ``GET /_sim/faults`` answers it."""
    return plan_of(state).model_dump(by_alias=True, exclude_none=True)


__all__ = [
    "Decision",
    "FaultPlan",
    "FaultRule",
    "Outcome",
    "StoredPlan",
    "decide",
    "draw",
    "outcome",
    "plan_of",
    "public",
    "rules_of",
    "store_plan",
]
