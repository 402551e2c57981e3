"""The portal's shared parts and how pages are rendered.

One :class:`Portal` per app (``app.state.portal``): settings, the upload store, the checking
workers, the import jobs, the CSRF guard and the page templates. Pages carry the form token;
a browser without the portal's cookie gets one with the first page.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse

from bulk.importer import safe_url
from bulk.rules.catalogue import CATALOGUE
from bulk.schema import TEMPLATE_VERSION
from bulk.web.checking import CheckRunner
from bulk.web.csrf import COOKIE, CsrfGuard
from bulk.web.humane import FILTERS
from bulk.web.imports import ImportJobs
from bulk.web.login import LOCAL_USER, LoginThrottle, record_audit
from bulk.web.settings import PortalSettings
from bulk.web.store import UploadStore

TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("bulk.web", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


TEMPLATES.filters.update(FILTERS)
STATIC = Path(__file__).parent / "static"


def _static_version() -> str:
    """A short hash of the stylesheet and the script: pages link ``/static/x?v=<hash>``."""
    digest = hashlib.sha256()
    for name in ("portal.css", "portal.js"):
        digest.update((STATIC / name).read_bytes())
    return digest.hexdigest()[:12]


TEMPLATES.globals["static_version"] = _static_version()
TEMPLATES.filters["title_of"] = lambda code: CATALOGUE[code].title if code in CATALOGUE else code


@dataclass
class Portal:
    """Everything the routes share (no module globals)."""

    settings: PortalSettings
    store: UploadStore
    checks: CheckRunner
    imports: ImportJobs
    csrf: CsrfGuard
    receiving: set[str] = field(default_factory=set)
    lock: threading.Lock = field(default_factory=threading.Lock)
    throttle: LoginThrottle = field(default_factory=LoginThrottle)

    @classmethod
    def build(cls, settings: PortalSettings) -> Portal:
        """Create the store (in the private work folder), the workers' runner and the guard."""
        store = UploadStore(settings.uploads_dir, settings.keep_seconds)
        return cls(
            settings,
            store,
            CheckRunner(settings, store),
            ImportJobs(settings),
            CsrfGuard(settings.work_dir / "csrf.key"),
        )

    def audit(self, user: str, action: str, **facts: object) -> None:
        """One audit line (who did what) in ``audit.log`` of the work folder and on stderr."""
        record_audit(self.settings.work_dir, user, action, **facts)

    def busy(self) -> set[str]:
        """Uploads that must not be swept: being received, checked or imported."""
        with self.lock:
            receiving = set(self.receiving)
        return receiving | self.checks.busy() | self.imports.busy()

    @property
    def target(self) -> str:
        """The target API as it may be shown (never with credentials), or ``""``."""
        return safe_url(self.settings.target_url) if self.settings.target_url else ""

    def render(
        self, request: Request, template: str, status: int = 200, **context: Any
    ) -> HTMLResponse:
        """A page, with the form token of the browser's cookie (set when missing)."""
        cookie = request.cookies.get(COOKIE)
        fresh = cookie is None
        if cookie is None:
            cookie = self.csrf.new_cookie()
        html = TEMPLATES.get_template(template).render(
            csrf_token=self.csrf.token(cookie),
            user=signed_in(request),
            settings=self.settings,
            target=self.target,
            template_version=TEMPLATE_VERSION,
            **context,
        )
        response = HTMLResponse(html, status_code=status)
        if fresh:
            response.set_cookie(COOKIE, cookie, httponly=True, samesite="strict", path="/")
        return response


def compile_templates() -> None:
    """Compile every page template now, so the first report is not slowed by it."""
    for name in TEMPLATES.list_templates(extensions=["j2"]):
        TEMPLATES.get_template(name)


def signed_in(request: Request) -> str | None:
    """The logged-in user's name, or ``None``."""
    session = request.scope.get("session") or {}
    found = session.get("user")
    return str(found) if found else None


def user_of(request: Request) -> str:
    """The logged-in user's name, or ``local`` on a portal without a login."""
    return signed_in(request) or LOCAL_USER


def portal_of(request: Request) -> Portal:
    """The portal of the app serving ``request`` (a FastAPI dependency)."""
    portal: Portal = request.app.state.portal
    return portal
