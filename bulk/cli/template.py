"""``rtm template``: write the blank onboarding workbook template."""

from __future__ import annotations

from pathlib import Path

import typer

from bulk.cli.output import refuse, require_suffix
from bulk.cli.root import app
from bulk.schema import SHEETS, TEMPLATE_VERSION
from bulk.template import DATA_ROWS, write_template

DEFAULT_OUTPUT = Path(f"onboarding-template-v{TEMPLATE_VERSION}.xlsx")


@app.command()
def template(
    output: Path = typer.Option(
        DEFAULT_OUTPUT, "-o", "--output", help="Where to write the template (.xlsx)."
    ),
) -> None:
    """Write the blank onboarding workbook template (with dropdowns and instructions)."""
    require_suffix("template", "-o", output, ".xlsx")
    try:
        write_template(output)
    except OSError as error:
        reason = error.strerror or str(error)
        raise refuse("template", f"cannot write {output}: {reason}", "choose another -o") from None
    sheets = ", ".join(s.name for s in SHEETS)
    typer.echo(
        f"Wrote onboarding template version {TEMPLATE_VERSION} to {output} "
        f"(sheets {sheets}; dropdowns on rows 2-{DATA_ROWS + 1})."
    )
