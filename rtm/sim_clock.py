"""``rtm sim clock``: read, set or advance a running simulator's clock through its control plane
(``GET|POST /_sim/clock``, docs/simulator.md), so a trainer never needs ``curl`` to move past a
month end. Exit 0 with the simulator's time printed, 2 refused (one line on stderr)."""

from __future__ import annotations

import json
from typing import Any

import httpx2
import typer

from bulk.cli.output import one_line, refuse


def clock(
    url: str = typer.Option(..., "--url", help="The simulator, e.g. http://127.0.0.1:8080."),
    admin_token: str = typer.Option(
        ...,
        "--admin-token",
        envvar="RTM_SIM_ADMIN_TOKEN",
        help="The admin token rtm sim serve printed (or RTM_SIM_ADMIN_TOKEN).",
    ),
    set_to: str | None = typer.Option(
        None, "--set", help="Move the clock to this instant, e.g. 2026-12-02T09:00:00Z."
    ),
    advance: str | None = typer.Option(
        None, "--advance", help="Move the clock on by an ISO-8601 duration, e.g. P6D or PT2H."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print the answer as JSON."),
) -> None:
    """Show the simulator's clock, or move it with --set or --advance."""
    if set_to and advance:
        raise refuse("sim clock", "--set and --advance were both given", "give one of them")
    body: dict[str, Any] | None = None
    if set_to or advance:
        body = {"now": set_to} if set_to else {"advance": advance}
    answer = _call(url, admin_token, body)
    if as_json:
        typer.echo(json.dumps(answer))
        return
    typer.echo(f"simulator time: {answer.get('now')}")


def _call(url: str, token: str, body: dict[str, Any] | None) -> dict[str, Any]:
    if not url.startswith(("http://", "https://")):
        raise refuse("sim clock", f"--url '{url}' is not an http(s) URL", "give the simulator URL")
    headers = {"Authorization": f"Bearer {token}"}
    target = url.rstrip("/") + "/_sim/clock"
    try:
        with httpx2.Client(timeout=30, trust_env=False) as http:
            answer = (
                http.post(target, json=body, headers=headers)
                if body
                else http.get(target, headers=headers)
            )
    except httpx2.TransportError as error:
        hint = "start it with rtm sim serve"
        raise refuse("sim clock", f"cannot reach {url}: {error}", hint) from None
    if answer.status_code == 401:
        raise refuse("sim clock", "the simulator refused the admin token (HTTP 401)", _TOKEN_HINT)
    if answer.status_code >= 400:
        detail = one_line(answer.text)[:300]
        raise refuse("sim clock", f"HTTP {answer.status_code}: {detail}", "check --set/--advance")
    return dict(answer.json())


_TOKEN_HINT = "use the admin token rtm sim serve printed, or RTM_SIM_ADMIN_TOKEN"


def register(sim_app: typer.Typer) -> None:
    """Add ``clock`` to the simulator's commands (once)."""
    if not any(info.name == "clock" for info in sim_app.registered_commands):
        sim_app.command("clock")(clock)


__all__ = ["clock", "register"]
