"""The ``rtm`` command line for the partner toolkit (``python -m bulk``).

Each command lives in its own module and registers itself on the Typer app of
:mod:`bulk.cli.root`. Loading every command costs over a second of imports (FastAPI, the
importer, Locust's helpers...), so :func:`main` imports only the module of the command being
run; ``from bulk.cli import app`` still gives the app with every command. The simulator's
commands are attached under ``rtm sim`` by :mod:`rtm.cli`, so ``bulk`` never imports
``simulator``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Collection, Sequence

import typer

COMMAND_MODULES: dict[str, str] = {
    "assist": "bulk.cli.assist",
    "billing": "bulk.cli.billing",
    "codes": "bulk.cli.codes",
    "generate": "bulk.cli.generate",
    "import": "bulk.cli.import_",
    "load": "bulk.cli.load",
    "template": "bulk.cli.template",
    "validate": "bulk.cli.validate",
    "web": "bulk.cli.web",
}
"""Command name → the module that registers it."""


def load_commands(names: Collection[str] | None = None) -> typer.Typer:
    """Register the named commands (every command when ``names`` is None) and return the app."""
    from bulk.cli.root import app

    wanted = COMMAND_MODULES if names is None else [n for n in names if n in COMMAND_MODULES]
    for name in wanted:
        importlib.import_module(COMMAND_MODULES[name])
    return app


def invoked_command(argv: Sequence[str]) -> str | None:
    """The command a command line names: its first word that is not an option."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def main() -> None:
    """Run the partner toolkit's command line, loading only the command being run."""
    command = invoked_command(sys.argv[1:])
    load_commands([command] if command in COMMAND_MODULES else None)()


def __getattr__(name: str) -> typer.Typer:
    if name == "app":
        return load_commands()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["COMMAND_MODULES", "app", "invoked_command", "load_commands", "main"]
