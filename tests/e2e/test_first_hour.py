"""The first hour with ``rtm``, as README.md's "The first hour, on the simulator" lists it: on a
fresh simulator (a real server on 127.0.0.1 started by ``rtm sim serve``), only ``rtm`` commands
take a new partner from nothing to an imported workbook with its Setup Assist requests
accepted and a reconciled billing report. The test runs the README's commands in the README's
order, so the README cannot drift from what works."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import start_simulator

ROOT = Path(__file__).resolve().parents[2]
RTM = Path(sys.executable).with_name("rtm")
ADMIN = "first-hour-admin"


def rtm(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the ``rtm`` entry point, as a user would."""
    return subprocess.run(
        [str(RTM), *args], cwd=cwd, capture_output=True, text=True, check=False, env=env
    )


def readme_commands() -> list[str]:
    """The command words (``rtm assist entitlement order``...) of the README's first-hour block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = text.split("<!-- first-hour -->", 1)[1].split("<!-- /first-hour -->", 1)[0]
    return [command_words(line.split()) for line in block.splitlines() if " rtm " in f" {line}"]


def command_words(tokens: list[str]) -> str:
    """``rtm`` and the command words after it, up to the first argument or option."""
    tokens = tokens[tokens.index("rtm") :]
    words = [tokens[0]]
    for token in tokens[1:]:
        if not re.fullmatch(r"[a-z]+", token):
            break
        words.append(token)
    return " ".join(words)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """``rtm sim serve`` on a fresh SQLite file and a port it binds itself: (url, db URL)."""
    db = f"sqlite:///{tmp_path / 'rtm-sim.sqlite'}"
    server = start_simulator(
        tmp_path / "sim", db, program=(str(RTM), "sim"), settings={"RTM_SIM_ADMIN_TOKEN": ADMIN}
    )
    try:
        yield server.url, db
    finally:
        server.process.terminate()
        server.process.wait(timeout=10)


@pytest.mark.slow
def test_a_new_partner_gets_from_nothing_to_a_reconciled_report_with_rtm_only(
    tmp_path: Path, served: tuple[str, str]
) -> None:
    url, db = served
    ran: list[str] = ["rtm sim serve"]
    env = {k: v for k, v in os.environ.items() if not k.startswith("RTM_")}

    def step(*args: str, code: int = 0) -> subprocess.CompletedProcess[str]:
        done = rtm(*args, cwd=tmp_path, env=env)
        assert done.returncode == code, (args, done.stdout, done.stderr)
        ran.append(command_words(["rtm", *args]))
        return done

    step("sim", "clock", "--url", url, "--admin-token", ADMIN, "--set", "2026-11-19T15:00:00Z")
    today = "2026-11-19"  # the simulator's date from now on, whatever the real date
    minted = step("sim", "token", "--partner", "acme", "--role", "full_admin", "--db", db)
    env["RTM_TOKEN"] = minted.stdout.strip().splitlines()[-1]
    template = re.search(r"^provisioning-id: (\S+)$", minted.stdout, re.MULTILINE)
    assert template, minted.stdout  # the customer template new customers must name
    shown = step("assist", "entitlement", "show", "--url", url, code=1)
    assert "not ordered" in shown.stdout
    step("assist", "entitlement", "order", "--order-number", "CCW-0001", "--url", url)
    step("assist", "readiness", "set", "--pstn", "--hosting", "--oss-bss", "--url", url)
    ready = step("assist", "readiness", "show", "--url", url, "--json", "-")
    assert json.loads(ready.stdout) == {
        "pstnConnectivity": True,
        "hostingRequirements": True,
        "ossBss": True,
    }
    step("generate", "--customers", "2", "--seed", "7", "--as-of", today, "-o", "onboarding.xlsx")
    step("validate", "onboarding.xlsx", "--as-of", today)
    imported = step(
        "import", "onboarding.xlsx", "--url", url, "--as-of", today,
        "--provisioning-id", template.group(1), "--json", "-",
    )  # fmt: skip
    summary = json.loads(imported.stdout)
    assert summary["ok"] and summary["rows"]["Setup Assist"].get("done", 0) >= 1, summary
    step("sim", "clock", "--url", url, "--admin-token", ADMIN, "--set", "2026-12-02T09:00:00Z")
    step(
        "billing", "report", "--url", url, "--type", "CUSTOMER",
        "--start", "2026-11-01", "--end", "2026-11-30", "-o", "billing.csv",
    )  # fmt: skip
    reconciled = step(
        "billing", "reconcile", "--report", "billing.csv",
        "--journal", "onboarding.xlsx.journal.sqlite", "--url", url, "--json", "-",
    )  # fmt: skip
    assert json.loads(reconciled.stdout)["summary"]["errors"] == 0
    with sqlite3.connect(tmp_path / "onboarding.xlsx.journal.sqlite") as journal:
        accepted = journal.execute("SELECT accepted_at FROM assist_orders").fetchall()
    assert accepted and all(day for (day,) in accepted), accepted  # every request accepted
    assert ran == readme_commands()
