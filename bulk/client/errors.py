"""Typed failures of the provisioning API client.

The hierarchy::

    ApiError                      any failure talking to the API
    ├── ApiStatusError            the API answered with an error status (4xx/5xx)
    │   ├── AuthenticationFailed  401: the token is missing, wrong or expired
    │   ├── PermissionDenied      403: the token's role lacks the scope
    │   ├── ResourceNotFound      404: no such resource (or another partner's)
    │   ├── RateLimited           429 / 423: retry after ``retry_after`` seconds
    │   └── ServerFailure         5xx: the server failed; retry later
    └── ApiUnreachable            no answer at all: connection refused, DNS, timeout

Every :class:`ApiStatusError` carries the HTTP status, the catalogue code from the Webex error
body (``errors[0].code``), the numeric ``errorCode``, the message and the ``trackingId``.
"""

from __future__ import annotations

from typing import Any


class ApiError(Exception):
    """Any failure talking to the provisioning API."""

    @property
    def transient(self) -> bool:
        """Whether trying again later may succeed."""
        return False


class ApiUnreachable(ApiError):
    """The API did not answer: connection refused, name not resolved, timeout, broken stream.

    ``sent`` is False when the request certainly never reached the server (connect failures),
    so resending a non-idempotent request is safe without a lookup first."""

    def __init__(self, url: str, reason: str, *, sent: bool) -> None:
        super().__init__(f"cannot reach {url}: {reason}")
        self.url = url
        self.reason = reason
        self.sent = sent

    @property
    def transient(self) -> bool:
        """Connection problems may clear up."""
        return True


class ApiStatusError(ApiError):
    """The API answered with an error status and (usually) a Webex error body."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        error_code: int | None = None,
        tracking_id: str | None = None,
        retry_after: float | None = None,
        method: str = "",
        url: str = "",
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.error_code = error_code
        self.tracking_id = tracking_id
        self.retry_after = retry_after
        self.method = method
        self.url = url

    def __str__(self) -> str:
        code = f" [{self.code}]" if self.code else ""
        return f"HTTP {self.status}{code}: {self.message}"

    @property
    def transient(self) -> bool:
        """429, 423 and 5xx may succeed later; other 4xx are final."""
        return self.status in (423, 429) or self.status >= 500


class AuthenticationFailed(ApiStatusError):
    """401: the bearer token is missing, unknown or expired."""


class PermissionDenied(ApiStatusError):
    """403: the token's role lacks the scope the operation needs."""


class ResourceNotFound(ApiStatusError):
    """404: the resource does not exist or belongs to another partner."""


class RateLimited(ApiStatusError):
    """429 Too Many Requests or 423 Locked: retry after ``retry_after`` seconds."""


class ServerFailure(ApiStatusError):
    """5xx: the server failed or is unavailable."""


_BY_STATUS: dict[int, type[ApiStatusError]] = {
    401: AuthenticationFailed,
    403: PermissionDenied,
    404: ResourceNotFound,
    423: RateLimited,
    429: RateLimited,
}


def status_error(
    status: int,
    body: Any,
    *,
    tracking_header: str | None = None,
    retry_after: float | None = None,
    method: str = "",
    url: str = "",
) -> ApiStatusError:
    """Build the typed error for an error answer from its status and decoded JSON body
    (``{"message", "errors": [{"errorCode", "code", "description"}], "trackingId"}``)."""
    cls = _BY_STATUS.get(status, ServerFailure if status >= 500 else ApiStatusError)
    message, code, error_code, tracking = _decode_body(body)
    return cls(
        status,
        message or f"{method} {url} answered HTTP {status}",
        code=code,
        error_code=error_code,
        tracking_id=tracking or tracking_header,
        retry_after=retry_after,
        method=method,
        url=url,
    )


def _decode_body(body: Any) -> tuple[str, str | None, int | None, str | None]:
    """(message, catalogue code, numeric errorCode, trackingId) from a Webex error body; tolerant
    of bodies that are not in that shape."""
    if not isinstance(body, dict):
        return "", None, None, None
    message = str(body.get("message") or "")
    tracking = body.get("trackingId")
    code: str | None = None
    error_code: int | None = None
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        first = errors[0]
        # The billing API's errors are {code: number, description}; the simulator adds the
        # catalogue's kebab code as catalogueCode.
        numeric = isinstance(first.get("code"), int)
        named = first.get("catalogueCode") if numeric else first.get("code")
        code = str(named) if named else None
        raw_number = first.get("code") if numeric else first.get("errorCode")
        error_code = (
            int(raw_number)
            if isinstance(raw_number, int | float | str) and str(raw_number).isdigit()
            else None
        )
        message = str(first.get("description") or message)
    return message, code, error_code, str(tracking) if tracking else None
