"""Compose the ``rtm`` command: ``bulk``'s commands with the simulator's under ``sim``."""

from __future__ import annotations

from bulk.cli import app
from simulator.cli import app as sim_app

app.add_typer(sim_app, name="sim", help="Run and control the local Wholesale API simulator.")


def main() -> None:
    """Run ``rtm``."""
    app()
