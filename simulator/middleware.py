"""The ASGI middleware in front of every route: tracking id, injected faults, token lookup,
call log.

Before any route but static files runs, the lifecycle engine moves whatever is due
(:mod:`simulator.lifecycle.engine`). One read transaction reads the settings row (clock, fault
plan), asks the engine whether anything is due (one query) and resolves the bearer token, which
the route's auth dependency reuses; only when something is due does a write transaction move it.
All of that is database work, so it runs in the thread pool in one hop, never on the event loop
(docs/simulator.md, "Storage and concurrency"). Faults are decided (and applied) before the
route runs, so a faulted request changes nothing. Log entries go through
:mod:`simulator.calllog`.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

import anyio
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bulk.rules.violations import Violation
from simulator import faults
from simulator.auth import AuthLookup, bearer_token, look_up
from simulator.errors import error_response, new_tracking_id
from simulator.lifecycle.engine import advance, anything_due
from simulator.runtime import Runtime

API_PREFIXES = ("/v1/", "/_files/")
STATIC_PREFIXES = ("/ui/static/", "/favicon.ico", "/docs", "/redoc", "/openapi.json")
"""Paths that serve files: the lifecycle engine does not run before them."""
_FAULT_CODES = {
    423: "api-locked",
    429: "api-rate-limited",
    500: "api-server-error",
    502: "api-bad-gateway",
    503: "api-unavailable",
    504: "api-gateway-timeout",
}
_RETRY_AFTER = (423, 429, 503)


@dataclass
class Preparation:
    """What the middleware learned before the route runs."""

    now: datetime | None = None
    decision: faults.Decision = field(default_factory=faults.Decision)
    auth: AuthLookup | None = None


class SimulatorMiddleware:
    """Tracking ids, faults, token lookup and the request log for one app."""

    def __init__(self, app: ASGIApp, runtime: Runtime) -> None:
        self.app = app
        self.runtime = runtime

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Handle one ASGI call."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        tracking_id = new_tracking_id()
        state = scope.setdefault("state", {})
        state["tracking_id"] = tracking_id
        started = time.perf_counter()
        status = [500]

        async def send_with_tracking(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                headers = MutableHeaders(scope=message)
                if "trackingid" not in headers:
                    headers.append("TrackingID", tracking_id)
            await send(message)

        prepared = Preparation()
        api = scope["path"].startswith(API_PREFIXES)
        try:
            if not scope["path"].startswith(STATIC_PREFIXES):
                prepared = await anyio.to_thread.run_sync(self._prepare, scope, api)
                state["auth"] = prepared.auth
            decision = prepared.decision
            refused = _not_json(scope, tracking_id) if api else None
            if refused is not None:
                await refused(scope, receive, send_with_tracking)
                return
            if decision.latency_ms:
                await anyio.sleep(decision.latency_ms / 1000)
            if decision.status is not None:
                faulted = _fault_response(decision, tracking_id, scope["path"])
                await faulted(scope, receive, send_with_tracking)
            else:
                await self.app(scope, receive, send_with_tracking)
        finally:
            if api and prepared.now is not None:
                elapsed_ms = (time.perf_counter() - started) * 1000
                await self._log(scope, prepared, status[0], tracking_id, elapsed_ms)

    def _prepare(self, scope: Scope, api: bool) -> Preparation:
        """The work before the route, in a worker thread: read the clock and the fault plan,
        resolve the token (API calls only), move what is due and decide the faults."""
        partner_api = api and scope["path"].startswith("/v1/")
        token = bearer_token(Headers(scope=scope)) if partner_api else None
        looked = look_before(self.runtime, token, resolve=partner_api)
        if looked.due:
            with self.runtime.store.transaction() as session:
                advance(session, self.runtime.clock)
        if not api:
            return Preparation()
        decision = faults.Decision()
        if looked.stored.rules:
            decision = faults.decide(
                self.runtime.store.transaction, looked.stored, scope["method"], scope["path"]
            )
        return Preparation(looked.now, decision, looked.auth)

    async def _log(
        self, scope: Scope, prepared: Preparation, status: int, tracking_id: str, elapsed_ms: float
    ) -> None:
        entry = {
            "at": prepared.now,
            "method": scope["method"],
            "path": scope["path"][:500],
            "query": scope.get("query_string", b"").decode("latin-1")[:1000],
            "status": status,
            "partner": scope.get("state", {}).get("partner") or _partner_of(prepared.auth),
            "tracking_id": tracking_id,
            "duration_ms": round(elapsed_ms, 3),
            "fault": prepared.decision.rule,
        }
        await self.runtime.calls.record(entry, self.runtime.store)


def _partner_of(auth: AuthLookup | None) -> str | None:
    """The partner a resolved token belongs to: the call log names it on calls that a fault
    answered before the route (which names it otherwise) ran."""
    return auth.principal.partner_name if auth and auth.principal else None


@dataclass(frozen=True)
class Looked:
    """What the one read transaction in front of a request found."""

    due: bool
    """Whether the lifecycle engine has anything to move."""
    stored: faults.StoredPlan
    now: datetime
    auth: AuthLookup | None


def look_before(runtime: Runtime, token: str | None, *, resolve: bool = True) -> Looked:
    """The reads in front of every call, in one read transaction: the fault plan and the
    simulator's now from the settings row, whether anything is due, and (when ``resolve``)
    what ``token`` resolves to."""
    with runtime.store.read() as session:
        state = runtime.store.state(session)
        now = runtime.clock.now(state)
        stored = faults.StoredPlan(
            state.fault_seed, state.fault_generation, list(state.fault_rules)
        )
        due = anything_due(session, state, now)
        auth = look_up(runtime, token, session) if resolve else None
    return Looked(due, stored, now, auth)


JSON_TYPES = ("application/json",)
_BODY_METHODS = ("POST", "PUT", "PATCH")


def _not_json(scope: Scope, tracking_id: str) -> ASGIApp | None:
    """A 415 for a request body sent as anything but JSON (every body of the API is JSON)."""
    if scope["method"] not in _BODY_METHODS:
        return None
    headers = Headers(scope=scope)
    media = headers.get("content-type", "").split(";")[0].strip().lower()
    if not media or media in JSON_TYPES or media.endswith("+json"):
        return None
    if headers.get("content-length") == "0":
        return None
    violation = Violation.of("api-unsupported-media-type", content_type=media)
    return error_response([violation], 415, tracking_id, path=scope["path"])


def _fault_response(decision: faults.Decision, tracking_id: str, path: str) -> ASGIApp:
    assert decision.status is not None
    code = _FAULT_CODES[decision.status]
    violation = Violation.of(
        code,
        retry_after=decision.retry_after,
        reason=f"injected fault ({decision.rule}); retry later",
    )
    headers = {}
    if decision.status in _RETRY_AFTER:
        headers["Retry-After"] = str(decision.retry_after)
    return error_response([violation], decision.status, tracking_id, headers, path=path)


__all__ = [
    "API_PREFIXES",
    "JSON_TYPES",
    "STATIC_PREFIXES",
    "Looked",
    "Preparation",
    "SimulatorMiddleware",
    "look_before",
]
