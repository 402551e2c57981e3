"""Validator benchmark (issue 3).

On the same generated workbooks of 100,000 and 1,000,000 subscriber rows (every row with an
email and an E.164 phone number, as real workbooks have), measure in one run, each in a fresh
process with its wall time, CPU time and peak RSS:

* python-calamine reading the Subscribers sheet (the raw read);
* ``pandas.read_excel(engine="openpyxl")`` merely reading it;
* ``rtm validate`` with every check on (process start and imports included);
* ``validate_workbook`` alone (the same work without the CLI's start-up);
* at 100k, ``rtm validate`` and ``rtm fix --only likely`` on the same workbook with Excel damage
  in 3 % of the subscriber rows (a phone stored as a number, hidden spaces in a name or an
  email): the fix (validate, write the corrected copy with openpyxl, validate it) within
  2 × the validation (docs/validator.md, "Fixes"); and openpyxl alone loading and saving that
  workbook, which with the two validations is the least ``rtm fix`` can cost
  (docs/PERFORMANCE.md, "Fixes").

Targets: validate(100k) ≤ 4 × calamine(100k); validate(1M) peak RSS < 1.5 GB; validate at
least 2.5 × faster than pandas+openpyxl reading. The workbooks are written with xlsxwriter
and cached under ``$RTM_BENCH_DIR`` (default: ``<temp>/rtm-bench``), never in git.

Run ``python benchmarks/validate.py`` (``--sizes 100000`` for a quick run, ``--skip-pandas``
to leave out the slowest reader).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import xlsxwriter

from bulk.schema import SHEETS

PER_CUSTOMER = 50
AREA_CODES = (
    201,
    206,
    212,
    213,
    303,
    305,
    312,
    404,
    415,
    503,
    512,
    602,
    617,
    702,
    713,
    720,
    818,
    919,
)
TARGET_CALAMINE_RATIO = 4.0
TARGET_PANDAS_SPEEDUP = 2.5
TARGET_PEAK_MB_1M = 1536
TARGET_FIX_RATIO = 2.0
DAMAGED_EVERY = 100
"""Rows ``i % 100`` 0, 1 and 2 of the damaged workbook are damaged: 3 % of them."""
BENCH_DIR = Path(os.environ.get("RTM_BENCH_DIR", Path(tempfile.gettempdir()) / "rtm-bench"))
AS_OF = "2026-11-25"


def phone(i: int) -> str:
    """A unique, valid NANP number for index ``i`` (exchanges 200-999, skipping 555)."""
    serial = i // len(AREA_CODES)
    exchange = 200 + serial // 10_000
    exchange += exchange >= 555
    return f"+1{AREA_CODES[i % len(AREA_CODES)]}{exchange}{serial % 10_000:04d}"


def sheet_rows(sheet: str, subscribers: int) -> Iterator[list[Any]]:
    """The rows of one sheet: one US customer and location per 50 subscribers, a Setup Assist
    request for every twentieth customer."""
    customers = -(-subscribers // PER_CUSTOMER)
    if sheet == "Subscribers":
        for i in range(subscribers):
            c = i // PER_CUSTOMER
            yield [
                "",
                f"cust-{c:06d}",
                f"user{i}@customer{c}.example.com",
                "Ann",
                f"Lee{i}",
                "webex_calling",
                "HQ",
                phone(i),
                str(1000 + i % PER_CUSTOMER),
            ]
        return
    yield from _company_rows(sheet, customers)


def damaged(values: list[Any], i: int) -> list[Any]:
    """A subscriber row with Excel damage when ``i`` is one of every 100 rows' first three:
    the phone stored as a number (its ``+`` lost), or spaces after the last name or email."""
    kind = i % DAMAGED_EVERY
    if kind == 0:
        values[7] = int(values[7].lstrip("+"))
    elif kind == 1:
        values[4] += "  "
    elif kind == 2:
        values[2] += " "
    return values


def _company_rows(sheet: str, customers: int) -> Iterator[list[Any]]:
    for c in range(customers):
        cid, street = f"cust-{c:06d}", f"{c + 1} Main Street"
        if sheet == "Customers":
            yield [
                "create",
                cid,
                f"Customer {c} Inc.",
                f"admin@customer{c}.example.com",
                "en_US",
                street,
                "",
                "Springfield",
                "IL",
                "62701",
                "US",
                "webex_calling, webex_meetings",
                "",
            ]
        elif sheet == "Locations":
            yield [
                cid,
                "HQ",
                street,
                "",
                "Springfield",
                "IL",
                "62701",
                "US",
                "America/Chicago",
                "en_US",
                "",
                "",
            ]
        elif c % 20 == 0:
            yield [
                cid,
                "HQ",
                dt.date(2027, 6, 15),
                "Pat Doe",
                f"pat@customer{c}.example.com",
                "",
                "api",
                "yes",
                "",
            ]


def generate(subscribers: int, damage: bool = False) -> Path:
    """The cached workbook with ``subscribers`` subscriber rows (written once, streamed), with
    3 % of the subscriber rows damaged when ``damage``."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"subscribers-{subscribers}{'-damaged' if damage else ''}.xlsx"
    if path.exists():
        return path
    partial = path.with_name(path.stem + ".partial.xlsx")
    book = xlsxwriter.Workbook(str(partial), {"constant_memory": True, "strings_to_numbers": False})
    dates = book.add_format({"num_format": "yyyy-mm-dd"})
    for sheet in SHEETS:
        ws = book.add_worksheet(sheet.name)
        ws.write_row(0, 0, [c.template_header for c in sheet.columns])
        for r, values in enumerate(sheet_rows(sheet.name, subscribers), start=1):
            if damage and sheet.name == "Subscribers":
                values = damaged(values, r - 1)
            for col, value in enumerate(values):
                if isinstance(value, int):
                    ws.write_number(r, col, value)
                elif isinstance(value, dt.date):
                    ws.write_datetime(r, col, dt.datetime.combine(value, dt.time()), dates)
                elif value != "":
                    ws.write_string(r, col, value)
    book.define_name("TemplateVersion", '="1"')
    book.close()
    partial.rename(path)
    return path


CALAMINE = """
import sys, python_calamine
book = python_calamine.CalamineWorkbook.from_path(sys.argv[1])
rows = sum(1 for _ in book.get_sheet_by_name("Subscribers").iter_rows())
"""
PANDAS = """
import sys, pandas
frame = pandas.read_excel(sys.argv[1], sheet_name="Subscribers", engine="openpyxl")
"""
IN_PROCESS = f"""
import datetime, sys
from bulk.pricebook import load_pricebook
from bulk.validation import validate_workbook
day = datetime.date.fromisoformat("{AS_OF}")
result = validate_workbook(sys.argv[1], as_of=day, pricebook=load_pricebook())
sys.exit(0 if result.report.valid else 1)
"""
OPENPYXL = """
import sys, openpyxl
book = openpyxl.load_workbook(sys.argv[1], rich_text=False)
book.save(sys.argv[2])
"""
WRAPPER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, code)
"""


@dataclass(frozen=True)
class Measure:
    """Wall time, CPU time and peak RSS of one child process, and its exit code."""

    wall: float
    cpu: float
    peak_mb: float
    exit_code: int

    def __str__(self) -> str:
        return f"{self.wall:7.2f}s {self.cpu:6.2f}s {self.peak_mb:6.0f}MB"


def measure(command: list[str]) -> Measure:
    """Run a command in a fresh process through a wrapper that reads its resource usage."""
    out = subprocess.run(
        [sys.executable, "-c", WRAPPER, *command], capture_output=True, text=True, check=True
    )
    wall, cpu, peak_kb, code = out.stdout.split()
    return Measure(float(wall), float(cpu), int(peak_kb) / 1024, int(code))


def verdict(ok: bool, text: str) -> str:
    """A PASS/FAIL line."""
    return ("PASS " if ok else "FAIL ") + text


def run_size(size: int, skip_pandas: bool) -> tuple[list[str], list[str]]:
    """Measure one size: its table lines and verdicts."""
    path = str(generate(size))
    rtm = str(Path(sys.executable).with_name("rtm"))
    raw = measure([sys.executable, "-c", CALAMINE, path])
    cli = measure([rtm, "validate", path, "--as-of", AS_OF])
    inner = measure([sys.executable, "-c", IN_PROCESS, path])
    panda = None if skip_pandas else measure([sys.executable, "-c", PANDAS, path])
    lines = [
        f"{size:>9,} | calamine read          | {raw}",
        f"{'':>9} | pandas+openpyxl read   | {panda if panda else '   skipped'}",
        f"{'':>9} | rtm validate           | {cli}   ({cli.wall / raw.wall:.2f}x calamine)",
        f"{'':>9} | validate_workbook only | {inner}   ({inner.wall / raw.wall:.2f}x calamine)",
    ]
    found = [
        verdict(
            cli.exit_code == 0 and inner.exit_code == 0,
            f"{size:,}: the generated workbook validates clean",
        )
    ]
    if size == 100_000:
        found.append(
            verdict(
                inner.wall <= TARGET_CALAMINE_RATIO * raw.wall,
                f"100k validate_workbook {inner.wall / raw.wall:.2f}x calamine wall, "
                f"{inner.cpu / raw.cpu:.2f}x CPU (target <= {TARGET_CALAMINE_RATIO}x)",
            )
        )
        found.append(
            verdict(
                cli.wall <= TARGET_CALAMINE_RATIO * raw.wall,
                f"100k rtm validate {cli.wall / raw.wall:.2f}x calamine wall, "
                f"{cli.cpu / raw.cpu:.2f}x CPU, start-up included "
                f"(target <= {TARGET_CALAMINE_RATIO}x)",
            )
        )
    if size == 100_000:
        fix_lines, fix_verdict = run_fix(size, rtm)
        lines += fix_lines
        found.append(fix_verdict)
    if size == 1_000_000:
        found.append(
            verdict(
                cli.peak_mb < TARGET_PEAK_MB_1M,
                f"1M rtm validate peak RSS {cli.peak_mb:.0f} MB (target < {TARGET_PEAK_MB_1M} MB)",
            )
        )
    if panda is not None:
        speedup = panda.wall / cli.wall
        found.append(
            verdict(
                speedup >= TARGET_PANDAS_SPEEDUP,
                f"{size:,} pandas read / rtm validate = {speedup:.2f}x "
                f"(target >= {TARGET_PANDAS_SPEEDUP}x)",
            )
        )
    return lines, found


def run_fix(size: int, rtm: str) -> tuple[list[str], str]:
    """``rtm validate`` and ``rtm fix`` on the damaged workbook: table lines and the verdict."""
    path = str(generate(size, damage=True))
    fixed = str(BENCH_DIR / f"subscribers-{size}-fixed.xlsx")
    check = measure([rtm, "validate", path, "--as-of", AS_OF])
    repair = measure([rtm, "fix", path, "-o", fixed, "--only", "likely", "--as-of", AS_OF])
    copy = measure([sys.executable, "-c", OPENPYXL, path, fixed])
    ratio = repair.wall / check.wall
    bound = (2 * check.cpu + copy.cpu) / check.cpu
    lines = [
        f"{'':>9} | rtm validate, 3% damage | {check}",
        f"{'':>9} | rtm fix, 3% damage     | {repair}   ({ratio:.2f}x rtm validate, "
        f"{repair.cpu / check.cpu:.2f}x CPU)",
        f"{'':>9} | openpyxl load+save     | {copy}   (2 validations + this: "
        f"{bound:.2f}x rtm validate CPU, the floor of this design)",
    ]
    ok = check.exit_code == 1 and repair.exit_code == 0 and ratio <= TARGET_FIX_RATIO
    text = (
        f"100k rtm fix (3% of rows damaged) {ratio:.2f}x rtm validate wall, the copy valid "
        f"(target <= {TARGET_FIX_RATIO}x)"
    )
    return lines, verdict(ok, text)


def main(argv: list[str] | None = None) -> int:
    """Print the table and the verdicts; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description="Validator benchmark (issue 3).")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--skip-pandas", action="store_true")
    args = parser.parse_args(argv)
    print(f"{'rows':>9} | {'reader':<22} | {'wall':>8} {'cpu':>7} {'peak RSS':>8}", flush=True)
    verdicts: list[str] = []
    for size in args.sizes:
        lines, found = run_size(size, args.skip_pandas)
        print("\n".join(lines), flush=True)
        verdicts += found
    print("\n".join(verdicts))
    load = os.getloadavg()[0]
    print(
        f"cores: {os.cpu_count()}, load average at the end: {load:.1f}; files cached in {BENCH_DIR}"
    )
    return 0 if all(v.startswith("PASS") for v in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
