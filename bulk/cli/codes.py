"""``rtm codes``: print the error catalogue."""

from __future__ import annotations

import json

import typer

from bulk.cli.output import console, new_table
from bulk.cli.root import app
from bulk.rules.catalogue import CATALOGUE, catalogue_markdown


@app.command()
def codes(
    as_json: bool = typer.Option(False, "--json", help="Print the catalogue as JSON."),
    as_markdown: bool = typer.Option(
        False, "--markdown", help="Print the catalogue as Markdown (the page docs/errors.md)."
    ),
) -> None:
    """List every error code with its severity, title and numeric errorCode."""
    if as_markdown:
        typer.echo(catalogue_markdown(), nl=False)
        return
    if as_json:
        entries = [
            {
                "code": e.code,
                "severity": str(e.severity),
                "title": e.title,
                "errorCode": e.error_code,
                "httpStatus": e.http_status,
                "family": e.family,
                "description": e.description,
            }
            for e in CATALOGUE.values()
        ]
        typer.echo(json.dumps(entries, indent=2))
        return
    out = console()
    table = new_table(out, "Error catalogue")
    for name in ("code", "severity", "errorCode", "title"):
        table.add_column(name)
    for e in CATALOGUE.values():
        table.add_row(e.code, str(e.severity), str(e.error_code), e.title)
    out.print(table)
