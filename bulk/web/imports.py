"""Dry runs and imports started from the page, with live progress per phase.

A job runs the CLI's own machinery (:func:`~bulk.importer.build_plan`, :class:`DryRun`,
:class:`Importer`, the journal and the result workbook) in a thread of the portal, so that
killing the portal kills the import as abruptly as killing ``rtm import`` would. The journal
is the one ``rtm import`` uses for the stored workbook (``<workbook>.journal.sqlite`` beside
it): an interrupted import resumes from the page, or from the command line, without sending
anything twice.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from bulk.importer import (
    ImportOptions,
    ImportPlan,
    JournalError,
    ProvisioningJournal,
    Sleeps,
    api_refusal,
    build_plan,
    run_session,
    safe_url,
    stopped_headline,
    waiting_headline,
    write_result_workbook,
)
from bulk.partner import load_partner
from bulk.pricebook import load_pricebook
from bulk.validation import validate_workbook
from bulk.web.login import LOCAL_USER, record_audit
from bulk.web.outcome import outcome_summary
from bulk.web.settings import PortalSettings
from bulk.web.store import Upload
from bulk.web.waits import WaitWatch
from bulk.workbook import WorkbookUnusable

KINDS = ("dry-run", "import")
CANCELLED_MESSAGE = (
    "cancelled from the page; the journal keeps every row already done, and Resume carries on"
)
PHASE_OF_KIND = {
    "customer": "customers",
    "location": "locations",
    "subscriber": "subscribers",
    "assist": "setup assist",
}


class JobRefused(Exception):
    """A dry run or import cannot start; the message says why in one line."""


class PhaseProgress:
    """A thread-safe :class:`~bulk.importer.ProgressSink`: done and total per phase."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._phases: dict[str, list[int]] = {}

    def start(self, phase: str, total: int) -> None:
        """A phase with ``total`` steps begins."""
        with self._lock:
            self._phases[phase] = [0, total]

    def advance(self, phase: str, steps: int = 1) -> None:
        """``steps`` more steps of ``phase`` are finished."""
        with self._lock:
            if phase in self._phases:
                self._phases[phase][0] += steps

    def snapshot(self) -> list[dict[str, Any]]:
        """Every phase so far: name, done, total."""
        with self._lock:
            return [{"name": n, "done": d, "total": t} for n, (d, t) in self._phases.items()]


class JobState(StrEnum):
    """Where a job stands."""

    RUNNING = "running"
    FINISHED = "finished"
    FAILED = "failed"
    CANCELLED = "cancelled"


@dataclass(slots=True)
class ImportJob:
    """One dry run or import started from the page; :meth:`cancel` stops it between two
    requests (the journal keeps what is done, and Resume carries on)."""

    kind: str
    user: str = LOCAL_USER
    progress: PhaseProgress = field(default_factory=PhaseProgress)
    waits: WaitWatch = field(default_factory=WaitWatch)
    state: JobState = JobState.RUNNING
    message: str = ""
    started_at: float = field(default_factory=time.time)
    _task: tuple[asyncio.AbstractEventLoop, asyncio.Task[Any]] | None = None
    cancel_requested: bool = False

    def attach(self) -> None:
        """Remember the running task (called from inside it) so it can be cancelled."""
        task = asyncio.current_task()
        if task is not None:
            self._task = (asyncio.get_running_loop(), task)

    def cancel(self) -> bool:
        """Ask the running job to stop; ``False`` when it is not running."""
        if self.state is not JobState.RUNNING or self._task is None:
            return False
        self.cancel_requested = True
        loop, task = self._task
        loop.call_soon_threadsafe(task.cancel)
        return True

    def headline(self) -> str:
        """The line for a job that is running or stopped (a finished one has its summary)."""
        what = "Dry run" if self.kind == "dry-run" else "Import"
        if self.state is JobState.RUNNING:
            waits = self.waits.snapshot()
            if waits and self.kind == "import":
                first = max(waits, key=lambda w: w.rows)
                since = datetime.fromtimestamp(first.since, UTC).strftime("%H:%M:%S UTC")
                return waiting_headline(str(first.reason), first.rows, since).text
            return f"{what} running…"
        if self.state is JobState.FINISHED:
            return f"{what} finished."
        return stopped_headline(self.message or "cancelled").text.replace("Import", what, 1)

    def to_json(self) -> dict[str, Any]:
        """The job as the page's script reads it."""
        waits = [
            {
                "reason": str(w.reason),
                "rows": w.rows,
                "since": w.since,
                "seconds": time.time() - w.since,
            }
            for w in self.waits.snapshot()
        ]
        return {
            "kind": self.kind,
            "state": str(self.state),
            "message": self.message,
            "headline": self.headline(),
            "phases": self.progress.snapshot(),
            "waits": waits,
            "started_at": self.started_at,
        }


def refusal_message(error: BaseException, url: str) -> str:
    """One line for an error that stopped a run (the token never appears in it)."""
    refused = api_refusal(error, url)
    if refused is not None:
        return refused
    if isinstance(error, (JobRefused, JournalError, WorkbookUnusable)):
        return str(error)
    return f"stopped: {type(error).__name__}: {error}"


class ImportJobs:
    """Starts dry runs and imports in threads and answers how they are going."""

    def __init__(self, settings: PortalSettings) -> None:
        self.settings = settings
        self._jobs: dict[str, ImportJob] = {}
        self._lock = threading.Lock()

    def busy(self) -> set[str]:
        """Uploads with a job running."""
        with self._lock:
            return {k for k, job in self._jobs.items() if job.state is JobState.RUNNING}

    def current(self, upload: Upload) -> ImportJob | None:
        """The last job started for an upload since the portal started."""
        with self._lock:
            return self._jobs.get(upload.id)

    def start(self, upload: Upload, kind: str, user: str = LOCAL_USER) -> ImportJob:
        """Start a dry run or an import of a valid, checked upload."""
        if kind not in KINDS:
            raise JobRefused(f"unknown job {kind!r}")
        if not self.settings.can_import:
            raise JobRefused(
                "no target API is configured: start rtm web with --target-url and --token"
            )
        with self._lock:
            running = self._jobs.get(upload.id)
            if running is not None and running.state is JobState.RUNNING:
                raise JobRefused(f"a {running.kind} of this workbook is already running")
            job = self._jobs[upload.id] = ImportJob(kind, user)
        thread = threading.Thread(
            target=self._work, args=(upload, job), name=f"{kind}-{upload.id}", daemon=True
        )
        thread.start()
        return job

    def cancel(self, upload: Upload) -> bool:
        """Stop the upload's running job; ``False`` when none runs."""
        job = self.current(upload)
        return job is not None and job.cancel()

    def _work(self, upload: Upload, job: ImportJob) -> None:
        url = safe_url(self.settings.target_url or "")
        try:
            summary = asyncio.run(self._run(upload, job))
            upload.file(f"{job.kind}.json").write_text(json.dumps(summary), encoding="utf-8")
            job.state = JobState.FINISHED
            job.message = str(summary["headline"])
        except BaseException as error:  # never a traceback: the page shows one line
            if job.cancel_requested and isinstance(error, asyncio.CancelledError):
                job.message = CANCELLED_MESSAGE
                job.state = JobState.CANCELLED
            else:
                job.message = refusal_message(error, url)
                job.state = JobState.FAILED
        finally:
            facts = {"upload": upload.id, "name": upload.info.name, "outcome": job.message}
            record_audit(self.settings.work_dir, job.user, f"{job.kind}-{job.state}", **facts)

    def _provisioning_id(self) -> str | None:
        settings = self.settings
        if settings.provisioning_id or settings.partner_file is None:
            return settings.provisioning_id
        return load_partner(settings.partner_file).provisioning_id

    def _plan(self, upload: Upload) -> ImportPlan:
        settings = self.settings
        partner = load_partner(settings.partner_file) if settings.partner_file else None
        result = validate_workbook(
            upload.workbook,
            as_of=upload.info.as_of_date,
            partner=partner,
            pricebook=load_pricebook(settings.pricebook_file),
            limits=settings.limits,
        )
        if not result.report.valid:
            raise JobRefused(
                f"{upload.info.name} has {result.report.errors} validation error(s); "
                "nothing was sent"
            )
        return build_plan(result.workbook)

    async def _run(self, upload: Upload, job: ImportJob) -> dict[str, Any]:
        settings = self.settings
        url, token = settings.target_url or "", settings.token or ""
        job.attach()
        plan = await asyncio.to_thread(self._plan, upload)
        report = await run_session(
            plan,
            url=url,
            token=token,
            dry_run=job.kind == "dry-run",
            options=ImportOptions(
                concurrency=settings.concurrency, provisioning_id=self._provisioning_id()
            ),
            journal_path=upload.journal,
            workbook_label=str(upload.workbook),
            progress=job.progress,
            submitted_on=upload.info.as_of_date,
            sleeps=Sleeps(job.waits.provisioning_sleep, job.waits.retry_sleep),
        )
        if job.kind == "dry-run":
            return outcome_summary(report)
        facts = {"workbook": upload.info.name, "url": safe_url(url), "journal": upload.journal.name}
        await asyncio.to_thread(
            write_result_workbook, upload.workbook, upload.result_workbook, report, facts
        )
        return outcome_summary(report)


def journal_state(upload: Upload) -> dict[str, Any] | None:
    """What the upload's journal says (``None`` without one): per phase, how many operations
    are finished, failed or still open, and whether the last run was cut short."""
    if not upload.journal.exists():
        return None
    try:
        with ProvisioningJournal(upload.journal) as journal:
            runs = journal.runs()
            entries = journal.entries()
    except JournalError as error:
        return {"error": str(error), "interrupted": False, "phases": []}
    phases: dict[str, dict[str, int]] = {name: {} for name in PHASE_OF_KIND.values()}
    for entry in entries.values():
        tally = phases.setdefault(PHASE_OF_KIND.get(entry.kind, entry.kind), {})
        tally[str(entry.state)] = tally.get(str(entry.state), 0) + 1
    open_ops = sum(t.get("planned", 0) + t.get("sent", 0) for t in phases.values())
    last = runs[-1] if runs else None
    cut_short = last is not None and (last["finished_at"] is None or last["outcome"] != "finished")
    return {
        "interrupted": bool(open_ops) or cut_short,
        "open": open_ops,
        "runs": len(runs),
        "phases": [{"name": name, **tally} for name, tally in phases.items() if tally],
    }
