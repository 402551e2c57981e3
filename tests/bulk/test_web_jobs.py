"""Dry runs and imports from the page, short of a real API (the end-to-end tests import into
the simulator): what refuses to start, how the journal is read back, and ``rtm web``'s
refusals of bad options."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from test_web_support import FIXTURES, SAMPLE, form_token, running_portal, upload_and_check
from typer.testing import CliRunner

from bulk.cli import app
from bulk.importer import OpState, PlannedOperation, ProvisioningJournal, safe_url
from bulk.web.imports import journal_state
from bulk.web.store import Upload, UploadInfo


def test_nothing_is_imported_without_a_target_or_from_an_invalid_workbook(tmp_path: Path) -> None:
    with running_portal(tmp_path / "portal") as client:
        valid, _ = upload_and_check(client, SAMPLE)
        page = client.get(valid).text
        assert 'id="no-target"' in page and 'id="import-button"' not in page
        refused = client.post(f"{valid}/import", data={"csrf_token": form_token(client)})
        assert refused.status_code == 409 and "no target API is configured" in refused.text
        invalid, _ = upload_and_check(
            client, FIXTURES / "invalid" / "cell-invalid-email" / "workbook.xlsx"
        )
        assert 'id="import"' not in client.get(invalid).text
        again = client.post(f"{invalid}/import", data={"csrf_token": form_token(client)})
        assert again.status_code == 409 and "without errors" in again.text


def test_a_running_job_is_not_started_twice(tmp_path: Path) -> None:
    # The target API: bound but not listening while the upload is made (the home page's
    # Setup Assist section is refused at once instead of waiting out a read timeout), then
    # listening: it accepts the dry run's connection (in the backlog) and never answers.
    silent = socket.socket()
    silent.bind(("127.0.0.1", 0))
    url = f"http://127.0.0.1:{silent.getsockname()[1]}"
    with running_portal(tmp_path / "portal", target_url=url, token="t") as client:
        location, _ = upload_and_check(client, SAMPLE)
        token = form_token(client)
        silent.listen(8)
        assert client.post(f"{location}/dry-run", data={"csrf_token": token}).status_code == 303
        assert client.get(f"{location}/status").json()["job"]["state"] == "running"
        again = client.post(f"{location}/import", data={"csrf_token": token})
        assert again.status_code == 409 and "dry-run of this workbook is already running" in (
            again.text
        )
        assert 'id="import-button"' not in client.get(location).text
        silent.close()  # the waiting request fails; the job ends with a message
        deadline = time.monotonic() + 60
        status = client.get(f"{location}/status").json()
        while status["job"]["state"] == "running" and time.monotonic() < deadline:
            time.sleep(0.2)
            status = client.get(f"{location}/status").json()
        assert status["job"]["state"] == "failed" and url in status["job"]["message"]


def _upload(folder: Path) -> Upload:
    folder.mkdir(parents=True)
    return Upload(UploadInfo("A" * 22, "x.xlsx", 1, 0.0, "2026-11-25"), folder)


def test_the_journal_tells_an_interrupted_import_from_a_finished_one(tmp_path: Path) -> None:
    upload = _upload(tmp_path / "up")
    assert journal_state(upload) is None
    ops = [
        PlannedOperation("customer:a", "customer", "create", "Customers", 2, "f1"),
        PlannedOperation("subscriber:b", "subscriber", "create", "Subscribers", 2, "f2"),
    ]
    with ProvisioningJournal(upload.journal) as journal:
        journal.plan(ops)
        run = journal.start_run("x.xlsx", "http://api", dry_run=False)
        journal.mark_sent("customer:a", run)
    cut = journal_state(upload)
    assert cut is not None and cut["interrupted"] and cut["open"] == 2
    assert cut["phases"] == [
        {"name": "customers", "sent": 1},
        {"name": "subscribers", "planned": 1},
    ]
    with ProvisioningJournal(upload.journal) as journal:
        for op in ops:
            journal.mark_finished(op.key, OpState.DONE, "id-" + op.key)
        journal.finish_run(journal.start_run("x.xlsx", "http://api", dry_run=False), "finished", {})
    done = journal_state(upload)
    assert done is not None and not done["interrupted"] and done["open"] == 0


def test_urls_are_shown_without_credentials() -> None:
    assert safe_url("https://user:secret@api.example:8443/v1?x=1") == "https://api.example:8443/v1"
    assert safe_url("http://127.0.0.1:8080") == "http://127.0.0.1:8080"


def test_rtm_web_refuses_bad_options_in_one_line(tmp_path: Path) -> None:
    runner = CliRunner()
    wrong_url = runner.invoke(app, ["web", "--target-url", "ftp://x", "--work-dir", str(tmp_path)])
    assert wrong_url.exit_code == 2 and "not an http(s) URL" in wrong_url.output
    missing = runner.invoke(app, ["web", "--partner", str(tmp_path / "nope.toml")])
    assert missing.exit_code == 2 and "partner file not found" in missing.output
    bad_date = runner.invoke(app, ["web", "--as-of", "25/11/2026", "--work-dir", str(tmp_path)])
    assert bad_date.exit_code == 2 and "is not a date" in bad_date.output
    blocked = tmp_path / "file"
    blocked.write_text("x")
    not_a_folder = runner.invoke(app, ["web", "--work-dir", str(blocked)])
    assert not_a_folder.exit_code == 2 and "upload folder" in not_a_folder.output
