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
from contextlib import AbstractContextManager
from typing import Any, NoReturn, Protocol, runtime_checkable

import typer
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

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

Command = TyperCommand | TyperGroup
"""A command as Typer builds it (a command or a group of commands)."""


class HelpWriter(Protocol):
    """What :meth:`LazyGroup.format_commands` writes with (click's help formatter)."""

    def section(self, name: str) -> AbstractContextManager[None]:
        """Indent what is written inside under the heading ``name``."""

    def write_dl(self, rows: Sequence[tuple[str, str]]) -> None:
        """Write a definition list."""


@runtime_checkable
class UsageProblem(Protocol):
    """A refused command line as click reports it (a usage error, a bad parameter, ...):
    an exit code and a message, with the context of the command in ``ctx``."""

    exit_code: int

    def format_message(self) -> str:
        """What is wrong, in click's words."""


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

    def display_type_rich(self, ctx: object) -> str | None:
        return None


class LazyGroup(TyperGroup):
    """The root group: lists :data:`COMMANDS` without importing them."""

    def list_commands(self, ctx: object) -> list[str]:
        """Every command, in the order of :data:`COMMANDS`, then ``sim``."""
        return [*COMMANDS, *EXTRA]

    def get_command(self, ctx: object, cmd_name: str) -> Command | None:
        """Import the named command's module (only now) and give its polished command."""
        if cmd_name in EXTRA:
            command: object = EXTRA[cmd_name][0]()
        elif cmd_name in COMMANDS:
            importlib.import_module(COMMANDS[cmd_name][0])
            from bulk.cli.root import app

            command = typer.main.get_group(app).commands.get(cmd_name)
        else:
            return None
        if not isinstance(command, TyperCommand | TyperGroup):
            return None
        polish(command, f"rtm {cmd_name}")
        return command

    def format_commands(self, ctx: object, formatter: HelpWriter) -> None:
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
            if isinstance(sub, TyperCommand | TyperGroup):
                polish(sub, f"{path} {name}")


def run(app: typer.Typer, argv: Sequence[str] | None = None) -> NoReturn:
    """Run ``app`` as ``rtm``: exit with the command's code; usage errors as one line."""
    group = typer.main.get_command(app)
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        code: Any = group.main(args=args, prog_name="rtm", standalone_mode=False)
    except typer.Abort:
        sys.stderr.write("rtm: interrupted\n")
        sys.exit(130)
    except Exception as error:
        if not isinstance(error, UsageProblem):
            sys.stderr.write(internal_error_line(args, error) + "\n")
            sys.exit(2)
        help_text = asked_for_help(error)
        if help_text is not None:
            sys.stdout.write(help_text + "\n")
            sys.exit(0)
        sys.stderr.write(usage_line(error) + "\n")
        sys.exit(error.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


def internal_error_line(args: Sequence[str], error: Exception) -> str:
    """A bug's one line (never a traceback): the command, the error, and what to do."""
    known = [*COMMANDS, *EXTRA]
    path = "rtm" + (f" {args[0]}" if args and args[0] in known else "")
    what = one_line(f"{type(error).__name__}: {error}")
    return f"{path}: internal error ({what}); please report it with the command you ran"


def asked_for_help(error: UsageProblem) -> str | None:
    """The help of a group run with no command (``rtm``, ``rtm sim``): click reports it as a
    usage problem whose message is the group's help; ``None`` for any other problem."""
    ctx = getattr(error, "ctx", None)
    get_help = getattr(ctx, "get_help", None)
    if get_help is None:
        return None
    help_text = str(get_help())
    return help_text if error.format_message() == help_text else None


def usage_line(error: UsageProblem) -> str:
    """``rtm <command>: <what is wrong>; <what to do>`` for a click error."""
    ctx = getattr(error, "ctx", None)
    path = ctx.command_path if ctx is not None else "rtm"
    what = one_line(error.format_message()).rstrip(".")
    what = what[:1].lower() + what[1:]
    return f"{path}: {what}; see `{path} --help`"


__all__ = [
    "COMMANDS",
    "EXTRA",
    "Command",
    "HelpWriter",
    "LazyGroup",
    "NamedArgument",
    "UsageProblem",
    "asked_for_help",
    "help_width",
    "internal_error_line",
    "polish",
    "run",
    "usage_line",
]
