"""Log in and out (only when the portal is served with a login, see :mod:`bulk.web.login`)."""

from __future__ import annotations

from urllib.parse import urlsplit

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from bulk.web.forms import small_form
from bulk.web.portal import Portal, portal_of, user_of

router = APIRouter()


def _next(target: str | None) -> str:
    """Only a path of this portal (never another site) to go back to after logging in."""
    parts = urlsplit(target or "/")
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return "/"
    return parts.path + (f"?{parts.query}" if parts.query else "")


@router.get("/login")
def login_page(request: Request, next: str = "/", portal: Portal = Depends(portal_of)) -> Response:
    """The login form."""
    return portal.render(request, "login.html.j2", next=_next(next), error="")


@router.post("/login")
async def login(request: Request, portal: Portal = Depends(portal_of)) -> Response:
    """Check the name and password (at most 5 failures per client in 5 minutes)."""
    fields = await small_form(request, portal)
    client = request.client.host if request.client else "unknown"
    name = fields.get("user", "").strip()
    target = _next(fields.get("next"))
    wait = portal.throttle.wait_seconds(client)
    if wait:
        portal.audit(name or "?", "login-refused", client=client, reason="too many failures")
        message = f"Too many failed logins; try again in {int(wait // 60) + 1} min."
        return portal.render(request, "login.html.j2", 429, next=target, error=message)
    logins = portal.settings.logins
    if logins is None or not logins.verify(name, fields.get("password", "")):
        portal.throttle.failed(client)
        portal.audit(name or "?", "login-failed", client=client)
        message = "That name and password do not match."
        return portal.render(request, "login.html.j2", 401, next=target, error=message)
    portal.throttle.succeeded(client)
    request.session.clear()
    request.session["user"] = name
    portal.audit(name, "login", client=client)
    return RedirectResponse(target, 303)


@router.post("/logout")
async def logout(request: Request, portal: Portal = Depends(portal_of)) -> Response:
    """End the session."""
    await small_form(request, portal)
    portal.audit(user_of(request), "logout")
    request.session.clear()
    return RedirectResponse("/login", 303)
