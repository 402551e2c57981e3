"""The fix forms of the portal, in process (the real app and checking worker, no browser):
every change needs the form token and the portal's own origin; a click on fixes the page no
longer offers changes nothing; an edit names a data cell of the grid; the upload itself is
never modified; an upload with changes is not imported (its corrected copy is); starting over
brings the upload's own report back."""

from __future__ import annotations

import hashlib
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from starlette.testclient import TestClient

from tests.bulk.test_web_support import (
    form_token,
    running_portal,
    upload_and_check,
    wait_checked,
)
from tests.e2e.test_portal_fix import DAMAGE, EDIT, spoil

VERDICT = re.compile(r'id="verdict" data-valid="\w+" data-errors="(\d+)" data-warnings="(\d+)"')
ALL_TOKEN = re.compile(r'name="scope" value="all"><input type="hidden" name="token" value="(\w+)"')


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    """The browser test's spoiled sample."""
    return spoil(tmp_path)


def _verdict(client: TestClient, location: str) -> tuple[int, int]:
    page = client.get(location).text
    found = VERDICT.search(page)
    assert found, page[:2000]
    return int(found[1]), int(found[2])


def _changed(client: TestClient, location: str, path: str, fields: dict[str, str]) -> int:
    """POST a fix form with the page's token; wait for the check again; the status code."""
    answer = client.post(f"{location}/{path}", data={"csrf_token": form_token(client), **fields})
    if answer.status_code == 303:
        wait_checked(client, location)
    return answer.status_code


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_fix_forms_need_the_token_and_the_portals_origin(tmp_path: Path, damaged: Path) -> None:
    with running_portal(tmp_path / "work") as client:
        location, _ = upload_and_check(client, damaged)
        token = ALL_TOKEN.search(client.get(location).text)
        assert token is not None
        fields = {"scope": "all", "token": token[1]}
        assert client.post(f"{location}/fixes", data=fields).status_code == 403
        foreign = {"origin": "http://evil.example"}
        forged = {"csrf_token": form_token(client), **fields}
        assert client.post(f"{location}/fixes", data=forged, headers=foreign).status_code == 403
        edit = {"sheet": "Customers", "cell": "D2", "value": "x@example.com"}
        assert client.post(f"{location}/edits", data=edit).status_code == 403
        assert client.post(f"{location}/changes/discard").status_code == 403
        assert not list((tmp_path / "work" / "uploads").glob("*/changes.json"))


def test_stale_clicks_and_bad_edits_change_nothing(tmp_path: Path, damaged: Path) -> None:
    with running_portal(tmp_path / "work") as client:
        location, _ = upload_and_check(client, damaged)
        stale = {"scope": "all", "token": "0" * 16}
        assert _changed(client, location, "fixes", stale) == 409
        gone = {"scope": "cell", "sheet": "Customers", "cell": "I2", "value": "TX"}  # not offered
        assert _changed(client, location, "fixes", gone) == 409
        for cell, value in (("D1", "header"), ("D99", "no row"), ("ZZZZ2", "x"), ("D2", "a\nb")):
            edit = {"sheet": "Customers", "cell": cell, "value": value}
            assert _changed(client, location, "edits", edit) == 400, cell
        assert _changed(client, location, "edits", {"sheet": "Nope", "cell": "A2"}) == 400
        assert not list((tmp_path / "work" / "uploads").glob("*/changes.json"))
        assert client.get(f"{location}/corrected.xlsx").status_code == 409


def test_accept_all_then_edit_is_not_imported_and_start_over_restores(
    tmp_path: Path, damaged: Path
) -> None:
    with running_portal(tmp_path / "work") as client:
        location, _ = upload_and_check(client, damaged)
        upload = next((tmp_path / "work" / "uploads").iterdir())
        first = _verdict(client, location)
        token = ALL_TOKEN.search(client.get(location).text)
        assert token is not None
        assert _changed(client, location, "fixes", {"scope": "all", "token": token[1]}) == 303
        sheet, cell, value = EDIT
        edit = {"sheet": sheet, "cell": cell, "value": value}
        assert _changed(client, location, "edits", edit) == 303
        assert _verdict(client, location)[0] == 0
        kept = json.loads((upload / "changes.json").read_text("utf-8"))
        assert {(c["sheet"], c["cell"]) for c in kept} == {
            (s, c) for s, cells in DAMAGE.items() for c in cells
        } - {("Customers", "E3")}  # 'EN-gb' is read as en_GB: no issue, no change
        assert _digest(upload / "workbook.xlsx") == _digest(damaged)
        book = openpyxl.load_workbook(io.BytesIO(client.get(f"{location}/corrected.xlsx").content))
        assert book[sheet][cell].value == value and book.sheetnames[-1] == "Changes"

        refused = client.post(f"{location}/dry-run", data={"csrf_token": form_token(client)})
        assert refused.status_code == 409 and "download the corrected workbook" in refused.text

        assert _changed(client, location, "changes/discard", {}) == 303
        assert _verdict(client, location) == first
        assert not (upload / "changes.json").exists()
        assert client.get(f"{location}/corrected.xlsx").status_code == 409


def test_a_check_of_the_changes_that_fails_offers_to_start_over(
    tmp_path: Path, damaged: Path
) -> None:
    with running_portal(tmp_path / "work") as client:
        location, _ = upload_and_check(client, damaged)
        upload = next((tmp_path / "work" / "uploads").iterdir())
        first = _verdict(client, location)
        broken = {"sheet": "Customers", "cell": "A0", "old": "", "new": "x"}  # no such cell
        extra = {"code": "edited-by-partner", "kind": "edited", "reason": "by hand"}
        (upload / "changes.json").write_text(json.dumps([{**broken, **extra}]), "utf-8")
        edit = {"sheet": "Customers", "cell": "C2", "value": "Acme"}
        assert _changed(client, location, "edits", edit) == 303
        page = client.get(location).text
        assert 'id="check-failed"' in page and 'id="start-over"' in page
        assert _changed(client, location, "changes/discard", {}) == 303
        assert _verdict(client, location) == first


def test_the_copies_are_written_when_asked_for_and_hold_every_change(
    tmp_path: Path, damaged: Path
) -> None:
    """A change writes no copy (the check lays it over the upload); the corrected and the
    annotated workbooks are written when downloaded, and a later change makes new ones."""
    with running_portal(tmp_path / "work") as client:
        location, _ = upload_and_check(client, damaged)
        upload = next((tmp_path / "work" / "uploads").iterdir())
        first = {"sheet": "Customers", "cell": "C2", "value": "First Ltd"}
        assert _changed(client, location, "edits", first) == 303
        assert not (upload / "corrected.xlsx").exists()
        book = openpyxl.load_workbook(io.BytesIO(client.get(f"{location}/corrected.xlsx").content))
        assert book["Customers"]["C2"].value == "First Ltd"
        annotated = client.get(f"{location}/annotated.xlsx")
        marked = openpyxl.load_workbook(io.BytesIO(annotated.content))
        assert marked["Customers"]["C2"].value == "First Ltd"
        second = {"sheet": "Customers", "cell": "C3", "value": "Second Ltd"}
        assert _changed(client, location, "edits", second) == 303
        assert not (upload / "corrected.xlsx").exists()
        assert not (upload / "annotated.xlsx").exists()
        book = openpyxl.load_workbook(io.BytesIO(client.get(f"{location}/corrected.xlsx").content))
        assert (book["Customers"]["C2"].value, book["Customers"]["C3"].value) == (
            "First Ltd",
            "Second Ltd",
        )
        assert [r[1] for r in book["Changes"].iter_rows(min_row=2, values_only=True)] == [
            "C2",
            "C3",
        ]
