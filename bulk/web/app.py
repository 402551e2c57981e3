"""The app factory: ``create_app(settings)`` builds the partner upload portal.

Security around every request: only the portal's own host names are served when it listens
on loopback (a web page cannot reach it through DNS rebinding), pages forbid framing and
any script or style not served by the portal itself, and nothing is cached.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from urllib.parse import quote

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
from starlette.middleware.sessions import SessionMiddleware

from bulk.web.csrf import CrossSiteRefused
from bulk.web.portal import Portal, compile_templates, signed_in
from bulk.web.routes import downloads, fixes, home, jobs, login, uploads
from bulk.web.settings import PortalSettings, private_folder, stored_secret

STATIC = Path(__file__).parent / "static"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
OPEN_PATHS = frozenset({"/login", "/favicon.ico"})
"""What a visitor may see before logging in (and ``/static/``)."""
SESSION_SECONDS = 8 * 3600


def housekeeping_interval(settings: PortalSettings) -> float:
    """How often expired uploads are looked for: a tenth of the keep time, 1 s to 60 s."""
    return min(60.0, max(1.0, settings.keep_seconds / 10))


async def _housekeeping(portal: Portal) -> None:
    """Delete expired uploads and clean up refusals, forever."""
    while True:
        await asyncio.to_thread(portal.checks.settle)
        await asyncio.to_thread(portal.store.sweep, portal.busy())
        await asyncio.sleep(housekeeping_interval(portal.settings))


def _host_allowed(host: str, settings: PortalSettings) -> bool:
    if not settings.loopback:
        return True
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    return name.lower() in LOOPBACK_NAMES


def create_app(settings: PortalSettings) -> FastAPI:
    """Build a portal for ``settings`` (its private work folder is created if missing)."""
    private_folder(settings.work_dir)
    portal = Portal.build(settings)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        """Run the housekeeping while the portal serves; stop the workers after."""
        task = asyncio.create_task(_housekeeping(portal))
        await asyncio.to_thread(portal.checks.warm_up)
        await asyncio.to_thread(compile_templates)
        try:
            yield
        finally:
            task.cancel()
            portal.checks.stop()

    app = FastAPI(
        title="RTM partner upload portal",
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
        lifespan=lifespan,
    )
    app.state.portal = portal
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    for module in (home, uploads, jobs, downloads, fixes, login):
        app.include_router(module.router)
    _install_handlers(app, portal)
    if settings.logins is not None:
        # Added last, so it runs first: the guard below sees the session.
        app.add_middleware(
            SessionMiddleware,
            secret_key=stored_secret(settings.work_dir / "session.key").hex(),
            session_cookie="rtm_portal_session",
            max_age=SESSION_SECONDS,
            same_site="strict",
            https_only=True,
        )
    return app


def _needs_login(request: Request, portal: Portal) -> bool:
    if portal.settings.logins is None or signed_in(request) is not None:
        return False
    path = request.url.path
    return not (path in OPEN_PATHS or path.startswith("/static/"))


def _to_login(request: Request) -> Response:
    if request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/login?next={quote(target)}", 303)
    return Response("Log in first.", 401)


def _install_handlers(app: FastAPI, portal: Portal) -> None:
    @app.middleware("http")
    async def guard(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        """Serve only the portal's own host names; add the security headers."""
        if not _host_allowed(request.headers.get("host", ""), portal.settings):
            response: Response = Response("This portal answers on 127.0.0.1 only.", 421)
        elif _needs_login(request, portal):
            response = _to_login(request)
        else:
            response = await call_next(request)
        if request.url.path.startswith("/static/") and request.query_params.get("v"):
            # Pages name static files with their content hash (?v=), so a browser may keep them.
            response.headers.setdefault("Cache-Control", "public, max-age=31536000, immutable")
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    @app.exception_handler(CrossSiteRefused)
    async def cross_site(request: Request, error: CrossSiteRefused) -> Response:
        """A refused cross-site request: a page saying so."""
        return portal.render(request, "message.html.j2", 403, title="Refused", message=str(error))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        """Errors as portal pages, not bare JSON."""
        missing = error.status_code == 404
        message = "There is nothing here." if missing else str(error.detail)
        title = "Not found" if missing else "Cannot do that now"
        return portal.render(
            request, "message.html.j2", error.status_code, title=title, message=message
        )

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> Response:
        """A malformed request (e.g. a page number that is not a number)."""
        return portal.render(
            request,
            "message.html.j2",
            400,
            title="Bad request",
            message="The request was not understood.",
        )
