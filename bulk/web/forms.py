"""The small forms (buttons) of the portal: size-limited, token-checked, same-origin only."""

from __future__ import annotations

from urllib.parse import parse_qs

from fastapi import Request

from bulk.web.csrf import COOKIE, FIELD, HEADER, CrossSiteRefused, check_origin
from bulk.web.portal import Portal

MAX_SMALL_FORM = 4096


def same_origin(request: Request) -> None:
    """Refuse a request that comes from another site (see :func:`check_origin`)."""
    headers = request.headers
    check_origin(headers.get("origin"), headers.get("referer"), headers.get("host"))


async def small_form(request: Request, portal: Portal) -> dict[str, str]:
    """Read a small url-encoded form after checking where it comes from and its token."""
    same_origin(request)
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > MAX_SMALL_FORM):
        raise CrossSiteRefused("The form is larger than any form of this portal.")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > MAX_SMALL_FORM:
            raise CrossSiteRefused("The form is larger than any form of this portal.")
    fields = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
    token = fields.get(FIELD) or request.headers.get(HEADER)
    portal.csrf.check_token(request.cookies.get(COOKIE), token)
    return fields
