"""The ``rtm`` command line for the partner toolkit (``python -m bulk``).

Each command lives in its own module and registers itself on the Typer app of
:mod:`bulk.cli.root`; :mod:`bulk.cli.shell` imports a command's module only when that command
is run, so ``rtm --help`` stays quick. ``from bulk.cli import app`` gives the app with every
command loaded. The simulator's commands are attached under ``rtm sim`` by :mod:`rtm.cli`, so
``bulk`` never imports ``simulator``.
"""

from __future__ import annotations

import importlib
from collections.abc import Collection

import typer

from bulk.cli.shell import COMMANDS, run

COMMAND_MODULES: dict[str, str] = {name: module for name, (module, _) in COMMANDS.items()}
"""Command name → the module that registers it."""


def load_commands(names: Collection[str] | None = None) -> typer.Typer:
    """Register the named commands (every command when ``names`` is None) and return the app."""
    from bulk.cli.root import app

    wanted = COMMAND_MODULES if names is None else [n for n in names if n in COMMAND_MODULES]
    for name in wanted:
        importlib.import_module(COMMAND_MODULES[name])
    return app


def main() -> None:
    """Run the partner toolkit's command line, loading only the command being run."""
    from bulk.cli.root import app

    run(app)


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        return load_commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COMMAND_MODULES", "app", "load_commands", "main"]
