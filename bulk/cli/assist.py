"""``rtm assist form WORKBOOK --location NAME``: a filled Setup Assist request form (HTML) per
location, for partners who submit through the request-form channel (docs/design.md §6).

The workbook is validated first (with ``--as-of``, ``--partner`` and the price book, exactly as
``rtm validate`` does), so the form shows what the validator derived — seats, the SKU, the
quantity, the net price and the earliest completion date — and every problem of the row. A
form whose row has errors is still written, marked *not ready to submit*, and the command
exits 1; 0 when every form is ready; 2 for unusable input (one line, never a traceback).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import typer

from bulk.cli.output import print_json, refuse, require_suffix
from bulk.cli.root import app
from bulk.partner import PartnerFileError, PartnerProfile, load_partner
from bulk.pricebook import PriceBookError, load_pricebook
from bulk.rules.catalogue import Severity
from bulk.rules.money import PriceBook
from bulk.validation import AssistLine, Issue, ValidationResult, validate_workbook
from bulk.validation.report import assist_json
from bulk.workbook.limits import WorkbookUnusable
from bulk.workbook.rows import AssistRow, CustomerRow, LocationRow

assist_app = typer.Typer(
    help="Setup Assist: A-Wholesale entitlement, readiness and request forms.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(assist_app, name="assist")

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("bulk.cli", ""),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


@dataclass(frozen=True, slots=True)
class AssistForm:
    """Everything one request form shows."""

    request: AssistRow
    customer: CustomerRow | None
    location: LocationRow | None
    order: AssistLine | None
    issues: tuple[Issue, ...]
    partner: PartnerProfile | None
    as_of: dt.date
    workbook: str

    @property
    def ready(self) -> bool:
        """Whether the row has no errors (warnings allowed) and an order could be derived."""
        errors = any(i.severity is Severity.ERROR for i in self.issues)
        return self.order is not None and not errors

    @property
    def file_name(self) -> str:
        """``setup-assist-<customer>-<location>.html``, safe on every file system."""
        raw = f"{self.request.customer_external_id}-{self.request.location_name}"
        return (
            "setup-assist-"
            + (re.sub(r"[^A-Za-z0-9]+", "-", raw).strip("-").lower() or "x")
            + ".html"
        )


def render_form(form: AssistForm) -> str:
    """The form as one self-contained HTML page."""
    return _TEMPLATES.get_template("assist_form.html.j2").render(form=form)


def build_forms(
    result: ValidationResult,
    locations: list[str],
    customer: str | None,
    workbook: str,
    partner: PartnerProfile | None,
) -> list[AssistForm]:
    """One form per Setup Assist row at the named locations (of ``customer``, when given);
    ``LookupError`` names a location without a row."""
    book = result.workbook
    wanted = {name.casefold() for name in locations}
    rows = [
        r
        for r in book.assists
        if r.location_name.casefold() in wanted
        and (customer is None or r.customer_external_id == customer)
    ]
    found = {r.location_name.casefold() for r in rows}
    missing = sorted({name for name in locations if name.casefold() not in found})
    if missing:
        known = sorted({r.location_name for r in book.assists}) or ["none"]
        raise LookupError(
            f"no Setup Assist row for location(s) {', '.join(missing)}"
            f"{f' of customer {customer}' if customer else ''} (the sheet has: {', '.join(known)})"
        )
    return [_form(result, row, workbook, partner) for row in rows]


def _form(
    result: ValidationResult, row: AssistRow, workbook: str, partner: PartnerProfile | None
) -> AssistForm:
    book, report = result.workbook, result.report
    key = (row.customer_external_id, row.location_name.casefold())
    customer = next((c for c in book.customers if c.external_id == row.customer_external_id), None)
    location = next(
        (loc for loc in book.locations if (loc.customer_external_id, loc.name.casefold()) == key),
        None,
    )
    order = next(
        (a for a in report.assist if (a.customer_external_id, a.location_name.casefold()) == key),
        None,
    )
    issues = tuple(
        i
        for i in report.issues
        if (i.sheet == "Setup Assist" and i.row == row.row)
        or (i.sheet == "" and i.severity is Severity.ERROR)
    )
    return AssistForm(row, customer, location, order, issues, partner, report.as_of, workbook)


def _refuse(message: str) -> typer.Exit:
    return refuse("assist form", message, "see `rtm assist form --help`")


def _inputs(
    as_of: str | None, partner: Path | None, pricebook: Path | None
) -> tuple[dt.date, PartnerProfile | None, PriceBook]:
    try:
        day = dt.date.fromisoformat(as_of.strip()) if as_of else dt.date.today()
    except ValueError:
        raise _refuse(f"--as-of '{as_of}' is not a date; use YYYY-MM-DD") from None
    try:
        return day, load_partner(partner) if partner else None, load_pricebook(pricebook)
    except (PartnerFileError, PriceBookError) as error:
        flag = "--partner" if isinstance(error, PartnerFileError) else "--pricebook"
        raise _refuse(f"{flag} {error}") from None


@assist_app.command("form")
def form_command(
    workbook: Path = typer.Argument(..., help="The onboarding workbook (.xlsx)."),
    location: list[str] = typer.Option(..., "--location", help="Location name (repeatable)."),
    customer: str | None = typer.Option(None, "--customer", help="Customer External ID."),
    as_of: str | None = typer.Option(None, "--as-of", help="Submission date (default today)."),
    partner: Path | None = typer.Option(None, "--partner", help="Partner TOML."),
    pricebook: Path | None = typer.Option(None, "--pricebook", help="Price book TOML."),
    output: Path = typer.Option(Path("."), "-o", "--output", help="Folder (or .html file)."),
    json_to: str | None = typer.Option(
        None, "--json", help="Also write the summary as JSON to FILE (- = stdout)."
    ),
) -> None:
    """Write a filled Setup Assist request form (HTML) for each named location."""
    if output.suffix and not output.is_dir():
        require_suffix("assist form", "-o", output, ".html")
    day, profile, book = _inputs(as_of, partner, pricebook)
    try:
        result = validate_workbook(workbook, as_of=day, partner=profile, pricebook=book)
        forms = build_forms(result, location, customer, workbook.name, profile)
    except WorkbookUnusable as error:
        raise _refuse(str(error)) from None
    except LookupError as error:
        raise _refuse(f"{workbook.name}: {error.args[0]}") from None
    if output.suffix.lower() == ".html" and len(forms) > 1:
        raise _refuse(f"{len(forms)} forms to write: give -o a folder, not {output.name}")
    targets = (
        [output] if output.suffix.lower() == ".html" else [output / f.file_name for f in forms]
    )
    try:
        for target, form in zip(targets, forms, strict=True):
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render_form(form), encoding="utf-8")
            state = "ready" if form.ready else "NOT ready (see the issues on the form)"
            if json_to != "-":
                typer.echo(f"{target}: {form.request.location_name} — {state}")
        if json_to is not None:
            print_json(forms_json(zip(targets, forms, strict=True)), json_to)
    except OSError as error:
        raise _refuse(f"cannot write {error.filename}: {error.strerror}") from None
    raise typer.Exit(0 if all(f.ready for f in forms) else 1)


def forms_json(written: Iterable[tuple[Path, AssistForm]]) -> dict[str, Any]:
    """The ``--json`` summary: every form written, what it orders and the issues of its row."""
    forms = [
        {
            "output": str(target),
            "customer_external_id": form.request.customer_external_id,
            "location_name": form.request.location_name,
            "ready": form.ready,
            "order": None if form.order is None else assist_json(form.order),
            "issues": [issue.to_json() for issue in form.issues],
        }
        for target, form in written
    ]
    return {"ready": all(f["ready"] for f in forms), "forms": forms}
