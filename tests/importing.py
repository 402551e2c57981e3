"""The importer run in this process against the test harness's simulator
(tests/simulator/support.py), reached through its ASGI transport as the importer reaches a
server: one place that builds the HTTP client, the journal and the run for every in-process
import test, with polls and retries short enough for a test."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx2

from bulk.client import ApiSession, RetryPolicy, WholesaleClient, open_http_client
from bulk.importer import (
    CrashPoint,
    Importer,
    ImportOptions,
    ImportPlan,
    ImportReport,
    ImportRun,
    ProvisioningJournal,
)
from tests.simulator import support

URL = "http://sim"
"""The base URL the in-process simulator answers at (any host does, over the transport)."""
ADMIN = support.bearer(support.ADMIN)
Sleep = Callable[[float], Awaitable[None]]


class ImportTarget:
    """The harness's simulator, reached through an ASGI transport as the importer reaches a
    server."""

    def __init__(self, harness: support.Sim) -> None:
        self.harness = harness
        self.transport = harness.transport()

    async def call(self, method: str, path: str, token: str | None = None, **kw: Any) -> Any:
        """One call with the admin token (or ``token``): its JSON answer, which must be a
        success."""
        headers = ADMIN if token is None else support.bearer(token)
        async with httpx2.AsyncClient(transport=self.transport, base_url=URL) as http:
            answer = await http.request(method, path, headers=headers, **kw)
        assert answer.status_code < 300, answer.text
        return answer.json() if answer.content else None

    @asynccontextmanager
    async def client(
        self,
        token: str,
        *,
        concurrency: int = 8,
        retry: RetryPolicy | None = None,
        sleep: Sleep = asyncio.sleep,
    ) -> AsyncIterator[WholesaleClient]:
        """The toolkit's client for ``token``, as the importer builds it."""
        async with open_http_client(URL, transport=self.transport, concurrency=concurrency) as http:
            yield WholesaleClient(ApiSession(http, token, retry=retry, sleep=sleep), sleep=sleep)


async def run_plan(
    api: WholesaleClient,
    plan: ImportPlan,
    journal: Path,
    *,
    provisioning_id: str | None,
    workbook: str,
    concurrency: int = 4,
    crash: CrashPoint | None = None,
    sleep: Sleep = asyncio.sleep,
) -> ImportReport:
    """Import ``plan`` through ``api``, journalled in ``journal``, polling every 10-50 ms."""
    with ProvisioningJournal(journal) as book:
        options = ImportOptions(
            concurrency=concurrency,
            provisioning_id=provisioning_id,
            poll_interval=0.01,
            max_poll_interval=0.05,
        )
        run = ImportRun(api, book, options, crash=crash, sleep=sleep)
        return await Importer(run).execute(plan, workbook=workbook, url=URL)
