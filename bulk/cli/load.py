"""``rtm load``: drive a simulator with generated partners' onboarding traffic on Locust.

The run itself happens in a process of its own (``python -m bulk.load``), because Locust's
gevent must patch the standard library before anything else is imported. Exit codes: 0 the
server holds every acknowledged operation, 1 something acknowledged is missing, 2 the run
could not start (bad option, unreachable URL, refused token: one line on stderr).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import typer

from bulk.cli.output import refuse
from bulk.cli.root import app
from bulk.generator import OptionError, SeatRange
from bulk.load.config import LoadConfig, LoadOptionError, new_run_tag


@app.command()
def load(
    url: str = typer.Option(..., "--url", help="Base URL of the simulator (or API)."),
    customers: int = typer.Option(..., "--customers", help="Customers to onboard in the run."),
    concurrency: int = typer.Option(8, "--concurrency", help="Concurrent Locust users."),
    seed: int = typer.Option(0, "--seed", help="Seed of the generated data."),
    duration: float = typer.Option(60.0, "--duration", help="Longest run time in seconds."),
    token: str | None = typer.Option(
        None, "--token", envvar="RTM_TOKEN", help="A partner token (full admin) to load as."
    ),
    admin_token: str | None = typer.Option(
        None,
        "--admin-token",
        envvar="RTM_SIM_ADMIN_TOKEN",
        help="Simulator admin token: mint a fresh load partner (and read the simulator clock).",
    ),
    provisioning_id: str | None = typer.Option(
        None,
        "--provisioning-id",
        help="Customer template ID, needed with --token (`rtm sim token` prints it).",
    ),
    run_tag: str | None = typer.Option(
        None, "--run-tag", help="Tag of partner names, External IDs and emails (default: random)."
    ),
    subscribers_per_customer: str = typer.Option(
        "1-20", "--subscribers-per-customer", help="A number or a range such as 1-20."
    ),
    billing_every: int = typer.Option(
        10, "--billing-every", min=0, help="A billing report every N customers (0: none)."
    ),
    spawn_rate: float = typer.Option(
        0.0, "--spawn-rate", min=0.0, help="Users started per second (0: all at once)."
    ),
    json_to: str | None = typer.Option(
        None, "--json", help="Write the summary as JSON (- = stdout)."
    ),
) -> None:
    """Drive a simulator with generated onboarding traffic and report ops/s, latency
    percentiles per operation, errors by code, and whether the server holds every
    acknowledged operation."""
    try:
        config = LoadConfig(
            url=url,
            customers=customers,
            users=concurrency,
            duration=duration,
            seed=seed,
            token=token,
            admin_token=None if token else admin_token,
            provisioning_id=provisioning_id,
            run_tag=run_tag or new_run_tag(),
            spawn_rate=spawn_rate,
            subscribers_per_customer=SeatRange.parse(subscribers_per_customer),
            billing_every=billing_every,
        )
    except (LoadOptionError, OptionError) as error:
        raise refuse("load", str(error), "see `rtm load --help`") from None
    env = os.environ | {"RTM_LOAD_CONFIG": json.dumps(config.to_json())}
    env["RTM_LOAD_JSON"] = str(Path(json_to)) if json_to and json_to != "-" else json_to or ""
    done = subprocess.run([sys.executable, "-m", "bulk.load"], env=env, check=False)
    raise typer.Exit(done.returncode)
