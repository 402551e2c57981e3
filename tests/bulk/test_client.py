"""The API client against scripted HTTP answers (httpx2.MockTransport): typed errors, retries,
Retry-After, backoff limits, paging, create-or-find after an ambiguous failure."""

from __future__ import annotations

import asyncio
import json
import random
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from typing import Any

import httpx2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bulk.client import (
    ApiSession,
    ApiStatusError,
    ApiUnreachable,
    AuthenticationFailed,
    RateLimited,
    ResourceNotFound,
    RetryPolicy,
    ServerFailure,
    WholesaleClient,
    parse_retry_after,
)

Handler = Callable[[httpx2.Request], httpx2.Response]


def webex_error(status: int, code: str, message: str, tracking: str = "T-1") -> httpx2.Response:
    """A Webex-shaped error answer."""
    body = {
        "message": message,
        "errors": [{"errorCode": 7005, "code": code, "description": message}],
        "trackingId": tracking,
    }
    return httpx2.Response(status, json=body, headers={"TrackingID": tracking})


class Script:
    """Answers requests from a list of responses in order and records what was asked."""

    def __init__(self, *answers: httpx2.Response | Handler) -> None:
        self.answers = list(answers)
        self.requests: list[httpx2.Request] = []

    def __call__(self, request: httpx2.Request) -> httpx2.Response:
        self.requests.append(request)
        answer = self.answers.pop(0)
        return answer(request) if callable(answer) else answer


def client_for(
    handler: Handler, policy: RetryPolicy | None = None
) -> tuple[WholesaleClient, list[float]]:
    """A client over a mock transport whose sleeps are recorded instead of waited."""
    slept: list[float] = []

    async def sleep(seconds: float) -> None:
        slept.append(seconds)

    http = httpx2.AsyncClient(transport=httpx2.MockTransport(handler), base_url="http://api")
    session = ApiSession(
        http, "tok", retry=policy or RetryPolicy(rng=random.Random(1)), sleep=sleep
    )
    return WholesaleClient(session, sleep=sleep, poll_interval=0.01), slept


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_error_body_becomes_a_typed_error_with_code_message_and_tracking_id() -> None:
    script = Script(webex_error(409, "row-duplicate-key", "External ID 'a' exists.", "TR-9"))
    api, _ = client_for(script)
    with pytest.raises(ApiStatusError) as caught:
        run(api.update_customer("c1", {"packages": []}))
    error = caught.value
    assert (error.status, error.code, error.error_code) == (409, "row-duplicate-key", 7005)
    assert error.message == "External ID 'a' exists."
    assert error.tracking_id == "TR-9"
    assert len(script.requests) == 1  # a 409 is final


def test_bearer_token_is_sent_and_401_is_authentication_failed() -> None:
    script = Script(webex_error(401, "api-unauthorized", "A valid bearer token is required."))
    api, _ = client_for(script)
    with pytest.raises(AuthenticationFailed):
        run(api.check_access())
    assert script.requests[0].headers["Authorization"] == "Bearer tok"


def test_404_is_resource_not_found_and_delete_of_a_missing_subscriber_is_fine() -> None:
    script = Script(
        webex_error(404, "api-not-found", "gone"), webex_error(404, "api-not-found", "gone")
    )
    api, slept = client_for(script)
    with pytest.raises(ResourceNotFound):
        run(api.get_customer("nope"))
    assert run(api.delete_subscriber("nope")) is None  # already gone counts as deleted
    asked = [(r.method, r.url.path) for r in script.requests]
    assert asked == [
        ("GET", "/v1/wholesale/customers/nope"),
        ("DELETE", "/v1/wholesale/subscribers/nope"),
    ]
    assert slept == [] and script.answers == []  # a 404 is final: no retry


def test_429_honours_retry_after_then_succeeds() -> None:
    limited = httpx2.Response(429, headers={"Retry-After": "3"}, json={"message": "slow down"})
    script = Script(
        limited, limited, httpx2.Response(200, json={"id": "c1", "status": "provisioned"})
    )
    api, slept = client_for(script)
    customer = run(api.get_customer("c1"))
    assert customer.status == "provisioned"
    assert slept == [3.0, 3.0]


def test_423_is_retried_like_429_and_retry_after_is_capped() -> None:
    locked = httpx2.Response(423, headers={"Retry-After": "600"})
    script = Script(locked, httpx2.Response(200, json={"id": "c1", "status": "provisioned"}))
    api, slept = client_for(script, RetryPolicy(max_retry_after=30.0))
    run(api.get_customer("c1"))
    assert slept == [30.0]


def test_5xx_backs_off_exponentially_with_jitter_and_gives_up_at_the_limit() -> None:
    policy = RetryPolicy(max_attempts=4, base_delay=1.0, max_delay=3.0, rng=random.Random(5))
    script = Script(*[httpx2.Response(503, json={"message": "down"}) for _ in range(4)])
    api, slept = client_for(script, policy)
    with pytest.raises(ServerFailure):
        run(api.get_customer("c1"))
    assert len(script.requests) == 4
    ceilings = [1.0, 2.0, 3.0]
    assert len(slept) == 3
    for waited, ceiling in zip(slept, ceilings, strict=True):
        assert ceiling / 2 <= waited <= ceiling


def test_a_400_is_final_and_not_retried() -> None:
    script = Script(webex_error(400, "api-invalid-request", "bad"))
    api, slept = client_for(script)
    with pytest.raises(ApiStatusError):
        run(api.precheck_customer({"address": {}}))
    assert len(script.requests) == 1 and slept == []


def test_ambiguous_create_failure_looks_up_before_sending_again() -> None:
    """A 500 on POST may have created the customer: the client finds it instead of re-POSTing."""
    found = {"items": [{"id": "c-7", "externalId": "ext-7", "status": "provisioning"}]}
    script = Script(
        httpx2.Response(500, json={"message": "oops"}), httpx2.Response(200, json=found)
    )
    api, _ = client_for(script)
    assert run(api.create_customer({"externalId": "ext-7"})) == "c-7"
    assert [r.method for r in script.requests] == ["POST", "GET"]
    assert script.requests[1].url.params["externalId"] == "ext-7"


def test_ambiguous_create_failure_sends_again_when_the_lookup_finds_nothing() -> None:
    accepted = httpx2.Response(
        202, headers={"Location": "http://api/v1/wholesale/customers/c-8"}, json={"url": "x"}
    )
    script = Script(
        httpx2.Response(502),
        httpx2.Response(200, json={"items": []}),
        accepted,
    )
    api, slept = client_for(script)
    assert run(api.create_customer({"externalId": "ext-8"})) == "c-8"
    assert [r.method for r in script.requests] == ["POST", "GET", "POST"]
    assert len(slept) == 1


def test_connection_never_made_is_retried_even_for_a_create() -> None:
    calls: list[int] = []

    def handler(request: httpx2.Request) -> httpx2.Response:
        calls.append(1)
        if len(calls) == 1:
            raise httpx2.ConnectError("refused", request=request)
        return httpx2.Response(200, json={"id": "s1", "email": "a@b.c", "status": "provisioned"})

    api, _ = client_for(handler)
    subscriber = run(api.create_subscriber({"email": "a@b.c", "customerId": "c1"}))
    assert subscriber.id == "s1" and len(calls) == 2


def test_unreachable_after_the_limit_names_the_url() -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        raise httpx2.ConnectError("Connection refused", request=request)

    api, _ = client_for(handler, RetryPolicy(max_attempts=2))
    with pytest.raises(ApiUnreachable) as caught:
        run(api.get_customer("c1"))
    assert "http://api" in str(caught.value) and caught.value.sent is False


def test_listing_follows_link_next_across_pages() -> None:
    def page(items: list[str], next_url: str | None) -> httpx2.Response:
        headers = {"Link": f'<{next_url}>; rel="next"'} if next_url else {}
        body = {"items": [{"id": i, "email": f"{i}@x.org", "status": "provisioned"} for i in items]}
        return httpx2.Response(200, json=body, headers=headers)

    script = Script(
        page(["a", "b"], "http://api/v1/wholesale/subscribers?customerId=c&offset=2&max=2"),
        page(["c", "d"], "http://api/v1/wholesale/subscribers?customerId=c&offset=4&max=2"),
        page(["e"], None),
    )
    api, _ = client_for(script)
    found = run(api.list_subscribers("c"))
    assert [s.id for s in found] == ["a", "b", "c", "d", "e"]
    assert script.requests[2].url.params["offset"] == "4"


def test_customer_poll_waits_for_a_terminal_status() -> None:
    statuses = ["provisioning", "provisioning", "provisioned"]
    script = Script(
        *[httpx2.Response(200, json={"id": "c", "status": s, "orgId": "o"}) for s in statuses]
    )
    api, slept = client_for(script)
    customer = run(api.wait_for_customer("c"))
    assert customer.status == "provisioned" and customer.org_id == "o"
    assert len(slept) == 2 and slept[1] > slept[0]


def test_request_bodies_are_json() -> None:
    def handler(request: httpx2.Request) -> httpx2.Response:
        assert request.headers["Content-Type"] == "application/json"
        return httpx2.Response(201, json={"id": "loc-1", **json.loads(request.content)})

    api, _ = client_for(handler)
    assert run(api.create_location("org", {"name": "HQ"})) == "loc-1"


def test_retry_after_as_an_http_date() -> None:
    now = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
    assert parse_retry_after(format_datetime(now + timedelta(seconds=42), usegmt=True), now) == 42
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None
    assert parse_retry_after("-5") == 0.0


@given(
    failures=st.integers(min_value=1, max_value=40),
    base=st.floats(min_value=0.01, max_value=2.0),
    cap=st.floats(min_value=0.5, max_value=30.0),
    seed=st.integers(),
)
def test_backoff_stays_between_half_and_the_capped_exponential(
    failures: int, base: float, cap: float, seed: int
) -> None:
    policy = RetryPolicy(base_delay=base, max_delay=cap, rng=random.Random(seed))
    ceiling = min(cap, base * 2 ** (failures - 1))
    delay = policy.delay(ServerFailure(503, "x"), failures)
    assert ceiling / 2 <= delay <= ceiling


@given(retry_after=st.one_of(st.none(), st.floats(min_value=0, max_value=1e6)))
def test_rate_limit_delay_is_retry_after_capped(retry_after: float | None) -> None:
    policy = RetryPolicy(max_retry_after=60.0, default_retry_after=1.0)
    delay = policy.delay(RateLimited(429, "x", retry_after=retry_after), 1)
    expected = 1.0 if retry_after is None else min(retry_after, 60.0)
    assert delay == expected


def test_rate_limits_have_their_own_larger_bound() -> None:
    policy = RetryPolicy(max_attempts=2, max_rate_limited=5)
    limited = RateLimited(429, "x")
    assert policy.should_retry(limited, failures=0, rate_limited=4)
    assert not policy.should_retry(limited, failures=0, rate_limited=5)
    assert not policy.should_retry(ServerFailure(500, "x"), failures=2, rate_limited=0)
    assert not policy.should_retry(ApiStatusError(400, "x"), failures=1, rate_limited=0)
