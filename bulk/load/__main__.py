"""``python -m bulk.load``: the load engine process that ``rtm load`` starts.

gevent must patch the standard library before anything else is imported, so the engine runs in
a process of its own; its options come as JSON in ``RTM_LOAD_CONFIG`` (tokens stay out of the
command line), the JSON output path (or ``-``) in ``RTM_LOAD_JSON``.
Exit codes: 0 every acknowledged operation is held by the server, 1 something acknowledged is
missing (or could not be checked), 2 the run could not start.
"""

from gevent import monkey  # type: ignore[import-untyped]

monkey.patch_all()

import json  # noqa: E402
import os  # noqa: E402
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

from rich.console import Console  # noqa: E402
from rich.status import Status  # noqa: E402

from bulk.load.config import LoadConfig  # noqa: E402
from bulk.load.engine import LoadUnusable, run_local  # noqa: E402
from bulk.load.users import LoadProcess  # noqa: E402
from bulk.reports.terminal import new_console  # noqa: E402

PIPE_INTERVAL = 5.0
"""Seconds between progress lines when standard error is not a terminal (pipes, CI)."""
CONFIG_VARIABLE = "RTM_LOAD_CONFIG"
JSON_VARIABLE = "RTM_LOAD_JSON"


def main() -> int:
    """Run the load described in the environment and print its summary."""
    config = LoadConfig.from_json(json.loads(os.environ[CONFIG_VARIABLE]))
    json_to = os.environ.get(JSON_VARIABLE, "")
    err = Console(stderr=True)
    live = err.is_terminal and not os.environ.get("CI")
    status = Status("Starting load", console=err) if live else None

    printed = [0.0]

    def tick(work: LoadProcess, seconds: float) -> None:
        ledger = work.ledger
        line = (
            f"Load: {seconds:.0f}/{config.duration:.0f} s, customers {ledger.journeys_done} "
            f"done of {config.customers}, {ledger.counts()['subscribers']} subscribers"
        )
        if status is not None:
            status.update(line)
        elif seconds - printed[0] >= PIPE_INTERVAL:  # a line per interval in pipes and CI
            printed[0] = seconds
            sys.stderr.write(line + "\n")
            sys.stderr.flush()

    try:
        if status is not None:
            status.start()
        summary = run_local(config, tick)
    except LoadUnusable as error:
        text = " ".join(str(error).split())
        todo = "" if "; " in text else "; check --url and the token"
        sys.stderr.write(f"rtm load: {text}{todo}\n")
        return 2
    finally:
        if status is not None:
            status.stop()
    if json_to == "-":
        sys.stdout.write(json.dumps(summary.to_json(), indent=2) + "\n")
    else:
        summary.print(new_console())
        if json_to:
            Path(json_to).write_text(json.dumps(summary.to_json(), indent=2) + "\n")
    return 0 if summary.complete else 1


if __name__ == "__main__":
    sys.exit(main())
