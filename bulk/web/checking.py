"""Run the checking worker for each upload and follow it.

Each upload is checked by its own ``python -m bulk.web.worker`` process (see
:mod:`bulk.web.worker`); this module starts it, answers where it stands, and cleans up after
a refusal: a file the validator cannot use is deleted at once (nothing is kept), and only the
one-line message is remembered, in memory, to show on the page.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from collections import OrderedDict
from dataclasses import asdict, dataclass
from typing import Any

from bulk.web.layout import ANNOTATED, CORRECTED, RESULTS
from bulk.web.results import ResultsReader
from bulk.web.settings import PortalSettings
from bulk.web.store import Upload, UploadStore
from bulk.web.worker import Job

REMEMBERED_REFUSALS = 200
PREPARED = ("annotate", "correct")
"""The worker commands that write a workbook on demand (the annotated and corrected copies)."""
WARM_WORKERS = 2
"""Workers kept waiting with their imports and caches ready (see ``worker wait``): two, so
that an upload right after another still finds one warm."""


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why an upload was refused (the file itself is gone)."""

    name: str
    message: str


@dataclass(frozen=True, slots=True)
class CheckStatus:
    """Where the check of an upload stands: ``state`` is ``checking``, ``checked``,
    ``refused`` or ``failed``; ``progress`` the worker's last report while checking."""

    state: str
    phase: str = ""
    progress: dict[str, Any] | None = None
    message: str = ""

    def to_json(self) -> dict[str, Any]:
        """The status as the page's script reads it."""
        return asdict(self)


class CheckRunner:
    """Starts and follows the checking (and annotating) workers of the uploads."""

    def __init__(self, settings: PortalSettings, store: UploadStore) -> None:
        self.settings = settings
        self.store = store
        self._checks: dict[str, subprocess.Popen[bytes]] = {}
        self._annotations: dict[tuple[str, str], subprocess.Popen[bytes]] = {}
        self._refusals: OrderedDict[str, Refusal] = OrderedDict()
        self._ended: dict[str, int] = {}
        self._lock = threading.Lock()
        self._spares: list[subprocess.Popen[bytes]] = []

    def job(self, name: str, as_of: str) -> Job:
        """The job description for a new upload."""
        settings = self.settings
        return Job(
            name=name,
            as_of=as_of,
            partner_file=str(settings.partner_file) if settings.partner_file else None,
            pricebook_file=str(settings.pricebook_file) if settings.pricebook_file else None,
            limits=asdict(settings.limits),
        )

    @property
    def running(self) -> int:
        """How many checks are running now."""
        self.reap()
        return len(self._checks)

    def busy(self) -> set[str]:
        """Ids of uploads a worker is busy with."""
        self.reap()
        with self._lock:
            return set(self._checks) | {upload_id for upload_id, _ in self._annotations}

    def start(self, upload: Upload) -> None:
        """Start checking an upload (its ``job.json`` is already written): hand it to the
        waiting warm worker when there is one, then get the next one ready."""
        with self._lock:
            worker = self._take_spare(upload)
            self._checks[upload.id] = worker or self._spawn("check", upload)
        self.warm_up()

    def recheck(self, upload: Upload) -> None:
        """Check an upload again (after the partner accepted changes): a check, or a copy
        being written, still running for it is stopped first, so only one worker ever writes
        its results and no copy of older changes is left."""
        with self._lock:
            running = [self._checks.pop(upload.id, None)]
            running += [
                self._annotations.pop((upload.id, c), None) for c in ("annotate", "correct")
            ]
            self._ended.pop(upload.id, None)
        for process in running:  # an annotated or corrected copy being written is stale too
            if process is not None and process.poll() is None:
                process.terminate()
                process.wait()
        for stale in (RESULTS, RESULTS + "-wal", RESULTS + "-shm"):
            # gone before the answer: the page's next status question hears "checking"
            upload.file(stale).unlink(missing_ok=True)
        self.start(upload)

    def warm_up(self) -> None:
        """Keep :data:`WARM_WORKERS` waiting workers ready for the next uploads."""
        with self._lock:
            self._spares = [p for p in self._spares if p.poll() is None]
            while len(self._spares) < WARM_WORKERS:
                self._spares.append(self._new_spare())

    def _take_spare(self, upload: Upload) -> subprocess.Popen[bytes] | None:
        """The oldest waiting worker (the likeliest to be warm), given the upload's folder."""
        spare = self._spares.pop(0) if self._spares else None
        if spare is None or spare.poll() is not None or spare.stdin is None:
            return None
        try:
            spare.stdin.write(f"{upload.folder}\n".encode())
            spare.stdin.close()
        except OSError:
            return None
        return spare

    def _new_spare(self) -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-m", "bulk.web.worker", "wait"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
        )

    def _spawn(self, command: str, upload: Upload) -> subprocess.Popen[bytes]:
        log = upload.file(f"{command}.log").open("wb")
        with log:
            return subprocess.Popen(
                [sys.executable, "-m", "bulk.web.worker", command, str(upload.folder)],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
                close_fds=True,
            )

    def refusal(self, upload_id: str) -> Refusal | None:
        """The remembered refusal of an upload that is gone."""
        with self._lock:
            return self._refusals.get(upload_id)

    def status(self, upload: Upload) -> CheckStatus:
        """Where the check stands; a refused upload is deleted here (see the module doc)."""
        self.reap()
        meta = ResultsReader(upload.results).meta()
        state = meta.get("state", "checking")
        with self._lock:
            process = self._checks.get(upload.id)
        if state == "refused":
            self._forget(upload, str(meta.get("message", "")))
            return CheckStatus("refused", message=str(meta.get("message", "")))
        if state == "checking" and process is None:
            return self._orphan(upload)
        return CheckStatus(
            state,
            str(meta.get("phase", "")),
            meta.get("progress"),
            str(meta.get("message", "")),
        )

    def _orphan(self, upload: Upload) -> CheckStatus:
        """A check with no worker: ended abnormally in this run, or left by a portal that was
        stopped (then it is started again)."""
        with self._lock:
            code = self._ended.get(upload.id)
        if code is not None:
            return CheckStatus("failed", message=f"checking stopped unexpectedly (exit {code})")
        if not upload.workbook.exists():
            return CheckStatus("failed", message="the uploaded file is no longer here")
        self.start(upload)
        return CheckStatus("checking")

    def _forget(self, upload: Upload, message: str) -> None:
        with self._lock:
            self._refusals[upload.id] = Refusal(upload.info.name, message)
            while len(self._refusals) > REMEMBERED_REFUSALS:
                self._refusals.popitem(last=False)
        self.store.remove(upload.id)

    def annotated(self, upload: Upload) -> str:
        """``ready`` when the annotated workbook exists, ``failed`` when it cannot be made,
        else ``preparing`` (a worker is started the first time it is asked for)."""
        return self._prepared(upload, "annotate", ANNOTATED, "annotated")

    def corrected(self, upload: Upload) -> str:
        """The same for the corrected copy (written the first time it is downloaded, not on
        every change: a check lays the changes over the upload instead)."""
        return self._prepared(upload, "correct", CORRECTED, "corrected")

    def _prepared(self, upload: Upload, command: str, name: str, key: str) -> str:
        self.reap()
        if upload.file(name).exists():
            return "ready"
        meta = ResultsReader(upload.results).meta()
        with self._lock:
            if (upload.id, command) in self._annotations:
                return "preparing"
            if meta.get(key) == "failed":
                return "failed"
            self._annotations[(upload.id, command)] = self._spawn(command, upload)
        return "preparing"

    def reap(self) -> None:
        """Forget workers that have ended (and collect their exit status)."""
        with self._lock:
            for upload_id, process in list(self._checks.items()):
                code = process.poll()
                if code is not None:
                    self._ended[upload_id] = code
                    del self._checks[upload_id]
            for key, process in list(self._annotations.items()):
                if process.poll() is not None:
                    del self._annotations[key]

    def settle(self) -> None:
        """Clean up refusals nobody looked at (called by the portal's housekeeping)."""
        for upload in self.store.all():
            if ResultsReader(upload.results).meta().get("state") == "refused":
                self.status(upload)

    def stop(self) -> None:
        """Stop every worker (the portal is shutting down)."""
        with self._lock:
            processes = [*self._checks.values(), *self._annotations.values()]
            for spare in self._spares:
                if spare.stdin is not None:
                    spare.stdin.close()  # the waiting worker ends at end of input
            processes += self._spares
            self._spares = []
            self._checks.clear()
            self._annotations.clear()
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
