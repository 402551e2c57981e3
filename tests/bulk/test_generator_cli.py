"""``rtm generate`` on the command line: what it writes, what it says, and one clear line with
exit 2 for anything it cannot use."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bulk.cli import app
from bulk.partner import load_partner
from bulk.validation import validate_workbook


def _invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["generate", *args])
    return result.exit_code, result.stdout, result.stderr


def test_writes_workbook_key_and_partner(tmp_path: Path) -> None:
    out, key, partner = tmp_path / "w.xlsx", tmp_path / "key.json", tmp_path / "p.toml"
    code, stdout, stderr = _invoke(
        "--customers", "6", "--seed", "4", "--defects", "0.1", "--excel-damage",
        "--as-of", "2026-11-25", "-o", str(out), "--answer-key", str(key),
        "--partner-file", str(partner),
    )  # fmt: skip
    assert (code, stderr) == (0, "")
    assert f"Wrote {out}: 6 customers" in stdout
    assert "Planted" in stdout
    expected = json.loads(key.read_text(encoding="utf-8"))
    assert expected["generator"]["seed"] == 4
    assert expected["as_of"] == "2026-11-25"
    assert expected["valid"] is False
    assert set(expected["issues"][0]) == {
        "code", "severity", "sheet", "row", "column", "cell", "value", "message"
    }  # fmt: skip
    report = validate_workbook(
        out, as_of=dt.date(2026, 11, 25), partner=load_partner(partner)
    ).report.to_json()
    assert _locations(report) == _locations(expected)
    assert report["stats"] == expected["stats"]


def _locations(document: dict[str, object]) -> list[tuple[object, ...]]:
    issues = document["issues"]
    assert isinstance(issues, list)
    return sorted((i["sheet"], i["row"], i["column"], i["code"]) for i in issues)


def test_clean_run_answer_key_is_empty(tmp_path: Path) -> None:
    key = tmp_path / "key.json"
    code, stdout, _ = _invoke(
        "--customers", "3", "--locale", "de_DE", "-o", str(tmp_path / "w.xlsx"),
        "--answer-key", str(key),
    )  # fmt: skip
    assert code == 0
    assert "Planted" not in stdout
    document = json.loads(key.read_text(encoding="utf-8"))
    assert document["issues"] == [] and document["valid"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--customers", "0"], "--customers must be at least 1"),
        (["--customers", "2", "--locale", "XX"], "unknown locale 'XX'"),
        (["--customers", "2", "--as-of", "soon"], "--as-of 'soon' is not a date"),
        (["--customers", "2", "--defects", "1.5"], "--defects must be between 0 and 1"),
        (["--customers", "2", "--subscribers-per-customer", "9-3"], "9 is more than 3"),
        (["--customers", "2", "--subscribers-per-customer", "lots"], "is not a number"),
        (["--customers", "2", "-o", "/nonexistent-dir/w.xlsx"], "cannot write"),
    ],
)
def test_unusable_options_exit_2_with_one_line(args: list[str], message: str) -> None:
    code, stdout, stderr = _invoke(*args)
    assert code == 2
    assert stdout == ""
    assert message in stderr
    assert len(stderr.strip().splitlines()) == 1
    assert "Traceback" not in stderr


def test_real_subprocess_is_quiet_in_a_pipe(tmp_path: Path) -> None:
    rtm = Path(sys.executable).with_name("rtm")
    out = tmp_path / "w.xlsx"
    done = subprocess.run(
        [str(rtm), "generate", "--customers", "4", "-o", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout.count("\n") == 1
    assert out.stat().st_size > 0
