"""``rtm template``: write the blank onboarding workbook template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from bulk.cli.output import print_json, refuse, require_suffix
from bulk.cli.root import app
from bulk.schema import SHEETS, TEMPLATE_VERSION
from bulk.template import DATA_ROWS, write_template

DEFAULT_OUTPUT = Path(f"onboarding-template-v{TEMPLATE_VERSION}.xlsx")


@app.command()
def template(
    output: Path = typer.Option(
        DEFAULT_OUTPUT, "-o", "--output", help="Where to write the template (.xlsx)."
    ),
    json_to: str | None = typer.Option(
        None, "--json", help="Also write the summary as JSON to FILE (- = stdout)."
    ),
) -> None:
    """Write the blank onboarding workbook template (with dropdowns and instructions)."""
    require_suffix("template", "-o", output, ".xlsx")
    try:
        write_template(output)
    except OSError as error:
        reason = error.strerror or str(error)
        raise refuse("template", f"cannot write {output}: {reason}", "choose another -o") from None
    if json_to is not None:
        print_json(template_json(output), json_to)
    if json_to != "-":
        sheets = ", ".join(s.name for s in SHEETS)
        typer.echo(
            f"Wrote onboarding template version {TEMPLATE_VERSION} to {output} "
            f"(sheets {sheets}; dropdowns on rows 2-{DATA_ROWS + 1})."
        )


def template_json(output: Path) -> dict[str, Any]:
    """The ``--json`` summary: where the template is, its version, its sheets and columns."""
    return {
        "output": str(output),
        "template_version": TEMPLATE_VERSION,
        "dropdown_rows": [2, DATA_ROWS + 1],
        "sheets": [
            {"name": sheet.name, "columns": [c.template_header for c in sheet.columns]}
            for sheet in SHEETS
        ],
    }


__all__ = ["DEFAULT_OUTPUT", "template", "template_json"]
