"""Beyond loopback the portal needs a login (the real ``rtm web``, Debian's chromium): without
one ``rtm web --host 0.0.0.0`` exits 2 with one line; with one, every page asks for it, a
wrong password is refused and the sixth failure in a row is throttled, the right one lets the
partner in, and the audit log names the user behind an upload."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from playwright.sync_api import Page

from tests.e2e.test_portal_support import SAMPLE, browser, page, pick_file, start_portal

pytestmark = pytest.mark.browser
__all__ = ["browser", "page"]  # fixtures used by the tests below

PASSWORD = "correct horse battery staple"


def test_a_portal_beyond_loopback_without_a_login_is_refused(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "bulk", "web", "--host", "0.0.0.0", "--port", "9"]
    command += ["--work-dir", str(tmp_path / "work")]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, env={})
    assert done.returncode == 2
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "is not loopback: configure a login" in lines[0], done.stderr


def _log_in(page: Page, user: str, password: str) -> None:
    page.fill("#login-user", user)
    page.fill("#login-password", password)
    page.click("#login-button")


def test_login_refusal_throttle_and_success_beyond_loopback(
    page: Page, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RTM_WEB_USER", "anna")
    monkeypatch.setenv("RTM_WEB_PASSWORD_HASH", PasswordHasher().hash(PASSWORD))
    work = tmp_path / "work"
    portal = start_portal(work, "--host", "0.0.0.0")
    try:
        page.goto(portal.url + "/")
        assert page.url.startswith(portal.url + "/login")
        _log_in(page, "anna", "wrong")
        assert "do not match" in page.inner_text("#login-error")
        for _ in range(4):
            _log_in(page, "anna", "still wrong")
        _log_in(page, "anna", PASSWORD)  # the sixth try within 5 minutes: throttled
        assert "Too many failed logins" in page.inner_text("#login-error")
    finally:
        portal.stop()

    second = start_portal(work, "--host", "0.0.0.0")  # a new portal forgets the throttle
    try:
        page.goto(second.url + "/codes")
        _log_in(page, "anna", PASSWORD)
        assert page.url == second.url + "/codes"
        assert page.inner_text("#signed-in") == "anna"
        cookie = next(c for c in page.context.cookies() if c["name"] == "rtm_portal_session")
        assert cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Strict"
        pick_file(page, second, SAMPLE)
        assert page.locator("#verdict").is_visible()
    finally:
        second.stop()
    audit = (work / "audit.log").read_text()
    assert "user=anna action=login-failed" in audit
    assert "user=anna action=login " in audit or "user=anna action=login\n" in audit
    assert "user=anna action=upload" in audit and "name=sample.xlsx" in audit
