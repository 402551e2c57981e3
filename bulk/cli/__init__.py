"""The ``rtm`` command line for the partner toolkit (``python -m bulk``).

Each command lives in its own module and registers itself on :data:`app`; the simulator's
commands are attached under ``rtm sim`` by :mod:`rtm.cli`, so ``bulk`` never imports
``simulator``.
"""

from __future__ import annotations

from bulk.cli import assist as _assist  # noqa: F401  (registers the commands)
from bulk.cli import billing as _billing  # noqa: F401  (registers the commands)
from bulk.cli import codes as _codes  # noqa: F401  (registers the command)
from bulk.cli import generate as _generate  # noqa: F401  (registers the command)
from bulk.cli import import_ as _import  # noqa: F401  (registers the command)
from bulk.cli import load as _load  # noqa: F401  (registers the command)
from bulk.cli import template as _template  # noqa: F401  (registers the command)
from bulk.cli import validate as _validate  # noqa: F401  (registers the command)
from bulk.cli import web as _web  # noqa: F401  (registers the command)
from bulk.cli.app import app


def main() -> None:
    """Run the partner toolkit's command line."""
    app()


__all__ = ["app", "main"]
