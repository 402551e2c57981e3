"""``rtm fix``: write a corrected copy of a workbook with the validator's fixes applied, list
every change in a ``Changes`` sheet, then validate the copy (docs/cli.md, "rtm fix").

Exit codes as ``rtm validate``, for the corrected copy: 0 valid (warnings allowed), 1 errors
left, 2 unusable input (one line on stderr, never a traceback). With ``--dry-run`` nothing is
written; the changes are printed and the exit code is the original workbook's.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Any

import typer
from rich.console import Console
from rich.markup import escape

from bulk.cli.output import console as make_console
from bulk.cli.output import new_table, print_json, refuse, require_suffix
from bulk.cli.root import app
from bulk.cli.validate import Unusable, _as_of
from bulk.fixing import Change, FixUnusable, apply, plan
from bulk.reports.terminal import print_summary
from bulk.rules.catalogue import CATALOGUE
from bulk.rules.repairs import FixKind
from bulk.validation import Report, validate_workbook
from bulk.workbook.limits import WorkbookUnusable

SHOWN_CHANGES = 20
"""Changes listed on the terminal (every one is in the Changes sheet and the JSON)."""


class Only(StrEnum):
    """Which fixes ``--only`` applies."""

    CERTAIN = "certain"
    LIKELY = "likely"


def _codes(given: list[str] | None) -> frozenset[str] | None:
    if not given:
        return None
    unknown = sorted(set(given) - set(CATALOGUE))
    if unknown:
        raise Unusable(f"--code {unknown[0]} is not an error code; rtm codes lists them")
    return frozenset(given)


def _change_json(change: Change) -> dict[str, Any]:
    return {
        "sheet": change.sheet,
        "cell": change.cell,
        "old": change.old,
        "new": change.new,
        "code": change.code,
        "kind": change.kind,
        "reason": change.reason,
    }


def _print_changes(changes: list[Change], console: Console, *, written: Path | None) -> None:
    where = f" in {escape(written.name)}" if written else " (dry run: nothing written)"
    console.print(f"{len(changes):,} cells changed{where}")
    if not changes:
        return
    table = new_table(console)
    for title in ("Cell", "Old", "New", "Code", "Kind", "Reason"):
        table.add_column(title)
    for c in changes[:SHOWN_CHANGES]:
        cells = (f"{c.sheet}!{c.cell}", repr(c.old), repr(c.new), c.code, c.kind, c.reason)
        table.add_row(*map(escape, cells))
    console.print(table)
    if len(changes) > SHOWN_CHANGES:
        console.print(f"... and {len(changes) - SHOWN_CHANGES:,} more (see the Changes sheet)")


def _run(
    workbook: Path,
    output: Path,
    day: dt.date,
    only: FixKind | None,
    codes: frozenset[str] | None,
    dry_run: bool,
) -> tuple[list[Change], Report]:
    """Plan the changes, write the copy unless dry-run; the changes and the final report."""
    before = validate_workbook(workbook, as_of=day, keep_rows=False).report
    changes = plan(before, only=only, codes=codes)
    if dry_run:
        return changes, before
    try:
        changes = apply(workbook, output, changes)
    except OSError as err:
        raise Unusable(f"cannot write {output.name}: {err.strerror or err}") from None
    return changes, validate_workbook(output, as_of=day, keep_rows=False).report


@app.command()
def fix(
    workbook: Path = typer.Argument(..., help="The .xlsx workbook to repair (never changed)."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to write the corrected copy."),
    only: Only = typer.Option(
        Only.LIKELY, "--only", help="certain: only fixes with one reading; likely: also probable."
    ),
    code: list[str] | None = typer.Option(
        None, "--code", metavar="CODE", help="Apply only the fixes of this issue code (repeatable)."
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Submission date for the deadline rule (YYYY-MM-DD; default today)."
    ),
    dry_run: bool = typer.Option(False, "--dry-run", help="Print the changes; write nothing."),
    json_out: bool = typer.Option(
        False, "--json", help="Print the changes and the report as JSON on standard output."
    ),
) -> None:
    """Write a corrected copy; exit 0 valid, 1 errors left, 2 unusable input."""
    require_suffix("fix", "-o", output, ".xlsx")
    console = make_console(stderr=json_out)
    try:
        codes = _codes(code)
        changes, report = _run(workbook, output, _as_of(as_of), FixKind(only), codes, dry_run)
    except (Unusable, WorkbookUnusable, FixUnusable) as err:
        raise refuse("fix", str(err), "fix it and run rtm fix again") from None
    except Exception as err:  # a bug must still not show a traceback to a partner
        raise refuse(
            "fix",
            f"internal error while fixing {workbook.name}: {type(err).__name__}: {err}",
            "please report it with the workbook",
        ) from None
    _print_changes(changes, console, written=None if dry_run else output)
    if not dry_run:
        print_summary(report, console)
    if json_out:
        body = {"changes": [_change_json(c) for c in changes], "dry_run": dry_run}
        print_json(body | {"report": report.to_json()}, "-")
    raise typer.Exit(0 if report.valid else 1)
