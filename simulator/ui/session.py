"""The dashboard's session and its cross-site protection, both from maintained libraries.

* The session is Starlette's :class:`~starlette.middleware.sessions.SessionMiddleware`: a cookie
  signed with ``itsdangerous`` (timestamped, refused after :data:`LIFETIME_SECONDS`), ``HttpOnly``
  and ``SameSite=Strict``. Nothing is kept server-side, so several workers agree and a reset (or
  loading a scenario) does not log the trainer out. It holds ``partner`` (the SHA-256 hash of
  the partner token the user logged in with, never the token), ``admin`` and the pack last
  chosen. The signing key is derived from the simulator's signing secret and the admin token,
  so a new admin token ends every session.
* CSRF is ``asgi-csrf``: a signed token in its own cookie that every dashboard form posts back
  in the hidden ``csrf`` field (double submit); :mod:`simulator.ui.protection` installs it.
  On top, a form post is accepted only when it comes from this origin (``Origin``, else
  ``Referer``): :func:`cross_site_reason`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from fastapi import Request

from simulator.control.models import admin_token
from simulator.runtime import Runtime

COOKIE = "rtm_sim_dashboard"
CSRF_COOKIE = "rtm_sim_csrf"
CSRF_FIELD = "csrf"
LIFETIME_SECONDS = 12 * 3600


@dataclass(frozen=True, slots=True)
class DashboardSession:
    """Who is logged in on this browser: a partner (by token hash), the trainer, or nobody."""

    partner_token: str | None = None
    admin: bool = False

    @classmethod
    def of(cls, request: Request) -> DashboardSession:
        """The session the request's signed cookie carries (empty when there is none)."""
        data: dict[str, Any] = request.session
        partner = data.get("partner")
        return cls(partner if isinstance(partner, str) else None, data.get("admin") is True)

    def as_partner(self, token_hash: str) -> DashboardSession:
        """This session logged in as the partner owning the token with ``token_hash``."""
        return DashboardSession(token_hash, self.admin)

    def as_admin(self) -> DashboardSession:
        """This session logged in as the trainer."""
        return DashboardSession(self.partner_token, True)

    def without_partner(self) -> DashboardSession:
        """This session with its (stale) partner login dropped."""
        return DashboardSession(None, self.admin)

    def keep(self, request: Request) -> None:
        """Write this session into the request's cookie (sent with the response)."""
        request.session.pop("partner", None)
        request.session.pop("admin", None)
        if self.partner_token is not None:
            request.session["partner"] = self.partner_token
        if self.admin:
            request.session["admin"] = True


def chosen_pack(request: Request, name: str | None = None) -> str:
    """The scenario pack this browser chose last (``name`` is remembered when given), so the
    trainer's Pack menu keeps showing it after any other control."""
    if name is not None:
        request.session["pack"] = name
    found = request.session.get("pack", "")
    return found if isinstance(found, str) else ""


def flash(request: Request, text: str) -> None:
    """Say ``text`` on the next page this browser shows (a form's success, after its
    redirect)."""
    request.session["flash"] = text


def take_flash(request: Request) -> str:
    """The text :func:`flash` left for this page (said once), or ``""``."""
    found = request.session.pop("flash", "")
    return found if isinstance(found, str) else ""


def signing_key(runtime: Runtime, purpose: str) -> str:
    """A signing key of this simulator for ``purpose`` (signing secret + admin token)."""
    with runtime.store.read() as session:
        secret = runtime.store.state(session).signing_secret
    material = f"rtm-dashboard-{purpose}:{secret}:{admin_token(runtime)}"
    return hashlib.sha256(material.encode()).hexdigest()


def csrf_token(request: Request) -> str:
    """The CSRF token the page's forms carry (``asgi-csrf`` sets its cookie when asked)."""
    token = request.scope["csrftoken"]()
    assert isinstance(token, str)
    return token


def own_origin(request: Request) -> str:
    """``scheme://host[:port]`` of the dashboard as the browser addressed it."""
    return f"{request.url.scheme}://{request.url.netloc}"


def cross_site_reason(request: Request) -> str | None:
    """Why a form post must be refused as coming from another site, or None."""
    own = own_origin(request)
    origin = request.headers.get("origin")
    referer = request.headers.get("referer")
    if origin is not None:
        if origin != own:
            return f"it was sent from {origin}, not from this dashboard"
    elif referer is None:
        return "the browser sent neither Origin nor Referer"
    elif referer != own and not referer.startswith(own + "/"):
        return "it was sent from another site"
    return None


__all__ = [
    "COOKIE",
    "CSRF_COOKIE",
    "CSRF_FIELD",
    "LIFETIME_SECONDS",
    "DashboardSession",
    "chosen_pack",
    "cross_site_reason",
    "csrf_token",
    "flash",
    "own_origin",
    "signing_key",
    "take_flash",
]
