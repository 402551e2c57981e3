"""What the libraries' verdicts alone cost, against the raw read (the bound of issue 14's target).

``rtm validate`` asks phonenumbers about every phone number and email-validator about every
email (``bulk.rules.verdicts``: one call per distinct value, remembered; no faster path of our
own in front of them). This measures, in one process and in CPU time, on the same 100k-row
workbook ``benchmarks/validate.py`` builds:

* python-calamine reading the Subscribers sheet (the raw read, the baseline);
* ``phone_valid`` on every phone number of that sheet;
* ``email_problem`` on every email of that sheet.

The validator's target was ``validate(100k) <= 4 x calamine(100k)``. When the two library calls
alone cost more than that, the target cannot be met by the simple design, and this prints by
how much. Run ``python benchmarks/verdicts.py`` (``--rows 100000`` is the default).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from typing import Any

from python_calamine import CalamineWorkbook
from validate import generate

from bulk.rules.verdicts import email_problem, phone_valid

TARGET = 4.0


def cpu(work: Callable[[], Any]) -> tuple[float, Any]:
    """CPU seconds ``work`` took, and what it returned."""
    start = time.process_time()
    result = work()
    return time.process_time() - start, result


def column(rows: list[list[Any]], header: str) -> list[str]:
    """The filled cells of the column named ``header`` (a trailing ``*`` ignored)."""
    index = [str(h).rstrip("*") for h in rows[0]].index(header)
    return [str(row[index]) for row in rows[1:] if row[index] not in ("", None)]


def main(argv: list[str] | None = None) -> int:
    """Print the table and whether the libraries alone leave room for the 4x target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)
    path = generate(args.rows)
    read, rows = cpu(
        lambda: CalamineWorkbook.from_path(path).get_sheet_by_name("Subscribers").to_python()
    )
    phones, emails = column(rows, "Phone Number"), column(rows, "Email")
    phone_cpu, _ = cpu(lambda: [phone_valid(p) for p in phones])
    email_cpu, _ = cpu(lambda: [email_problem(e) for e in emails])
    print(f"{'work':<34} | {'values':>7} | {'cpu':>7} | {'x read':>6}")
    for name, count, seconds in (
        ("calamine read (baseline)", len(rows) - 1, read),
        ("phonenumbers (phone_valid)", len(phones), phone_cpu),
        ("email-validator (email_problem)", len(emails), email_cpu),
        ("both libraries", len(phones) + len(emails), phone_cpu + email_cpu),
    ):
        print(f"{name:<34} | {count:>7} | {seconds:6.2f}s | {seconds / read:5.1f}x")
    share = (phone_cpu + email_cpu) / read
    room = "leaves room for" if share < TARGET else "alone exceed"
    print(f"The library verdicts {room} the {TARGET:.0f}x target ({share:.1f}x the raw read).")
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")
    return 0 if share < TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
