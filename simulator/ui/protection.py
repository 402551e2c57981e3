"""Installing the dashboard's session and CSRF middleware (see :mod:`simulator.ui.session`).

``asgi-csrf`` checks every ``POST`` under ``/ui`` (with or without cookies); the API and the
control plane, which authenticate with bearer tokens, are left alone. A refused post never
reaches a route, so it changes nothing; it answers 403 ``dashboard-form-refused`` as an HTML
page like every other dashboard refusal.
"""

from __future__ import annotations

from typing import Any

import anyio
from asgi_csrf import Errors, asgi_csrf_decorator  # type: ignore[import-untyped]
from fastapi import FastAPI, Request
from starlette.middleware.sessions import SessionMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from simulator.errors import SimulatorError
from simulator.runtime import Runtime
from simulator.ui.access import DashboardRefusal
from simulator.ui.render import error_page
from simulator.ui.session import (
    COOKIE,
    CSRF_COOKIE,
    CSRF_FIELD,
    LIFETIME_SECONDS,
    signing_key,
)

PREFIX = "/ui"
_REASONS = {
    Errors.FORM_URLENCODED_MISMATCH: "its form token is missing or stale",
    Errors.MULTIPART_MISMATCH: "its form token is missing or stale",
    Errors.FILE_BEFORE_TOKEN: "its form token came after a file",
    Errors.UNKNOWN_CONTENT_TYPE: "it was not sent as a form",
}


class _DashboardPaths:
    """``asgi-csrf``'s ``always_protect``: every dashboard path, even a post with no cookie."""

    def __contains__(self, path: object) -> bool:
        return isinstance(path, str) and path.startswith(PREFIX)


def _outside_dashboard(scope: Scope) -> bool:
    path: str = scope["path"]
    return not path.startswith(PREFIX)


async def _no_body() -> Message:
    return {"type": "http.disconnect"}


async def _refused(scope: Scope, send: Send, reason: Errors) -> None:
    """The HTML page of a post ``asgi-csrf`` refused."""
    error = SimulatorError("dashboard-form-refused", reason=_REASONS.get(reason, "no form token"))
    request = Request(scope)
    response = await anyio.to_thread.run_sync(error_page, request, DashboardRefusal(error))
    receive: Receive = _no_body
    await response(scope, receive, send)


def _csrf_middleware(app: ASGIApp, secret: str) -> ASGIApp:
    wrap: Any = asgi_csrf_decorator(
        cookie_name=CSRF_COOKIE,
        form_input=CSRF_FIELD,
        signing_secret=secret,
        always_protect=_DashboardPaths(),
        skip_if_scope=_outside_dashboard,
        cookie_samesite="Strict",
        send_csrf_failed=_refused,
    )
    wrapped: ASGIApp = wrap(app)
    return wrapped


class _DashboardOnly:
    """The session cookie and the CSRF check around the dashboard's paths only: the API and the
    control plane (bearer tokens, no cookies) go straight to the app, so they do not pay for a
    cookie parse and a freshly signed CSRF token on every call (docs/PERFORMANCE.md)."""

    def __init__(self, app: ASGIApp, session_key: str, csrf_key: str) -> None:
        self.app = app
        self.protected = SessionMiddleware(
            _csrf_middleware(app, csrf_key),
            secret_key=session_key,
            session_cookie=COOKIE,
            max_age=LIFETIME_SECONDS,
            same_site="strict",
            https_only=False,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _outside_dashboard(scope):
            await self.app(scope, receive, send)
        else:
            await self.protected(scope, receive, send)


def install_protection(app: FastAPI, runtime: Runtime) -> None:
    """Add the signed session cookie and, inside it, the CSRF check to ``app``'s dashboard."""
    app.add_middleware(
        _DashboardOnly,
        session_key=signing_key(runtime, "session"),
        csrf_key=signing_key(runtime, "csrf"),
    )


__all__ = ["install_protection"]
