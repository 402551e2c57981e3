"""How the importer reports progress: per phase, a total and advances."""

from __future__ import annotations

from typing import Protocol

PHASES: tuple[str, ...] = ("prechecks", "customers", "locations", "subscribers", "setup assist")


class ProgressSink(Protocol):
    """Receives progress per phase (the CLI draws bars on a terminal, lines in pipes)."""

    def start(self, phase: str, total: int) -> None:
        """A phase with ``total`` steps begins."""

    def advance(self, phase: str, steps: int = 1) -> None:
        """``steps`` more steps of ``phase`` are finished."""


class SilentProgress:
    """Progress that goes nowhere (library use, tests)."""

    def start(self, phase: str, total: int) -> None:
        """Ignore."""

    def advance(self, phase: str, steps: int = 1) -> None:
        """Ignore."""
