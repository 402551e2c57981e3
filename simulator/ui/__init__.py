"""The trainer dashboard at ``/ui``: partner pages, the partner portal's manual forms, and the
trainer controls, rendered with Jinja2 from templates and assets shipped in this package (no
internet needed).

The dashboard calls the same backends as the API (no rule is written twice) and shows the
catalogue's codes and messages. Logins are Starlette's signed session cookie and every form
carries an ``asgi-csrf`` token (:mod:`simulator.ui.session`, :mod:`simulator.ui.protection`).
Its routes are left out of the OpenAPI description.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles

from simulator.runtime import Runtime
from simulator.ui import calls, manual, pages, trainer
from simulator.ui.protection import install_protection
from simulator.ui.render import environment

STATIC = Path(__file__).resolve().parent / "static"


def favicon() -> FileResponse:
    """The dashboard's icon, where browsers look for it first (``/favicon.ico``)."""
    return FileResponse(STATIC / "favicon.svg", media_type="image/svg+xml")


def install_dashboard(app: FastAPI) -> None:
    """Serve the dashboard from ``app`` under ``/ui``."""
    app.state.dashboard_templates = environment()
    # The form routes go first: /customers/new must not be read as a customer id.
    for router in (manual.router, pages.router, trainer.router, calls.router):
        app.include_router(router, include_in_schema=False)
    app.mount("/ui/static", StaticFiles(directory=STATIC), name="ui_static")
    app.add_api_route("/favicon.ico", favicon, include_in_schema=False)
    runtime: Runtime = app.state.runtime
    install_protection(app, runtime)


__all__ = ["install_dashboard"]
