"""``rtm assist entitlement order|show`` and ``rtm assist readiness set|show``: the partner's
Setup Assist prerequisites, through the same calls a partner integration makes
(docs/setup-assist.md, "API"): ``POST|GET /v1/wholesale/setupAssist/entitlement`` and
``PUT|GET /v1/wholesale/setupAssist/readiness``.

Exit codes: 0 done (``show``: the prerequisite is met), 1 ``show`` found it missing, 2 refused
(one line on stderr: bad token, unreachable URL, the API's refusal).
"""

from __future__ import annotations

import json
from typing import Any

import typer

from bulk.cli.api_call import call_api
from bulk.cli.assist import assist_app
from bulk.cli.output import print_json
from bulk.client import WholesaleClient

entitlement_app = typer.Typer(
    help="The partner's one A-Wholesale order (Setup Assist needs it).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
readiness_app = typer.Typer(
    help="The partner's onboarding readiness: PSTN, hosting, OSS/BSS.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
assist_app.add_typer(entitlement_app, name="entitlement")
assist_app.add_typer(readiness_app, name="readiness")

URL = typer.Option(..., "--url", help="API root, e.g. http://127.0.0.1:8080.")
TOKEN = typer.Option(..., "--token", envvar="RTM_TOKEN", help="Partner bearer token.")
JSON = typer.Option(None, "--json", help="Also write the answer as JSON to FILE (- = stdout).")

READINESS_ITEMS = {
    "pstnConnectivity": "PSTN connectivity",
    "hostingRequirements": "third-party hosting requirements",
    "ossBss": "OSS/BSS configuration",
}


@entitlement_app.command("order")
def order_command(
    order_number: str = typer.Option(
        ..., "--order-number", help="The A-Wholesale order number, e.g. CCW-0001."
    ),
    url: str = URL,
    token: str = TOKEN,
    json_to: str | None = JSON,
) -> None:
    """Order A-Wholesale (quantity 1, once per partner)."""
    answer = call_api(
        "assist entitlement order", url, token, lambda api: api.order_entitlement(order_number)
    )
    _emit(answer, json_to, f"A-Wholesale ordered: {_entitlement_text(answer)}")


@entitlement_app.command("show")
def show_entitlement_command(
    url: str = URL, token: str = TOKEN, json_to: str | None = JSON
) -> None:
    """Show the A-Wholesale order; exit 1 when there is none yet."""
    answer = call_api("assist entitlement show", url, token, lambda api: api.get_entitlement())
    if answer is None:
        _emit(
            {"ordered": False},
            json_to,
            "A-Wholesale: not ordered; run `rtm assist entitlement order --order-number N`",
        )
        raise typer.Exit(1)
    _emit({"ordered": True, **answer}, json_to, f"A-Wholesale: {_entitlement_text(answer)}")


@readiness_app.command("set")
def set_readiness_command(
    pstn: bool | None = typer.Option(
        None, "--pstn/--no-pstn", help="PSTN connectivity is in place (or not)."
    ),
    hosting: bool | None = typer.Option(
        None, "--hosting/--no-hosting", help="Third-party hosting requirements are met (or not)."
    ),
    oss_bss: bool | None = typer.Option(
        None, "--oss-bss/--no-oss-bss", help="OSS/BSS configuration is done (or not)."
    ),
    url: str = URL,
    token: str = TOKEN,
    json_to: str | None = JSON,
) -> None:
    """Record the partner's readiness; an item not named keeps its stored value."""

    async def update(api: WholesaleClient) -> dict[str, bool]:
        now = await api.get_readiness()
        return await api.set_readiness(
            now.get("pstnConnectivity", False) if pstn is None else pstn,
            now.get("hostingRequirements", False) if hosting is None else hosting,
            now.get("ossBss", False) if oss_bss is None else oss_bss,
        )

    answer = call_api("assist readiness set", url, token, update)
    _emit(answer, json_to, _readiness_text(answer))


@readiness_app.command("show")
def show_readiness_command(url: str = URL, token: str = TOKEN, json_to: str | None = JSON) -> None:
    """Show the partner's readiness; exit 1 when an item is still missing."""
    answer = call_api("assist readiness show", url, token, lambda api: api.get_readiness())
    _emit(answer, json_to, _readiness_text(answer))
    if missing_readiness(answer):
        raise typer.Exit(1)


def missing_readiness(readiness: dict[str, bool]) -> list[str]:
    """The readiness items not done yet, in words."""
    return [text for key, text in READINESS_ITEMS.items() if not readiness.get(key)]


def _readiness_text(readiness: dict[str, bool]) -> str:
    missing = missing_readiness(readiness)
    items = ", ".join(
        f"{text} {'yes' if readiness.get(key) else 'no'}" for key, text in READINESS_ITEMS.items()
    )
    if not missing:
        return f"Readiness: {items}; ready for Setup Assist"
    return (
        f"Readiness: {items}; missing {', '.join(missing)}: "
        "run `rtm assist readiness set --pstn --hosting --oss-bss` when done"
    )


def _entitlement_text(answer: dict[str, Any]) -> str:
    return (
        f"order {answer.get('orderNumber')}, {answer.get('sku')} x {answer.get('quantity')}, "
        f"ordered at {answer.get('orderedAt')}"
    )


def _emit(answer: Any, json_to: str | None, line: str) -> None:
    if json_to == "-":
        typer.echo(json.dumps(answer, indent=2))
        return
    typer.echo(line)
    if json_to:
        print_json(answer, json_to)


__all__ = ["missing_readiness"]
