"""How ``rtm`` runs a command (bulk.cli.shell): a usage problem, a bug or Ctrl-C in any command
ends as one line on standard error with its exit code, never a traceback; a group run without
a command prints its help."""

from __future__ import annotations

import pytest
import typer

from bulk.cli.shell import run


def _app() -> typer.Typer:
    app = typer.Typer(add_completion=False, rich_markup_mode=None, no_args_is_help=True)

    @app.command("validate")
    def broken(count: int = typer.Option(1, "--count", min=1)) -> None:
        """A command with a bug."""
        raise ValueError(f"cannot count {count}\nsecond line")

    @app.command("wait")
    def interrupted() -> None:
        """A command the user stops."""
        raise typer.Abort()

    return app


def _exit(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stopped:
        run(_app(), args)
    out, err = capsys.readouterr()
    return int(stopped.value.code or 0), out, err


def test_a_bug_is_one_line_naming_the_command_and_the_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, out, err = _exit(["validate", "--count", "3"], capsys)
    assert code == 2 and out == ""
    assert err == (
        "rtm validate: internal error (ValueError: cannot count 3 second line); "
        "please report it with the command you ran\n"
    )


def test_a_usage_problem_is_one_line_with_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _exit(["validate", "--count", "0"], capsys)
    assert code == 2 and err.count("\n") == 1
    assert err.startswith("rtm validate: invalid value for '--count'")
    assert err.rstrip().endswith("; see `rtm validate --help`")


def test_ctrl_c_and_a_bare_group(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _exit(["wait"], capsys)
    assert (code, err) == (130, "rtm: interrupted\n")
    code, out, err = _exit([], capsys)
    assert code == 0 and err == "" and out.startswith("Usage: rtm") and "validate" in out
