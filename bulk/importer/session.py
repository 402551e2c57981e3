"""One import session, the same for ``rtm import`` and the upload portal: connect, open the
journal, carry out the plan (or only its prechecks), and the one line that explains a run the
API refused as a whole."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bulk.client import (
    ApiSession,
    ApiStatusError,
    ApiUnreachable,
    AuthenticationFailed,
    PermissionDenied,
    WholesaleClient,
    open_http_client,
)
from bulk.importer.context import ImportOptions, ImportRun, Sleep
from bulk.importer.crash import CrashPoint
from bulk.importer.dry_run import DryRun
from bulk.importer.journal import ProvisioningJournal, remembered_customers
from bulk.importer.outcome import ImportReport
from bulk.importer.plan import ImportPlan
from bulk.importer.progress import ProgressSink
from bulk.importer.runner import Importer


@dataclass(frozen=True, slots=True)
class Sleeps:
    """How a run pauses: between polls of a customer being provisioned, and before a retry."""

    provisioning: Sleep = asyncio.sleep
    retry: Sleep = asyncio.sleep


async def run_session(
    plan: ImportPlan,
    *,
    url: str,
    token: str,
    dry_run: bool,
    options: ImportOptions,
    journal_path: Path,
    workbook_label: str,
    progress: ProgressSink,
    journal_sync: str = "NORMAL",
    submitted_on: date | None = None,
    sleeps: Sleeps | None = None,
) -> ImportReport:
    """Open the connection (and, unless a dry run, the journal) and carry out the plan.
    ``workbook_label`` and ``url`` are recorded in the journal's run history (never the token);
    a dry run works out Setup Assist deadlines for submission on ``submitted_on``; ``sleeps``
    replaces the pauses between provisioning polls and before retries (to watch them)."""
    async with open_http_client(url, concurrency=options.concurrency) as http:
        sleeps = sleeps or Sleeps()
        session = ApiSession(http, token, sleep=sleeps.retry)
        api = WholesaleClient(session, sleep=sleeps.provisioning)
        if dry_run:
            created_as = remembered_customers(journal_path)  # read only: nothing is journaled
            dry = DryRun(
                api,
                options.concurrency,
                progress,
                submitted_on,
                options.provisioning_id,
                created_as,
            )
            return await dry.execute(plan)
        await api.check_access()  # no journal file beside the workbook before the API accepts us
        with ProvisioningJournal(journal_path, synchronous=journal_sync.upper()) as journal:
            run = ImportRun(
                api,
                journal,
                options,
                progress=progress,
                crash=CrashPoint.from_env(),
                sleep=sleeps.provisioning,
            )
            return await Importer(run).execute(plan, workbook=workbook_label, url=safe_url(url))


def safe_url(url: str) -> str:
    """``url`` without any user name, password, query or fragment (safe to show and record)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def api_refusal(error: BaseException, url: str) -> str | None:
    """The one line for an API failure that refuses the whole run, else ``None``."""
    if isinstance(error, AuthenticationFailed):
        return f"the API at {url} refused the token (HTTP 401): {error.message}"
    if isinstance(error, PermissionDenied):
        return f"the token may not provision (HTTP 403): {error.message}"
    if isinstance(error, ApiUnreachable):
        return f"cannot reach {url}: {error.reason}"
    if isinstance(error, ApiStatusError) and error.status == 404:
        return f"{url} does not look like the provisioning API (HTTP 404)"
    return None
