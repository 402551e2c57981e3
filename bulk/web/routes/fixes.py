"""Accept suggested fixes, edit a cell, start over, and download the corrected workbook.

Every change is kept per upload (:mod:`bulk.web.corrections`) and the upload is checked
again with the changes laid over its cells as they are read (what the copy's cells read as,
:func:`bulk.fixing.read_back`), so the page shows what ``rtm validate`` says of the download;
the copy itself is written with openpyxl once, when it is downloaded.
"""

from __future__ import annotations

import re

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, JSONResponse, RedirectResponse, Response

from bulk.fixing import Change
from bulk.web.corrections import accept, accepted, discard, edited
from bulk.web.fixes import FixRefused, choose, suggested
from bulk.web.forms import small_form
from bulk.web.layout import CHANGES, CORRECTED
from bulk.web.portal import Portal, portal_of, user_of
from bulk.web.results import ResultsReader
from bulk.web.routes.downloads import XLSX, prepared, stem
from bulk.web.routes.uploads import find
from bulk.web.store import Upload
from bulk.web.views import SHEET_NAMES
from bulk.web.worker import MAX_GRID_COLUMNS
from bulk.workbook.cells import column_letter

router = APIRouter()
CELL = re.compile(r"([A-Z]{1,3})([1-9][0-9]{0,6})")
LETTERS = {column_letter(i): i for i in range(MAX_GRID_COLUMNS)}


def _ready(
    portal: Portal, upload: Upload, *, done: tuple[str, ...] = ("checked",)
) -> ResultsReader:
    """The upload's results, refusing while it is checked or imported (the fixes on offer
    are only known once a check is done; an import reads the workbook). ``done``: the check
    states that allow the change."""
    reader = ResultsReader(upload.results)
    if reader.meta().get("state") not in done:
        raise HTTPException(409, "The workbook is being checked again; try once that is done.")
    if upload.id in portal.imports.busy():
        raise HTTPException(409, "An import of this workbook is running; change it afterwards.")
    return reader


def _changed(request: Request, portal: Portal, upload: Upload, changes: list[Change]) -> Response:
    """Keep the changes, check again, and answer the page (JSON) or the plain form (303)."""
    kept = accept(upload.file(CHANGES), changes)
    portal.checks.recheck(upload)
    portal.audit(user_of(request), "fix", upload=upload.id, cells=len(changes), kept=len(kept))
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"accepted": len(changes), "changes": len(kept)}, 202)
    return RedirectResponse(f"/uploads/{upload.id}", 303)


@router.post("/uploads/{upload_id}/fixes")
async def accept_fixes(
    request: Request, upload_id: str, portal: Portal = Depends(portal_of)
) -> Response:
    """Accept all suggested fixes, one group (a code) or a single fix."""
    fields = await small_form(request, portal)
    upload = find(portal, upload_id)
    reader = _ready(portal, upload)
    try:
        picked = choose(suggested(reader), fields)
    except FixRefused as error:
        raise HTTPException(409, str(error)) from None
    return _changed(request, portal, upload, picked)


def _edit(reader: ResultsReader, fields: dict[str, str]) -> Change:
    """The partner's edit of one data cell of the grid, or a 400 saying what is wrong."""
    sheet, value = fields.get("sheet", ""), fields.get("value", "")
    where = CELL.fullmatch(fields.get("cell", "").strip().upper())
    if sheet not in SHEET_NAMES or where is None or where.group(1) not in LETTERS:
        raise HTTPException(400, "Name a cell of the grid, like C5.")
    row = int(where.group(2))
    old = reader.cell_text(sheet, row, LETTERS[where.group(1)]) if row > 1 else None
    if old is None:
        raise HTTPException(400, f"{sheet} has no data row {row} to edit.")
    if any(ord(c) < 32 for c in value):
        raise HTTPException(400, "A cell value cannot hold line breaks or control characters.")
    return edited(sheet, where.group(0), old, value)


@router.post("/uploads/{upload_id}/edits")
async def edit_cell(
    request: Request, upload_id: str, portal: Portal = Depends(portal_of)
) -> Response:
    """Write the partner's own value into one cell (of the corrected copy)."""
    fields = await small_form(request, portal)
    upload = find(portal, upload_id)
    return _changed(request, portal, upload, [_edit(_ready(portal, upload), fields)])


@router.post("/uploads/{upload_id}/changes/discard")
async def start_over(
    request: Request, upload_id: str, portal: Portal = Depends(portal_of)
) -> Response:
    """Forget every accepted change and check the upload as it came."""
    await small_form(request, portal)
    upload = find(portal, upload_id)
    _ready(portal, upload, done=("checked", "failed"))  # also after a check that failed
    discard(upload.file(CHANGES))
    portal.checks.recheck(upload)
    portal.audit(user_of(request), "fix-discard", upload=upload.id)
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"changes": 0}, 202)
    return RedirectResponse(f"/uploads/{upload.id}", 303)


@router.get("/uploads/{upload_id}/corrected.xlsx", response_model=None)
async def corrected(
    request: Request, upload_id: str, portal: Portal = Depends(portal_of)
) -> Response:
    """The upload with the accepted changes and their ``Changes`` sheet (written on first
    request after the last change, then kept)."""
    upload = find(portal, upload_id)
    meta = ResultsReader(upload.results).meta()
    if meta.get("state") != "checked" or not accepted(upload.file(CHANGES)):
        raise HTTPException(409, "There is no corrected workbook yet: accept a fix first.")
    state = await prepared(portal.checks.corrected, upload)
    if state == "ready":
        return FileResponse(
            upload.file(CORRECTED), media_type=XLSX, filename=f"{stem(upload)}.corrected.xlsx"
        )
    message = (
        "The corrected workbook could not be written; look at the upload's check log."
        if state == "failed"
        else "The corrected workbook is still being written; try the link again in a minute."
    )
    return portal.render(request, "message.html.j2", 503, title="Not ready", message=message)
