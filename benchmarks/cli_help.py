"""How long ``rtm --help`` takes, against the bare interpreter start in the same run.

``rtm --help`` imports no command module (docs/cli.md, "Help"); the target is under 0.5 s. The
machine's load varies, so the bare ``python -c pass`` start is measured alongside and the
median of several runs is printed for both. Exit 1 when ``rtm --help`` is over the target.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

RUNS = 9
TARGET_SECONDS = 0.5
RTM = Path(sys.executable).with_name("rtm")


def median_seconds(command: list[str]) -> float:
    """The median wall time of ``RUNS`` runs of ``command``."""
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> int:
    """Print the table; 1 when ``rtm --help`` misses the target."""
    bare = median_seconds([sys.executable, "-c", "pass"])
    rows = [
        ("python -c pass", bare),
        ("rtm --help", median_seconds([str(RTM), "--help"])),
        ("rtm import --help", median_seconds([str(RTM), "import", "--help"])),
    ]
    print(f"{'command':<20} {'median s':>9}  (of {RUNS} runs)")
    for name, seconds in rows:
        print(f"{name:<20} {seconds:>9.3f}")
    return 0 if rows[1][1] < TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
