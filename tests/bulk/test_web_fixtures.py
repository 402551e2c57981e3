"""Every invalid fixture uploaded through the portal's form: each expected issue (and no
other) is shown on the page at its place: a data-row issue in the sheet's grid, beside its
row, with its cell highlighted; a header or workbook issue in the list above the grid. The
unusable fixtures end in a one-line refusal and nothing stored."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from starlette.testclient import TestClient
from test_web_support import (
    FIXTURES,
    page_issues,
    post_upload,
    running_portal,
    upload_folders,
    wait_checked,
)

from bulk.workbook import Limits

INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if (p / "expected.json").exists())


def _groups() -> dict[tuple[str | None, str], list[Path]]:
    """Fixtures that need the same portal settings (partner file, reader limits)."""
    groups: dict[tuple[str | None, str], list[Path]] = defaultdict(list)
    for folder in INVALID:
        expected = json.loads((folder / "expected.json").read_text())
        partner = str(folder / expected["partner"]) if expected.get("partner") else None
        groups[(partner, json.dumps(expected.get("limits", {}), sort_keys=True))].append(folder)
    return groups


def shown_issues(client: TestClient, location: str) -> list[tuple[str, int, str, str, str]]:
    """Every issue on the upload's pages: ``(sheet, row, column, code, cell)``; checks that
    a grid issue with a cell has that cell highlighted with its code."""
    shown: list[tuple[str, int, str, str, str]] = []
    first = page_issues(client.get(location).text)
    for item in first.outside:
        shown.append(
            (
                item["data-sheet"],
                int(item["data-row"]),
                item["data-column"],
                item["data-code"],
                item["data-cell"],
            )
        )
    for sheet in ("Customers", "Locations", "Subscribers", "Setup Assist"):
        page = page_issues(client.get(location, params={"sheet": sheet, "only": "issues"}).text)
        for row, items in page.rows.items():
            for item in items:
                cell = item["data-cell"]
                if cell:
                    assert item["data-code"] in page.bad_cells[cell]["data-codes"].split()
                shown.append((sheet, row, item["data-column"], item["data-code"], cell))
    return shown


def _check_fixture(client: TestClient, folder: Path, location: str, work_dir: Path) -> None:
    expected: dict[str, Any] = json.loads((folder / "expected.json").read_text())
    status = wait_checked(client, location)
    if "unusable" in expected:
        assert status["check"]["state"] == "refused", (folder.name, status)
        page = client.get(location)
        assert page.status_code == 422 and 'id="refusal"' in page.text
        assert location.rsplit("/", 1)[1] not in {p.name for p in upload_folders(work_dir)}
        return
    assert status["check"]["state"] == "checked", (folder.name, status)
    shown = [s[:4] for s in shown_issues(client, location)]
    want = [(sheet, row, column, code) for sheet, row, column, code in expected["issues"]]
    assert sorted(shown) == sorted(want), folder.name


@pytest.mark.slow
def test_every_invalid_fixture_shows_each_expected_issue_at_its_place(tmp_path: Path) -> None:
    checked = 0
    for index, ((partner, limits), folders) in enumerate(sorted(_groups().items(), key=str)):
        work_dir = tmp_path / f"portal-{index}"
        options: dict[str, Any] = {"limits": Limits(**json.loads(limits)), "max_checks": 64}
        if partner:
            options["partner_file"] = Path(partner)
        with running_portal(work_dir, **options) as client:
            locations = {}
            for folder in folders:
                as_of = json.loads((folder / "expected.json").read_text())["as_of"]
                answer = post_upload(client, (folder / "workbook.xlsx").read_bytes(), as_of=as_of)
                assert answer.status_code == 303, (folder.name, answer.text[:300])
                locations[folder] = answer.headers["location"]
            for folder, location in locations.items():
                _check_fixture(client, folder, location, work_dir)
                checked += 1
    assert checked == len(INVALID) >= 50
