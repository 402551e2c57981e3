"""The hostile corpus: each unusable file exits 2 with one clear line and no traceback, in
bounded memory (peak RSS of the child process measured with getrusage); the huge-extent
workbooks validate normally."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from validator_support import ROOT, SAMPLE

from tests.hostile_workbooks import REFUSED

HOSTILE = ROOT / "fixtures" / "workbooks" / "hostile"
RTM = Path(sys.executable).with_name("rtm")
MARGIN_KB = 64 * 1024
"""A hostile file may cost no more memory than validating the small sample does, plus this wide
margin: a file whose size or extent were believed would cost gigabytes. Absolute figures are
measured in benchmarks/validate.py, not asserted here."""

MEASURE = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(done.returncode, peak)
sys.stderr.write(done.stderr)
sys.stdout.write(done.stdout)
"""


def run_measured(*args: str) -> tuple[int, int, str, str]:
    """Run ``rtm validate`` in a child process; its exit code, peak RSS (KB), stdout, stderr."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(RTM), "validate", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )
    first, _, rest = done.stdout.partition("\n")
    code, peak = (int(x) for x in first.split())
    return code, peak, rest, done.stderr


@pytest.fixture(scope="module")
def ordinary_peak_kb() -> int:
    """Peak RSS of validating the small sample workbook, the baseline."""
    code, peak, _, err = run_measured(str(SAMPLE), "--as-of", "2026-11-25")
    assert code == 0, err
    return peak


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_hostile_file_is_refused_in_one_line(name: str, ordinary_peak_kb: int) -> None:
    code, peak, out, err = run_measured(str(HOSTILE / name), "--as-of", "2026-11-25")
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("rtm validate: ") and name in lines[0] and REFUSED[name] in lines[0]
    assert "Traceback" not in err + out
    assert peak < ordinary_peak_kb + MARGIN_KB, (peak, ordinary_peak_kb)


@pytest.mark.parametrize("name", ["dimension-claim.xlsx", "far-cell.xlsx"])
def test_huge_extent_validates_normally(name: str, tmp_path: Path, ordinary_peak_kb: int) -> None:
    report = tmp_path / "report.json"
    code, peak, _, err = run_measured(
        str(HOSTILE / name), "--as-of", "2026-11-25", "--json", str(report)
    )
    assert code == 0, err
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["valid"] is True
    assert data["stats"]["rows"]["Subscribers"] == 30
    assert peak < ordinary_peak_kb + MARGIN_KB, (peak, ordinary_peak_kb)
