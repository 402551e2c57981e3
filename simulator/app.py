"""The app factory: ``create_app(settings)`` builds one simulator, with no module globals.

Everything a request needs hangs off ``app.state.runtime`` (settings, store, clock); all state
is in the database, so several workers built from the same settings answer the same.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline

from simulator.billing.routes import files_router
from simulator.billing.routes import router as billing_router
from simulator.calllog import CallLog
from simulator.clock import Clock
from simulator.control.routes import router as control_router
from simulator.customers.routes import router as customers_router
from simulator.db.store import Store
from simulator.errors import install_error_handlers
from simulator.locations.routes import router as locations_router
from simulator.middleware import SimulatorMiddleware
from simulator.runtime import Runtime
from simulator.settings import Settings
from simulator.setup_assist.routes import control_router as assist_control_router
from simulator.setup_assist.routes import router as setup_assist_router
from simulator.subpartners.routes import router as subpartners_router
from simulator.subscribers.routes import router as subscribers_router
from simulator.ui import install_dashboard

DESCRIPTION = (
    "A local simulator of the Webex Wholesale provisioning and billing APIs (and the part of the "
    "Locations API the importer needs), with a control plane under `/_sim`."
)


def create_app(settings: Settings, clock: Clock | None = None) -> FastAPI:
    """Build a simulator app for ``settings`` (tables are created if missing)."""
    store = Store(settings.db_url)
    store.create(transition_mode=settings.transition_mode, delay_seconds=settings.delay_seconds)
    runtime = Runtime(
        settings=settings,
        store=store,
        clock=clock or Clock(),
        calls=CallLog(settings.request_log_size, settings.log_batch),
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        runtime.calls.flush(store)

    # Swagger UI and ReDoc from files the package ships, not from a CDN: trainers' classrooms
    # and CI machines may have no internet.
    app = FastAPIOffline(
        title="Webex Wholesale simulator",
        version="1.0.0",
        description=DESCRIPTION,
        lifespan=lifespan,
    )
    app.state.runtime = runtime
    for router in (
        customers_router,
        subscribers_router,
        billing_router,
        subpartners_router,
        locations_router,
        setup_assist_router,
    ):
        app.include_router(router, prefix="/v1")
    app.include_router(control_router, prefix="/_sim")
    app.include_router(assist_control_router, prefix="/_sim")
    app.include_router(files_router)
    install_dashboard(app)
    install_error_handlers(app)
    app.add_middleware(SimulatorMiddleware, runtime=runtime)
    return app


def create_app_from_env() -> FastAPI:
    """The app uvicorn workers build (``simulator.app:create_app_from_env``, factory mode)."""
    return create_app(Settings.from_env())


__all__ = [
    "DESCRIPTION",
    "create_app",
    "create_app_from_env",
]
