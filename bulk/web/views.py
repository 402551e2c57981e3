"""What the upload's page shows, gathered from the results file, the jobs and the journal."""

from __future__ import annotations

import hashlib
import json
import shlex
from dataclasses import dataclass
from typing import Any

from bulk.schema import SHEETS, SHEETS_BY_NAME, fold_header
from bulk.validation import Issue
from bulk.web.corrections import accepted, changes_token
from bulk.web.fixes import fix_groups, suggested
from bulk.web.imports import journal_state
from bulk.web.layout import CHANGES
from bulk.web.portal import Portal
from bulk.web.results import GridFilter, ResultsReader
from bulk.web.store import Upload
from bulk.workbook.cells import column_letter

SHEET_NAMES = tuple(s.name for s in SHEETS)
PAGE_SIZE = 50
ASSIST_PAGE_SIZE = 25


def _summary(upload: Upload, kind: str) -> dict[str, Any] | None:
    try:
        found: dict[str, Any] = json.loads(upload.file(f"{kind}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return None
    return found


def resume_command(portal: Portal, upload: Upload) -> str:
    """The ``rtm import`` line that carries on with the same journal from a terminal."""
    words = ["rtm", "import", str(upload.workbook), "--url", portal.target or "URL"]
    words += ["--as-of", upload.info.as_of]
    if portal.settings.partner_file:
        words += ["--partner", str(portal.settings.partner_file)]
    return shlex.join(words) + ' --token "$RTM_TOKEN"'


def banner(job: dict[str, Any] | None, imported: dict[str, Any] | None) -> dict[str, str] | None:
    """The verdict at the top of the page once an import ran: the running or stopped import,
    else the last finished one; ``None`` before any import."""
    if job is not None and job["kind"] == "import" and job["state"] != "finished":
        state = "waiting" if job["waits"] else job["state"]
        return {
            "verdict": "stopped" if state in ("failed", "cancelled") else state,
            "text": job["headline"],
        }
    if imported is not None:
        return {"verdict": imported["verdict"], "text": imported["headline"]}
    return None


def jobs_context(portal: Portal, upload: Upload) -> dict[str, Any]:
    """The live job, the journal's view of the last import and the finished runs."""
    current = portal.imports.current(upload)
    running = current is not None and current.state == "running"
    job = current.to_json() if current is not None else None
    imported = _summary(upload, "import")
    return {
        "job": job,
        "journal": None if running else journal_state(upload),
        "dry_run": _summary(upload, "dry-run"),
        "imported": imported,
        "banner": banner(job, imported),
        "result_ready": upload.result_workbook.exists() and not running,
    }


def status_document(portal: Portal, upload: Upload) -> dict[str, Any]:
    """The JSON the page follows: the check, and the jobs."""
    return {"check": portal.checks.status(upload).to_json(), **jobs_context(portal, upload)}


def fingerprint(document: dict[str, Any]) -> str:
    """What the page has seen of a status document, without the ever-growing wait times:
    the long-poll answers as soon as this changes."""
    job = document.get("job") or {}
    seen = {
        "check": document.get("check"),
        "job": [job.get("state"), job.get("phases"), [w["rows"] for w in job.get("waits", [])]],
    }
    return hashlib.sha256(json.dumps(seen, sort_keys=True).encode()).hexdigest()[:16]


def _by_column(issues: list[Issue]) -> dict[int, list[Issue]]:
    found: dict[int, list[Issue]] = {}
    for issue in issues:
        found.setdefault(issue.column_index, []).append(issue)
    return found


def assist_context(reader: ResultsReader, page: int) -> dict[str, Any]:
    """One page of the derived Setup Assist lines."""
    total = reader.assist_count()
    pages = max(1, -(-total // ASSIST_PAGE_SIZE))
    page = min(max(page, 1), pages)
    lines = reader.assist((page - 1) * ASSIST_PAGE_SIZE, ASSIST_PAGE_SIZE)
    return {"assist": lines, "assist_page": page, "assist_pages": pages, "assist_total": total}


KEY_COLUMNS = {
    "Customers": "external_id",
    "Locations": "name",
    "Subscribers": "email",
    "Setup Assist": "location_name",
}
"""The column pinned beside the row numbers: what names the row."""


def key_column(sheet: str, headers: list[str]) -> int:
    """Zero-based index of the sheet's key column in the uploaded headers, or -1."""
    spec = SHEETS_BY_NAME[sheet]
    wanted = fold_header(spec.column(KEY_COLUMNS[sheet]).header)
    folded = [fold_header(h) for h in headers]
    return folded.index(wanted) if wanted in folded else -1


def fixes_context(reader: ResultsReader, upload: Upload, sheet: str) -> dict[str, Any]:
    """The fixes on offer (grouped), the changes accepted so far and those of this sheet."""
    offered = suggested(reader)
    changes = accepted(upload.file(CHANGES))
    return {
        "fixes": fix_groups(offered),
        "fixes_total": len(offered),
        "fixes_token": changes_token(offered),
        "planned": {(c.sheet, c.cell): c.new for c in offered if c.sheet == sheet},
        "changes": changes,
        "changed_cells": {c.cell: c.old for c in changes if c.sheet == sheet},
    }


def report_context(
    portal: Portal,
    upload: Upload,
    sheet: str,
    page: int,
    *,
    only_issues: bool,
    assist_page: int = 1,
    only: GridFilter | None = None,
) -> dict[str, Any]:
    """Everything ``report.html.j2`` needs for one page of one sheet."""
    reader = ResultsReader(upload.results)
    meta = reader.meta()
    sheet = sheet if sheet in SHEET_NAMES else SHEET_NAMES[0]
    only = only or GridFilter()
    grid = reader.page(sheet, page, PAGE_SIZE, only_issues=only_issues, only=only)
    width = max(int(meta.get("widths", {}).get(sheet, 0)), len(grid.headers))
    outside = reader.outside_grid()
    header_issues = [i for i in outside if i.sheet == sheet and i.row == 1]
    return {
        "upload": upload,
        "meta": meta,
        "counts": reader.counts(),
        "outside": outside,
        **assist_context(reader, assist_page),
        "grid": grid,
        "only": only,
        "choices": reader.issue_choices(sheet),
        "key_index": key_column(sheet, grid.headers),
        "letters": [column_letter(i) for i in range(width)],
        "header_issues": _by_column(header_issues),
        "sheets": [(name, meta.get("rows", {}).get(name)) for name in SHEET_NAMES],
        "resume": resume_command(portal, upload),
        "can_import": portal.settings.can_import,
        **fixes_context(reader, upload, sheet),
        **jobs_context(portal, upload),
    }


@dataclass(frozen=True, slots=True)
class UploadState:
    """An upload's status in the uploads list: ``kind`` for its colour, ``text`` for people."""

    kind: str
    text: str


def upload_state(portal: Portal, upload: Upload) -> UploadState:
    """checking / valid / N errors / importing / imported / import failed."""
    job = portal.imports.current(upload)
    if job is not None and job.kind == "import" and job.state == "running":
        return UploadState("running", "importing")
    imported = _summary(upload, "import")
    if imported is not None:
        failed = int(imported.get("failed_total", 0))
        if failed:
            return UploadState(
                "failed", f"import failed: {failed:,} row{'s' if failed != 1 else ''}"
            )
        return UploadState("ok", "imported")
    meta = ResultsReader(upload.results).meta()
    if meta.get("state") != "checked":
        return UploadState("running", "checking")
    if meta.get("valid"):
        return UploadState("ok", "valid")
    errors = int(meta.get("errors", 0))
    return UploadState("failed", f"{errors:,} error{'s' if errors != 1 else ''}")


def uploads_listing(portal: Portal) -> list[tuple[Upload, UploadState]]:
    """The uploads kept, newest first, each with its status."""
    found = sorted(portal.store.all(), key=lambda u: u.info.created, reverse=True)
    return [(upload, upload_state(portal, upload)) for upload in found]
