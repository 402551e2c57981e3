"""The tuned HTTP client the command line hands to :class:`bulk.client.session.ApiSession`.

Measured choices (docs/PERFORMANCE.md, "Importer"): HTTP/1.1 keep-alive with a pool sized to
the importer's concurrency (so no request waits for a connection and none is reopened), no
environment proxy lookup per request (``trust_env=False``), and a generous read timeout for
slow provisioning calls.
"""

from __future__ import annotations

import httpx2


def open_http_client(
    url: str,
    *,
    concurrency: int = 8,
    timeout: float = 60.0,
    transport: httpx2.AsyncBaseTransport | None = None,
) -> httpx2.AsyncClient:
    """An ``httpx2.AsyncClient`` rooted at ``url`` with a keep-alive pool for ``concurrency``
    simultaneous requests. ``transport`` lets tests run in-process (``httpx2.ASGITransport``)."""
    size = max(concurrency, 1) + 2  # a little head-room for polls and lookups
    return httpx2.AsyncClient(
        base_url=url.rstrip("/"),
        transport=transport,
        limits=httpx2.Limits(
            max_connections=size, max_keepalive_connections=size, keepalive_expiry=30.0
        ),
        timeout=httpx2.Timeout(timeout, connect=10.0),
        trust_env=False,
        http1=True,
        http2=False,
    )
