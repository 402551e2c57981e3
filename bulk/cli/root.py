"""The Typer application every ``bulk`` command registers on (plain help, loaded lazily:
:mod:`bulk.cli.shell`)."""

from __future__ import annotations

import typer

from bulk.cli.shell import LazyGroup, help_width

app = typer.Typer(
    name="rtm",
    cls=LazyGroup,
    help="Wholesale RTM onboarding toolkit: template, validate, import, billing, simulator.",
    epilog="\b\nStart here:\n  rtm template -o onboarding.xlsx\n  rtm validate onboarding.xlsx\n"
    "  rtm COMMAND --help",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"terminal_width": help_width(), "max_content_width": help_width()},
)


@app.callback()
def root() -> None:
    """Wholesale RTM onboarding toolkit: template, validate, import, billing, simulator."""
    # A callback keeps Typer in group mode even when only one command module is loaded.


__all__ = ["app"]
