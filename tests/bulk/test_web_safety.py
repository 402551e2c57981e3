"""The portal's safety: hostile, foreign and oversized files end in one clear message with
nothing stored; forms need their token and the portal's own origin; only loopback host names
are served; the token is never shown; uploads live in a private folder under random names and
are deleted after the keep time; a file name from the browser is never a path."""

from __future__ import annotations

import html
import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer
from starlette.testclient import TestClient
from test_web_support import (
    FIXTURES,
    SAMPLE,
    XLSX,
    form_token,
    post_upload,
    running_portal,
    upload_and_check,
    wait_checked,
    wait_status,
)

from bulk.web import csrf
from bulk.web.store import display_name
from tests.hostile_workbooks import REFUSED


@pytest.fixture
def work(tmp_path: Path) -> Path:
    return tmp_path / "portal"


@pytest.fixture
def client(work: Path) -> Iterator[TestClient]:
    with running_portal(work) as client:
        yield client


@pytest.fixture
def small(work: Path) -> Iterator[TestClient]:
    """A portal that accepts files up to 2 MB."""
    with running_portal(work, max_upload_bytes=2 * 1024 * 1024) as client:
        yield client


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_a_hostile_file_ends_in_one_clear_message_and_nothing_stored(
    client: TestClient, work: Path, name: str
) -> None:
    location, status = upload_and_check(client, FIXTURES / "hostile" / name)
    assert status["check"]["state"] == "refused"
    page = client.get(location)
    assert page.status_code == 422
    message = page.text.split('id="refusal">', 1)[1].split("</p>", 1)[0]
    assert REFUSED[name] in message.replace("&#39;", "'") and name in message
    assert str(work) not in page.text  # the message names the file, never where it was kept
    assert list((work / "uploads").iterdir()) == []


def test_a_file_that_is_not_a_workbook_is_refused(client: TestClient, work: Path) -> None:
    answer = post_upload(client, b"name,email\nDana,dana@example.com\n", "customers.csv")
    location = answer.headers["location"]
    status = wait_checked(client, location)
    assert status["check"]["state"] == "refused"
    assert "customers.csv" in status["check"]["message"]
    assert "not an .xlsx workbook" in client.get(location).text
    assert list((work / "uploads").iterdir()) == []


def test_an_oversized_file_is_refused_before_it_is_stored(small: TestClient, work: Path) -> None:
    big = os.urandom(3 * 1024 * 1024)
    answer = post_upload(small, big, "big.xlsx")
    assert answer.status_code == 413
    assert "larger than this portal accepts (2 MB)" in answer.text
    assert 'id="upload-error"' in answer.text
    assert list((work / "uploads").iterdir()) == []


def _chunked_form(token: str, content: bytes) -> Iterator[bytes]:
    """A multipart body sent in chunks with no Content-Length (the limit must hold anyway)."""
    boundary = b"----portal-test"
    yield b"--" + boundary + b'\r\nContent-Disposition: form-data; name="csrf_token"\r\n\r\n'
    yield token.encode() + b"\r\n--" + boundary + b"\r\n"
    yield b'Content-Disposition: form-data; name="workbook"; filename="big.xlsx"\r\n'
    yield b"Content-Type: " + XLSX.encode() + b"\r\n\r\n"
    for start in range(0, len(content), 65536):
        yield content[start : start + 65536]
    yield b"\r\n--" + boundary + b"--\r\n"


def test_the_size_limit_holds_for_a_body_without_a_declared_length(
    small: TestClient, work: Path
) -> None:
    token = form_token(small)
    answer = small.post(
        "/uploads",
        content=_chunked_form(token, os.urandom(3 * 1024 * 1024)),
        headers={
            "content-type": "multipart/form-data; boundary=----portal-test",
            "accept": "application/json",
        },
    )
    assert answer.status_code == 413
    assert "larger than this portal accepts" in answer.json()["error"]
    assert list((work / "uploads").iterdir()) == []


def test_forms_need_their_token_and_the_portals_own_origin(client: TestClient, work: Path) -> None:
    content = SAMPLE.read_bytes()
    files = {"workbook": ("sample.xlsx", content, XLSX)}
    no_token = client.post("/uploads", data={"as_of": "2026-11-25"}, files=files)
    assert no_token.status_code == 403 and "security token" in no_token.text
    token = form_token(client)
    forged = client.post("/uploads", data={"csrf_token": "0" * 64}, files=files)
    assert forged.status_code == 403
    elsewhere = client.post(
        "/uploads",
        data={"csrf_token": token},
        files=files,
        headers={"origin": "http://evil.example"},
    )
    assert elsewhere.status_code == 403 and "another site" in elsewhere.text
    sandboxed = client.post(
        "/uploads", data={"csrf_token": token}, files=files, headers={"origin": "null"}
    )
    assert sandboxed.status_code == 403
    with TestClient(client.app, base_url="http://127.0.0.1:8090") as stranger:
        stranger.get("/")  # its own cookie: our token is not valid with it
        other = stranger.post("/uploads", data={"csrf_token": token}, files=files)
        assert other.status_code == 403
    assert list((work / "uploads").iterdir()) == []

    location, _ = upload_and_check(client, SAMPLE)
    for action in ("dry-run", "import", "delete"):
        refused = client.post(f"{location}/{action}", data={})
        assert refused.status_code == 403, action
        cross = client.post(
            f"{location}/{action}", data={"csrf_token": token}, headers={"origin": "http://x.test"}
        )
        assert cross.status_code == 403, action
    assert client.get(location).status_code == 200  # still there


class _SignedLongAgo(TimestampSigner):
    """Signs as if in September 2001: every token it makes is long expired."""

    def get_timestamp(self) -> int:
        return 1_000_000_000


def _token_of(work: Path, cookie: str, *, secret: bytes | None = None, old: bool = False) -> str:
    """A form token for ``cookie`` made outside the portal (with its key unless ``secret``)."""
    key = secret if secret is not None else (work / "csrf.key").read_bytes()
    signer = _SignedLongAgo if old else TimestampSigner
    salt = f"{csrf.SALT}:{cookie}"
    return URLSafeTimedSerializer(key, salt=salt, signer=signer).dumps(csrf.PURPOSE)


def test_a_forged_missing_or_expired_token_is_refused_with_a_page_saying_so(
    client: TestClient, work: Path
) -> None:
    files = {"workbook": ("sample.xlsx", SAMPLE.read_bytes(), XLSX)}
    token = form_token(client)
    cookie = client.cookies["rtm_portal"]
    assert cookie not in token  # the page never shows the HttpOnly cookie
    tampered = token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB")
    cases = {
        "missing": ({}, "missing its security token"),
        "forged": ({"csrf_token": _token_of(work, cookie, secret=b"k" * 32)}, "does not match"),
        "tampered": ({"csrf_token": tampered}, "does not match"),
        "expired": ({"csrf_token": _token_of(work, cookie, old=True)}, "has expired"),
        "not a token": ({"csrf_token": "0" * 64}, "does not match"),
    }
    for case, (data, said) in cases.items():
        answer = client.post("/uploads", data={**data, "as_of": "2026-11-25"}, files=files)
        assert answer.status_code == 403, case
        assert "<title>" in answer.text and said in answer.text, case
        assert "reload the page and try again" in answer.text, case
    assert list((work / "uploads").iterdir()) == []
    fresh = client.post("/uploads", data={"csrf_token": _token_of(work, cookie)}, files=files)
    assert fresh.status_code == 303  # the same key and cookie, signed now: accepted


def test_only_loopback_host_names_are_served(client: TestClient) -> None:
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 421
    for host in ("127.0.0.1:8090", "localhost:8090", "[::1]:8090"):
        assert client.get("/", headers={"host": host}).status_code == 200, host


def test_pages_forbid_framing_foreign_scripts_and_caching(client: TestClient) -> None:
    headers = client.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    assert headers["x-frame-options"] == "DENY" and headers["cache-control"] == "no-store"
    cookie = headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie


def test_the_token_is_never_shown(tmp_path: Path) -> None:
    secret = "tok-SECRET-4242-never-shown"
    with running_portal(
        tmp_path / "portal", target_url="http://user:pw@127.0.0.1:9/", token=secret
    ) as client:
        location, _ = upload_and_check(client, SAMPLE)
        client.post(f"{location}/dry-run", data={"csrf_token": form_token(client)})
        status = wait_status(client, location, "job", "running")
        assert "cannot reach http://127.0.0.1:9/" in status["job"]["message"]
        pages = [client.get(p).text for p in ("/", "/codes", location, f"{location}/status")]
        for text in pages:
            assert secret not in text and "pw@" not in text
        assert '--token "$RTM_TOKEN"' in html.unescape(pages[2])
        assert "cannot reach http://127.0.0.1:9/" in pages[2]
    assert secret not in repr(client.app.state.portal.settings)
    for path in (tmp_path / "portal").rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


def test_uploads_are_private_randomly_named_and_never_use_the_browsers_name(
    client: TestClient, work: Path
) -> None:
    answer = post_upload(client, SAMPLE.read_bytes(), "../../etc/..\\evil name.xlsx")
    location = answer.headers["location"]
    upload_id = location.rsplit("/", 1)[1]
    folder = work / "uploads" / upload_id
    assert len(upload_id) == 22 and folder.is_dir()
    assert sorted(p.name for p in (work / "uploads").iterdir()) == [upload_id]
    assert (folder / "workbook.xlsx").read_bytes() == SAMPLE.read_bytes()
    for private in (work, work / "uploads", folder):
        assert stat.S_IMODE(private.stat().st_mode) == 0o700, private
    assert stat.S_IMODE((folder / "workbook.xlsx").stat().st_mode) == 0o600
    assert ">evil name.xlsx</a>" in client.get("/").text
    assert client.get("/uploads/..%2F..%2Fetc").status_code == 404
    assert client.get("/uploads/AAAAAAAAAAAAAAAAAAAAAA").status_code == 404


def test_display_names_are_text_only() -> None:
    assert display_name("C:\\Users\\dana\\Book1.xlsx") == "Book1.xlsx"
    assert display_name("../../x.xlsx") == "x.xlsx"
    assert display_name("a\x00b\x1b.xlsx") == "ab.xlsx"
    assert display_name("") == "workbook.xlsx"
    assert len(display_name("x" * 500 + ".xlsx")) == 120


def test_uploads_are_deleted_after_the_keep_time(tmp_path: Path) -> None:
    work = tmp_path / "portal"
    with running_portal(work, keep_seconds=600) as client:
        portal = client.app.state.portal
        now = time.time()
        portal.store.clock = lambda: now  # the portal's time stands still until moved
        location, _ = upload_and_check(client, SAMPLE)
        deadline = time.monotonic() + 60  # the check's worker process exits (and is reaped)
        while portal.busy():
            assert time.monotonic() < deadline, f"workers still busy: {portal.busy()}"
            time.sleep(0.1)
        portal.store.clock = lambda: now + 599  # within the keep time: kept
        assert client.get(location).status_code == 200
        assert portal.store.sweep(portal.busy()) == []
        portal.store.clock = lambda: now + 601  # past it: gone at once, and swept
        assert client.get(location).status_code == 404
        assert portal.store.sweep(portal.busy()) == [location.rsplit("/", 1)[1]]
        assert list((work / "uploads").iterdir()) == []


def test_a_shared_work_folder_is_made_private(tmp_path: Path) -> None:
    work = tmp_path / "shared"
    work.mkdir(mode=0o777)
    work.chmod(0o777)
    with running_portal(work):
        assert stat.S_IMODE(work.stat().st_mode) == 0o700
