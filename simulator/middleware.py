"""The ASGI middleware in front of every route: tracking id, injected faults, call log.

Faults are decided (and applied) before the route runs, so a faulted request changes nothing.
The call log is written after the response, in a thread so the event loop never waits on the
database.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import anyio
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bulk.rules.violations import Violation
from simulator import faults
from simulator.db.tables import RequestLogEntry
from simulator.errors import error_response, new_tracking_id
from simulator.runtime import Runtime

FAULTED_PREFIXES = ("/v1/", "/_files/")
_FAULT_CODES = {429: "api-rate-limited", 500: "api-server-error", 503: "api-unavailable"}
PRUNE_EVERY = 100


class SimulatorMiddleware:
    """Tracking ids, faults and the request log for one app."""

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

        decision = faults.Decision()
        try:
            if scope["path"].startswith(FAULTED_PREFIXES):
                decision = await anyio.to_thread.run_sync(self._decide, scope)
            if decision.latency_ms:
                await anyio.sleep(decision.latency_ms / 1000)
            if decision.status is not None:
                await _fault_response(decision, tracking_id)(scope, receive, send_with_tracking)
            else:
                await self.app(scope, receive, send_with_tracking)
        finally:
            elapsed_ms = (time.perf_counter() - started) * 1000
            await anyio.to_thread.run_sync(
                self._log, scope, status[0], tracking_id, elapsed_ms, decision.rule
            )

    def _decide(self, scope: Scope) -> faults.Decision:
        with self.runtime.store.transaction() as session:
            sim_state = self.runtime.store.state(session)
            if not sim_state.fault_rules:
                return faults.Decision()
            return faults.decide(session, sim_state, scope["method"], scope["path"])

    def _log(
        self, scope: Scope, status: int, tracking_id: str, elapsed_ms: float, fault: str | None
    ) -> None:
        if not scope["path"].startswith(FAULTED_PREFIXES):
            return
        query = scope.get("query_string", b"").decode("latin-1")[:1000]
        with self.runtime.store.transaction() as session:
            now = self.runtime.clock.now(self.runtime.store.state(session))
            entry = RequestLogEntry(
                at=now,
                method=scope["method"],
                path=scope["path"][:500],
                query=query,
                status=status,
                partner=scope.get("state", {}).get("partner"),
                tracking_id=tracking_id,
                duration_ms=round(elapsed_ms, 3),
                fault=fault,
            )
            session.add(entry)
            session.flush()
            if entry.id % PRUNE_EVERY == 0:
                keep_after = entry.id - self.runtime.settings.request_log_size
                session.query(RequestLogEntry).filter(RequestLogEntry.id <= keep_after).delete()


def _fault_response(decision: faults.Decision, tracking_id: str) -> ASGIApp:
    assert decision.status is not None
    code = _FAULT_CODES[decision.status]
    violation = Violation.of(
        code,
        retry_after=decision.retry_after,
        reason=f"injected fault ({decision.rule}); retry later",
    )
    headers = {}
    if decision.status in (429, 503):
        headers["Retry-After"] = str(decision.retry_after)
    return error_response([violation], decision.status, tracking_id, headers)


def utc_now() -> datetime:
    """Real UTC now (the call log's fallback timestamp)."""
    return datetime.now(UTC)
