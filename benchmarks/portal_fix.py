"""Portal fix benchmark (issue 17): from the partner pressing Enter on an edited grid cell to
the re-checked report swapped into the page (no reload), in Debian's chromium through the
real ``rtm web`` (docs/portal.md, "Fixing in the page").

Each change makes the checking worker write the corrected copy (the upload plus every accepted
change, with openpyxl) and validate that copy again, so the time grows with the workbook, not
with the change. Workbooks: ``rtm generate --customers N --subscribers-per-customer 40
--excel-damage --defects 0.03 --seed 1`` for N = 3 (140 rows) and 250 (11,427 rows); three
edits each, median reported. Run ``python benchmarks/portal_fix.py`` (``--customers 3`` for a
quick run).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import Page, sync_playwright
from portal import ARGS, CHROMIUM, start_portal
from validate import AS_OF

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


def one_edit(page: Page, number: int) -> float:
    """Rename the first customer; seconds until the new report is in the page."""
    page.click('#grid-wrap td[data-cell="C2"]')
    editor = page.get_by_label("New value for Customers C2")
    editor.fill(f"Renamed {number}")
    page.evaluate("document.getElementById('fix-status').textContent = ''")
    started = time.monotonic()
    editor.press("Enter")
    page.wait_for_function(CHECKED_AGAIN, timeout=600_000)
    return time.monotonic() - started


def main(argv: list[str] | None = None) -> int:
    """Print the median edit round trip per workbook size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, nargs="+", default=[3, 250])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="rtm-bench-fix-") as scratch, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for customers in args.customers:
            workbook = generate(Path(scratch), customers)
            process, url = start_portal(Path(scratch) / f"work-{customers}")
            try:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                upload(page, url, workbook)
                runs = [one_edit(page, n) for n in range(args.runs)]
                shown = ", ".join(f"{r:.2f}" for r in runs)
                print(f"{customers} customers: median {statistics.median(runs):.2f} s ({shown})")
                page.close()
            finally:
                process.terminate()
                process.wait(timeout=10)
        browser.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
