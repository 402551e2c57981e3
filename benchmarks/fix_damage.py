"""How much Excel damage ``rtm fix`` repairs (issue 17; docs/validator.md, "Fixes").

For each seed, ``rtm generate --excel-damage`` writes a workbook and its answer key, whose
damaged cells carry ``original`` (what the cell held before the damage). ``rtm fix --only
likely`` then writes the corrected copy, and every cell of it is compared with openpyxl:

* *repairable* damage is a damaged cell whose original can be read back from what is left: a
  phone that lost its ``+`` (not one that lost digits to scientific notation), a postal code
  that lost its leading zero, hidden spaces, a date typed as text; a merged cell (its value is
  gone) and an extension stored as a number (whether a zero was lost cannot be known) are not;
* *restored*: the corrected cell equals the original exactly;
* *wrong repairs*: a changed cell whose new value is not the original, or any change to a cell
  that was not damaged (every cell of the copy is compared with the damaged workbook).

Run ``python benchmarks/fix_damage.py`` (seeds 1-20, 50 customers each; ``--seeds 1-3`` for a
quick run). Exit 1 when fewer than 95 % are restored or any repair is wrong.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import openpyxl

from bulk.fixing import CHANGES_SHEET
from bulk.schema import SHEETS

AS_OF = "2026-11-25"
TARGET_RESTORED = 0.95
NOT_REPAIRABLE = frozenset({"cell-merged", "cell-stored-as-number"})


def _rtm(*args: str) -> None:
    done = subprocess.run([sys.executable, "-m", "bulk", *args], capture_output=True, text=True)
    if done.returncode not in (0, 1):
        raise SystemExit(f"rtm {' '.join(args)} failed: {done.stderr.strip()}")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value.isoformat()[:10] if hasattr(value, "isoformat") else str(value)


def _cells(path: Path) -> dict[tuple[str, str], str]:
    book = openpyxl.load_workbook(path, read_only=True)
    cells: dict[tuple[str, str], str] = {}
    try:
        for sheet in SHEETS:
            if sheet.name not in book.sheetnames:
                continue
            for row in book[sheet.name].iter_rows():
                for cell in row:
                    if cell.value is not None:
                        cells[(sheet.name, cell.coordinate)] = _text(cell.value)
    finally:
        book.close()
    return cells


def repairable(issue: dict[str, Any]) -> bool:
    """Whether the damaged cell's original can be read back from what the damage left."""
    if issue["code"] in NOT_REPAIRABLE:
        return False
    if issue["code"] == "cell-invalid-phone":
        return str(issue["original"]).lstrip("+") == issue["value"]
    return True


def measure(seed: int, customers: int, work: Path) -> Counter[str]:
    """Generate, fix and compare one seed; the counts."""
    damaged, key, fixed = (work / f"{seed}.{n}" for n in ("xlsx", "key.json", "fixed.xlsx"))
    _rtm("generate", "--customers", str(customers), "--seed", str(seed), "--excel-damage",
         "--as-of", AS_OF, "-o", str(damaged), "--answer-key", str(key))  # fmt: skip
    _rtm("fix", str(damaged), "-o", str(fixed), "--only", "likely", "--as-of", AS_OF)
    originals = {
        (i["sheet"], i["cell"]): i
        for i in json.loads(key.read_text())["issues"]
        if i.get("original") is not None and i["cell"]
    }
    before, after = _cells(damaged), _cells(fixed)
    counts: Counter[str] = Counter()
    for where, issue in originals.items():
        restored = after.get(where, "") == issue["original"]
        if repairable(issue):
            counts["repairable"] += 1
            counts["restored"] += restored
            if not restored:
                print(f"seed {seed}: {where} {issue['value']!r} not restored", file=sys.stderr)
        if after.get(where, "") != before.get(where, "") and not restored:
            counts["wrong"] += 1
    for where in before.keys() | after.keys():
        if where not in originals and before.get(where) != after.get(where):
            counts["wrong"] += 1
            print(f"seed {seed}: undamaged {where} changed", file=sys.stderr)
    counts["changes"] = openpyxl.load_workbook(fixed, read_only=True)[CHANGES_SHEET].max_row - 1
    return counts


def _seeds(text: str) -> range:
    first, _, last = text.partition("-")
    return range(int(first), int(last or first) + 1)


def main() -> None:
    """Measure every seed and print the figures docs/validator.md quotes."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", default="1-20", help="A seed or a range (default 1-20).")
    parser.add_argument("--customers", type=int, default=50)
    args = parser.parse_args()
    total: Counter[str] = Counter()
    with tempfile.TemporaryDirectory(prefix="rtm-fix-") as work:
        for seed in _seeds(args.seeds):
            counts = measure(seed, args.customers, Path(work))
            print(f"seed {seed}: {dict(counts)}")
            total += counts
    share = total["restored"] / total["repairable"] if total["repairable"] else 1.0
    print(
        f"seeds {args.seeds}, {args.customers} customers each: {total['restored']} of "
        f"{total['repairable']} repairable damaged cells restored exactly ({share:.1%}), "
        f"{total['wrong']} wrong repairs, {total['changes']} cells changed in all"
    )
    raise SystemExit(0 if share >= TARGET_RESTORED and total["wrong"] == 0 else 1)


if __name__ == "__main__":
    main()
