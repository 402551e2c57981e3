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
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from bulk.importer import (
    ImportOptions,
    ImportPlan,
    ImportReport,
    JournalError,
    ProvisioningJournal,
    api_refusal,
    build_plan,
    run_session,
    safe_url,
    write_result_workbook,
)
from bulk.partner import load_partner
from bulk.pricebook import load_pricebook
from bulk.schema import SHEETS
from bulk.validation import validate_workbook
from bulk.web.settings import PortalSettings
from bulk.web.store import Upload
from bulk.workbook import WorkbookUnusable

KINDS = ("dry-run", "import")
PHASE_OF_KIND = {
    "customer": "customers",
    "location": "locations",
    "subscriber": "subscribers",
    "assist": "setup assist",
}
FAILED_SHOWN = 200


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


@dataclass(slots=True)
class ImportJob:
    """One dry run or import started from the page."""

    kind: str
    progress: PhaseProgress = field(default_factory=PhaseProgress)
    state: str = "running"
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        """The job as the page's script reads it."""
        phases = self.progress.snapshot()
        return {"kind": self.kind, "state": self.state, "message": self.message, "phases": phases}


def outcome_summary(report: ImportReport) -> dict[str, Any]:
    """What the page shows of a finished run (kept as JSON in the upload folder)."""
    per_sheet: dict[str, dict[str, int]] = {s.name: {} for s in SHEETS}
    for outcome in report.outcomes:
        tally = per_sheet.setdefault(outcome.sheet, {})
        tally[outcome.status] = tally.get(outcome.status, 0) + 1
    failed = [
        {"sheet": o.sheet, "row": o.row, "code": o.error_code, "message": o.error_message}
        for o in report.failed[:FAILED_SHOWN]
    ]
    return {
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "ok": report.ok,
        "counts": dict(report.counts),
        "per_sheet": per_sheet,
        "failed": failed,
        "failed_total": len(report.failed),
        "requests": report.requests_this_run,
        "changed": report.changed_this_run,
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
            return {k for k, job in self._jobs.items() if job.state == "running"}

    def current(self, upload: Upload) -> ImportJob | None:
        """The last job started for an upload since the portal started."""
        with self._lock:
            return self._jobs.get(upload.id)

    def start(self, upload: Upload, kind: str) -> ImportJob:
        """Start a dry run or an import of a valid, checked upload."""
        if kind not in KINDS:
            raise JobRefused(f"unknown job {kind!r}")
        if not self.settings.can_import:
            raise JobRefused(
                "no target API is configured: start rtm web with --target-url and --token"
            )
        with self._lock:
            running = self._jobs.get(upload.id)
            if running is not None and running.state == "running":
                raise JobRefused(f"a {running.kind} of this workbook is already running")
            job = self._jobs[upload.id] = ImportJob(kind)
        thread = threading.Thread(
            target=self._work, args=(upload, job), name=f"{kind}-{upload.id}", daemon=True
        )
        thread.start()
        return job

    def _work(self, upload: Upload, job: ImportJob) -> None:
        url = safe_url(self.settings.target_url or "")
        try:
            summary = asyncio.run(self._run(upload, job))
            upload.file(f"{job.kind}.json").write_text(json.dumps(summary), encoding="utf-8")
            job.state = "finished"
        except BaseException as error:  # never a traceback: the page shows one line
            job.message = refusal_message(error, url)
            job.state = "failed"

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
