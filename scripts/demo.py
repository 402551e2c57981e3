"""``make demo``: the toolkit's path so far, run exactly as a user would type it.

Each step is one ``rtm`` command run in a subprocess from the project folder; the demo prints
the command, its output and a short summary, and stops at the first step that fails. Later
issues add steps (simulator, import, billing) to :data:`STEPS`.
"""

from __future__ import annotations

import json
import shlex
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


@dataclass(frozen=True)
class Step:
    """One demo step: what it shows, the ``rtm`` arguments, and how to sum up its result."""

    title: str
    args: tuple[str, ...]
    summary: Callable[[], str]
    exit_codes: tuple[int, ...] = (0,)


def template_summary() -> str:
    """What the template step produced."""
    return f"{TEMPLATE} written ({(ROOT / TEMPLATE).stat().st_size:,} bytes)."


def validation_summary() -> str:
    """The validation report in three lines: verdict, counts, Setup Assist orders."""
    report = json.loads((ROOT / REPORT).read_text(encoding="utf-8"))
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
    print(f"$ rtm {shlex.join(step.args)}", flush=True)
    done = subprocess.run(
        [*rtm_command(), *step.args], cwd=ROOT, capture_output=True, text=True, check=False
    )
    for text in (done.stdout, done.stderr):
        if text.strip():
            print(_indent(text.rstrip()))
    if done.returncode not in step.exit_codes:
        print(f"!! step failed: exit code {done.returncode}")
        return False
    print(_indent(step.summary(), "-> "))
    return True


def _indent(text: str, prefix: str = "   ") -> str:
    return "\n".join(prefix + line for line in text.splitlines())


def main() -> int:
    """Run every step in order; 0 when all pass, 1 at the first failure."""
    (ROOT / OUT).mkdir(exist_ok=True)
    print(f"Wholesale RTM onboarding toolkit demo ({len(STEPS)} steps, output in {OUT}/)")
    for number, step in enumerate(STEPS, start=1):
        if not run(number, step):
            return 1
    print(f"\nDemo finished: {len(STEPS)} steps passed; see {OUT}/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
