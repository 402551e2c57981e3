"""``rtm import``: validate a workbook, then provision it through the API (docs/design.md §6).

Exit codes: 0 every row done (or unchanged), 1 some rows failed or could not be changed
(``not-updatable``), 2 refused (invalid or unreadable workbook, bad token → 401, unreachable
URL, unusable journal, a bad option), 130 interrupted (Ctrl-C; the same command resumes): one
line on stderr, ``rtm import: <what is wrong>; <what to do>``, never a traceback (docs/cli.md).
``--dry-run`` validates and runs the API prechecks only.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
from pathlib import Path

import typer
from rich.console import Console

from bulk.cli.import_view import PlainProgress, RichProgress, print_summary, summary_json
from bulk.cli.output import console as make_console
from bulk.cli.output import print_json, refuse, require_suffix
from bulk.cli.root import app
from bulk.importer import (
    ImportOptions,
    ImportPlan,
    JournalError,
    ProgressSink,
    api_refusal,
    build_plan,
    default_journal_path,
    default_result_path,
    report_headline,
    run_session,
    write_result_workbook,
)
from bulk.partner import PartnerFileError, load_partner
from bulk.validation import validate_workbook
from bulk.workbook.limits import WorkbookUnusable


class Refused(Exception):
    """The import cannot start or go on; the message is the one line printed (exit 2)."""


def _plan(workbook: Path, as_of: str | None, partner: Path | None) -> ImportPlan:
    """Validate first; refuse a workbook with errors."""
    try:
        day = dt.date.fromisoformat(as_of.strip()) if as_of else dt.date.today()
    except ValueError:
        raise Refused(f"--as-of '{as_of}' is not a date; use YYYY-MM-DD") from None
    try:
        profile = load_partner(partner) if partner else None
        result = validate_workbook(workbook, as_of=day, partner=profile)
    except PartnerFileError as error:
        raise Refused(f"--partner {error}") from None
    except WorkbookUnusable as error:
        raise Refused(str(error)) from None
    errors = result.report.stats.get("errors", 0) if isinstance(result.report.stats, dict) else 0
    if not result.report.valid:
        raise Refused(
            f"{workbook.name} has {errors or 'some'} validation error(s); nothing was imported. "
            f"Run `rtm validate {workbook.name}` to see them."
        )
    return build_plan(result.workbook)


@app.command("import")
def import_(
    workbook: Path = typer.Argument(..., help="The validated .xlsx workbook to import."),
    url: str = typer.Option(..., "--url", help="API root, e.g. http://127.0.0.1:8080."),
    token: str = typer.Option(..., "--token", envvar="RTM_TOKEN", help="Bearer token."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Validate and precheck only."),
    concurrency: int = typer.Option(8, "--concurrency", min=1, max=256, help="Requests at once."),
    journal: Path | None = typer.Option(None, "--journal", help="Journal file."),
    result: Path | None = typer.Option(None, "--result", help="Result workbook (.xlsx)."),
    as_of: str | None = typer.Option(None, "--as-of", help="Validation date (YYYY-MM-DD)."),
    partner: Path | None = typer.Option(None, "--partner", help="Partner TOML for validation."),
    journal_sync: str = typer.Option(
        "normal", "--journal-sync", help="normal (survives a crash) or full (also power loss)."
    ),
    provisioning_id: str | None = typer.Option(
        None,
        "--provisioning-id",
        help="Customer template provisioningId (default: provisioning_id of --partner).",
    ),
    json_to: str | None = typer.Option(
        None, "--json", help="Also write the summary as JSON to FILE (- = stdout)."
    ),
) -> None:
    """Validate WORKBOOK, then provision it through the API; resumable and idempotent.

    Exit 0 all rows done, 1 some rows failed, 2 refused, 130 interrupted (rerun to resume)."""
    require_suffix("import", "--result", result, ".xlsx")
    console = make_console(stderr=json_to == "-")
    journal_path = journal or default_journal_path(workbook)
    try:
        if not url.startswith(("http://", "https://")):
            raise Refused(f"--url '{url}' is not an http(s) URL")
        plan = _plan(workbook, as_of, partner)
        progress = _progress(console, to_stderr=json_to == "-")
        try:
            report = asyncio.run(
                run_session(
                    plan,
                    workbook_label=str(workbook),
                    url=url,
                    token=token,
                    dry_run=dry_run,
                    options=ImportOptions(
                        concurrency=concurrency,
                        provisioning_id=provisioning_id or _partner_provisioning_id(partner),
                    ),
                    journal_path=journal_path,
                    journal_sync=journal_sync,
                    progress=progress,
                    submitted_on=dt.date.fromisoformat(as_of.strip()) if as_of else None,
                )
            )
        finally:
            if isinstance(progress, RichProgress):
                progress.close()
        target = result or (None if dry_run else default_result_path(workbook))
        if target is not None:
            facts = {"workbook": workbook.name, "url": url, "journal": str(journal_path)}
            write_result_workbook(workbook, target, report, facts)
    except KeyboardInterrupt:
        raise refuse(
            "import",
            f"interrupted (every row answered so far is recorded in the journal {journal_path})",
            "run the same command again to resume where it stopped",
            130,
        ) from None
    except (Refused, JournalError, ValueError) as error:
        raise refuse("import", str(error), _RERUN_HINT) from None
    except Exception as error:  # a bug or an API failure must still not show a traceback
        reason = api_refusal(error, url) or f"import of {workbook.name} stopped: {error}"
        raise refuse("import", reason, _RERUN_HINT) from None
    print_summary(console, report, journal_path if not dry_run else None, target)
    if json_to:
        print_json(summary_json(report, journal_path if not dry_run else None, target), json_to)
    raise typer.Exit(0 if report_headline(report).ok else 1)


_RERUN_HINT = "fix it and run the same command again (finished rows are not sent twice)"


def _partner_provisioning_id(partner: Path | None) -> str | None:
    """``provisioning_id`` of the partner file (already read once by the validation)."""
    return load_partner(partner).provisioning_id if partner else None


def _progress(console: Console, *, to_stderr: bool) -> ProgressSink:
    """Bars on a terminal, plain lines in pipes and CI (on standard output, in order with the
    summary, unless the JSON summary goes there)."""
    if console.is_terminal and not os.environ.get("CI"):
        return RichProgress(console)
    return PlainProgress(to_stderr=to_stderr)
