"""What every ``rtm`` command prints, said the same way (docs/cli.md).

* A refusal is one line on standard error, ``rtm <command>: <what is wrong>; <what to do>``,
  with the command's documented exit code (:func:`refuse`).
* On a terminal, output is rich (colour, tables with borders, wrapped to its width); in pipes
  and CI nothing is hard-wrapped: tables are plain aligned text and each message stays on one
  line, however long (:func:`console`, :func:`new_table`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

if TYPE_CHECKING:  # rich is imported only by commands that print with it (quick rtm --help)
    from rich.console import Console
    from rich.table import Table


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) made one space."""
    return " ".join(str(text).split())


def refusal(command: str, what: str, todo: str) -> str:
    """The refusal line: ``rtm <command>: <what is wrong>; <what to do>``. A message that
    already says what to do (``...; use YYYY-MM-DD``) keeps its own advice."""
    what = one_line(what).rstrip(".;")
    if "; " in what:
        return f"rtm {command}: {what}"
    return f"rtm {command}: {what}; {one_line(todo).rstrip('.')}"


def refuse(command: str, what: str, todo: str, code: int = 2) -> typer.Exit:
    """Print the refusal line on standard error; the ``typer.Exit`` to raise."""
    sys.stderr.write(refusal(command, what, todo) + "\n")
    sys.stderr.flush()
    return typer.Exit(code)


def require_suffix(command: str, flag: str, path: Path | None, *suffixes: str) -> None:
    """Refuse an output path whose extension does not match the format written there."""
    if path is not None and path.suffix.lower() not in suffixes and not path.is_dir():
        wanted = " or ".join(suffixes)
        raise refuse(
            command,
            f"{flag} {path.name} does not end in {wanted}, but {wanted} is what is written there",
            f"give {flag} a {wanted} name",
        )


def console(*, stderr: bool = False) -> Console:
    """A rich console for a terminal; one that never wraps for a pipe or a file
    (:func:`bulk.reports.terminal.new_console`)."""
    from bulk.reports.terminal import new_console

    return new_console(stderr=stderr)


def new_table(out: Console, title: str | None = None) -> Table:
    """A table: bordered on a terminal, plain aligned columns without box-drawing characters
    elsewhere (:func:`bulk.reports.terminal.new_table`)."""
    from bulk.reports import terminal

    return terminal.new_table(out, title)


def print_json(value: Any, target: str) -> None:
    """Write ``value`` as JSON to ``target`` (a file, or ``-`` for standard output)."""
    text = json.dumps(value, indent=2, ensure_ascii=False) + "\n"
    if target == "-":
        sys.stdout.write(text)
    else:
        with open(target, "w", encoding="utf-8") as handle:
            handle.write(text)


__all__ = [
    "console",
    "new_table",
    "one_line",
    "print_json",
    "refusal",
    "refuse",
    "require_suffix",
]
