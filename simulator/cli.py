"""``rtm sim`` / ``python -m simulator``: serve the simulator and mint tokens."""

from __future__ import annotations

import typer

app = typer.Typer(
    name="sim",
    help="The local Wholesale provisioning, billing and Setup Assist API simulator.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def main() -> None:
    """Run the simulator's command line."""
    app()
