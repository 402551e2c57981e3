"""What ``rtm import`` shows: progress per phase and the final summary table."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bulk.cli.output import new_table
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
    """Plain lines at every quarter of a phase (pipes, CI): on standard output, so they stay in
    order with the summary, or on standard error when the JSON summary goes to stdout."""

    def __init__(self, *, to_stderr: bool = False) -> None:
        self._totals: dict[str, int] = {}
        self._done: Counter[str] = Counter()
        self._out = sys.stderr if to_stderr else sys.stdout

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
            self._out.write(f"{phase}: {after}/{total}\n")
            self._out.flush()


def print_summary(
    console: Console, report: ImportReport, journal: Path | None, result: Path | None
) -> None:
    """A table of rows per sheet and status, the failures, and what this run changed."""
    statuses = sorted({o.status for o in report.outcomes})
    table = new_table(console, "Dry run: prechecks" if report.dry_run else "Import summary")
    table.add_column("sheet")
    for status in statuses:
        table.add_column(status, justify="right")
    tally = Counter((o.sheet, o.status) for o in report.outcomes)
    for sheet in SHEETS:
        table.add_row(sheet.name, *(str(tally.get((sheet.name, s), 0)) for s in statuses))
    console.print(table)
    attention = report.attention
    for outcome in attention[:20]:
        console.print(
            f"  {outcome.sheet} row {outcome.row}: [{outcome.error_code}] {outcome.error_message}",
            markup=False,
            highlight=False,
        )
    if len(attention) > 20:
        console.print(f"  ... and {len(attention) - 20} more such rows (see the result)")
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


def summary_json(report: ImportReport, journal: Path | None, result: Path | None) -> dict[str, Any]:
    """The summary as JSON (``rtm import --json``): counts per sheet and status, every row that
    did not end well, what this run changed, and where the journal and result are."""
    tally = Counter((o.sheet, o.status) for o in report.outcomes)
    return {
        "ok": report.ok,
        "dryRun": report.dry_run,
        "rows": {
            sheet.name: {status: n for (name, status), n in tally.items() if name == sheet.name}
            for sheet in SHEETS
        },
        "problems": [
            {
                "sheet": o.sheet,
                "row": o.row,
                "status": o.status,
                "code": o.error_code,
                "message": o.error_message,
            }
            for o in report.outcomes
            if o.error_code
        ],
        "requestsThisRun": report.requests_this_run,
        "changedThisRun": report.changed_this_run,
        "journal": str(journal) if journal else None,
        "result": str(result) if result else None,
        "closing": _closing_line(report, journal, result),
    }
