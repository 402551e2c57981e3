"""One authenticated conversation with the API over an injected ``httpx2.AsyncClient``.

:class:`ApiSession` adds the bearer token, decodes JSON, turns error answers into the typed
errors of :mod:`bulk.client.errors`, retries what may be retried (:mod:`bulk.client.retry`)
and follows ``Link: <...>; rel="next"`` paging. It knows nothing about customers or
subscribers: :class:`bulk.client.wholesale.WholesaleClient` does.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx2

from bulk.client.errors import ApiError, ApiUnreachable, RateLimited, status_error
from bulk.client.retry import RetryPolicy, parse_retry_after

Sleep = Callable[[float], Awaitable[None]]
Params = Mapping[str, str | int]

# Failures where the request certainly never reached the server.
_NOT_SENT = (httpx2.ConnectError, httpx2.ConnectTimeout, httpx2.PoolTimeout)


@dataclass(frozen=True, slots=True)
class Answer:
    """A successful answer: status, decoded JSON body (``None`` when empty) and headers."""

    status: int
    body: Any
    headers: httpx2.Headers
    next_url: str | None = None


class ApiSession:
    """Bearer-authenticated JSON requests with retries, over an injected HTTP client.

    The client's ``base_url`` is the API root (``https://host``); paths start with ``/v1``.
    ``sleep`` is injectable so tests need not wait for backoffs."""

    def __init__(
        self,
        http: httpx2.AsyncClient,
        token: str,
        *,
        retry: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.http = http
        self.retry = retry or RetryPolicy()
        self._headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        self._sleep = sleep
        self.requests_sent = 0
        self.retries = 0

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Params | None = None,
        body: Any = None,
        idempotent: bool = True,
        retry: RetryPolicy | None = None,
    ) -> Answer:
        """Send one request and return its successful answer, retrying transient failures.

        A non-``idempotent`` request (a create) is retried only when it certainly had no
        effect (rate-limit answers, connection never made); otherwise the transient error is
        raised so the caller can look the resource up before sending again."""
        policy = retry or self.retry
        failures = rate_limited = 0
        while True:
            try:
                return await self._send_once(method, url, params, body)
            except ApiError as error:
                if isinstance(error, RateLimited):
                    rate_limited += 1
                else:
                    failures += 1
                if not (idempotent or _had_no_effect(error)):
                    raise
                if not policy.should_retry(error, failures, rate_limited):
                    raise
                self.retries += 1
                await self._sleep(policy.delay(error, failures))

    async def _send_once(self, method: str, url: str, params: Params | None, body: Any) -> Answer:
        """One HTTP exchange: raise typed errors, decode the body."""
        content = None if body is None else json.dumps(body, separators=(",", ":")).encode()
        headers = self._headers
        if content is not None:
            headers = {**headers, "Content-Type": "application/json"}
        self.requests_sent += 1
        try:
            response = await self.http.request(
                method, url, params=params, content=content, headers=headers
            )
        except httpx2.TransportError as error:
            raise ApiUnreachable(
                str(self.http.base_url) or url,
                _reason(error),
                sent=not isinstance(error, _NOT_SENT),
            ) from error
        decoded = _decode(response)
        if response.status_code >= 400:
            raise status_error(
                response.status_code,
                decoded,
                tracking_header=response.headers.get("TrackingID"),
                retry_after=parse_retry_after(response.headers.get("Retry-After")),
                method=method,
                url=str(response.request.url),
            )
        return Answer(response.status_code, decoded, response.headers, _next_link(response))

    async def pages(
        self, url: str, *, params: Params | None = None, item_key: str = "items"
    ) -> AsyncIterator[dict[str, Any]]:
        """Every item of a listing, following ``Link: rel="next"`` until there is none."""
        next_url: str | None = url
        next_params = params
        while next_url is not None:
            answer = await self.request("GET", next_url, params=next_params)
            items = answer.body.get(item_key, []) if isinstance(answer.body, dict) else []
            for item in items:
                yield item
            next_url, next_params = answer.next_url, None


def _had_no_effect(error: ApiError) -> bool:
    """Whether a failed request certainly changed nothing: 429/423 answers are refused before
    processing, and a connection that was never made carried nothing."""
    if isinstance(error, ApiUnreachable):
        return not error.sent
    return isinstance(error, RateLimited)


def _decode(response: httpx2.Response) -> Any:
    """The JSON body, or ``None`` for an empty or non-JSON body."""
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def _next_link(response: httpx2.Response) -> str | None:
    """The ``rel="next"`` URL of a ``Link`` header, if any."""
    if "link" not in response.headers:
        return None
    nxt = response.links.get("next")
    return nxt.get("url") if nxt else None


def _reason(error: httpx2.TransportError) -> str:
    """A short human reason for a transport failure."""
    text = str(error).strip()
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
