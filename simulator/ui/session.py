"""The dashboard's session: one signed cookie, its CSRF token, and the check every form passes.

Nothing is kept server-side, so several workers agree and a reset (or loading a scenario) does
not log the trainer out. The cookie holds ``{csrf, partner, admin, issued}`` as base64url JSON
and an HMAC-SHA256 signature keyed with the simulator's signing secret and the admin token
(changing the admin token ends every session). ``partner`` is the SHA-256 hash of the partner
token the user logged in with, never the token. Cookies are ``HttpOnly`` and
``SameSite=Strict``.

A form post is accepted only when it comes from this origin (``Origin``, else ``Referer``) and
carries the session's CSRF token in the hidden ``csrf`` field.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import hmac
import json
import secrets
import time
from collections.abc import Mapping
from dataclasses import dataclass

from fastapi import Request, Response

from simulator.control.models import admin_token
from simulator.runtime import Runtime

COOKIE = "rtm_sim_dashboard"
LIFETIME_SECONDS = 12 * 3600
CSRF_FIELD = "csrf"


@dataclass(frozen=True, slots=True)
class DashboardSession:
    """Who is logged in on this browser: a partner (by token hash), the trainer, or nobody."""

    csrf: str
    partner_token: str | None = None
    admin: bool = False
    issued: int = 0

    @classmethod
    def fresh(cls) -> DashboardSession:
        """A new anonymous session with its own CSRF token."""
        return cls(csrf=secrets.token_urlsafe(24), issued=int(time.time()))

    def as_partner(self, token_hash: str) -> DashboardSession:
        """This session logged in as the partner owning the token with ``token_hash``."""
        return dataclasses.replace(self, partner_token=token_hash, csrf=secrets.token_urlsafe(24))

    def as_admin(self) -> DashboardSession:
        """This session logged in as the trainer."""
        return dataclasses.replace(self, admin=True, csrf=secrets.token_urlsafe(24))

    def without_partner(self) -> DashboardSession:
        """This session with its (stale) partner login dropped."""
        return dataclasses.replace(self, partner_token=None)


def signing_key(runtime: Runtime) -> bytes:
    """The cookie-signing key of this simulator (signing secret + admin token)."""
    with runtime.store.read() as session:
        secret = runtime.store.state(session).signing_secret
    material = f"rtm-dashboard:{secret}:{admin_token(runtime)}"
    return hashlib.sha256(material.encode()).digest()


def encode(session: DashboardSession, key: bytes) -> str:
    """The cookie value of ``session``."""
    payload = json.dumps(dataclasses.asdict(session), separators=(",", ":")).encode()
    body = base64.urlsafe_b64encode(payload).decode().rstrip("=")
    return f"{body}.{_signature(body, key)}"


def decode(value: str | None, key: bytes, now: float | None = None) -> DashboardSession | None:
    """The session in a cookie value, or None when it is missing, forged, malformed or old."""
    if not value or "." not in value:
        return None
    body, _, signature = value.rpartition(".")
    if not hmac.compare_digest(signature, _signature(body, key)):
        return None
    try:
        data = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        session = DashboardSession(
            csrf=str(data["csrf"]),
            partner_token=data["partner_token"],
            admin=bool(data["admin"]),
            issued=int(data["issued"]),
        )
    except (ValueError, KeyError, TypeError, binascii.Error):
        return None
    moment = time.time() if now is None else now
    if not 0 <= moment - session.issued <= LIFETIME_SECONDS:
        return None
    return session


def _signature(body: str, key: bytes) -> str:
    return hmac.new(key, body.encode(), hashlib.sha256).hexdigest()


def set_cookie(response: Response, value: str) -> None:
    """Write the session cookie (HttpOnly, SameSite=Strict, the whole site)."""
    response.set_cookie(
        COOKIE,
        value,
        max_age=LIFETIME_SECONDS,
        httponly=True,
        samesite="strict",
        path="/",
    )


def own_origin(request: Request) -> str:
    """``scheme://host[:port]`` of the dashboard as the browser addressed it."""
    return f"{request.url.scheme}://{request.url.netloc}"


def cross_site_reason(
    request: Request, session: DashboardSession, form: Mapping[str, str]
) -> str | None:
    """Why a form post must be refused (another origin, no or a wrong CSRF token), or None."""
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
    token = form.get(CSRF_FIELD, "")
    if not token or not hmac.compare_digest(token, session.csrf):
        return "its form token is missing or stale"
    return None


__all__ = [
    "COOKIE",
    "CSRF_FIELD",
    "DashboardSession",
    "cross_site_reason",
    "decode",
    "encode",
    "own_origin",
    "set_cookie",
    "signing_key",
]
