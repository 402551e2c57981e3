"""What ``rtm import`` shows: progress per phase and the final summary table."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from bulk.importer import ImportReport, report_headline
from bulk.schema import SHEETS


class RichProgress:
    """One progress bar per phase (terminal only)."""

    def __init__(self, console: Console) -> None:
        self._bar = Progress(
            TextColumn("{task.description:<13}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=False,
        )
        self._tasks: dict[str, int] = {}

    def start(self, phase: str, total: int) -> None:
        """Add the phase's bar (the display starts with the first phase)."""
        if not self._tasks:
            self._bar.start()
        self._tasks[phase] = int(self._bar.add_task(phase, total=max(total, 0)))

    def advance(self, phase: str, steps: int = 1) -> None:
        """Move the phase's bar; stop the display when every bar is full."""
        if phase not in self._tasks:
            return
        self._bar.advance(self._tasks[phase], steps)  # type: ignore[arg-type]

    def close(self) -> None:
        """Stop the display (also when a run ended early)."""
        self._bar.stop()


class PlainProgress:
    """Plain lines on stderr at every quarter of a phase (pipes, CI)."""

    def __init__(self) -> None:
        self._totals: dict[str, int] = {}
        self._done: Counter[str] = Counter()

    def start(self, phase: str, total: int) -> None:
        """Remember the phase's size."""
        self._totals[phase] = total

    def advance(self, phase: str, steps: int = 1) -> None:
        """Print a line when a quarter boundary is crossed."""
        total = self._totals.get(phase, 0)
        before = self._done[phase]
        self._done[phase] += steps
        after = self._done[phase]
        if total and any(before < total * q / 4 <= after for q in (1, 2, 3, 4)):
            sys.stderr.write(f"{phase}: {after}/{total}\n")
            sys.stderr.flush()


def print_summary(
    console: Console, report: ImportReport, journal: Path | None, result: Path | None
) -> None:
    """A table of rows per sheet and status, the failures, and what this run changed."""
    statuses = sorted({o.status for o in report.outcomes})
    table = Table(title="Dry run: prechecks" if report.dry_run else "Import summary")
    table.add_column("sheet")
    for status in statuses:
        table.add_column(status, justify="right")
    tally = Counter((o.sheet, o.status) for o in report.outcomes)
    for sheet in SHEETS:
        table.add_row(sheet.name, *(str(tally.get((sheet.name, s), 0)) for s in statuses))
    console.print(table)
    for outcome in report.failed[:20]:
        console.print(
            f"  {outcome.sheet} row {outcome.row}: [{outcome.error_code}] {outcome.error_message}",
            markup=False,
            highlight=False,
        )
    if len(report.failed) > 20:
        console.print(f"  ... and {len(report.failed) - 20} more failed rows (see the result)")
    console.print(_closing_line(report, journal, result), markup=False, highlight=False)


def _closing_line(report: ImportReport, journal: Path | None, result: Path | None) -> str:
    headline = report_headline(report)
    if report.dry_run:
        return f"{headline.text} ({report.requests_this_run} checks)"
    where = f" Result: {result}." if result else ""
    if headline.ok and report.nothing_changed:
        return (
            f"{headline.text} Nothing to do: every row was already done or unchanged; "
            f"nothing was changed (journal {journal}).{where}"
        )
    changes = f"{report.changed_this_run} change(s) made by this run"
    return f"{headline.text} {changes} (journal {journal}).{where}"
