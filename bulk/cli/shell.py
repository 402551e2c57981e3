"""How ``rtm`` runs (docs/cli.md): commands loaded only when named, plain full-width help with
examples, and one error style for every refusal.

* ``rtm --help`` lists the commands from :data:`COMMANDS` without importing any of them, so it
  answers in a fraction of a second; ``rtm NAME`` imports only ``NAME``'s module.
* Help is click's plain layout (no boxed panels, no type tags on flags that take no value),
  as wide as the terminal and never wrapped when standard output is not one; arguments show
  their name (``WORKBOOK``) and every command ends with examples (:mod:`bulk.cli.examples`).
* Usage errors (a missing or unknown option, a bad type, a value out of range) print one line,
  ``rtm <command>: <what is wrong>; <what to do>``, and exit 2, like every other refusal
  (:func:`bulk.cli.output.refuse`).
"""

from __future__ import annotations

import importlib
import shutil
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

import typer
from typer._click import exceptions as click_errors
from typer._click.core import Command, Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument, TyperGroup, TyperOption

from bulk.cli.examples import EXAMPLES
from bulk.cli.output import one_line

COMMANDS: dict[str, tuple[str, str]] = {
    "template": ("bulk.cli.template", "Write the blank onboarding workbook template."),
    "validate": ("bulk.cli.validate", "Check a workbook offline and report every problem."),
    "fix": ("bulk.cli.fix", "Write a corrected copy of a workbook with the safe fixes applied."),
    "import": ("bulk.cli.import_", "Validate a workbook, then provision it through the API."),
    "assist": (
        "bulk.cli.assist_status",
        "Setup Assist: A-Wholesale entitlement, readiness, forms.",
    ),
    "partner": ("bulk.cli.partner", "Write a commented partner profile (TOML)."),
    "billing": ("bulk.cli.billing", "Download billing reports and reconcile them."),
    "generate": ("bulk.cli.generate", "Write a synthetic workbook, valid or with defects."),
    "load": ("bulk.cli.load", "Drive a simulator with generated onboarding traffic."),
    "web": ("bulk.cli.web", "Serve the partner upload portal."),
    "codes": ("bulk.cli.codes", "List every error code of the catalogue."),
}
"""Command name → (the module that registers it, its one-line help)."""

EXTRA: dict[str, tuple[Callable[[], Command], str]] = {}
"""Command groups attached by the ``rtm`` entry point (``sim``): name → (builder, help)."""

WIDE = 10_000
"""Help width when standard output is not a terminal: never wrap."""

METAVARS = {"int": "N", "float": "NUMBER", "path": "PATH", "str": "TEXT"}


def help_width() -> int:
    """The terminal's width on a terminal; :data:`WIDE` in pipes and CI."""
    return shutil.get_terminal_size().columns if sys.stdout.isatty() else WIDE


class NamedArgument(TyperArgument):
    """An argument shown by its name: ``WORKBOOK`` in the usage line (``[NAME]`` when optional),
    without a type tag in the list of arguments."""

    def _usage_display_name(self) -> str:
        name = self.display_name_raw if self.required else f"[{self.display_name_raw}]"
        return name + ("..." if self.nargs != 1 else "")

    def display_type_rich(self, ctx: Context) -> str | None:
        return None


class LazyGroup(TyperGroup):
    """The root group: lists :data:`COMMANDS` without importing them."""

    def list_commands(self, ctx: Context) -> list[str]:
        """Every command, in the order of :data:`COMMANDS`, then ``sim``."""
        return [*COMMANDS, *EXTRA]

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        """Import the named command's module (only now) and give its polished command."""
        if cmd_name in EXTRA:
            command: Command | None = EXTRA[cmd_name][0]()
        elif cmd_name in COMMANDS:
            importlib.import_module(COMMANDS[cmd_name][0])
            from bulk.cli.root import app

            command = typer.main.get_group(app).commands.get(cmd_name)
        else:
            return None
        if command is not None:
            polish(command, f"rtm {cmd_name}")
        return command

    def format_commands(self, ctx: Context, formatter: HelpFormatter) -> None:
        """The command list from the static table (no command module is imported)."""
        rows = [(name, text) for name, (_, text) in COMMANDS.items()]
        rows += [(name, text) for name, (_, text) in EXTRA.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


def polish(command: Command, path: str) -> None:
    """Named argument metavars, value metavars without type tags, and examples, recursively."""
    for param in command.params:
        if isinstance(param, TyperArgument):
            param.metavar = param.metavar or (param.name or "value").upper()
            param.__class__ = NamedArgument
        elif isinstance(param, TyperOption) and not param.is_flag and param.metavar is None:
            kind = param.bare_type().lower()
            if kind in METAVARS and not param.type_descriptor.is_choice:
                param.metavar = METAVARS[kind]
    if path in EXAMPLES and not command.epilog:
        command.epilog = "\b\nExamples:\n" + "\n".join(f"  {e}" for e in EXAMPLES[path])
    if isinstance(command, TyperGroup):
        for name, sub in command.commands.items():
            polish(sub, f"{path} {name}")


def run(app: typer.Typer, argv: Sequence[str] | None = None) -> NoReturn:
    """Run ``app`` as ``rtm``: exit with the command's code; usage errors as one line."""
    group = typer.main.get_command(app)
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code: Any = group.main(args=args, prog_name="rtm", standalone_mode=False)
    except click_errors.NoArgsIsHelpError as error:
        sys.stdout.write(error.ctx.get_help() + "\n" if error.ctx else "")
        sys.exit(0)
    except click_errors.ClickException as error:
        sys.stderr.write(usage_line(error) + "\n")
        sys.exit(error.exit_code)
    except typer.Abort:
        sys.stderr.write("rtm: interrupted\n")
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


def usage_line(error: click_errors.ClickException) -> str:
    """``rtm <command>: <what is wrong>; <what to do>`` for a click error."""
    ctx = getattr(error, "ctx", None)
    path = ctx.command_path if ctx is not None else "rtm"
    what = one_line(error.format_message()).rstrip(".")
    what = what[:1].lower() + what[1:]
    return f"{path}: {what}; see `{path} --help`"


__all__ = [
    "COMMANDS",
    "EXTRA",
    "LazyGroup",
    "NamedArgument",
    "help_width",
    "polish",
    "run",
    "usage_line",
]
