"""Protection against cross-site requests: every form carries a token tied to a cookie, and
every state-changing request must come from the portal's own origin.

The token is a timestamped signature by itsdangerous (``URLSafeTimedSerializer``, keyed with
the portal's secret and salted with the browser's cookie, so the token never shows the
HttpOnly cookie): a page from another site can neither read the cookie nor compute the token,
a token is only good with the cookie it was issued for, and it expires after
:data:`MAX_AGE_SECONDS`. The secret is kept in the private
work folder (mode 0600) so tokens stay valid when the portal restarts. Browsers send ``Origin``
on every POST; when it (or, in its absence, ``Referer``) names another origin the request is
refused. See docs/portal.md (security).
"""

from __future__ import annotations

import secrets
from pathlib import Path
from urllib.parse import urlsplit

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from bulk.web.settings import stored_secret

COOKIE = "rtm_portal"
FIELD = "csrf_token"
HEADER = "x-csrf-token"
SALT = "rtm-portal-form"
PURPOSE = "form"
"""What a token says; the cookie it is bound to is in its salt (``SALT:cookie``)."""
MAX_AGE_SECONDS = 24 * 60 * 60
"""How long a page's forms stay usable: a day, after which the partner reloads the page."""


class CrossSiteRefused(Exception):
    """A request that may come from another site; the message says why, in one line."""


class CsrfGuard:
    """Issues and checks form tokens (see the module docstring)."""

    def __init__(self, secret_file: Path) -> None:
        self._secret = stored_secret(secret_file)

    def _serializer(self, cookie: str) -> URLSafeTimedSerializer:
        """Tokens bound to ``cookie``: itsdangerous derives their key from the salt."""
        return URLSafeTimedSerializer(self._secret, salt=f"{SALT}:{cookie}")

    @staticmethod
    def new_cookie() -> str:
        """A fresh random cookie value for a browser that has none."""
        return secrets.token_urlsafe(24)

    def token(self, cookie: str) -> str:
        """The form token that goes with ``cookie`` (signed now)."""
        return self._serializer(cookie).dumps(PURPOSE)

    def check_token(self, cookie: str | None, token: str | None) -> None:
        """Refuse unless ``token`` was issued for ``cookie`` by this portal and has not expired."""
        if not cookie or not token:
            raise CrossSiteRefused(
                "The form is missing its security token; reload the page and try again."
            )
        try:
            said = self._serializer(cookie).loads(token, max_age=MAX_AGE_SECONDS)
        except SignatureExpired:
            raise CrossSiteRefused(
                "The form's security token has expired (the page was opened more than a day "
                "ago); reload the page and try again."
            ) from None
        except BadSignature:  # another cookie's token, another key's, or not a token at all
            said = None
        if said != PURPOSE:
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


__all__ = [
    "COOKIE",
    "FIELD",
    "HEADER",
    "MAX_AGE_SECONDS",
    "PURPOSE",
    "SALT",
    "CrossSiteRefused",
    "CsrfGuard",
    "check_origin",
]
