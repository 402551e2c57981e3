"""Compose the ``rtm`` command: ``bulk``'s commands with the simulator's under ``sim``.

Only the modules of the command being run are imported (:mod:`bulk.cli.shell`), so
``rtm validate`` does not pay for the simulator's or the web portal's imports, and
``rtm --help`` imports none of them.
"""

from __future__ import annotations

import typer
from typer.core import TyperGroup

from bulk.cli.shell import EXTRA, run


def sim_command() -> TyperGroup:
    """``rtm sim``: the simulator's commands, with ``rtm sim clock``."""
    from rtm.sim_clock import register
    from simulator.cli import app as sim_app

    sim_app.rich_markup_mode = None
    register(sim_app)
    return typer.main.get_group(sim_app)


EXTRA["sim"] = (sim_command, "Run and control the local Wholesale API simulator.")


def main() -> None:
    """Run ``rtm``."""
    from bulk.cli.root import app

    run(app)
