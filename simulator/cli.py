"""``rtm sim`` / ``python -m simulator``: serve the simulator and mint tokens."""

from __future__ import annotations

import os
import socket
from typing import Annotated

import typer
import uvicorn
from fastapi import FastAPI
from sqlalchemy.exc import SQLAlchemyError
from uvicorn.supervisors import Multiprocess

from simulator.app import create_app
from simulator.auth import Role
from simulator.control.models import ControlBackend, admin_token
from simulator.control.scenarios import ScenarioLoader, read_scenario
from simulator.db.store import SchemaMismatch, UnsupportedDatabase, shown
from simulator.errors import SimulatorError
from simulator.runtime import Runtime
from simulator.settings import Settings

app = typer.Typer(
    name="sim",
    help="The local Wholesale provisioning, billing and Setup Assist API simulator.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database URL (default: RTM_SIM_DB or sqlite:///rtm-sim.sqlite)."),
]


def _fail(message: str, command: str = "serve") -> typer.Exit:
    """The refusal line of ``rtm sim COMMAND`` (docs/cli.md): what is wrong; what to do."""
    todo = "" if "; " in message else f"; see `rtm sim {command} --help`"
    typer.echo(f"rtm sim {command}: {message}{todo}", err=True)
    return typer.Exit(2)


def _settings(
    db_url: str | None, host: str | None = None, port: int | None = None, command: str = "serve"
) -> Settings:
    try:
        return Settings.from_env(None, db_url=db_url, host=host, port=port)
    except ValueError as exc:
        raise _fail(f"invalid settings: {' '.join(str(exc).split())}", command) from None


def _open(settings: Settings, command: str = "serve") -> FastAPI:
    """The app for ``settings``, or one clear line when its database cannot be used."""
    try:
        return create_app(settings)
    except (SQLAlchemyError, SchemaMismatch, UnsupportedDatabase) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        where = f"cannot use the database {shown(settings.db_url)}: {reason}"
        raise _fail(where, command) from None


@app.command()
def serve(
    host: Annotated[str | None, typer.Option(help="Address to bind (default 127.0.0.1).")] = None,
    port: Annotated[int | None, typer.Option(help="Port (default 8080).")] = None,
    db: DbOption = None,
    scenario: Annotated[
        str | None, typer.Option(help="Seed this pack from fixtures/scenarios/ first.")
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="Worker processes (PostgreSQL only).")] = 1,
) -> None:
    """Serve the simulator with uvicorn."""
    settings = _settings(db, host, port)
    if workers > 1 and settings.db_url.startswith("sqlite"):
        raise _fail(
            "--workers > 1 needs PostgreSQL (--db postgresql+psycopg://...); "
            "SQLite serves one worker"
        )
    _ensure_port_free(settings.host, settings.port)
    fastapi_app = _open(settings)
    runtime: Runtime = fastapi_app.state.runtime
    token = admin_token(runtime)
    if scenario:
        _seed(runtime, scenario)
    if workers > 1:
        runtime.store.dispose()
        _run_workers(settings, token, workers)
        return
    config = uvicorn.Config(
        fastapi_app, host=settings.host, port=settings.port, log_level="warning"
    )
    listening = config.bind_socket()  # bound before it is announced (--port 0: any free port)
    _announce(settings, listening.getsockname()[1], token)
    uvicorn.Server(config).run(sockets=[listening])


def _announce(settings: Settings, port: int, token: str) -> None:
    typer.echo(f"Simulator on http://{settings.host}:{port}  (database {shown(settings.db_url)})")
    typer.echo(f"Admin token for /_sim: {token}")


def _ensure_port_free(host: str, port: int) -> None:
    """Refuse a busy port before the banner and the admin token are printed."""
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            reason = f"cannot listen on {host}:{port}: {exc.strerror}; choose another --port"
            raise _fail(reason) from None


def _run_workers(settings: Settings, token: str, workers: int) -> None:
    """Several uvicorn workers, each building its app from the environment (PostgreSQL), on
    one socket bound (and announced) here first."""
    os.environ.update(settings.as_env())
    os.environ["RTM_SIM_ADMIN_TOKEN"] = token
    config = uvicorn.Config(
        "simulator.app:create_app_from_env",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_level="warning",
    )
    listening = config.bind_socket()
    _announce(settings, listening.getsockname()[1], token)
    Multiprocess(config, sockets=[listening]).run()


def _seed(runtime: Runtime, name: str) -> None:
    try:
        loader = ScenarioLoader(runtime)
        loader.load(read_scenario(runtime.settings.scenarios_dir, name), reset=True)
    except SimulatorError as exc:
        raise _fail(f"scenario {name}: {exc}") from None
    typer.echo(f"Scenario {name}: " + ", ".join(f"{v} {k}" for k, v in loader.counts.items()))
    for owner, value in loader.tokens.items():
        typer.echo(f"  token {owner}: {value}")


@app.command()
def token(
    partner: Annotated[str, typer.Option(help="Partner name (created if new).")],
    role: Annotated[Role, typer.Option(help="full_admin, provisioning_admin or read_only_admin.")],
    db: DbOption = None,
) -> None:
    """Mint a partner token; the partner's provisioning IDs (one ``provisioning-id: ID`` line
    per customer template) come before it, and the token is printed alone on the last line."""
    runtime: Runtime = _open(_settings(db, command="token"), "token").state.runtime
    minted = ControlBackend(runtime).mint(partner, role, None)
    runtime.store.dispose()
    typer.echo(f"Partner {partner}, role {role.value}: {', '.join(minted.scopes)}")
    for provisioning_id in minted.provisioning_ids:
        typer.echo(f"provisioning-id: {provisioning_id}")
    typer.echo(minted.token)


def main() -> None:
    """Run the simulator's command line."""
    app()


__all__ = ["app", "main"]
