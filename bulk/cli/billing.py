"""``rtm billing report`` and ``rtm billing reconcile`` (docs/design.md §6; docs/billing.md).

``report`` creates a billing reconciliation report through the API, waits for it (a spinner on
a terminal, quiet in pipes) and saves its CSV. ``reconcile`` compares a report CSV with an
import journal. Exit codes: 0 fine, 1 differences found (reconcile), 2 unusable input or a
refused request — always one clear line, never a traceback.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import sys
from dataclasses import replace
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.status import Status

from bulk.billing import (
    AcceptanceRefresh,
    JournalFacts,
    JournalFileError,
    Prices,
    Reconciliation,
    ReportFileError,
    ReportNotReady,
    fetch_report,
    neutralised_report,
    period_text,
    read_journal,
    read_report,
    reconcile,
    refresh_acceptance,
    write_json,
    write_workbook,
)
from bulk.cli.output import console as make_console
from bulk.cli.output import new_table, print_json, refuse, require_suffix
from bulk.cli.root import app
from bulk.client import ApiError, ApiSession, ApiUnreachable, WholesaleClient, open_http_client
from bulk.partner import PartnerFileError, load_partner
from bulk.pricebook import PriceBookError, load_pricebook

billing_app = typer.Typer(
    help="Download the billing reconciliation report and reconcile it with an import journal.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(billing_app, name="billing")


class ReportType(StrEnum):
    """The report types of the billing API."""

    PARTNER = "PARTNER"
    CUSTOMER = "CUSTOMER"
    USER = "USER"


REPORT = "billing report"


def _refuse(message: str, command: str = "billing reconcile") -> typer.Exit:
    return refuse(command, message, f"see `rtm {command} --help`")


def _day(flag: str, value: str) -> str:
    try:
        return dt.date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise _refuse(f"{flag} '{value}' is not a date; use YYYY-MM-DD", REPORT) from None


class _Watcher:
    """Shows the report's progress: a spinner on a terminal, nothing in a pipe."""

    def __init__(self, status: Status | None) -> None:
        self.status = status
        self.report_id = ""

    def created(self, report_id: str, reused: bool) -> None:
        self.report_id = report_id
        if self.status is not None:
            verb = "Reusing" if reused else "Created"
            self.status.update(f"{verb} report {report_id}; waiting for it…")

    def polled(self, status: str, waited: float) -> None:
        if self.status is not None:
            self.status.update(f"Report {self.report_id}: {status} ({waited:.0f} s)")

    def downloaded(self, size: int) -> None:
        if self.status is not None:
            self.status.update(f"Downloaded {size:,} bytes")


async def _download(
    url: str, token: str, start: str, end: str, kind: str, watcher: _Watcher
) -> tuple[str, bytes]:
    async with open_http_client(url, concurrency=1) as http:
        api = WholesaleClient(ApiSession(http, token))
        report, content = await fetch_report(api, start, end, kind, watcher)
        return report.id, content


@billing_app.command("report")
def report_command(
    url: str = typer.Option(..., "--url", help="API root, e.g. http://127.0.0.1:8080."),
    token: str = typer.Option(..., "--token", envvar="RTM_TOKEN", help="Bearer token."),
    start: str = typer.Option(..., "--start", help="First day of the period (YYYY-MM-DD)."),
    end: str = typer.Option(..., "--end", help="Last day of the period (YYYY-MM-DD)."),
    kind: ReportType = typer.Option(ReportType.PARTNER, "--type", help="Report type."),
    output: Path = typer.Option(..., "-o", "--output", help="Where to save the CSV."),
    json_to: str | None = typer.Option(
        None, "--json", help="Also write the summary as JSON to FILE (- = stdout)."
    ),
) -> None:
    """Create a billing reconciliation report, wait for it and save its CSV."""
    require_suffix("billing report", "-o", output, ".csv")
    first, last = _day("--start", start), _day("--end", end)
    console = make_console(stderr=True)
    status = console.status("Creating the report…") if console.is_terminal else None
    watcher = _Watcher(status)
    try:
        if status is not None:
            status.start()
        report_id, content = asyncio.run(_download(url, token, first, last, kind.value, watcher))
    except ApiUnreachable as error:
        raise _refuse(f"cannot reach {url}: {error.reason}", REPORT) from None
    except (ApiError, ReportNotReady) as error:
        raise _refuse(str(error), REPORT) from None
    finally:
        if status is not None:
            status.stop()
    try:
        output.write_bytes(neutralised_report(content))
    except OSError as error:
        raise _refuse(f"cannot write {output}: {error.strerror}", REPORT) from None
    lines = max(content.count(b"\n") - 1, 0)
    if json_to is not None:
        facts = {"id": report_id, "start": first, "end": last, "type": kind.value}
        print_json({**facts, "lines": lines, "output": str(output)}, json_to)
    if json_to != "-":
        typer.echo(
            f"Saved billing report {report_id} ({first} to {last}, {kind.value}): "
            f"{lines} line(s) in {output}"
        )


def _prices(pricebook: Path | None, partner: Path | None) -> Prices:
    try:
        book = load_pricebook(pricebook)
        profile = load_partner(partner) if partner else None
    except PriceBookError as error:
        raise _refuse(f"--pricebook {error}") from None
    except PartnerFileError as error:
        raise _refuse(f"--partner {error}") from None
    if profile is not None and profile.currency != book.currency:
        raise _refuse(
            f"--partner currency {profile.currency} differs from the price book's {book.currency}"
        )
    return Prices(book, profile.discount if profile else None)


async def _refresh(url: str, token: str, journal: Path) -> AcceptanceRefresh:
    async with open_http_client(url, concurrency=1) as http:
        return await refresh_acceptance(WholesaleClient(ApiSession(http, token)), journal)


def _journal_facts(journal: Path, url: str | None, token: str | None) -> JournalFacts:
    """The journal, after asking the API (when ``--url`` is given) for the acceptance day of
    every Setup Assist request the journal has not seen accepted."""
    if url is None:
        return read_journal(journal)
    if not token:
        raise _refuse("--url needs --token (or RTM_TOKEN) to ask for acceptance days")
    try:
        refreshed = asyncio.run(_refresh(url, token, journal))
    except ApiUnreachable as error:
        raise _refuse(f"cannot reach {url}: {error.reason}") from None
    except ApiError as error:
        raise _refuse(str(error)) from None
    if refreshed.asked:
        make_console(stderr=True).print(
            f"Asked {url} about {refreshed.asked} Setup Assist request(s) the journal had not "
            f"seen accepted: {refreshed.accepted} accepted, {len(refreshed.not_accepted)} not yet.",
            soft_wrap=True,
        )
    return replace(read_journal(journal), not_accepted=refreshed.not_accepted)


@billing_app.command("reconcile")
def reconcile_command(
    report: Path = typer.Option(..., "--report", help="The billing report CSV."),
    journal: Path = typer.Option(..., "--journal", help="The import journal (rtm import)."),
    pricebook: Path | None = typer.Option(None, "--pricebook", help="Price book TOML."),
    partner: Path | None = typer.Option(None, "--partner", help="Partner TOML (discount)."),
    output: Path | None = typer.Option(None, "-o", "--output", help="Differences (.xlsx)."),
    json_file: str | None = typer.Option(None, "--json", help="Differences as JSON (- = stdout)."),
    all_customers: bool = typer.Option(
        False, "--all-customers", help="Also flag charges for customers the journal lacks."
    ),
    url: str | None = typer.Option(
        None, "--url", help="API root: first learn unknown Setup Assist acceptance days."
    ),
    token: str | None = typer.Option(None, "--token", envvar="RTM_TOKEN", help="Bearer token."),
) -> None:
    """Compare what the report charges with what the journal says was provisioned and ordered;
    exit 1 when they differ."""
    require_suffix("billing reconcile", "-o", output, ".xlsx")
    prices = _prices(pricebook, partner)
    try:
        parsed = read_report(report)
        facts = _journal_facts(journal, url, token)
        result = reconcile(parsed, facts, prices, all_customers=all_customers)
    except (ReportFileError, JournalFileError) as error:
        raise _refuse(str(error)) from None
    try:
        if output is not None:
            write_workbook(result, output)
        if json_file is not None and json_file != "-":
            write_json(result, Path(json_file))
    except OSError as error:
        raise _refuse(f"cannot write {error.filename}: {error.strerror}") from None
    if json_file == "-":
        sys.stdout.write(write_json(result, None))
    else:
        _print(result, make_console())
    raise typer.Exit(1 if result.errors else 0)


def _print(result: Reconciliation, console: Console) -> None:
    summary = result.summary()
    console.print(
        f"Report {escape(summary['report'])} ({period_text(result.report.period)}, "
        f"{summary['report_kind']}) against journal {escape(summary['journal'])}",
        soft_wrap=True,
    )
    if result.differences and not console.is_terminal:
        for d in result.differences:  # one line each: readable in logs, easy to grep
            amount = "" if d.amount is None else f" [{d.amount} {d.currency}]"
            console.print(f"{d.code}: {escape(d.message)}{amount}", soft_wrap=True)
    elif result.differences:
        table = new_table(console, "Differences")
        for name in ("code", "customer", "location / subscriber", "expected", "charged", "amount"):
            table.add_column(name, overflow="fold", justify="right" if name == "amount" else "left")
        for d in result.differences:
            place = " / ".join(p for p in (d.location, d.subscriber) if p)
            amount = "" if d.amount is None else f"{d.amount} {d.currency}"
            table.add_row(
                d.code,
                escape(d.customer_external_id or d.customer_id),
                escape(place),
                escape(d.expected),
                escape(d.charged),
                amount,
            )
        console.print(table)
    console.print(_verdict(result))
    if result.lines_not_compared:
        console.print(
            f"{result.lines_not_compared} report line(s) for customers the journal does not "
            "know were not compared (--all-customers compares them)."
        )


def _verdict(result: Reconciliation) -> str:
    if not result.differences:
        return "[green]No differences.[/green]"
    colour = "red" if result.errors else "yellow"
    return (
        f"[{colour}]{result.errors} difference(s), {result.warnings} warning(s)[/{colour}]; "
        f"net amount at stake {result.amount_at_stake} {result.currency}"
    )
