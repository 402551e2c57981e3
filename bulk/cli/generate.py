"""``rtm generate``: write a synthetic onboarding workbook (and its answer key).

Exit codes: 0 written, 2 unusable options or an output that cannot be written (one line on
stderr, never a traceback).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from bulk.cli.output import print_json, refuse, require_suffix
from bulk.cli.root import app
from bulk.generator import (
    GenerationResult,
    GeneratorOptions,
    OptionError,
    SeatRange,
    generate_workbook,
    partner_toml,
)
from bulk.generator.run import Progress as ProgressHook

DEFAULT_OUTPUT = Path("generated-workbook.xlsx")


def _as_of(text: str | None) -> dt.date:
    if text is None:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise OptionError(
            f"--as-of '{text}' is not a date; use YYYY-MM-DD, e.g. 2026-11-25"
        ) from None


@contextmanager
def _progress(console: Console, customers: int) -> Iterator[ProgressHook | None]:
    """A bar over customers on a terminal; nothing in pipes and CI."""
    if not console.is_terminal or os.environ.get("CI"):
        yield None
        return
    bar = Progress(
        TextColumn("Generating customers"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[subscribers]:,} subscribers"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task("generate", total=customers, subscribers=0)
    written = 0

    def hook(subscribers: int) -> None:
        nonlocal written
        written += subscribers
        bar.update(task, advance=1, subscribers=written)

    with bar:
        yield hook


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def _summary(result: GenerationResult, options: GeneratorOptions, output: Path) -> list[str]:
    rows = result.rows
    counts = ", ".join(
        _count(rows[sheet], noun)
        for sheet, noun in (
            ("Customers", "customer"),
            ("Locations", "location"),
            ("Subscribers", "subscriber"),
            ("Setup Assist", "Setup Assist request"),
        )
    )
    lines = [f"Wrote {output}: {counts} (seed {options.seed}, as of {options.as_of.isoformat()})."]
    key = result.answer_key
    if key is not None and key.issues:
        errors = sum(1 for i in key.issues if i.severity == "error")
        lines.append(
            f"Planted {len(key.issues):,} issues ({errors:,} errors, "
            f"{len(key.issues) - errors:,} warnings)."
        )
    return lines


@app.command()
def generate(
    customers: int = typer.Option(..., "--customers", help="How many customers to generate."),
    seed: int = typer.Option(0, "--seed", help="Same seed and options, same workbook."),
    locale: str | None = typer.Option(
        None, "--locale", help="Only this market: US, CA, GB, AU, DE, FR (or en_US, de_DE, ...)."
    ),
    defects: float = typer.Option(
        0.0, "--defects", help="Share of rows with a planted defect (0-1); every kind once."
    ),
    output: Path = typer.Option(DEFAULT_OUTPUT, "-o", "--output", help="Workbook to write."),
    answer_key: Path | None = typer.Option(
        None, "--answer-key", help="Write the issues rtm validate must report (JSON)."
    ),
    excel_damage: bool = typer.Option(
        False, "--excel-damage", help="Store some values the way Excel mangles them."
    ),
    as_of: str | None = typer.Option(
        None, "--as-of", help="Submission date Setup Assist dates are planned from (YYYY-MM-DD)."
    ),
    subscribers_per_customer: str = typer.Option(
        "1-40", "--subscribers-per-customer", help="A number or a range such as 1-40."
    ),
    partner_file: Path | None = typer.Option(
        None,
        "--partner-file",
        help="Also write a partner profile for rtm validate --partner (not entitled and not "
        "ready when defects are planted; the answer key then expects it).",
    ),
    omit_assist_sheet: bool = typer.Option(
        False, "--omit-assist-sheet", help="Leave the Setup Assist sheet out (sheet-missing)."
    ),
    json_to: str | None = typer.Option(
        None, "--json", help="Also write the summary as JSON to FILE (- = stdout)."
    ),
) -> None:
    """Generate a synthetic onboarding workbook, valid or with planted defects and an answer key."""
    require_suffix("generate", "-o", output, ".xlsx")
    require_suffix("generate", "--answer-key", answer_key, ".json")
    require_suffix("generate", "--partner-file", partner_file, ".toml")
    err = Console(stderr=True)
    try:
        options = GeneratorOptions(
            customers=customers,
            as_of=_as_of(as_of),
            seed=seed,
            locale=locale,
            defect_rate=defects,
            excel_damage=excel_damage,
            subscribers_per_customer=SeatRange.parse(subscribers_per_customer),
            omit_assist_sheet=omit_assist_sheet,
            with_partner=partner_file is not None,
        )
        with _progress(err, customers) as hook:
            result = generate_workbook(options, output, hook)
        if answer_key is not None and result.answer_key is not None:
            result.answer_key.write(answer_key)
        if partner_file is not None:
            partner_file.write_text(partner_toml(ready=defects == 0), encoding="utf-8")
    except OptionError as error:
        raise refuse("generate", str(error), "see `rtm generate --help`") from None
    except OSError as error:
        raise refuse("generate", f"cannot write: {error}", "choose another -o") from None
    lines = _summary(result, options, output)
    if json_to is not None:
        print_json({"output": str(output), "rows": dict(result.rows), "summary": lines}, json_to)
    if json_to != "-":
        typer.echo("\n".join(lines))
