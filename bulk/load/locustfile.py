"""The Locust file of ``rtm load``, for runs bigger than one machine (Locust master/worker mode).

``rtm load`` runs the same user class on a local runner. To spread the load over several
processes or machines, run Locust itself with this file (see docs/load.md)::

    LOCUSTFILE=$(python -c 'import bulk.load.locustfile as f; print(f.__file__)')
    locust -f $LOCUSTFILE --master --headless --expect-workers 2 -u 32 -r 32 -t 60s \\
        -H http://sim:8080 --rtm-customers 2000 --rtm-processes 2 --rtm-admin-token $TOKEN
    locust -f $LOCUSTFILE --worker --master-host <master>      # on each worker machine

Each worker is one load process (its Locust worker index): it mints its own partner with the
admin token (or uses ``--rtm-token``), onboards its share of the customers and, when it stops,
checks that the simulator holds everything it saw acknowledged and logs the verdict. The master
prints Locust's statistics (requests, failures by error code, percentiles per operation) and
the load processes' acknowledged/held/missing counts as they last reported them.
"""

from __future__ import annotations

import json
import logging
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from locust import events
from locust.env import Environment
from locust.runners import MasterRunner, WorkerRunner
from rich.console import Console

from bulk.generator import SeatRange
from bulk.load.config import LoadConfig, new_run_tag
from bulk.load.engine import finish, prepare, summarise
from bulk.load.ledger import KINDS
from bulk.load.summary import LoadSummary
from bulk.load.users import LoadProcess, OnboardingUser

__all__ = ["OnboardingUser"]

log = logging.getLogger("rtm.load")
# One Locust process runs one load run: these hold the workers' last reports (on the master),
# the process's final summary (on a worker) and its environment.
_REPORTS: dict[int, dict[str, Any]] = {}
_FINAL: dict[str, LoadSummary] = {}
_ENVIRONMENT: dict[str, Environment] = {}


def _arguments(parser: ArgumentParser) -> None:
    group = parser.add_argument_group("rtm load")
    group.add_argument("--rtm-customers", type=int, default=100, help="Customers in the run.")
    group.add_argument("--rtm-processes", type=int, default=1, help="Load processes (workers).")
    group.add_argument("--rtm-seed", type=int, default=0, help="Seed of the generated data.")
    group.add_argument("--rtm-token", default="", help="Partner token all processes share.")
    group.add_argument(
        "--rtm-provisioning-id", default="", help="Customer template ID (with --rtm-token)."
    )
    group.add_argument(
        "--rtm-admin-token", default="", env_var="RTM_SIM_ADMIN_TOKEN", help="Mint partners."
    )
    group.add_argument("--rtm-run-tag", default=new_run_tag(), help="Tag of names and IDs.")
    group.add_argument("--rtm-subscribers-per-customer", default="1-20")
    group.add_argument("--rtm-billing-every", type=int, default=10)
    group.add_argument("--rtm-summary-json", default="", help="Master: write the summary here.")


def _config(environment: Environment) -> LoadConfig:
    options = environment.parsed_options
    assert options is not None and environment.host
    return LoadConfig(
        url=environment.host,
        customers=options.rtm_customers,
        users=max(1, int(options.num_users or 1)),
        seed=options.rtm_seed,
        token=options.rtm_token or None,
        provisioning_id=options.rtm_provisioning_id or None,
        admin_token=options.rtm_admin_token or None,
        run_tag=options.rtm_run_tag,
        subscribers_per_customer=SeatRange.parse(options.rtm_subscribers_per_customer),
        billing_every=options.rtm_billing_every,
    )


def _process_index(environment: Environment) -> tuple[int, int]:
    runner = environment.runner
    options = environment.parsed_options
    processes = max(1, int(getattr(options, "rtm_processes", 1)))
    if isinstance(runner, WorkerRunner):
        return runner.worker_index, processes
    return 0, 1


def _start(environment: Environment, **_: Any) -> None:
    if isinstance(environment.runner, MasterRunner):
        return
    config = _config(environment)
    process, processes = _process_index(environment)
    as_of, token, config = prepare(config, process)
    environment.rtm_load = LoadProcess(  # type: ignore[attr-defined]
        config, process, processes, as_of, token
    )
    log.info(
        "load process %s of %s started as %s", process, processes, config.partner_name(process)
    )


def _stop(environment: Environment, **_: Any) -> None:
    work = getattr(environment, "rtm_load", None)
    if not isinstance(work, LoadProcess):
        return
    config = work.config
    summary = summarise(environment.stats, config, seconds=1.0, processes=1)
    summary = finish(summary, work, config)
    _FINAL["summary"] = summary
    verdict = "nothing missing" if summary.complete else f"MISSING {summary.missing}"
    log.info(
        "load process %s: acknowledged %s, held %s: %s",
        work.process,
        summary.acknowledged,
        summary.held,
        verdict,
    )


def _report(client_id: str, data: dict[str, Any]) -> None:
    summary = _FINAL.get("summary")
    work = getattr(_ENVIRONMENT.get("env"), "rtm_load", None)
    if not isinstance(work, LoadProcess):
        return
    data["rtm_load"] = {
        "process": work.process,
        "ledger": work.ledger.to_json(),
        "held": summary.held if summary else None,
        "missing": summary.missing if summary else None,
    }


def _worker_report(client_id: str, data: dict[str, Any]) -> None:
    report = data.get("rtm_load")
    if isinstance(report, dict):
        _REPORTS[int(report["process"])] = report


def _init(environment: Environment, **_: Any) -> None:
    _ENVIRONMENT["env"] = environment


def _quitting(environment: Environment, **_: Any) -> None:
    if not isinstance(environment.runner, MasterRunner):
        return
    rows = []
    for process, report in sorted(_REPORTS.items()):
        ledger = report["ledger"]
        rows.append((process, ledger["acknowledged"], report.get("held"), report.get("missing")))
    document = {
        "processes": [
            {"process": p, "acknowledged": a, "held": h, "missing": m} for p, a, h, m in rows
        ],
        "errors": _errors(),
    }
    console = Console()
    for process, acknowledged, held, missing in rows:
        parts = [
            f"{k} {acknowledged.get(k, 0)}/{'?' if held is None else held.get(k, 0)}" for k in KINDS
        ]
        state = (
            "held: verified by the worker when it stops (see its log)"
            if missing is None
            else f"missing {sum(missing.values())}"
        )
        console.print(f"load process {process}: acknowledged/held {', '.join(parts)}; {state}")
    options = environment.parsed_options
    target = getattr(options, "rtm_summary_json", "") if options else ""
    if target:
        Path(target).write_text(json.dumps(document, indent=2) + "\n")


def _errors() -> dict[str, int]:
    total: dict[str, int] = {}
    for report in _REPORTS.values():
        for code, count in report["ledger"]["errors"].items():
            total[code] = total.get(code, 0) + int(count)
    return total


def _register() -> None:
    hooks: tuple[tuple[Any, Any], ...] = (
        (events.init_command_line_parser, _arguments),
        (events.init, _init),
        (events.test_start, _start),
        (events.test_stop, _stop),
        (events.report_to_master, _report),
        (events.worker_report, _worker_report),
        (events.quitting, _quitting),
    )
    for hook, listener in hooks:
        hook.add_listener(listener)


_register()
