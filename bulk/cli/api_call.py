"""One API call from a command, with every failure said as the command's one refusal line
(docs/cli.md): a refused token, an unreachable URL, an API error with its code."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import typer

from bulk.cli.output import refuse
from bulk.client import (
    ApiError,
    ApiSession,
    ApiStatusError,
    ApiUnreachable,
    AuthenticationFailed,
    PermissionDenied,
    WholesaleClient,
    open_http_client,
)

T = TypeVar("T")


def call_api(
    command: str, url: str, token: str, action: Callable[[WholesaleClient], Awaitable[T]]
) -> T:
    """Run ``action`` against the API at ``url``; a failure raises the refusal's ``typer.Exit``."""
    if not url.startswith(("http://", "https://")):
        raise refuse(command, f"--url '{url}' is not an http(s) URL", "give the API root URL")

    async def go() -> T:
        async with open_http_client(url, concurrency=1) as http:
            return await action(WholesaleClient(ApiSession(http, token)))

    try:
        return asyncio.run(go())
    except ApiError as error:
        raise api_refusal(command, url, error) from None


def api_refusal(command: str, url: str, error: ApiError) -> typer.Exit:
    """The refusal for an API failure: what went wrong and what to do about it."""
    if isinstance(error, AuthenticationFailed):
        return refuse(command, f"the API at {url} refused the token (HTTP 401)", _TOKEN)
    if isinstance(error, PermissionDenied):
        return refuse(command, f"the token may not do this (HTTP 403): {error.message}", _ROLE)
    if isinstance(error, ApiUnreachable):
        return refuse(command, f"cannot reach {url}: {error.reason}", "check --url")
    if isinstance(error, ApiStatusError) and error.status >= 500:
        return refuse(command, f"the API failed: {error}", "try again later")
    return refuse(command, f"the API refused: {error}", "see docs/errors.md for the code")


_TOKEN = "check --token (or RTM_TOKEN); rtm sim token mints one for the simulator"
_ROLE = "use a full_admin or provisioning_admin token"

__all__ = ["api_refusal", "call_api"]
