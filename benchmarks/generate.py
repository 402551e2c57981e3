"""Generator benchmark (issue 7): time ``rtm generate`` for 100,000 and 1,000,000 subscribers and
compare it, in the same run, with xlsxwriter writing the same rows already built in memory.

Each measurement runs in its own process and reports its wall time and peak RSS:

* ``generate``: the whole run of :func:`bulk.generator.generate_workbook` (clean workbook,
  100 subscribers per customer), from options to a closed ``.xlsx`` file;
* ``raw write``: the same rows (built first by the same generator, not timed) written by
  xlsxwriter in constant-memory mode with the same cell types (text, dates), nothing else.

Target: generation takes at most 3 × the raw write. Run ``python benchmarks/generate.py``
(``--sizes 100000`` for a quick run). Files go to ``$RTM_BENCH_DIR`` (default: the system temp
folder, ``rtm-bench/``) and are deleted afterwards.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import xlsxwriter  # type: ignore[import-untyped]

from bulk.generator import GeneratorOptions, SeatRange, generate_workbook
from bulk.generator.builder import GroupBuilder
from bulk.generator.model import CellValue
from bulk.schema import SHEETS

SUBSCRIBERS_PER_CUSTOMER = 100
TARGET_RATIO = 3.0
AS_OF = dt.date(2026, 11, 25)
BENCH_DIR = Path(os.environ.get("RTM_BENCH_DIR", Path(tempfile.gettempdir()) / "rtm-bench"))


def _options(subscribers: int) -> GeneratorOptions:
    return GeneratorOptions(
        customers=subscribers // SUBSCRIBERS_PER_CUSTOMER,
        as_of=AS_OF,
        seed=7,
        subscribers_per_customer=SeatRange(SUBSCRIBERS_PER_CUSTOMER, SUBSCRIBERS_PER_CUSTOMER),
    )


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_generate(subscribers: int, path: Path) -> dict[str, float]:
    """Generate the workbook; seconds and peak RSS."""
    started = time.perf_counter()
    result = generate_workbook(_options(subscribers), path)
    seconds = time.perf_counter() - started
    assert result.subscribers == subscribers
    return {"seconds": seconds, "rss_mb": _peak_rss_mb()}


def prebuilt_rows(subscribers: int) -> dict[str, list[list[CellValue]]]:
    """The rows a clean generation writes, per sheet, built in memory."""
    options = _options(subscribers)
    builder = GroupBuilder(options)
    rows: dict[str, list[list[CellValue]]] = {s.name: [] for s in SHEETS}
    for index in range(options.customers):
        group = builder.group(index)
        for sheet in SHEETS:
            rows[sheet.name].extend(r.cells for r in group.rows_of(sheet))
    return rows


def raw_write(rows: dict[str, list[list[CellValue]]], path: Path) -> None:
    """xlsxwriter alone: headers and cells, text as text and dates as dates."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for sheet in SHEETS:
        worksheet = book.add_worksheet(sheet.name)
        worksheet.write_row(0, 0, [c.template_header for c in sheet.columns])
        for r, cells in enumerate(rows[sheet.name], start=1):
            for c, value in enumerate(cells):
                if value is None:
                    continue
                if type(value) is str:
                    worksheet.write_string(r, c, value)
                else:
                    worksheet.write_datetime(r, c, value, date_format)
    book.close()


def measure_raw(subscribers: int, path: Path) -> dict[str, float]:
    """Build the rows (not timed), then time xlsxwriter writing them."""
    rows = prebuilt_rows(subscribers)
    started = time.perf_counter()
    raw_write(rows, path)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rss_mb": _peak_rss_mb()}


def _child(kind: str, subscribers: int) -> dict[str, float]:
    """Run one measurement in a fresh process (so peak RSS is its own)."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    path = BENCH_DIR / f"generate-{kind}-{subscribers}.xlsx"
    command = [sys.executable, __file__, "--child", kind, str(subscribers), str(path)]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    figures["mb"] = path.stat().st_size / 1e6
    path.unlink()
    return figures


def main() -> int:
    """Measure every size and print the table; exit 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--child", nargs=3, metavar=("KIND", "N", "PATH"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, n, path = args.child
        measure = measure_generate if kind == "generate" else measure_raw
        print(json.dumps(measure(int(n), Path(path))))
        return 0
    print(
        f"{'subscribers':>12} {'raw write s':>12} {'generate s':>11} {'ratio':>6} "
        f"{'raw RSS MB':>11} {'gen RSS MB':>11} {'file MB':>8}"
    )
    missed = False
    for n in args.sizes:
        raw = _child("raw", n)
        gen = _child("generate", n)
        ratio = gen["seconds"] / raw["seconds"]
        missed |= ratio > TARGET_RATIO
        print(
            f"{n:>12,} {raw['seconds']:>12.1f} {gen['seconds']:>11.1f} {ratio:>6.2f} "
            f"{raw['rss_mb']:>11.0f} {gen['rss_mb']:>11.0f} {gen['mb']:>8.1f}"
        )
    print(f"target: generate <= {TARGET_RATIO:g} x raw write -> {'MISSED' if missed else 'met'}")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
