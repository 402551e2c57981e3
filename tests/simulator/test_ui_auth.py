"""Dashboard logins and cross-site protection, without a browser: every trainer control answers
401 without the admin login and 403 for a cross-site post, and changes nothing either way."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx2
import itsdangerous
import pytest
from starlette.testclient import TestClient

from simulator.ui.session import COOKIE, CSRF_COOKIE, LIFETIME_SECONDS, signing_key
from tests.simulator.support import ADMIN, bearer
from tests.simulator.ui_support import BASE, Browser, another_browser, dashboard_app, problem_codes

SMOKE_ADMIN = "smoke-acme-full-admin"
SMOKE_READER = "smoke-acme-read-only"
EVIL = "http://evil.example"


@pytest.fixture
def client(tmp_path: Path) -> Iterator[TestClient]:
    """A simulator with the smoke pack loaded and transitions manual (nothing moves alone)."""
    with dashboard_app(tmp_path) as test_client:
        admin = bearer(ADMIN)
        assert test_client.post("/_sim/scenarios/smoke", headers=admin).status_code == 200
        answer = test_client.put("/_sim/transitions", json={"mode": "manual"}, headers=admin)
        assert answer.status_code == 200
        yield test_client


def _state(client: TestClient) -> dict[str, Any]:
    """Everything a trainer control could change, read through the control plane and the API."""
    admin = bearer(ADMIN)
    customers = client.get("/v1/wholesale/customers", headers=bearer(SMOKE_ADMIN)).json()
    return {
        "offset": round(client.get("/_sim/clock", headers=admin).json()["offsetSeconds"]),
        "faults": client.get("/_sim/faults", headers=admin).json(),
        "transitions": client.get("/_sim/transitions", headers=admin).json(),
        "partners": client.get("/_sim/partners", headers=admin).json(),
        "customers": sorted((c["externalId"], c["status"]) for c in customers["items"]),
    }


def _pending_ids(client: TestClient) -> tuple[str, str]:
    listing = client.get(
        "/v1/wholesale/customers", params={"status": "provisioning"}, headers=bearer(SMOKE_ADMIN)
    )
    return "1", listing.json()["items"][0]["id"]


def _controls(client: TestClient) -> list[tuple[str, dict[str, str]]]:
    partner, customer = _pending_ids(client)
    return [
        ("/ui/trainer/scenario", {"scenario": "smoke"}),
        ("/ui/trainer/reset", {}),
        ("/ui/trainer/clock", {"step": "hour"}),
        ("/ui/trainer/clock", {"step": "business-day", "country": "US"}),
        ("/ui/trainer/clock", {"step": "month-end"}),
        ("/ui/trainer/faults", {"preset": "flaky-network"}),
        ("/ui/trainer/transitions", {"mode": "immediate", "delaySeconds": "0"}),
        (f"/ui/partners/{partner}/customers/{customer}/advance", {}),
        (f"/ui/partners/{partner}/assist/no-such-request/advance", {"action": "accept"}),
    ]


def test_every_control_needs_the_admin_login(client: TestClient) -> None:
    before = _state(client)
    anonymous = Browser(client)
    for path, data in _controls(client):
        answer = anonymous.post(path, data)
        assert answer.status_code == 401, path
        assert problem_codes(answer.text) == ["dashboard-login-required"], path
    partner = Browser(client)
    partner.login_partner(SMOKE_ADMIN)
    for path, data in _controls(client):
        answer = partner.post(path, data)
        assert answer.status_code == 401, path
    assert _state(client) == before


@pytest.mark.parametrize(
    ("origin", "referer", "token"),
    [
        (EVIL, None, "page"),  # another site, even with a valid token
        ("null", None, "page"),  # a sandboxed or file: page
        (None, None, "page"),  # no Origin and no Referer at all
        (None, f"{EVIL}/ui/trainer", "page"),  # Referer from another site
        (BASE, None, ""),  # this origin but no CSRF token
        (BASE, None, "forged-token"),  # this origin, a token that is not the session's
    ],
)
def test_cross_site_controls_are_refused(
    client: TestClient, origin: str | None, referer: str | None, token: str
) -> None:
    trainer = Browser(client)
    trainer.login_admin()
    before = _state(client)
    for path, data in _controls(client):
        csrf = None if token == "page" else token
        answer = trainer.post(path, data, csrf=csrf, origin=origin, referer=referer)
        assert answer.status_code == 403, (path, answer.text)
        assert problem_codes(answer.text) == ["dashboard-form-refused"], path
    assert _state(client) == before


def test_a_token_of_another_session_is_refused(client: TestClient) -> None:
    trainer, other = Browser(client), another_browser(client)
    trainer.login_admin()
    stolen = other.csrf()
    before = _state(client)
    answer = trainer.post("/ui/trainer/clock", {"step": "hour"}, csrf=stolen)
    assert answer.status_code == 403
    assert _state(client) == before


def test_same_origin_referer_without_origin_is_accepted(client: TestClient) -> None:
    trainer = Browser(client)
    trainer.login_admin()
    before = _state(client)["offset"]
    answer = trainer.post(
        "/ui/trainer/clock", {"step": "hour"}, origin=None, referer=f"{BASE}/ui/trainer"
    )
    assert answer.status_code == 200, answer.text
    assert _state(client)["offset"] - before in (3600, 3601)


def test_a_cross_site_partner_form_creates_nothing(client: TestClient) -> None:
    partner = Browser(client)
    partner.login_partner(SMOKE_ADMIN)
    before = _state(client)
    body = {"externalId": "evil-co", "customerInfo.name": "Evil", "packages": "webex_meetings"}
    answer = partner.post("/ui/partners/1/customers", body, origin=EVIL)
    assert answer.status_code == 403
    assert _state(client) == before


def test_pages_need_a_login(client: TestClient) -> None:
    anonymous = Browser(client)
    for path in ("/ui/trainer", "/ui/calls", "/ui/partners/1", "/ui/partners/1/customers"):
        answer = anonymous.get(path)
        assert answer.status_code == 401, path
        assert problem_codes(answer.text) == ["dashboard-login-required"]
        assert 'name="kind" value="admin"' in answer.text  # the login forms are offered
    assert anonymous.get("/ui").status_code == 200


def test_a_partner_sees_only_its_own_pages(client: TestClient) -> None:
    partner = Browser(client)
    landing = partner.login_partner(SMOKE_ADMIN)
    assert landing.headers["location"].endswith("/ui/partners/1")
    assert partner.get("/ui/partners/1/customers").status_code == 200
    foreign = partner.get("/ui/partners/2/customers")
    assert foreign.status_code == 404
    assert problem_codes(foreign.text) == ["api-not-found"]
    assert partner.get("/ui/trainer").status_code == 401


def test_a_read_only_role_cannot_use_forms(client: TestClient) -> None:
    reader = Browser(client)
    reader.login_partner(SMOKE_READER)
    assert reader.get("/ui/partners/1/customers").status_code == 200
    refused = reader.get("/ui/partners/1/customers/new")
    assert refused.status_code == 403
    assert problem_codes(refused.text) == ["api-forbidden"]
    before = _state(client)
    posted = reader.post("/ui/partners/1/customers", {"externalId": "x"})
    assert posted.status_code == 403
    assert _state(client) == before


def test_the_trainer_alone_cannot_use_partner_forms(client: TestClient) -> None:
    trainer = Browser(client)
    trainer.login_admin()
    assert trainer.get("/ui/partners/1/customers").status_code == 200
    refused = trainer.get("/ui/partners/1/customers/new")
    assert refused.status_code == 401
    assert problem_codes(refused.text) == ["dashboard-login-required"]


def test_a_wrong_token_is_refused_at_its_field(client: TestClient) -> None:
    visitor = Browser(client)
    for kind in ("admin", "partner"):
        answer = visitor.post("/ui/login", {"kind": kind, "token": "not-a-token"})
        assert answer.status_code == 401
        assert problem_codes(answer.text) == ["api-unauthorized"]
    assert visitor.get("/ui/trainer").status_code == 401


def test_logout_forgets_both_logins(client: TestClient) -> None:
    browser = Browser(client)
    browser.login_admin()
    browser.login_partner(SMOKE_ADMIN)
    assert browser.get("/ui/trainer").status_code == 200
    assert browser.post("/ui/logout", {}).status_code == 303
    assert browser.get("/ui/trainer").status_code == 401
    assert browser.get("/ui/partners/1").status_code == 401


def _set_cookies(answer: httpx2.Response) -> dict[str, str]:
    found = {}
    for line in answer.headers.get_list("set-cookie"):
        found[line.split("=", 1)[0]] = line.lower()
    return found


def test_the_cookies_are_same_site_strict_and_the_session_http_only(client: TestClient) -> None:
    browser = Browser(client)
    page = browser.get("/ui")
    assert CSRF_COOKIE in _set_cookies(page)  # the login forms carry a token
    assert "samesite=strict" in _set_cookies(page)[CSRF_COOKIE]
    session = _set_cookies(browser.login_admin())[COOKIE]
    assert "httponly" in session
    assert "samesite=strict" in session
    assert "path=/" in session
    assert f"max-age={LIFETIME_SECONDS}" in session
    assert page.headers["x-frame-options"] == "DENY"
    assert "form-action 'self'" in page.headers["content-security-policy"]


def _signed(value: dict[str, Any], key: str, at: int) -> str:
    class Then(itsdangerous.TimestampSigner):
        def get_timestamp(self) -> int:
            return at

    payload = base64.b64encode(json.dumps(value).encode())
    return Then(key).sign(payload).decode()


def test_a_tampered_forged_or_expired_cookie_is_an_anonymous_visit(client: TestClient) -> None:
    browser = Browser(client)
    browser.login_admin()
    value = client.cookies[COOKIE]
    key = signing_key(client.app.state.runtime, "session")  # type: ignore[attr-defined]
    now = int(time.time())
    assert browser.get("/ui/trainer").status_code == 200
    forged = _signed({"admin": True}, "wrong key", now)
    expired = _signed({"admin": True}, key, now - LIFETIME_SECONDS - 60)
    for bad in (forged, expired, value[::-1], "garbage", value.rsplit(".", 1)[0]):
        client.cookies.clear()
        client.cookies.set(COOKIE, bad)
        assert browser.get("/ui/trainer").status_code == 401, bad
    client.cookies.clear()
    client.cookies.set(COOKIE, _signed({"admin": True}, key, now))
    assert browser.get("/ui/trainer").status_code == 200


def test_a_post_without_any_cookie_is_refused(client: TestClient) -> None:
    before = _state(client)
    answer = client.post(
        "/ui/trainer/clock",
        data={"step": "hour", "csrf": "x"},
        headers={"Origin": BASE},
        follow_redirects=False,
    )
    assert answer.status_code == 403
    assert problem_codes(answer.text) == ["dashboard-form-refused"]
    assert _state(client) == before


def test_dashboard_routes_stay_out_of_the_openapi_description(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p.startswith("/ui")]
