"""Protection against cross-site requests: every form carries a token tied to a cookie, and
every state-changing request must come from the portal's own origin.

The token is ``HMAC(secret, cookie)``: a page from another site can neither read the cookie
nor compute the token. The secret is kept in the private work folder (mode 0600) so tokens
stay valid when the portal restarts. Browsers send ``Origin`` on every POST; when it (or, in
its absence, ``Referer``) names another origin the request is refused.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from bulk.web.settings import stored_secret

COOKIE = "rtm_portal"
FIELD = "csrf_token"
HEADER = "x-csrf-token"


class CrossSiteRefused(Exception):
    """A request that may come from another site; the message says why, in one line."""


class CsrfGuard:
    """Issues and checks form tokens (see the module docstring)."""

    def __init__(self, secret_file: Path) -> None:
        self._secret = stored_secret(secret_file)

    @staticmethod
    def new_cookie() -> str:
        """A fresh random cookie value for a browser that has none."""
        return secrets.token_urlsafe(24)

    def token(self, cookie: str) -> str:
        """The form token that goes with ``cookie``."""
        return hmac.new(self._secret, cookie.encode(), hashlib.sha256).hexdigest()

    def check_token(self, cookie: str | None, token: str | None) -> None:
        """Refuse unless ``token`` is the token of ``cookie``."""
        if not cookie or not token:
            raise CrossSiteRefused(
                "The form is missing its security token; reload the page and try again."
            )
        if not hmac.compare_digest(self.token(cookie), token):
            raise CrossSiteRefused(
                "The form's security token does not match; reload the page and try again."
            )


def check_origin(origin: str | None, referer: str | None, host: str | None) -> None:
    """Refuse a request whose ``Origin`` (or ``Referer``) is not the portal's own host."""
    claimed = origin if origin and origin != "null" else referer
    if origin == "null":
        raise CrossSiteRefused("Requests from sandboxed or local pages are not accepted.")
    if not claimed:
        return
    if not host or urlsplit(claimed).netloc.lower() != host.lower():
        raise CrossSiteRefused("The request came from another site and was refused.")
