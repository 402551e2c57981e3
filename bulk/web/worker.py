"""The checking worker: ``python -m bulk.web.worker check|annotate|correct <upload folder>``
(or ``wait``, then the folder on stdin).

Validation runs in its own short-lived process so that the portal's server never holds a
workbook's rows: the worker runs :func:`~bulk.validation.validate_workbook`, stores the issues
and the Setup Assist lines in the upload's results file, writes the JSON and HTML reports, and a
display copy of each row for the paged grid, taken as the validator reads the rows.
``annotate`` writes the annotated workbook from the stored report, and ``correct`` the
corrected copy (the upload with the partner's changes, with openpyxl), on demand: a check after
a change lays the changes over the upload as it reads it instead of writing the copy first.

The folder is always one the portal created; the job (submission date, partner profile, price
book, limits) is read from its ``job.json``.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import sys
import tempfile
from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bulk.fixing import read_back
from bulk.partner import PartnerFileError, load_partner
from bulk.pricebook import PriceBookError, load_pricebook
from bulk.reports.html import write_html
from bulk.rules.catalogue import CATALOGUE
from bulk.schema import SHEETS
from bulk.validation import Report, validate_workbook
from bulk.web.corrections import accepted
from bulk.web.layout import (
    ANNOTATED,
    CHANGES,
    CORRECTED,
    JOB,
    REPORT_HTML,
    REPORT_JSON,
    RESULTS,
    WORKBOOK,
)
from bulk.web.results import ResultsReader, ResultsWriter
from bulk.workbook import Limits, RawRow, WorkbookUnusable
from bulk.workbook.cells import display

MAX_GRID_COLUMNS = 64
MAX_CELL_TEXT = 300
BATCH = 5_000


@dataclass(frozen=True, slots=True)
class Job:
    """What to check an upload against (written by the portal, read by the worker)."""

    name: str
    as_of: str
    partner_file: str | None = None
    pricebook_file: str | None = None
    limits: dict[str, Any] = field(default_factory=dict)

    def write(self, folder: Path) -> None:
        """Save the job into an upload folder."""
        (folder / JOB).write_text(json.dumps(asdict(self)), encoding="utf-8")

    @classmethod
    def read(cls, folder: Path) -> Job:
        """Load the job of an upload folder."""
        return cls(**json.loads((folder / JOB).read_text(encoding="utf-8")))


def refusal(error: WorkbookUnusable, name: str) -> str:
    """The one-line refusal, naming the file as the partner called it (never our path)."""
    reason = error.reason.replace(str(error.path), name)
    return CATALOGUE[error.code].message(file=name, reason=reason)


def peak_rss_kb() -> int:
    """This process's peak resident memory in KB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def check(folder: Path) -> int:
    """Validate the upload with the changes the partner accepted laid over it, and store
    everything the portal shows (see the module docstring). The corrected copy itself is
    written only when it is asked for (:func:`correct`)."""
    job = Job.read(folder)
    for stale in (RESULTS, RESULTS + "-wal", RESULTS + "-shm"):  # a check started over
        (folder / stale).unlink(missing_ok=True)
    for stale in (ANNOTATED, CORRECTED):  # both hold the previous changes
        (folder / stale).unlink(missing_ok=True)
    writer = ResultsWriter(folder / RESULTS)
    try:
        writer.set(state="checking", phase="checking", progress=None, name=job.name)
        edits = read_back(accepted(folder / CHANGES))
        grid = GridCopy(writer)
        report, per_row = _validate(folder, edits, job, writer, grid)
        if report is None:
            return 0
        grid.finish(per_row)
        writer.set(state="checked", phase="done", progress=None, worker_peak_rss_kb=peak_rss_kb())
    except Exception as error:  # never a traceback: the page shows one line
        writer.set(state="failed", message=f"checking {job.name} failed: {error}")
        return 1
    finally:
        writer.close()
    return 0


def corrected_copy(folder: Path) -> Path:
    """The workbook the partner downloads: the upload as it came, or, once changes were
    accepted, the corrected copy (written here from the upload and the changes, atomically,
    unless already written; the upload itself is never modified)."""
    changes = accepted(folder / CHANGES)
    if not changes:
        return folder / WORKBOOK
    target = folder / CORRECTED
    if not target.exists():
        from bulk.fixing import apply  # openpyxl: only when there is something to apply

        partial = folder / f"{CORRECTED}.{os.getpid()}.partial.xlsx"
        apply(folder / WORKBOOK, partial, changes)
        os.replace(partial, target)
    return target


def _validate(
    folder: Path, edits: dict[str, Any], job: Job, writer: ResultsWriter, grid: GridCopy
) -> tuple[Report | None, Counter[tuple[str, int]]]:
    workbook = folder / WORKBOOK

    def progress(sheet: str, done: int, total: int) -> None:
        """Record where the validator is (the page shows it)."""
        writer.set(progress={"sheet": sheet, "done": done, "total": total})

    try:
        partner = load_partner(Path(job.partner_file)) if job.partner_file else None
        pricebook = load_pricebook(Path(job.pricebook_file) if job.pricebook_file else None)
        result = validate_workbook(
            workbook,
            as_of=dt.date.fromisoformat(job.as_of),
            partner=partner,
            pricebook=pricebook,
            limits=Limits(**job.limits),
            progress=progress,
            keep_rows=False,
            edits=edits,
            seen=grid,
        )
    except WorkbookUnusable as error:
        if edits:  # the upload itself was usable: keep it
            writer.set(state="failed", message=refusal(error, job.name))
            return None, Counter()
        workbook.unlink(missing_ok=True)
        writer.set(state="refused", message=refusal(error, job.name), code=error.code)
        return None, Counter()
    except (PartnerFileError, PriceBookError) as error:
        writer.set(state="failed", message=str(error))
        return None, Counter()
    report = result.report
    _store_report(folder, job, writer, report)
    return report, Counter((i.sheet, i.row) for i in report.issues)


def _store_report(folder: Path, job: Job, writer: ResultsWriter, report: Report) -> None:
    document = report.to_json()
    with (folder / REPORT_JSON).open("w", encoding="utf-8") as sink:
        json.dump(document, sink, indent=2, ensure_ascii=False)
    write_html(report, folder / REPORT_HTML, workbook_name=job.name)
    writer.issues(report.issues)
    writer.assist(report.assist)
    summary = {k: v for k, v in document.items() if k not in ("issues", "assist")}
    writer.set(
        valid=report.valid,
        errors=report.errors,
        warnings=report.warnings,
        rows=dict(report.rows),
        template_version=report.template_version,
        as_of=report.as_of.isoformat(),
        partner_checked=report.partner_checked,
        summary=summary,
    )


class GridCopy:
    """Stores the page's display copy of each row as the validator reads it (its ``seen``),
    so the workbook is read once per check; the issue counts are added at the end."""

    def __init__(self, writer: ResultsWriter) -> None:
        self.writer = writer
        self.sheet = ""
        self.batch: list[tuple[int, int, list[str], int]] = []
        self.widths: dict[str, int] = {}

    def __call__(self, sheet: str, raw: RawRow) -> None:
        if sheet != self.sheet:
            self._flush()
            self.sheet = sheet
            self.widths[sheet] = 0
        cells = [display(v)[:MAX_CELL_TEXT] for v in raw.values[:MAX_GRID_COLUMNS]]
        while cells and not cells[-1].strip():
            cells.pop()
        if raw.number == 1:
            self.writer.header(sheet, cells)
        elif cells:
            self.batch.append((raw.number, raw.number, cells, 0))
            self.widths[sheet] = max(self.widths[sheet], len(cells))
            if len(self.batch) >= BATCH:
                self._flush()

    def _flush(self) -> None:
        if self.batch:
            self.writer.rows(self.sheet, self.batch)
            self.batch = []

    def finish(self, per_row: Counter[tuple[str, int]]) -> None:
        """Store the last rows, each data row's issue count and the sheets' widths."""
        self._flush()
        counts = ((s, r, n) for (s, r), n in per_row.items() if s in self.widths and r > 1)
        self.writer.row_issues(counts)
        self.writer.set(widths=self.widths)


def _on_demand(folder: Path, key: str, failure: str, write: Callable[[], object]) -> int:
    """Write a workbook asked for by the page; meta ``key`` becomes ``ready`` or ``failed``
    (with ``<key>_message``, one line)."""
    writer = ResultsWriter(folder / RESULTS)
    try:
        write()
        writer.set(**{key: "ready"})
    except Exception as error:  # never a traceback: the page shows one line
        writer.set(**{key: "failed", f"{key}_message": f"{failure}: {error}"})
        return 1
    finally:
        writer.close()
    return 0


def annotate(folder: Path) -> int:
    """Write the annotated workbook (of the corrected copy) from the stored report."""
    from bulk.reports.annotated import write_annotated  # openpyxl: only when asked for

    def write() -> None:
        report = ResultsReader(folder / RESULTS).report()
        partial = folder / (ANNOTATED + ".partial")
        write_annotated(corrected_copy(folder), report, partial)
        os.replace(partial, folder / ANNOTATED)

    return _on_demand(folder, "annotated", "cannot annotate", write)


def correct(folder: Path) -> int:
    """Write the corrected copy (the download; see :func:`corrected_copy`)."""
    return _on_demand(folder, "corrected", "cannot write the copy", lambda: corrected_copy(folder))


COMMANDS = {"check": check, "annotate": annotate, "correct": correct}


WARM_UP_ROWS: dict[str, list[str | dt.date]] = {
    "Customers": [
        "",
        "warm-1",
        "Warm Up Ltd",
        "it@warm.example.com",
        "en_US",
        "1 Main Street",
        "",
        "Austin",
        "TX",
        "78701",
        "US",
        "webex_calling",
        "",
    ],
    "Locations": [
        "warm-1",
        "HQ",
        "1 Main Street",
        "",
        "Austin",
        "TX",
        "78701",
        "US",
        "America/Chicago",
        "en_US",
        "",
        "+15125550100",
    ],
    "Subscribers": [
        "",
        "warm-1",
        "ann@warm.example.com",
        "Ann",
        "Lee",
        "webex_calling",
        "HQ",
        "+15125550123",
        "1001",
    ],
    "Setup Assist": [
        "warm-1",
        "HQ",
        dt.date(2026, 12, 15),
        "Ann Lee",
        "ann@warm.example.com",
        "+15125550123",
        "api",
        "yes",
        "",
    ],
}
"""One row per sheet, enough to run every kind of check once (with a deadline issue)."""


def _warm_up() -> None:
    """Check a one-row-per-sheet workbook in a scratch folder, so the lazy imports and the
    rule caches are ready before a partner's upload arrives."""
    import xlsxwriter  # type: ignore[import-untyped]

    with tempfile.TemporaryDirectory(prefix="rtm-warm-") as scratch:
        folder = Path(scratch)
        book = xlsxwriter.Workbook(str(folder / WORKBOOK))
        dates = book.add_format({"num_format": "yyyy-mm-dd"})
        for sheet in SHEETS:
            page = book.add_worksheet(sheet.name)
            page.write_row(0, 0, [c.template_header for c in sheet.columns])
            for column, value in enumerate(WARM_UP_ROWS[sheet.name]):
                if isinstance(value, dt.date):
                    page.write_datetime(1, column, dt.datetime.combine(value, dt.time()), dates)
                else:
                    page.write_string(1, column, value)
        book.close()
        Job(name="warm-up.xlsx", as_of="2026-12-10").write(folder)
        check(folder)


def wait_for_folder() -> int:
    """``wait``: a warm worker (imports done, caches filled by :func:`_warm_up`) that reads
    ``FOLDER`` on stdin, sends its error output to the folder's ``check.log`` and checks it;
    ends quietly on end of input. The portal keeps one waiting, so a partner's check does not
    start with the interpreter's start-up."""
    try:
        _warm_up()
    except Exception as error:  # a cold check still works; say why it stayed cold
        sys.stderr.write(f"warm-up failed: {error}\n")
    line = sys.stdin.readline().strip()
    if not line:
        return 0
    folder = Path(line)
    with (folder / "check.log").open("ab") as log:
        os.dup2(log.fileno(), 2)
    return check(folder)


def main(argv: list[str] | None = None) -> int:
    """Entry point: ``check``, ``annotate`` or ``correct`` an upload folder, or ``wait`` for
    one to check."""
    args = sys.argv[1:] if argv is None else argv
    if args == ["wait"]:
        return wait_for_folder()
    if len(args) != 2 or args[0] not in COMMANDS:
        sys.stderr.write("usage: python -m bulk.web.worker check|annotate|correct FOLDER\n")
        return 2
    return COMMANDS[args[0]](Path(args[1]))


if __name__ == "__main__":
    raise SystemExit(main())
