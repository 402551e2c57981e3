"""The summary of a load run: operations per second and latency percentiles per operation type,
errors by code, and acknowledged against held resources. Printed as tables, or as JSON
(``--json``) for machines."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table

from bulk.load.ledger import KINDS
from bulk.reports.terminal import new_table


@dataclass(frozen=True, slots=True)
class OperationStats:
    """One operation type's figures (latencies in milliseconds)."""

    name: str
    requests: int
    failures: int
    per_second: float
    p50: float
    p95: float
    p99: float
    average: float

    def to_json(self) -> dict[str, Any]:
        """The JSON entry of the operation."""
        return {
            "requests": self.requests,
            "failures": self.failures,
            "ops_per_s": round(self.per_second, 2),
            "p50_ms": round(self.p50, 1),
            "p95_ms": round(self.p95, 1),
            "p99_ms": round(self.p99, 1),
            "avg_ms": round(self.average, 1),
        }


@dataclass(slots=True)
class LoadSummary:
    """Everything a load run reports."""

    url: str
    seconds: float
    users: int
    processes: int
    operations: list[OperationStats]
    total: OperationStats
    errors: Counter[str] = field(default_factory=Counter)
    acknowledged: dict[str, int] = field(default_factory=dict)
    held: dict[str, int] | None = None
    missing: dict[str, int] | None = None
    journeys: int = 0
    journeys_done: int = 0
    verify_error: str = ""

    @property
    def complete(self) -> bool:
        """Whether the server holds every acknowledged resource (checked, nothing missing)."""
        return self.missing is not None and not any(self.missing.values())

    def to_json(self) -> dict[str, Any]:
        """The summary as a JSON object."""
        return {
            "url": self.url,
            "seconds": round(self.seconds, 2),
            "users": self.users,
            "processes": self.processes,
            "customers": {"started": self.journeys, "completed": self.journeys_done},
            "operations": {o.name: o.to_json() for o in self.operations},
            "total": self.total.to_json(),
            "errors": dict(sorted(self.errors.items())),
            "acknowledged": self.acknowledged,
            "held": self.held,
            "missing": self.missing,
            "complete": self.complete,
            "verify_error": self.verify_error or None,
        }

    def print(self, console: Console) -> None:
        """Tables for a person: operations, errors, acknowledged against held."""
        console.print(
            f"Load run against {self.url}: {self.seconds:.1f} s, {self.users} users, "
            f"{self.processes} process(es); customers started {self.journeys}, "
            f"completed {self.journeys_done}."
        )
        console.print(self._operations_table(console))
        if self.errors:
            errors = new_table(console, "Errors by code")
            errors.add_column("code")
            errors.add_column("count", justify="right")
            for code, count in sorted(self.errors.items()):
                errors.add_row(code, str(count))
            console.print(errors)
        console.print(self._holdings_table(console))
        console.print(self._verdict())

    def _operations_table(self, console: Console) -> Table:
        table = new_table(console, "Operations")
        for name in ("operation", "requests", "failures", "ops/s", "p50 ms", "p95 ms", "p99 ms"):
            table.add_column(name, justify="left" if name == "operation" else "right")
        for op in [*self.operations, self.total]:
            table.add_row(
                op.name,
                str(op.requests),
                str(op.failures),
                f"{op.per_second:.1f}",
                f"{op.p50:.0f}",
                f"{op.p95:.0f}",
                f"{op.p99:.0f}",
            )
        return table

    def _holdings_table(self, console: Console) -> Table:
        table = new_table(console, "Acknowledged by the API / held by the server")
        for name in ("resource", "acknowledged", "held", "missing"):
            table.add_column(name, justify="left" if name == "resource" else "right")
        for kind in KINDS:
            held = "?" if self.held is None else str(self.held.get(kind, 0))
            missing = "?" if self.missing is None else str(self.missing.get(kind, 0))
            table.add_row(kind, str(self.acknowledged.get(kind, 0)), held, missing)
        return table

    def _verdict(self) -> str:
        if self.missing is None:
            return f"Not verified: {self.verify_error or 'the server could not be read'}."
        if self.complete:
            return "Every acknowledged operation is held by the server: nothing missing."
        lost = ", ".join(f"{n} {k}" for k, n in self.missing.items() if n)
        return f"MISSING on the server although acknowledged: {lost}."
