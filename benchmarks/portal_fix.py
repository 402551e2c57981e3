"""Portal fix benchmark (issue 17), in Debian's chromium through the real ``rtm web``
(docs/portal.md, "Fixing in the page"). For each edit of a grid cell, from the partner pressing
Enter:

* **shown**: the new value is in the cell (marked as being checked) and the verdict says it is
  of the workbook before the change;
* **checked**: the re-checked report is swapped into the page (no reload);

then, once per workbook, the first download of the corrected workbook (written with openpyxl
when asked for).

Each change makes a checking worker validate the upload with every accepted change laid over
its cells (no copy is written), so *checked* grows with the workbook, not with the change.
Workbooks: ``rtm generate --customers N --subscribers-per-customer 40 --excel-damage --defects
0.03 --seed 1`` for N = 3 (140 rows) and 250 (11,427 rows); three edits each, median reported.
Run ``python benchmarks/portal_fix.py`` (``--customers 3`` for a quick run).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from portal import ARGS, CHROMIUM, start_portal
from validate import AS_OF

SHOWN = """() => document.getElementById("stale-note") !== null &&
    document.querySelector('#grid-wrap td.pending') !== null"""
CHECKED_AGAIN = """() => {
    const status = document.getElementById("fix-status");
    return status !== null && status.textContent.startsWith("Checked again");
}"""


def generate(folder: Path, customers: int) -> Path:
    """A damaged generated workbook with ``customers`` customers of 40 subscribers."""
    target = folder / f"damaged-{customers}.xlsx"
    options = ["--customers", str(customers), "--subscribers-per-customer", "40"]
    options += ["--excel-damage", "--defects", "0.03", "--seed", "1", "--as-of", AS_OF]
    command = [sys.executable, "-m", "bulk", "generate", *options, "-o", str(target)]
    subprocess.run(command, check=True, capture_output=True)
    return target


def upload(page: Page, url: str, workbook: Path) -> None:
    """Upload through the page's form and wait for the report."""
    page.goto(url + "/")
    page.set_input_files("#file-input", str(workbook))
    page.fill("#as-of", AS_OF)
    page.click("#upload-button")
    page.wait_for_selector("#verdict", timeout=600_000)


def one_edit(page: Page, number: int) -> tuple[float, float]:
    """Rename the first customer; seconds until the change is shown, and until the new report
    is in the page."""
    page.click('#grid-wrap td[data-cell="C2"]')
    editor = page.get_by_label("New value for Customers C2")
    editor.fill(f"Renamed {number}")
    page.evaluate("document.getElementById('fix-status').textContent = ''")
    started = time.monotonic()
    editor.press("Enter")
    page.wait_for_function(SHOWN, timeout=600_000)
    shown = time.monotonic() - started
    page.wait_for_function(CHECKED_AGAIN, timeout=600_000)
    return shown, time.monotonic() - started


def download(page: Page) -> float:
    """Seconds for the first download of the corrected workbook."""
    started = time.monotonic()
    with page.expect_download(timeout=600_000) as waiting:
        page.click("#download-corrected")
    waiting.value.path()
    return time.monotonic() - started


def _line(name: str, runs: list[float]) -> str:
    shown = ", ".join(f"{r:.2f}" for r in runs)
    return f"{name} median {statistics.median(runs):.2f} s ({shown})"


def main(argv: list[str] | None = None) -> int:
    """Print the median edit round trip per workbook size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, nargs="+", default=[3, 250])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    print(f"load average at the start: {os.getloadavg()[0]:.1f}", flush=True)
    with tempfile.TemporaryDirectory(prefix="rtm-bench-fix-") as scratch, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for customers in args.customers:
            workbook = generate(Path(scratch), customers)
            process, url = start_portal(Path(scratch) / f"work-{customers}")
            try:
                page = browser.new_page(
                    viewport={"width": 1280, "height": 900}, accept_downloads=True
                )
                upload(page, url, workbook)
                runs = [one_edit(page, n) for n in range(args.runs)]
                shown = _line("shown", [r[0] for r in runs])
                checked = _line("checked", [r[1] for r in runs])
                print(f"{customers} customers: {shown}; {checked}", flush=True)
                print(f"{customers} customers: corrected download {download(page):.2f} s")
                page.close()
            finally:
                process.terminate()
                process.wait(timeout=10)
        browser.close()
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
