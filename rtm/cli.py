"""Compose the ``rtm`` command: ``bulk``'s commands with the simulator's under ``sim``.

Only the modules of the command being run are imported, so ``rtm validate`` does not pay for
the simulator's or the web portal's imports.
"""

from __future__ import annotations

import sys

from bulk.cli import COMMAND_MODULES, invoked_command, load_commands


def main() -> None:
    """Run ``rtm``."""
    command = invoked_command(sys.argv[1:])
    if command == "sim":
        app = load_commands(())
    else:
        app = load_commands([command] if command in COMMAND_MODULES else None)
    if command not in COMMAND_MODULES:
        from simulator.cli import app as sim_app

        app.add_typer(
            sim_app, name="sim", help="Run and control the local Wholesale API simulator."
        )
    app()
