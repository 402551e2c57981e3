"""``make demo`` runs scripts/demo.py: here it runs in a temporary copy of the project's
scripts and fixtures (so it writes nowhere in the tree), bounded in time, and must end with
every step passed and what each step promised on disk (README.md, scripts/demo.py)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

ROOT = Path(__file__).resolve().parents[2]
STEPS = 12


@pytest.mark.slow
def test_make_demo_runs_every_step_in_a_temporary_folder(tmp_path: Path) -> None:
    (tmp_path / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "demo.py", tmp_path / "scripts" / "demo.py")
    shutil.copytree(ROOT / "fixtures", tmp_path / "fixtures")
    done = subprocess.run(
        [sys.executable, "scripts/demo.py"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert f"Demo finished: {STEPS} steps passed" in done.stdout
    out = tmp_path / "demo-output"
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["valid"] is True  # the sample validates
    reconciled = json.loads((out / "reconcile.json").read_text(encoding="utf-8"))
    # No difference; warnings depend on the day of the month the demo runs (partial usage).
    assert reconciled["ok"] is True
    assert {d["severity"] for d in reconciled["differences"]} <= {"warning"}
    result = openpyxl.load_workbook(out / "generated.result.xlsx", read_only=True)
    assert "Summary" in result.sheetnames
    result.close()
