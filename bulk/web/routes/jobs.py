"""Start a dry run or an import of a valid upload (the page then follows its progress)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse, Response

from bulk.web.corrections import accepted
from bulk.web.forms import small_form
from bulk.web.imports import JobRefused
from bulk.web.layout import CHANGES
from bulk.web.portal import Portal, portal_of, user_of
from bulk.web.results import ResultsReader
from bulk.web.routes.uploads import find

router = APIRouter()
CHANGED_NOT_IMPORTED = (
    "You changed cells in the page: download the corrected workbook, look it over and upload it"
    " to import it (an import reads the workbook as it was uploaded)."
)


async def _start(request: Request, upload_id: str, kind: str, portal: Portal) -> Response:
    await small_form(request, portal)
    upload = find(portal, upload_id)
    meta = ResultsReader(upload.results).meta()
    if meta.get("state") != "checked" or not meta.get("valid"):
        raise HTTPException(409, "Only a checked workbook without errors can be imported.")
    if accepted(upload.file(CHANGES)):
        raise HTTPException(409, CHANGED_NOT_IMPORTED)
    try:
        portal.imports.start(upload, kind, user_of(request))
    except JobRefused as error:
        raise HTTPException(409, str(error)) from None
    portal.audit(user_of(request), f"{kind}-started", upload=upload.id, name=upload.info.name)
    return RedirectResponse(f"/uploads/{upload.id}#import", 303)


@router.post("/uploads/{upload_id}/dry-run")
async def dry_run(
    request: Request, upload_id: str, portal: Portal = Depends(portal_of)
) -> Response:
    """Run the API prechecks only; nothing is created or changed."""
    return await _start(request, upload_id, "dry-run", portal)


@router.post("/uploads/{upload_id}/import")
async def start_import(
    request: Request, upload_id: str, portal: Portal = Depends(portal_of)
) -> Response:
    """Import (or resume importing) the workbook into the target API."""
    return await _start(request, upload_id, "import", portal)


@router.post("/uploads/{upload_id}/cancel")
async def cancel(request: Request, upload_id: str, portal: Portal = Depends(portal_of)) -> Response:
    """Stop the running dry run or import; the journal keeps what is done."""
    await small_form(request, portal)
    upload = find(portal, upload_id)
    if not portal.imports.cancel(upload):
        raise HTTPException(409, "Nothing is running for this workbook.")
    portal.audit(user_of(request), "cancel", upload=upload.id, name=upload.info.name)
    return RedirectResponse(f"/uploads/{upload.id}#import", 303)
