"""docs/portal.md: an upload is deleted from the page's Delete button at once, and by the
housekeeping ``--keep-minutes`` after it came in. The keep time is checked by ageing uploads
(their recorded arrival time moved back), never by waiting for it."""

from __future__ import annotations

import json
import time
from pathlib import Path

import httpx2

from tests.bulk.test_web_support import SAMPLE, form_token, running_portal, upload_and_check
from tests.e2e.test_portal_support import start_portal


def test_delete_removes_the_upload_and_everything_kept_for_it(tmp_path: Path) -> None:
    work = tmp_path / "portal"
    with running_portal(work) as client:
        kept, _ = upload_and_check(client, SAMPLE)
        gone, _ = upload_and_check(client, SAMPLE)
        answer = client.post(f"{gone}/delete", data={"csrf_token": form_token(client)})
        assert answer.status_code == 303 and answer.headers["location"].endswith("/")
        assert client.get(gone).status_code == 404
        assert client.get(kept).status_code == 200
        remaining = sorted(p.name for p in (work / "uploads").iterdir())
        assert remaining == [kept.rsplit("/", 1)[1]]
        refused = client.post(f"{kept}/delete", data={})  # no form token: nothing deleted
        assert refused.status_code == 403 and client.get(kept).status_code == 200


def _age(work: Path, location: str, seconds: float) -> None:
    described = work / "uploads" / location.rsplit("/", 1)[1] / "upload.json"
    info = json.loads(described.read_text(encoding="utf-8"))
    info["created"] = time.time() - seconds
    described.write_text(json.dumps(info), encoding="utf-8")


def test_keep_minutes_decides_when_the_housekeeping_deletes(tmp_path: Path) -> None:
    work = tmp_path / "portal"
    with running_portal(work) as client:
        old, _ = upload_and_check(client, SAMPLE)
        young, _ = upload_and_check(client, SAMPLE)
    _age(work, old, 90)  # older than one minute
    _age(work, young, 30)  # younger than one minute
    portal = start_portal(work, "--keep-minutes", "1")
    try:
        assert "Uploads kept 1 min" in portal.log.read_text()
        deadline = time.monotonic() + 30  # the housekeeping looks every 6 s (a tenth of 1 min)
        while (work / "uploads" / old.rsplit("/", 1)[1]).exists():
            assert time.monotonic() < deadline, "the expired upload was not deleted"
            time.sleep(0.2)
        assert httpx2.get(portal.url + old).status_code == 404
        assert httpx2.get(portal.url + young).status_code == 200
    finally:
        portal.stop()
