"""``rtm validate``: check a workbook offline and report every problem (docs/design.md §6).

Exit codes: 0 valid (warnings allowed), 1 errors found, 2 unusable input (one line on
stderr, never a traceback).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bulk.cli.output import console as make_console
from bulk.cli.output import refuse, require_suffix
from bulk.cli.root import app
from bulk.cli.validate_journal import JournalUnusable, journal_warnings
from bulk.partner import PartnerFileError, PartnerProfile, load_partner
from bulk.pricebook import PriceBookError, load_pricebook
from bulk.reports.terminal import print_summary
from bulk.validation import Issue, ValidationResult, validate_workbook
from bulk.validation import Progress as ProgressHook
from bulk.workbook.limits import WorkbookUnusable


class Unusable(Exception):
    """Input the command cannot work with; the message is the one line printed."""


def _as_of(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise Unusable(f"--as-of '{text}' is not a date; use YYYY-MM-DD, e.g. 2026-11-25") from None


def _partner(path: Path | None) -> PartnerProfile | None:
    if path is None:
        return None
    try:
        return load_partner(path)
    except PartnerFileError as err:
        raise Unusable(f"--partner {err}") from None


@contextmanager
def _progress(console: Console) -> Iterator[ProgressHook | None]:
    if not console.is_terminal or os.environ.get("CI"):
        yield None
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    tasks: dict[str, int] = {}

    def hook(sheet: str, done: int, total: int) -> None:
        if sheet not in tasks:
            tasks[sheet] = int(bar.add_task(f"Checking {sheet}", total=total))
        bar.update(tasks[sheet], completed=done)  # type: ignore[arg-type]

    with bar:
        yield hook


def _write(
    result: ValidationResult,
    workbook: Path,
    json_to: str | None,
    annotated: Path | None,
    html: Path | None,
) -> None:
    report = result.report
    try:
        if json_to is not None:
            text = json.dumps(report.to_json(), indent=2, ensure_ascii=False)
            if json_to == "-":
                sys.stdout.write(text + "\n")
            else:
                Path(json_to).write_text(text + "\n", encoding="utf-8")
        if annotated is not None:
            from bulk.reports.annotated import write_annotated

            write_annotated(workbook, report, annotated)
        if html is not None:
            from bulk.reports.html import write_html

            write_html(report, html, workbook_name=workbook.name)
    except OSError as err:
        raise Unusable(f"cannot write the report: {err}") from None


@app.command()
def validate(
    workbook: Path = typer.Argument(..., help="The .xlsx workbook to check."),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Submission date for the deadline rule (YYYY-MM-DD; default today)."
    ),
    partner: Path | None = typer.Option(
        None, "--partner", help="Partner TOML: enables the entitlement and readiness checks."
    ),
    json_to: str | None = typer.Option(
        None, "--json", help="Write the JSON report to FILE, or - for standard output."
    ),
    annotated: Path | None = typer.Option(
        None, "--annotated", help="Write a copy of the workbook with every bad cell marked."
    ),
    html: Path | None = typer.Option(None, "--html", help="Write a self-contained HTML report."),
    pricebook: Path | None = typer.Option(
        None, "--pricebook", help="Price book TOML (default: fixtures/pricebook.toml)."
    ),
    journal: Path | None = typer.Option(
        None,
        "--journal",
        help="An import journal: also warn about update rows changing what the API cannot "
        "(a customer's name or primary email: not-updatable).",
    ),
) -> None:
    """Check a workbook offline; exit 0 valid, 1 errors found, 2 unusable input."""
    require_suffix("validate", "--annotated", annotated, ".xlsx")
    require_suffix("validate", "--html", html, ".html", ".htm")
    console = make_console(stderr=json_to == "-")
    try:
        day = _as_of(as_of)
        profile = _partner(partner)
        book = load_pricebook(pricebook)
        with _progress(console) as hook:
            result = validate_workbook(
                workbook, as_of=day, partner=profile, pricebook=book, progress=hook
            )
        if journal is not None:
            result.report.issues.extend(journal_warnings(result, journal))
            result.report.issues.sort(key=Issue.sort_key.fget)  # type: ignore[attr-defined]
        print_summary(result.report, console)
        _write(result, workbook, json_to, annotated, html)
    except (Unusable, WorkbookUnusable, PriceBookError, JournalUnusable) as err:
        raise refuse("validate", str(err), "fix it and run rtm validate again") from None
    except Exception as err:  # a bug must still not show a traceback to a partner
        raise refuse(
            "validate",
            f"internal error while validating {workbook.name}: {type(err).__name__}: {err}",
            "please report it with the workbook",
        ) from None
    raise typer.Exit(0 if result.report.valid else 1)
