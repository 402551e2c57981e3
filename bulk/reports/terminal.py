"""The terminal summary: verdict, counts per sheet and code, the first issues, and the
Setup Assist orders (rich), and how every ``rtm`` table and console look (docs/cli.md, "Pipes
and CI"): on a terminal, colour and bordered tables wrapped to its width; in pipes, files and
CI no box-drawing characters and nothing hard-wrapped, each row and message on one line."""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bulk.rules.spreadsheet_text import show_controls
from bulk.validation.report import Report

FIRST_ISSUES = 20
UNWRAPPED = 100_000
"""Console width in pipes and CI: wide enough that no line is ever broken."""


def new_console(*, stderr: bool = False) -> Console:
    """A rich console for a terminal; one that never wraps (and prints no colour codes) for a
    pipe or a file."""
    probe = Console(stderr=stderr)
    if probe.is_terminal:
        return probe
    return Console(stderr=stderr, width=UNWRAPPED, soft_wrap=True, no_color=True)


def new_table(out: Console, title: str | None = None) -> Table:
    """A table: bordered on a terminal; plain columns aligned with spaces elsewhere (no
    box-drawing characters, no rule under the header)."""
    if out.is_terminal:
        return Table(title=title, title_justify="left")
    return Table(title=title, title_justify="left", box=None, pad_edge=False, show_edge=False)


def _counts(report: Report, out: Console) -> Table:
    table = new_table(out, "Issues by sheet and code")
    for name in ("sheet", "code", "severity", "count"):
        table.add_column(name, justify="right" if name == "count" else "left")
    counts = Counter((i.sheet or "(workbook)", i.code, str(i.severity)) for i in report.issues)
    for (sheet, code, severity), n in counts.most_common():
        table.add_row(sheet, code, severity, f"{n:,}")
    return table


def _first(report: Report, limit: int, out: Console) -> Table:
    table = new_table(
        out, f"First {min(limit, len(report.issues)):,} of {len(report.issues):,} issues"
    )
    for name in ("where", "code", "value", "message"):
        table.add_column(name, overflow="fold")
    for issue in report.issues[:limit]:
        where = (
            f"{issue.sheet}!{issue.cell}"
            if issue.cell
            else f"{issue.sheet or 'workbook'} row {issue.row}"
        )
        table.add_row(
            escape(where),
            issue.code,
            escape(show_controls(issue.value[:40])),
            escape(issue.message),
        )
    return table


def _assist(report: Report, out: Console) -> Table:
    table = new_table(out, "Setup Assist orders (derived)")
    for name in ("customer", "location", "seats", "sku", "qty", "earliest date", "net price"):
        table.add_column(name)
    for line in report.assist:
        price = "" if line.net_price is None else f"{line.net_price:.2f} {line.currency}"
        table.add_row(
            escape(line.customer_external_id),
            escape(line.location_name),
            str(line.seats),
            line.sku,
            str(line.quantity),
            line.earliest_completion_date.isoformat(),
            price,
        )
    return table


def print_summary(report: Report, console: Console, *, first: int = FIRST_ISSUES) -> None:
    """Print the summary of a report."""
    rows = ", ".join(f"{sheet} {n:,}" for sheet, n in report.rows.items())
    verdict = "[green]valid[/green]" if report.valid else "[red]not valid[/red]"
    version = escape(report.template_version or "none")
    console.print(
        f"Workbook is {verdict}: {report.errors:,} errors, {report.warnings:,} warnings "
        f"(as of {report.as_of.isoformat()}, template version {version})"
    )
    console.print(f"Rows read: {rows or 'none'}")
    if report.issues:
        console.print(_counts(report, console))
        console.print(_first(report, first, console))
    if report.assist:
        console.print(_assist(report, console))
    if not report.partner_checked:
        console.print(
            "Note: no --partner file given, so the A-Wholesale entitlement and partner readiness "
            "checks were skipped."
        )


__all__ = ["FIRST_ISSUES", "UNWRAPPED", "new_console", "new_table", "print_summary"]
