"""Receive an upload, show its report, tell the page where things stand, delete it."""

from __future__ import annotations

import asyncio
import datetime as dt
import time
from collections.abc import AsyncIterator
from typing import Any

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from bulk.web.corrections import accepted
from bulk.web.csrf import COOKIE, FIELD, HEADER, CrossSiteRefused
from bulk.web.forms import same_origin, small_form
from bulk.web.layout import CHANGES, WORKBOOK
from bulk.web.portal import Portal, portal_of, user_of
from bulk.web.receive import UploadRefused, drain, receive_form
from bulk.web.results import GridFilter
from bulk.web.store import Upload, UploadInfo, display_name
from bulk.web.views import fingerprint, report_context, status_document, uploads_listing

router = APIRouter()
LONG_POLL_SECONDS = 20.0
LONG_POLL_STEP = 0.02
"""How often a long-poll looks again (a local file read; the page hears of a change within it)."""


def _as_of(text: str | None, portal: Portal) -> str:
    if not text or not text.strip():
        return portal.settings.as_of_default().isoformat()
    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise UploadRefused(400, f"'{text[:20]}' is not a date; use YYYY-MM-DD.") from None


def _refused(request: Request, portal: Portal, status: int, message: str) -> Response:
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"error": message}, status)
    return portal.render(
        request,
        "home.html.j2",
        status,
        uploads=uploads_listing(portal),
        as_of=portal.settings.as_of_default().isoformat(),
        keep_hours=portal.settings.keep_seconds / 3600,
        prerequisites=None,  # the refusal is the news here; the home page asks the API
        error=message,
    )


async def _receive(
    request: Request, portal: Portal, upload_id: str, body: AsyncIterator[bytes]
) -> Upload:
    folder = portal.store.root / upload_id
    cookie = request.cookies.get(COOKIE)

    def before_file(fields: dict[str, str]) -> None:
        """The token must be right before a byte of the file is stored."""
        try:
            portal.csrf.check_token(cookie, fields.get(FIELD) or request.headers.get(HEADER))
        except CrossSiteRefused as error:
            raise UploadRefused(403, str(error)) from None

    length = request.headers.get("content-length")
    form = await receive_form(
        request.headers.get("content-type", ""),
        int(length) if length and length.isdigit() else None,
        body,
        folder / WORKBOOK,
        limit=portal.settings.max_upload_bytes,
        before_file=before_file,
    )
    if not form.filename:
        raise UploadRefused(400, "Choose a workbook file (.xlsx) to upload.")
    as_of = _as_of(form.fields.get("as_of"), portal)
    name = display_name(form.filename)
    portal.checks.job(name, as_of).write(folder)
    info = UploadInfo(upload_id, name, form.size, portal.store.clock(), as_of)
    return portal.store.describe(folder, info)


@router.post("/uploads")
async def upload(request: Request, portal: Portal = Depends(portal_of)) -> Response:
    """Store the workbook under a random name and start checking it."""
    try:
        same_origin(request)
    except CrossSiteRefused as error:
        await drain(request.stream())
        return _refused(request, portal, 403, str(error))
    if portal.checks.running >= portal.settings.max_checks:
        await drain(request.stream())
        return _refused(request, portal, 503, "The portal is busy checking; try again shortly.")
    upload_id, _ = portal.store.new_folder()
    body = request.stream()
    with portal.lock:
        portal.receiving.add(upload_id)
    try:
        stored = await _receive(request, portal, upload_id, body)
        portal.checks.start(stored)
        info = stored.info
        portal.audit(
            user_of(request),
            "upload",
            upload=upload_id,
            name=info.name,
            size=info.size,
            as_of=info.as_of,
        )
    except UploadRefused as error:
        portal.store.remove(upload_id)
        await drain(body)
        return _refused(request, portal, error.status, error.message)
    finally:
        with portal.lock:
            portal.receiving.discard(upload_id)
    where = f"/uploads/{upload_id}"
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"id": upload_id, "url": where}, 201)
    return RedirectResponse(where, 303)


def find(portal: Portal, upload_id: str) -> Upload:
    """The upload or a 404."""
    found = portal.store.get(upload_id)
    if found is None:
        raise HTTPException(404)
    return found


@router.get("/uploads/{upload_id}")
def report(
    request: Request,
    upload_id: str,
    sheet: str = "Customers",
    page: int = 1,
    only: str = "",
    apage: int = 1,
    code: str = "",
    column: str = "",
    severity: str = "",
    portal: Portal = Depends(portal_of),
) -> Response:
    """The upload's page: checking progress, refusal, or the report with the grid."""
    found = portal.store.get(upload_id)
    if found is None:
        refusal = portal.checks.refusal(upload_id)
        if refusal is None:
            raise HTTPException(404)
        return portal.render(request, "refused.html.j2", 422, refusal=refusal)
    status = portal.checks.status(found)
    if status.state == "refused":
        refused = portal.checks.refusal(upload_id)
        return portal.render(request, "refused.html.j2", 422, refusal=refused)
    if status.state != "checked":
        changes = accepted(found.file(CHANGES))
        return portal.render(
            request, "checking.html.j2", upload=found, check=status, changes=changes
        )
    context = report_context(
        portal,
        found,
        sheet,
        page,
        only_issues=only == "issues",
        assist_page=apage,
        only=GridFilter(code, column, severity),
    )
    return portal.render(request, "report.html.j2", **context)


def _status(portal: Portal, upload_id: str) -> tuple[int, dict[str, Any]]:
    found = portal.store.get(upload_id)
    if found is None:
        refusal = portal.checks.refusal(upload_id)
        if refusal is None:
            return 404, {"error": "no such upload"}
        return 200, {"check": {"state": "refused", "message": refusal.message}}
    return 200, status_document(portal, found)


@router.get("/uploads/{upload_id}/status")
async def status(upload_id: str, seen: str = "", portal: Portal = Depends(portal_of)) -> Response:
    """Where the check and the last job stand. With ``seen`` (the ``fingerprint`` of the last
    answer) this is a long-poll: it answers as soon as something changed, or after
    :data:`LONG_POLL_SECONDS` with the same document, so the page learns "done" at once."""
    deadline = time.monotonic() + LONG_POLL_SECONDS
    while True:
        code, document = await asyncio.to_thread(_status, portal, upload_id)
        document["fingerprint"] = fingerprint(document)
        if code != 200 or document["fingerprint"] != seen or time.monotonic() > deadline:
            return JSONResponse(document, code)
        await asyncio.sleep(LONG_POLL_STEP)


@router.post("/uploads/{upload_id}/delete")
async def delete(request: Request, upload_id: str, portal: Portal = Depends(portal_of)) -> Response:
    """Delete an upload and everything kept for it (not while an import runs)."""
    await small_form(request, portal)
    found = find(portal, upload_id)
    if found.id in portal.imports.busy():
        raise HTTPException(409, "An import of this workbook is running; delete it afterwards.")
    portal.store.remove(found.id)
    portal.audit(user_of(request), "delete", upload=found.id, name=found.info.name)
    return RedirectResponse("/", 303)
