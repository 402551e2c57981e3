"""Downloads: the annotated workbook, the HTML and JSON reports, the result workbook and the
blank template. File names are built from the upload's display name; paths never are."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, Response

from bulk.schema import TEMPLATE_VERSION
from bulk.template import build_template, workbook_bytes
from bulk.web.layout import ANNOTATED, REPORT_HTML, REPORT_JSON
from bulk.web.portal import Portal, portal_of
from bulk.web.routes.uploads import find
from bulk.web.store import Upload

router = APIRouter()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ANNOTATE_WAIT_SECONDS = 60.0


def stem(upload: Upload) -> str:
    """The upload's display name without ``.xlsx`` (download names are built from it)."""
    name = upload.info.name
    return name[: -len(".xlsx")] if name.lower().endswith(".xlsx") else name


def _send(path: Path, filename: str, media_type: str) -> FileResponse:
    if not path.exists():
        raise HTTPException(404)
    return FileResponse(path, media_type=media_type, filename=filename)


@router.get("/template.xlsx")
def template() -> Response:
    """The blank onboarding template (built from the schema, like ``rtm template``)."""
    body = workbook_bytes(build_template())
    name = f"onboarding-template-v{TEMPLATE_VERSION}.xlsx"
    headers = {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(body, media_type=XLSX, headers=headers)


async def prepared(state_of: Callable[[Upload], str], upload: Upload) -> str:
    """Ask for a workbook written on demand (``state_of``: the check runner's ``annotated``
    or ``corrected``) and wait up to :data:`ANNOTATE_WAIT_SECONDS` for it to be ready."""
    deadline = time.monotonic() + ANNOTATE_WAIT_SECONDS
    state = state_of(upload)
    while state == "preparing" and time.monotonic() < deadline:
        await asyncio.sleep(0.1)
        state = state_of(upload)
    return state


@router.get("/uploads/{upload_id}/annotated.xlsx", response_model=None)
async def annotated(
    request: Request, upload_id: str, portal: Portal = Depends(portal_of)
) -> Response:
    """The workbook with every bad cell marked (written on first request, then kept)."""
    upload = find(portal, upload_id)
    state = await prepared(portal.checks.annotated, upload)
    if state == "ready":
        return _send(upload.file(ANNOTATED), f"{stem(upload)}.annotated.xlsx", XLSX)
    message = (
        "The annotated workbook could not be written; the HTML and JSON reports have every issue."
        if state == "failed"
        else "The annotated workbook is still being written; try the link again in a minute."
    )
    return portal.render(request, "message.html.j2", 503, title="Not ready", message=message)


@router.get("/uploads/{upload_id}/report.html")
def report_html(upload_id: str, portal: Portal = Depends(portal_of)) -> FileResponse:
    """The self-contained HTML report (as ``rtm validate --html`` writes it)."""
    upload = find(portal, upload_id)
    return _send(upload.file(REPORT_HTML), f"{stem(upload)}.report.html", "text/html")


@router.get("/uploads/{upload_id}/report.json")
def report_json(upload_id: str, portal: Portal = Depends(portal_of)) -> FileResponse:
    """The JSON report (as ``rtm validate --json`` writes it)."""
    upload = find(portal, upload_id)
    return _send(upload.file(REPORT_JSON), f"{stem(upload)}.report.json", "application/json")


@router.get("/uploads/{upload_id}/result.xlsx")
def result(upload_id: str, portal: Portal = Depends(portal_of)) -> FileResponse:
    """The result workbook of the last import (status and remote id per row)."""
    upload = find(portal, upload_id)
    if upload.id in portal.imports.busy():
        raise HTTPException(409, "The import is still running.")
    return _send(upload.result_workbook, f"{stem(upload)}.result.xlsx", XLSX)
