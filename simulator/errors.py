"""Errors on the wire: one shape for every failure.

Hierarchy::

    Exception
    ├── SimulatorError        a catalogue code + parameters (+ optional status/headers override)
    └── bulk.rules.violations.RuleViolation   one or more business-rule violations

Both (and FastAPI's request-validation errors, Starlette's 404/405 and anything unexpected) are
rendered by :func:`install_error_handlers` as the Webex error body
``{"message", "errors": [{"errorCode", "code", "description"}], "trackingId"}`` with a
``TrackingID`` header.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from bulk.rules.catalogue import CATALOGUE
from bulk.rules.violations import RuleViolation, Violation

log = logging.getLogger("simulator")


class SimulatorError(Exception):
    """A failure with a catalogue ``code``; the HTTP status is the catalogue's unless given."""

    def __init__(
        self,
        code: str,
        *,
        status: int | None = None,
        headers: Mapping[str, str] | None = None,
        field: str | None = None,
        **params: Any,
    ) -> None:
        self.violation = Violation.of(code, field, **params)
        self.status = status or CATALOGUE[code].http_status
        self.headers = dict(headers or {})
        super().__init__(self.violation.message)


def not_found(resource: str, identity: str) -> SimulatorError:
    """The one answer for a missing resource and for another partner's resource."""
    return SimulatorError("api-not-found", resource=resource, id=identity)


def conflict(reason: str) -> SimulatorError:
    """A 409 ``api-conflict`` with a reason."""
    return SimulatorError("api-conflict", reason=reason)


def invalid(reason: str, field: str | None = None) -> SimulatorError:
    """A 400 ``api-invalid-request`` with a reason."""
    return SimulatorError("api-invalid-request", field=field, reason=reason)


def refuse_unknown_values(name: str, given: Sequence[str], allowed: Sequence[str]) -> None:
    """A 400 for a list filter value outside its enum (an unknown status is a mistake, not an
    empty page)."""
    unknown = [value for value in given if value not in allowed]
    if unknown:
        raise invalid(
            f"{name} must be one of {', '.join(allowed)}; '{unknown[0]}' is not one", name
        )


def new_tracking_id() -> str:
    """A fresh tracking id, shaped like Webex's."""
    return f"SIM_{uuid.uuid4()}"


def tracking_id_of(request: Request) -> str:
    """The tracking id the middleware gave this request (or a fresh one)."""
    found = getattr(request.state, "tracking_id", None)
    return found if isinstance(found, str) else new_tracking_id()


REPORTS_PREFIX = "/v1/wholesale/billing/reports"
REPORT_NUMBERS = {"billing-report-not-found": 2024}
"""Numbers the billing API itself gives (its reference's ``ReportError`` example) where they
differ from the catalogue's."""


def _item(violation: Violation, report_shape: bool) -> dict[str, Any]:
    number = CATALOGUE[violation.code].error_code
    field = {"field": violation.field} if violation.field else {}
    if report_shape:
        # The billing API's ``ReportError``: ``{code, description}`` with a number; the
        # catalogue's kebab code rides along as ``catalogueCode``.
        number = REPORT_NUMBERS.get(violation.code, number)
        return {
            "code": number,
            "description": violation.message,
            "catalogueCode": violation.code,
            **field,
        }
    return {"errorCode": number, "code": violation.code, "description": violation.message, **field}


def error_body(
    violations: Sequence[Violation], tracking_id: str, *, report_shape: bool = False
) -> dict[str, Any]:
    """The Webex error body for ``violations`` (in the billing API's shape when
    ``report_shape``)."""
    return {
        "message": "; ".join(v.message for v in violations),
        "errors": [_item(v, report_shape) for v in violations],
        "trackingId": tracking_id,
    }


def error_response(
    violations: Sequence[Violation],
    status: int,
    tracking_id: str,
    headers: Mapping[str, str] | None = None,
    *,
    path: str = "",
) -> JSONResponse:
    """A complete error response: body, status, ``TrackingID`` and any extra headers; errors
    of the billing reports API (``path``) take its ``{code, description}`` shape."""
    return JSONResponse(
        error_body(violations, tracking_id, report_shape=path.startswith(REPORTS_PREFIX)),
        status_code=status,
        headers={"TrackingID": tracking_id, **(headers or {})},
    )


def _validation_reason(error: Mapping[str, Any]) -> tuple[str, str]:
    if error.get("type") == "json_invalid":
        # The location of a JSON syntax error is a character position, not a field.
        detail = (error.get("ctx") or {}).get("error", "invalid JSON")
        return "", f"the request body is not valid JSON: {detail}"
    where = [str(p) for p in error.get("loc", ()) if p not in ("body", "query", "path")]
    field = ".".join(where)
    message = str(error.get("msg", "invalid value"))
    return field, f"{field or 'request'}: {message}"


async def _on_simulator_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, SimulatorError)
    return error_response(
        [exc.violation], exc.status, tracking_id_of(request), exc.headers, path=request.url.path
    )


async def _on_rule_violation(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RuleViolation)
    status = CATALOGUE[exc.first.code].http_status
    return error_response(exc.violations, status, tracking_id_of(request), path=request.url.path)


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    violations = []
    for error in exc.errors()[:20]:
        field, reason = _validation_reason(error)
        violations.append(Violation.of("api-invalid-request", field or None, reason=reason))
    if not violations:
        violations = [Violation.of("api-invalid-request", reason="the request is malformed")]
    return error_response(violations, 400, tracking_id_of(request), path=request.url.path)


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        violation = Violation.of("api-not-found", resource="Path", id=request.url.path)
    elif exc.status_code == 405:
        allowed = _allowed_methods(request)
        violation = Violation.of(
            "api-method-not-allowed",
            method=request.method,
            path=request.url.path,
            allowed=allowed or "none",
        )
        headers = {**(exc.headers or {}), "Allow": allowed}
        return error_response(
            [violation], 405, tracking_id_of(request), headers, path=request.url.path
        )
    else:
        violation = Violation.of("api-invalid-request", reason=str(exc.detail))
    return error_response(
        [violation], exc.status_code, tracking_id_of(request), exc.headers, path=request.url.path
    )


_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")


def _allowed_methods(request: Request) -> str:
    """Every method some route of the app takes on this path (Starlette's own ``Allow``
    names only the first route matching the path)."""
    found = [
        method
        for method in _METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL
            for route in request.app.routes
        )
    ]
    return ", ".join(found)


async def _on_unexpected(request: Request, exc: Exception) -> JSONResponse:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    violation = Violation.of("api-server-error", reason="unexpected server error; retry later")
    return error_response([violation], 500, tracking_id_of(request), path=request.url.path)


def install_error_handlers(app: FastAPI) -> None:
    """Render every failure of ``app`` in the Webex error shape."""
    app.add_exception_handler(SimulatorError, _on_simulator_error)
    app.add_exception_handler(RuleViolation, _on_rule_violation)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(Exception, _on_unexpected)
