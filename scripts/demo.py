"""``make demo``: the toolkit's whole path, run exactly as a user would type it.

Each step is one ``rtm`` command run in a subprocess from the project folder; the demo prints
the command, its output and a short summary, and stops at the first step that fails. The path:
template → validate the sample → generate a synthetic workbook dated from today → validate it →
start the simulator (``rtm sim serve``, printed too; its embedded SQLite default, in
demo-output/simulator) and mint a token → order A-Wholesale and record readiness (``rtm assist``)
→ import → import again (nothing changes) → move the simulator clock past month end
(``rtm sim clock``) → download the month's billing report → reconcile it with the import
journal. Every step is an ``rtm`` command, so all of it can be replayed by hand on a fresh
simulator. The simulator is stopped at the end, whatever happens.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = Path("demo-output")
TEMPLATE = OUT / "onboarding-template-v1.xlsx"
SAMPLE = Path("fixtures/workbooks/valid/sample.xlsx")
REPORT = OUT / "report.json"
AS_OF = "2026-11-25"
TODAY = dt.date.today()
GENERATED = OUT / "generated.xlsx"
GENERATED_REPORT = OUT / "generated-report.json"
BILLING = OUT / "billing-customer.csv"
RECONCILE = OUT / "reconcile.json"
MONTH_START = TODAY.replace(day=1)
NEXT_MONTH = (MONTH_START + dt.timedelta(days=32)).replace(day=1)
MONTH_END = NEXT_MONTH - dt.timedelta(days=1)


@dataclass(frozen=True)
class Step:
    """One demo step: what it shows, the ``rtm`` arguments, and how to sum up its result."""

    title: str
    args: tuple[str, ...]
    summary: Callable[[], str]
    exit_codes: tuple[int, ...] = (0,)
    before: Callable[[], None] | None = None
    """Run before the command (e.g. start the simulator); ``{url}``/``{token}`` in ``args`` are
    filled from :data:`CONTEXT`."""
    after: Callable[[str], None] | None = None
    """Given the command's standard output (e.g. to remember a minted token)."""


def template_summary() -> str:
    """What the template step produced."""
    return f"{TEMPLATE} written ({(ROOT / TEMPLATE).stat().st_size:,} bytes)."


def validation_summary(path: Path = REPORT) -> str:
    """The validation report in three lines: verdict, counts, Setup Assist orders."""
    report = json.loads((ROOT / path).read_text(encoding="utf-8"))
    stats = report["stats"]
    rows = ", ".join(f"{sheet} {n}" for sheet, n in stats["rows"].items())
    version = report["template_version"]
    lines = [
        f"valid: {report['valid']} (as of {report['as_of']}, template v{version})",
        f"rows: {rows}; errors {stats['errors']}, warnings {stats['warnings']}",
    ]
    lines += [
        f"assist: {a['customer_external_id']} / {a['location_name']}: {a['seats']} seats -> "
        f"{a['sku']} x {a['quantity']}, earliest completion {a['earliest_completion_date']}"
        for a in report["assist"]
    ]
    return "\n".join(lines)


SIM_FOLDER = OUT / "simulator"
JOURNAL = OUT / "generated.journal.sqlite"
RESULT = OUT / "generated.result.xlsx"
DEMO_ADMIN = "demo-admin-token"
CONTEXT: dict[str, str] = {}
"""Values later steps use: the simulator's ``url`` and ``db``, the partner ``token`` and its
``provisioning_id`` (both printed by ``rtm sim token``)."""
SERVERS: list[subprocess.Popen[bytes]] = []
PARTNER_API = ("--url", "{url}", "--token", "{token}")
IMPORT_ARGS = (
    "import", str(GENERATED), "--url", "{url}", "--token", "{token}",
    "--provisioning-id", "{provisioning_id}", "--as-of", TODAY.isoformat(),
    "--journal", str(JOURNAL), "--result", str(RESULT),
)  # fmt: skip


def token_and_template(out: str) -> dict[str, str]:
    """The token (the last line of ``rtm sim token``) and the first ``provisioning-id:``."""
    lines = out.strip().splitlines()
    ids = [line.split(":", 1)[1].strip() for line in lines if line.startswith("provisioning-id:")]
    return {"token": lines[-1], "provisioning_id": ids[0]}


def start_simulator() -> None:
    """Start ``rtm sim serve`` on a free port with a fresh SQLite file; wait until it answers."""
    import socket
    import time

    import httpx2

    folder = ROOT / SIM_FOLDER
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for stale in (JOURNAL, RESULT, BILLING, RECONCILE):
        (ROOT / stale).unlink(missing_ok=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    db = f"sqlite:///{folder / 'rtm-sim.sqlite'}"
    settings = {"RTM_SIM_ADMIN_TOKEN": DEMO_ADMIN, "RTM_SIM_DELAY_SECONDS": "1"}
    args = ("sim", "serve", "--port", str(port), "--db", db)
    shown = " ".join(f"{k}={v}" for k, v in settings.items())
    print(f"$ {shown} rtm {shlex.join(args)} &   # (in another terminal; log in {SIM_FOLDER})")
    with (folder / "server.log").open("wb") as log:
        command = [*rtm_command(), *args]
        env = {**os.environ, **settings}
        SERVERS.append(subprocess.Popen(command, cwd=folder, env=env, stdout=log, stderr=log))
    CONTEXT.update(url=f"http://127.0.0.1:{port}", db=db)
    for _ in range(300):
        try:
            httpx2.get(CONTEXT["url"] + "/openapi.json", timeout=1)
            return
        except httpx2.TransportError:
            time.sleep(0.1)
    raise RuntimeError("the simulator did not start; see demo-output/simulator/server.log")


def stop_simulator() -> None:
    """Stop the simulator the demo started."""
    for server in SERVERS:
        server.terminate()
        server.wait(timeout=10)
    SERVERS.clear()


NEXT_MONTH_MORNING = f"{NEXT_MONTH + dt.timedelta(days=1)}T09:00:00Z"
"""The trainer moves the simulator clock here, so this month's report covers a period that is
over (a report may not include today)."""


def billing_summary() -> str:
    """Lines and one-time Setup Assist charges in the downloaded report."""
    import csv

    with (ROOT / BILLING).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assist = [r for r in rows if any("EXPRESS" in v or "STANDARD" in v for v in r.values() if v)]
    return f"{BILLING}: {len(rows)} line(s), {len(assist)} Setup Assist one-time charge(s)"


def reconcile_summary() -> str:
    """How many differences reconciliation found."""
    summary = json.loads((ROOT / RECONCILE).read_text(encoding="utf-8"))["summary"]
    return (
        f"{RECONCILE}: {summary['errors']} difference(s), {summary['warnings']} warning(s) "
        "(fewer units than subscribers: they were provisioned part-way through the month)"
    )


def import_summary() -> str:
    """Rows per sheet and status, as the journal records them."""
    import sqlite3
    from collections import Counter

    with sqlite3.connect(ROOT / JOURNAL) as db:
        rows = db.execute("SELECT sheet, state FROM operations").fetchall()
        last = db.execute("SELECT sent, done FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    tally = Counter(rows)
    lines = [", ".join(f"{sheet} {state} {n}" for (sheet, state), n in sorted(tally.items()))]
    lines.append(f"this run sent {last[0]} changing request(s), changed {last[1]} row(s)")
    lines.append(f"result workbook: {RESULT}")
    return "\n".join(lines)


STEPS: list[Step] = [
    Step(
        "A partner downloads the blank onboarding template",
        ("template", "-o", str(TEMPLATE)),
        template_summary,
    ),
    Step(
        "The partner validates a filled workbook offline (submission date fixed for the demo)",
        ("validate", str(SAMPLE), "--as-of", AS_OF, "--json", str(REPORT)),
        validation_summary,
    ),
    Step(
        "A QA engineer generates a synthetic workbook (4 customers, Setup Assist dated from today)",
        (
            "generate",
            "--customers",
            "4",
            "--seed",
            "7",
            "--subscribers-per-customer",
            "3-12",
            "--as-of",
            TODAY.isoformat(),
            "-o",
            str(GENERATED),
        ),
        lambda: f"{GENERATED} written ({(ROOT / GENERATED).stat().st_size:,} bytes).",
    ),
    Step(
        "The generated workbook validates clean",
        ("validate", str(GENERATED), "--as-of", TODAY.isoformat(), "--json", str(GENERATED_REPORT)),
        lambda: validation_summary(GENERATED_REPORT),
    ),
    Step(
        "A trainer starts the local simulator (SQLite in demo-output/simulator) and mints a token",
        ("sim", "token", "--partner", "demo-partner", "--role", "full_admin", "--db", "{db}"),
        lambda: f"simulator on {CONTEXT['url']}; token minted for partner demo-partner",
        before=lambda: start_simulator(),
        after=lambda out: CONTEXT.update(token_and_template(out)),
    ),
    Step(
        "The partner orders A-Wholesale once (Setup Assist needs it)",
        ("assist", "entitlement", "order", "--order-number", "DEMO-AW-1", *PARTNER_API),
        lambda: "A-Wholesale ordered",
    ),
    Step(
        "The partner records its onboarding readiness: PSTN, hosting, OSS/BSS",
        ("assist", "readiness", "set", "--pstn", "--hosting", "--oss-bss", *PARTNER_API),
        lambda: "ready for Setup Assist",
    ),
    Step(
        "The partner imports the workbook (Setup Assist requests included)",
        IMPORT_ARGS,
        lambda: import_summary(),
    ),
    Step(
        "Running the same import again changes nothing, and says so",
        IMPORT_ARGS,
        lambda: import_summary(),
    ),
    Step(
        "The trainer moves the simulator clock past month end",
        (
            "sim",
            "clock",
            "--url",
            "{url}",
            "--admin-token",
            DEMO_ADMIN,
            "--set",
            NEXT_MONTH_MORNING,
        ),
        lambda: f"simulator clock set to {NEXT_MONTH_MORNING}",
    ),
    Step(
        f"After month end the partner downloads the CUSTOMER billing report, {MONTH_START:%B %Y}",
        (
            "billing",
            "report",
            "--url",
            "{url}",
            "--token",
            "{token}",
            "--type",
            "CUSTOMER",
            "--start",
            MONTH_START.isoformat(),
            "--end",
            MONTH_END.isoformat(),
            "-o",
            str(BILLING),
        ),
        billing_summary,
    ),
    Step(
        "The partner reconciles the report with the import journal (the API tells acceptance days)",
        (
            "billing",
            "reconcile",
            "--report",
            str(BILLING),
            "--journal",
            str(JOURNAL),
            "--url",
            "{url}",
            "--token",
            "{token}",
            "--json",
            str(RECONCILE),
        ),
        reconcile_summary,
    ),
]


def rtm_command() -> list[str]:
    """How to start ``rtm`` with the interpreter running the demo."""
    script = Path(sys.executable).with_name("rtm")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from rtm.cli import main; main()"]


def run(number: int, step: Step) -> bool:
    """Run one step; print the command, its output and its summary. Answer whether it passed."""
    print(f"\n== {number}. {step.title}")
    if step.before:
        step.before()
    args = tuple(a.format(**CONTEXT) for a in step.args)
    print(f"$ rtm {shlex.join(args)}", flush=True)
    done = subprocess.run(
        [*rtm_command(), *args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    for text in (done.stdout, done.stderr):
        if text.strip():
            print(_indent(text.rstrip()))
    if done.returncode not in step.exit_codes:
        print(f"!! step failed: exit code {done.returncode}")
        return False
    if step.after:
        step.after(done.stdout)
    print(_indent(step.summary(), "-> "))
    return True


def _indent(text: str, prefix: str = "   ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def main() -> int:
    """Run every step in order; 0 when all pass, 1 at the first failure."""
    (ROOT / OUT).mkdir(exist_ok=True)
    print(f"Wholesale RTM onboarding toolkit demo ({len(STEPS)} steps, output in {OUT}/)")
    try:
        for number, step in enumerate(STEPS, start=1):
            if not run(number, step):
                return 1
    finally:
        stop_simulator()
    print(f"\nDemo finished: {len(STEPS)} steps passed; see {OUT}/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
