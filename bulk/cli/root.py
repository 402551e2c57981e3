"""The Typer application every ``bulk`` command registers on."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="rtm",
    help="Wholesale RTM onboarding toolkit: template, validate, import, billing, simulator.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def root() -> None:
    """Wholesale RTM onboarding toolkit: template, validate, import, billing, simulator."""
    # A callback keeps Typer in group mode even when only one command module is loaded.
