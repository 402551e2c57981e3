"""Turning a visit and a template into a response: the Jinja2 environment, the common page
context (clock, logins, refresh), paging links, redirects and the HTML error page.

Every dashboard route runs inside :class:`DashboardRoute`, which renders a refusal, a rule
violation or a simulator error as an HTML page carrying the catalogue code and message (the API
renders the same failures as JSON).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import anyio
from fastapi import Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.routing import APIRoute
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from bulk.rules.catalogue import CATALOGUE
from bulk.rules.violations import RuleViolation, Violation
from simulator.errors import SimulatorError
from simulator.paging import Page, Window
from simulator.ui import wording
from simulator.ui.access import DashboardRefusal, Visit, visit_of
from simulator.ui.session import csrf_token, take_flash

PAGE_SIZE = 25
"""Rows per page on every listing (no page lists everything)."""
REFRESH_SECONDS = 3
"""How often a page reloads itself while something is still provisioning."""
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'"
    ),
}


def environment() -> Environment:
    """The dashboard's Jinja2 environment (templates shipped in ``simulator/ui/templates``)."""
    env = Environment(
        loader=PackageLoader("simulator.ui", "templates"),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["stamp"] = _stamp
    env.filters["short_id"] = wording.short_id
    env.filters["short_path"] = wording.short_path
    env.filters["counted"] = wording.counted
    env.filters["duration"] = wording.duration_text
    env.filters["slug"] = lambda text: str(text).lower().replace("_", "-").replace(" ", "-")
    return env


def _stamp(value: datetime | str | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, str):
        return value.replace("T", " ").rstrip("Z").split(".")[0] + " UTC"
    return value.strftime("%Y-%m-%d %H:%M UTC")


def window(offset: str | None) -> Window:
    """The page a listing shows (``offset`` from the query; always :data:`PAGE_SIZE` rows)."""
    return Window.parse(offset, PAGE_SIZE, PAGE_SIZE, PAGE_SIZE)


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a page of a listing sits, with links to its neighbours."""

    first: int
    last: int
    total: int
    previous_url: str | None
    next_url: str | None


def pager(request: Request, page: Page[Any]) -> Pager:
    """The paging links of ``page`` (other query parameters are kept)."""
    start = page.window.offset
    previous = None
    if start > 0:
        back = max(0, start - page.window.limit)
        previous = str(request.url.include_query_params(offset=back))
    following = None
    if page.has_next:
        following = str(request.url.include_query_params(offset=start + len(page.items)))
    first = start + 1 if page.items else 0
    return Pager(first, start + len(page.items), page.total, previous, following)


def page(
    visit: Visit,
    template: str,
    *,
    status: int = 200,
    refresh: bool = False,
    **context: Any,
) -> HTMLResponse:
    """Render ``template`` for ``visit`` (the clock, logins and CSRF token come along)."""
    env: Environment = visit.request.app.state.dashboard_templates
    context.setdefault("partner", None)
    html = env.get_template(template).render(
        visit=visit,
        csrf=csrf_token(visit.request),
        flash=take_flash(visit.request),
        clock=_clock_now(visit),
        refresh=REFRESH_SECONDS if refresh else 0,
        url_for=visit.request.url_for,
        **context,
    )
    return HTMLResponse(html, status_code=status, headers=SECURITY_HEADERS)


def redirect(visit: Visit, url: str) -> RedirectResponse:
    """303 See Other to ``url`` (the answer to a successful form)."""
    return RedirectResponse(url, status_code=303, headers=SECURITY_HEADERS)


def _clock_now(visit: Visit) -> datetime:
    with visit.runtime.store.read() as session:
        return visit.runtime.clock.now(visit.runtime.store.state(session))


@dataclass(frozen=True, slots=True)
class Problem:
    """A refusal as the error page shows it."""

    code: str
    error_code: int
    title: str
    message: str
    field: str | None


def problems(violations: Sequence[Violation]) -> list[Problem]:
    """Violations with their catalogue titles and numbers."""
    return [
        Problem(v.code, CATALOGUE[v.code].error_code, CATALOGUE[v.code].title, v.message, v.field)
        for v in violations
    ]


def error_page(request: Request, exc: Exception) -> HTMLResponse:
    """The HTML page of a refusal, rule violation or simulator error."""
    login = False
    if isinstance(exc, DashboardRefusal):
        violations, status, login = [exc.error.violation], exc.error.status, exc.login
    elif isinstance(exc, SimulatorError):
        violations, status = [exc.violation], exc.status
    else:
        assert isinstance(exc, RuleViolation)
        violations, status = exc.violations, CATALOGUE[exc.first.code].http_status
    visit = visit_of(request)
    return page(visit, "error.html", status=status, problems=problems(violations), login=login)


class DashboardRoute(APIRoute):
    """A route whose refusals and errors answer as HTML pages, not JSON."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Wrap the handler so failures render :func:`error_page`."""
        handler = super().get_route_handler()

        async def dashboard_handler(request: Request) -> Response:
            try:
                return await handler(request)
            except (DashboardRefusal, SimulatorError, RuleViolation) as exc:
                # Rendering reads the database: keep that off the event loop.
                return await anyio.to_thread.run_sync(error_page, request, exc)

        return dashboard_handler


__all__ = [
    "PAGE_SIZE",
    "DashboardRoute",
    "Pager",
    "Problem",
    "environment",
    "error_page",
    "page",
    "pager",
    "problems",
    "redirect",
    "window",
]
