"""``rtm fix`` as a partner runs it (docs/cli.md, "rtm fix"): a real process on a generated
workbook with Excel damage. The corrected copy is written, the original is not touched, the
Changes sheet lists every change, the copy is validated and the exit code is its verdict;
``--dry-run`` writes nothing; ``--json`` gives the changes and the report; bad input gets one
line and exit 2, never a traceback."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

RTM = str(Path(sys.executable).with_name("rtm"))
ROOT = Path(__file__).parents[2]
INVALID = ROOT / "fixtures" / "workbooks" / "invalid"
AS_OF = "2026-11-25"


def rtm(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([RTM, *map(str, args)], capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("fix")
    book = folder / "damaged.xlsx"
    made = rtm("generate", "--customers", "6", "--seed", "4", "--excel-damage", "--as-of", AS_OF,
               "-o", book, "--answer-key", folder / "key.json")  # fmt: skip
    assert made.returncode == 0, made.stderr
    return book


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fix_writes_a_validated_copy_with_its_changes(damaged: Path, tmp_path: Path) -> None:
    before = _digest(damaged)
    out = tmp_path / "fixed.xlsx"
    done = rtm("fix", damaged, "-o", out, "--as-of", AS_OF, "--json")
    assert done.returncode in (0, 1), done.stderr
    assert _digest(damaged) == before
    body = json.loads(done.stdout)
    changes = body["changes"]
    assert changes and body["dry_run"] is False
    assert {c["kind"] for c in changes} <= {"certain", "likely"}
    assert done.returncode == (0 if body["report"]["valid"] else 1)
    sheet = openpyxl.load_workbook(out)["Changes"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Sheet", "Cell", "Old value", "New value", "Code", "Kind", "Reason")
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [
        (c["sheet"], c["cell"], c["new"]) for c in changes
    ]
    again = validated_codes(out)
    assert not again & {"cell-whitespace", "cell-invalid-postal-code"}
    assert f"{len(changes):,} cells changed in fixed.xlsx" in done.stderr


def validated_codes(path: Path) -> set[str]:
    done = rtm("validate", path, "--as-of", AS_OF, "--json", "-")
    return {i["code"] for i in json.loads(done.stdout)["issues"]}


def test_dry_run_writes_nothing_and_certain_leaves_likely_fixes(
    damaged: Path, tmp_path: Path
) -> None:
    out = tmp_path / "never.xlsx"
    done = rtm("fix", damaged, "-o", out, "--dry-run", "--only", "certain", "--as-of", AS_OF)
    assert done.returncode == 1, done.stderr
    assert not out.exists()
    assert "(dry run: nothing written)" in done.stdout
    assert "likely" not in done.stdout.split("dry run")[1].split("Workbook")[0]
    codes = rtm("fix", damaged, "-o", out, "--dry-run", "--code", "cell-invalid-postal-code",
                "--json", "--as-of", AS_OF)  # fmt: skip
    assert {c["code"] for c in json.loads(codes.stdout)["changes"]} <= {"cell-invalid-postal-code"}


def test_fixing_the_fixed_copy_changes_nothing(damaged: Path, tmp_path: Path) -> None:
    first, second = tmp_path / "1.xlsx", tmp_path / "2.xlsx"
    assert rtm("fix", damaged, "-o", first, "--as-of", AS_OF).returncode in (0, 1)
    done = rtm("fix", first, "-o", second, "--as-of", AS_OF, "--json")
    assert json.loads(done.stdout)["changes"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("missing.xlsx", "-o", "x.xlsx"), "missing.xlsx cannot be read"),
        ((INVALID / "workbook-unreadable" / "workbook.xlsx", "-o", "x.xlsx"), "damaged zip"),
        ((ROOT / "fixtures/workbooks/valid/sample.xlsx", "-o", "x.csv"), "does not end in .xlsx"),
        ((ROOT / "fixtures/workbooks/valid/sample.xlsx", "-o", "x.xlsx", "--only", "maybe"), ""),
        (
            (ROOT / "fixtures/workbooks/valid/sample.xlsx", "-o", "x.xlsx", "--code", "nope"),
            "--code nope is not an error code",
        ),
        (
            (ROOT / "fixtures/workbooks/valid/sample.xlsx", "-o", "x.xlsx", "--as-of", "soon"),
            "--as-of 'soon' is not a date",
        ),
    ],
)
def test_bad_input_gets_one_line_and_exit_2(
    args: tuple[str | Path, ...], message: str, tmp_path: Path
) -> None:
    done = subprocess.run([RTM, "fix", *map(str, args)], capture_output=True, text=True,
                          cwd=tmp_path, timeout=120)  # fmt: skip
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rtm fix"), done.stderr
    assert message in lines[0]
    assert "Traceback" not in done.stderr


def test_the_source_is_never_the_destination(tmp_path: Path) -> None:
    book = tmp_path / "book.xlsx"
    book.write_bytes((ROOT / "fixtures/workbooks/valid/sample.xlsx").read_bytes())
    done = rtm("fix", book, "-o", book)
    assert done.returncode == 2 and "must not overwrite book.xlsx" in done.stderr
