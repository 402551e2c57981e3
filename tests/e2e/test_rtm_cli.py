"""The ``rtm`` entry point as a user meets it (issue 19): one refusal line with a documented exit
code, readable help, output in pipes that is never wrapped, the journal's life cycle, and
changes the API cannot make said as ``not-updatable``. Every test runs the installed ``rtm``
script in a subprocess (so stdout is a pipe, as in CI); the API tests use a real simulator on
127.0.0.1 (``sim_server``)."""

from __future__ import annotations

import json
import re
import signal
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.e2e.conftest import PROVISIONING_ID, SimServer

RTM = Path(sys.executable).with_name("rtm")
REFUSAL = re.compile(r"^rtm( [a-z][a-z ]*)?: .+; .+$")


def rtm(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run ``rtm`` with a pipe for stdout and stderr (no terminal, 80 columns assumed)."""
    env = {"PATH": str(RTM.parent), "COLUMNS": "80", "HOME": str(cwd)}
    return subprocess.run(
        [str(RTM), *args], cwd=cwd, capture_output=True, text=True, check=False, env=env
    )


def assert_refused(done: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    """Exactly one stderr line in the house style, naming ``words``, and exit ``code``."""
    lines = done.stderr.strip().splitlines()
    assert done.returncode == code, (done.returncode, done.stderr)
    assert len(lines) == 1 and REFUSAL.match(lines[0]), done.stderr
    assert "╭" not in done.stderr and "Traceback" not in done.stderr
    for word in words:
        assert word in lines[0], (word, lines[0])


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["generate", "-o", "g.xlsx"], ["rtm generate:", "--customers"]),
        (["generate", "--customers", "abc"], ["rtm generate:", "--customers"]),
        (["web", "--port", "99999"], ["rtm web:", "--port"]),
        (
            [
                "import",
                "x.xlsx",
                "--url",
                "http://127.0.0.1:9",
                "--token",
                "t",
                "--concurrency",
                "0",
            ],
            ["rtm import:", "--concurrency"],
        ),
        (
            [
                *("load", "--url", "http://127.0.0.1:9", "--customers", "1"),
                *("--admin-token", "t", "--spawn-rate", "-1"),
            ],
            ["rtm load:", "--spawn-rate"],
        ),
        (["nope"], ["rtm:", "nope"]),
        (["validate", "missing.xlsx"], ["rtm validate:", "missing.xlsx"]),
        (["generate", "--customers", "1", "-o", "g.csv"], ["rtm generate:", ".xlsx"]),
        (["template", "-o", "t.csv"], ["rtm template:", ".xlsx"]),
        (["validate", "x.xlsx", "--annotated", "ann.csv"], ["rtm validate:", "--annotated"]),
        (
            ["assist", "form", "x.xlsx", "--location", "L", "-o", "f.csv"],
            ["rtm assist form:", ".html"],
        ),
        (
            ["billing", "reconcile", "--report", "r.csv", "--journal", "j", "-o", "d.csv"],
            ["rtm billing reconcile:", ".xlsx"],
        ),
        (["load", "--url", "http://127.0.0.1:9", "--customers", "1"], ["rtm load:"]),
        (
            [
                *("billing", "report", "--url", "http://127.0.0.1:9", "--token", "t"),
                *("--start", "2026-13-01", "--end", "2026-11-30", "-o", "r.csv"),
            ],
            ["rtm billing report:", "--start"],
        ),
        (
            ["billing", "reconcile", "--report", "nope.csv", "--journal", "j.sqlite"],
            ["rtm billing reconcile:", "nope.csv"],
        ),
        (
            ["sim", "token", "--partner", "a", "--role", "full_admin", "--db", "nonsense"],
            ["rtm sim token:", "nonsense"],
        ),
    ],
)
def test_every_refusal_is_one_line_with_what_to_do(
    tmp_path: Path, args: list[str], words: list[str]
) -> None:
    assert_refused(rtm(*args, cwd=tmp_path), 2, *words)


def test_reconcile_names_a_bad_journal_once(tmp_path: Path) -> None:
    header = "line_type,customer_id,external_customer_id,subscriber_id,email,package,sku,"
    header += "start_date,end_date,user_days,billable_units,quantity,unit_net_price,amount,"
    (tmp_path / "rep.csv").write_text(header + "currency,charge_date\n", encoding="utf-8")
    (tmp_path / "dec.csv").write_text("not a journal\n", encoding="utf-8")
    done = rtm("billing", "reconcile", "--report", "rep.csv", "--journal", "dec.csv", cwd=tmp_path)
    assert_refused(done, 2, "dec.csv is not a usable journal")
    assert done.stderr.count("not a usable journal") == 1


def test_busy_ports_are_refused_before_any_banner(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        web = rtm("web", "--port", port, cwd=tmp_path)
        sim = rtm("sim", "serve", "--port", port, "--db", "sqlite:///s.sqlite", cwd=tmp_path)
    assert_refused(web, 2, "rtm web:", port)
    assert_refused(sim, 2, "rtm sim serve:", port)
    assert web.stdout == "" and sim.stdout == ""  # no banner, no admin token


def test_help_is_plain_named_and_ends_with_examples(tmp_path: Path) -> None:
    root = rtm("--help", cwd=tmp_path)
    assert root.returncode == 0
    load_line = next(line for line in root.stdout.splitlines() if line.strip().startswith("load"))
    assert "onboarding traffic." in load_line  # not broken mid-sentence
    for command in (["import"], ["validate"], ["assist", "readiness", "set"], ["sim", "clock"]):
        text = rtm(*command, "--help", cwd=tmp_path).stdout
        assert "<bool>" not in text and "<str>" not in text and "╭" not in text, text
        assert "Examples:" in text.split("Options:")[-1], text
        flags = [line for line in text.splitlines() if "--help" in line]
        assert flags and all("<" not in line for line in flags)
    usage = rtm("import", "--help", cwd=tmp_path).stdout.splitlines()[0]
    assert usage == "Usage: rtm import [OPTIONS] WORKBOOK"
    described = rtm("import", "--help", cwd=tmp_path).stdout
    assert "--journal-sync TEXT     normal (survives a crash) or full (also power loss)." in (
        described
    )  # one line, not squeezed into a narrow column


def test_piped_output_is_not_wrapped_at_80_columns(tmp_path: Path) -> None:
    long_name = "x" * 120 + ".xlsx"
    done = rtm("validate", long_name, cwd=tmp_path)
    assert_refused(done, 2, long_name)
    rtm("template", "-o", "blank.xlsx", cwd=tmp_path)
    empty = rtm("validate", "blank.xlsx", "--as-of", "2026-11-25", cwd=tmp_path)
    message = next(line for line in empty.stdout.splitlines() if "no data rows" in line)
    assert len(message) > 80 and "fill in the Customers sheet" in message
    assert "│" not in empty.stdout.split("Issues")[0]


BOX_DRAWING = re.compile("[\u2500-\u257f]")


def test_piped_tables_are_plain_text_with_every_row_on_one_line(tmp_path: Path) -> None:
    rtm(
        "generate",
        "--customers",
        "3",
        "--defects",
        "0.3",
        "--seed",
        "1",
        "-o",
        "d.xlsx",
        cwd=tmp_path,
    )
    done = rtm("validate", "d.xlsx", "--as-of", "2026-11-25", "--json", "r.json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    issues = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["issues"][:20]
    lines = done.stdout.splitlines()
    long_ones = [i for i in issues if len(i["message"]) > 80]
    assert long_ones  # the check below is about rows wider than 80 columns
    for issue in issues:  # the table row holds the whole message, never folded onto a next line
        assert any(issue["message"] in line and issue["code"] in line for line in lines), issue
    codes = rtm("codes", cwd=tmp_path)
    assert codes.returncode == 0
    for text in (done.stdout, codes.stdout):
        assert not BOX_DRAWING.search(text), BOX_DRAWING.findall(text)[:5]
    assert any(
        line.split()[:2] == ["workbook-unreadable", "error"] for line in codes.stdout.splitlines()
    )


def test_an_empty_workbook_warns(tmp_path: Path) -> None:
    rtm("template", "-o", "blank.xlsx", cwd=tmp_path)
    done = rtm("validate", "blank.xlsx", "--json", "-", cwd=tmp_path)
    report = json.loads(done.stdout)
    assert [i["code"] for i in report["issues"]] == ["workbook-empty"]
    assert done.returncode == 0 and report["stats"]["warnings"] == 1


def test_a_refused_token_leaves_no_journal(tmp_path: Path, sim_server: SimServer) -> None:
    rtm("generate", "--customers", "1", "--seed", "3", "-o", "w.xlsx", cwd=tmp_path)
    done = rtm(
        "import",
        "w.xlsx",
        "--provisioning-id",
        PROVISIONING_ID,
        "--url",
        sim_server.url,
        "--token",
        "wrong",
        cwd=tmp_path,
    )
    assert_refused(done, 2, "rtm import:", "401")
    assert not (tmp_path / "w.xlsx.journal.sqlite").exists()


def test_a_killed_run_reads_interrupted_on_the_next_run(
    tmp_path: Path, sim_server: SimServer
) -> None:
    rtm("generate", "--customers", "2", "--seed", "3", "-o", "w.xlsx", cwd=tmp_path)
    journal = tmp_path / "w.xlsx.journal.sqlite"
    with sqlite3.connect(journal) as db:  # what a SIGKILL leaves: a run that never finished
        db.execute(
            "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, started_at TEXT NOT NULL,"
            " finished_at TEXT, workbook TEXT NOT NULL, url TEXT NOT NULL, dry_run INTEGER"
            " NOT NULL, outcome TEXT, sent INTEGER NOT NULL DEFAULT 0, done INTEGER NOT NULL"
            " DEFAULT 0, failed INTEGER NOT NULL DEFAULT 0, unchanged INTEGER NOT NULL DEFAULT 0)"
        )
        db.execute("INSERT INTO runs (started_at, workbook, url, dry_run) VALUES ('t','w','u',0)")
    token = sim_server.mint("kill")
    rtm(
        "import",
        "w.xlsx",
        "--provisioning-id",
        PROVISIONING_ID,
        "--url",
        sim_server.url,
        "--token",
        token,
        cwd=tmp_path,
    )
    with sqlite3.connect(journal) as db:
        outcomes = [row[0] for row in db.execute("SELECT outcome FROM runs ORDER BY id")]
    assert outcomes[0] == "interrupted" and outcomes[-1] == "finished"


def test_a_rename_ends_not_updatable_everywhere(tmp_path: Path, sim_server: SimServer) -> None:
    token = sim_server.mint("renamer")
    # One date for the workbook, the validation and the simulator: the test holds on any date.
    day = "2026-11-25"
    admin = ("--url", sim_server.url, "--admin-token", sim_server.admin_token)
    assert rtm("sim", "clock", *admin, "--set", f"{day}T10:00:00Z", cwd=tmp_path).returncode == 0
    api = ("--url", sim_server.url, "--token", token)
    rtm("assist", "entitlement", "order", "--order-number", "R1", *api, cwd=tmp_path)
    rtm("assist", "readiness", "set", "--pstn", "--hosting", "--oss-bss", *api, cwd=tmp_path)
    rtm("generate", "--customers", "1", "--seed", "5", "--as-of", day, "-o", "w.xlsx", cwd=tmp_path)
    api = (*api, "--as-of", day)  # the imports validate as of the simulator's day
    first = rtm("import", "w.xlsx", "--provisioning-id", PROVISIONING_ID, *api, cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    book = openpyxl.load_workbook(tmp_path / "w.xlsx")
    sheet = book["Customers"]
    headers = [c.value for c in sheet[1]]
    name_col = next(i for i, h in enumerate(headers, 1) if str(h).startswith("Customer Name"))
    action_col = next(i for i, h in enumerate(headers, 1) if str(h).startswith("Action"))
    old_name = str(sheet.cell(2, name_col).value)
    sheet.cell(2, name_col).value = "Renamed Holdings"
    sheet.cell(2, action_col).value = "update"
    book.save(tmp_path / "w.xlsx")
    journal = "w.xlsx.journal.sqlite"
    warned = rtm(
        "validate", "w.xlsx", "--journal", journal, "--as-of", day, "--json", "-", cwd=tmp_path
    )
    codes = [i["code"] for i in json.loads(warned.stdout)["issues"]]
    assert "not-updatable" in codes, warned.stdout
    before = (tmp_path / journal).read_bytes()
    dry = rtm(
        "import", "w.xlsx", "--dry-run", *api, "--provisioning-id", PROVISIONING_ID, cwd=tmp_path
    )
    assert dry.returncode == 1, dry.stdout + dry.stderr
    warning = next(line for line in dry.stdout.splitlines() if "[not-updatable]" in line)
    assert "Customer Name" in warning and "Partner Hub" in warning and old_name in warning
    assert "1 row with a change the API cannot make" in dry.stdout.splitlines()[-1]
    assert (tmp_path / journal).read_bytes() == before  # the dry run only read the journal
    second = rtm(
        "import", "w.xlsx", *api, "--json", "s.json", "--provisioning-id", PROVISIONING_ID,
        cwd=tmp_path,
    )  # fmt: skip
    assert second.returncode == 1, second.stdout + second.stderr
    line = next(line for line in second.stdout.splitlines() if "[not-updatable]" in line)
    assert "Customer Name" in line and "Partner Hub" in line and old_name in line
    summary = json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))
    assert summary["rows"]["Customers"] == {"not-updatable": 1}
    result = openpyxl.load_workbook(tmp_path / "w.result.xlsx")["Customers"]
    cells = [str(c.value) for row in result.iter_rows(min_row=2, max_row=2) for c in row]
    assert "not-updatable" in cells and any("Partner Hub" in c for c in cells)


def test_setup_assist_prerequisites_from_the_command_line(
    tmp_path: Path, sim_server: SimServer
) -> None:
    args = ("--url", sim_server.url, "--token", sim_server.mint("fresh"))
    missing = rtm("assist", "readiness", "show", *args, cwd=tmp_path)
    assert missing.returncode == 1 and "missing PSTN connectivity" in missing.stdout
    assert rtm("assist", "entitlement", "order", "--order-number", "A1", *args, cwd=tmp_path)
    again = rtm("assist", "entitlement", "order", "--order-number", "A1", *args, cwd=tmp_path)
    assert_refused(again, 2, "a-wholesale-quantity")
    rtm("assist", "readiness", "set", "--pstn", *args, cwd=tmp_path)
    kept = rtm("assist", "readiness", "set", "--oss-bss", *args, "--json", "-", cwd=tmp_path)
    assert json.loads(kept.stdout) == {
        "pstnConnectivity": True,
        "hostingRequirements": False,
        "ossBss": True,
    }
    refused = rtm("assist", "entitlement", "show", "--url", sim_server.url, "--token", "x",
                  cwd=tmp_path)  # fmt: skip
    assert_refused(refused, 2, "401")


def _sigint_state(pid: int) -> str:
    """How process ``pid`` treats SIGINT (/proc): "ignored", "blocked" or "delivered"."""
    status = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
    )
    bit = 1 << (signal.SIGINT - 1)
    if int(status["SigIgn"], 16) & bit:
        return "ignored"
    return "blocked" if int(status["SigBlk"], 16) & bit else "delivered"


def test_ctrl_c_says_how_to_resume(tmp_path: Path, sim_server: SimServer) -> None:
    import httpx2

    # Every customer POST waits 10 s, so the import is still running when Ctrl-C is sent
    # (however slowly this test notices the journal); an interrupted wait ends at once.
    rule = {"method": "POST", "route": "/v1/wholesale/customers*", "latencyMs": 10_000}
    slow = {"seed": 1, "rules": [rule]}
    answer = httpx2.put(sim_server.url + "/_sim/faults", json=slow, headers=sim_server.admin())
    assert answer.status_code == 200, answer.text
    rtm("generate", "--customers", "2", "--seed", "3", "-o", "w.xlsx", cwd=tmp_path)
    args = ["import", "w.xlsx", "--url", sim_server.url, "--token", sim_server.mint("ctrlc")]
    args += ["--provisioning-id", PROVISIONING_ID]
    env = {"PATH": str(RTM.parent), "HOME": str(tmp_path)}
    # A shell starts a foreground command with SIGINT delivered; this test process may have
    # it ignored, which the child would keep: a suite started in the background from a script
    # (`make test &` with no job control, as POSIX shells do) runs with SIGINT ignored.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        running = subprocess.Popen(
            [str(RTM), *args], cwd=tmp_path, env=env, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
    finally:
        signal.signal(signal.SIGINT, previous)
    journal = tmp_path / "w.xlsx.journal.sqlite"
    for _ in range(600):  # the journal exists once the API accepted the token
        if journal.exists() or running.poll() is not None:
            break
        subprocess.run(["sleep", "0.1"], check=True)
    # A terminal's Ctrl-C reaches rtm only if the test handed it SIGINT as a shell would.
    state = "ended" if running.poll() is not None else _sigint_state(running.pid)
    if state == "delivered":
        running.send_signal(signal.SIGINT)
    else:
        running.kill()
    out, err = running.communicate(timeout=60)
    assert state == "delivered", (f"rtm import {state} before Ctrl-C", out[-3000:], err)
    assert running.returncode == 130, (out[-3000:], err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "run the same command again to resume" in lines[0], err
    assert lines[0].startswith("rtm import: interrupted")


def test_template_and_assist_form_summarise_as_json(tmp_path: Path) -> None:
    done = rtm("template", "-o", "t.xlsx", "--json", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)  # nothing but the JSON on standard output
    assert summary["output"] == "t.xlsx" and (tmp_path / "t.xlsx").is_file()
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    for sheet in summary["sheets"]:
        headers = [c.value for c in book[sheet["name"]][1] if c.value is not None]
        assert headers == sheet["columns"], sheet["name"]
    rtm("generate", "--customers", "2", "--seed", "4", "-o", "w.xlsx", cwd=tmp_path)
    assists = openpyxl.load_workbook(tmp_path / "w.xlsx")["Setup Assist"]
    header = [str(c.value) for c in assists[1]]
    place = str(assists.cell(2, header.index(next(h for h in header if "Location" in h)) + 1).value)
    form = rtm(
        "assist", "form", "w.xlsx", "--location", place, "--as-of", "2026-11-25",
        "-o", "forms", "--json", "-",
        cwd=tmp_path,
    )  # fmt: skip
    assert form.returncode == 0, form.stderr
    written = json.loads(form.stdout)
    [entry] = written["forms"]
    assert written["ready"] is entry["ready"] is True and entry["location_name"] == place
    page = (tmp_path / entry["output"]).read_text(encoding="utf-8")
    assert entry["order"]["sku"] in page and str(entry["order"]["seats"]) in page


def test_partner_init_summarises_what_the_file_holds_as_json(tmp_path: Path) -> None:
    done = rtm("partner", "init", "-o", "p.toml", "--currency", "EUR", "--json", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    summary = json.loads(done.stdout)
    assert summary["output"] == "p.toml" and summary["currency"] == "EUR"
    assert summary["a_wholesale_ordered"] is False and not any(summary["readiness"].values())
    assert 'currency = "EUR"' in (tmp_path / "p.toml").read_text(encoding="utf-8")
