"""A typed async client of the wholesale provisioning API over an injected ``httpx2.AsyncClient``.

Use :func:`open_http_client` for a real connection (or pass any ``httpx2.AsyncClient``, e.g.
one over ``httpx2.ASGITransport`` in tests), wrap it in an :class:`ApiSession` with the bearer
token, and call :class:`WholesaleClient`. Errors are drawn in :mod:`bulk.client.errors`.
"""

from __future__ import annotations

from bulk.client.connect import open_http_client
from bulk.client.errors import (
    ApiError,
    ApiStatusError,
    ApiUnreachable,
    AuthenticationFailed,
    PermissionDenied,
    RateLimited,
    ResourceNotFound,
    ServerFailure,
)
from bulk.client.models import (
    CUSTOMER_TERMINAL,
    AssistRequest,
    BillingReport,
    Customer,
    Location,
    Precheck,
    Subscriber,
)
from bulk.client.protocol import ProvisioningApi
from bulk.client.retry import RetryPolicy, parse_retry_after
from bulk.client.session import Answer, ApiSession
from bulk.client.wholesale import ProvisioningTimeout, WholesaleClient

__all__ = [
    "CUSTOMER_TERMINAL",
    "Answer",
    "ApiError",
    "ApiSession",
    "ApiStatusError",
    "ApiUnreachable",
    "AssistRequest",
    "AuthenticationFailed",
    "BillingReport",
    "Customer",
    "Location",
    "PermissionDenied",
    "Precheck",
    "ProvisioningApi",
    "ProvisioningTimeout",
    "RateLimited",
    "ResourceNotFound",
    "RetryPolicy",
    "ServerFailure",
    "Subscriber",
    "WholesaleClient",
    "open_http_client",
    "parse_retry_after",
]
