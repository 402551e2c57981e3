"""``rtm import --dry-run`` and ``rtm import`` headlines against the real simulator: the dry run
asks about the Setup Assist entitlement and readiness, locations and deadlines, and never says
"passed" when a row would fail; the import's closing headline names the failed rows and the
exit code is 1."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx2
import openpyxl

from tests.e2e.conftest import SimServer
from tests.e2e.test_import import SAMPLE, ready_partner, rtm_import


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "work" / "sample.xlsx"
    target.parent.mkdir()
    shutil.copy(SAMPLE, target)
    return target


def test_dry_run_of_a_partner_without_a_wholesale_names_every_assist_row(
    sim_server: SimServer, tmp_path: Path
) -> None:
    workbook = _copy(tmp_path)
    token = sim_server.mint("e2e-not-entitled")
    dry = rtm_import(workbook, sim_server, token, "--dry-run")
    assert dry.returncode == 1, dry.stdout + dry.stderr
    assert "Dry run: 2 rows would fail" in dry.stdout
    assert "passed" not in dry.stdout
    assert dry.stdout.count("assist-not-entitled") == 2
    real = rtm_import(workbook, sim_server, token)
    assert real.returncode == 1, real.stdout + real.stderr
    assert "Import finished with 2 failed rows" in real.stdout
    result = openpyxl.load_workbook(workbook.with_name("sample.result.xlsx"))
    codes = [c.value for c in result["Setup Assist"]["L"][1:] if c.value]
    assert codes == ["assist-not-entitled", "assist-not-entitled"], codes


def test_dry_run_passes_only_when_every_row_was_checked(
    sim_server: SimServer, tmp_path: Path
) -> None:
    workbook = _copy(tmp_path)
    token = ready_partner(sim_server, "e2e-dry-ready")
    dry = rtm_import(workbook, sim_server, token, "--dry-run")
    assert dry.returncode == 0, dry.stdout + dry.stderr
    assert "Dry run passed: all 40 rows checked; nothing was changed" in dry.stdout


def test_dry_run_reports_a_partner_not_ready(sim_server: SimServer, tmp_path: Path) -> None:
    workbook = _copy(tmp_path)
    token = ready_partner(sim_server, "e2e-dry-unready")
    headers = {"Authorization": f"Bearer {token}"}
    unready = {"pstnConnectivity": True, "hostingRequirements": False, "ossBss": True}
    httpx2.put(
        f"{sim_server.url}/v1/wholesale/setupAssist/readiness", json=unready, headers=headers
    ).raise_for_status()
    dry = rtm_import(workbook, sim_server, token, "--dry-run")
    assert dry.returncode == 1
    assert dry.stdout.count("assist-partner-not-ready") == 2
    assert "third-party hosting requirements" in dry.stdout
