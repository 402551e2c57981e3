"""Properties of wire ids, fault draws, durations and fault-rule matching."""

from __future__ import annotations

import uuid
from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from simulator import ids
from simulator.clock import parse_duration
from simulator.faults import FaultRule, draw

KINDS = st.sampled_from([ids.CUSTOMER, ids.SUBSCRIBER, ids.LOCATION, ids.BILLING_REPORT])


@given(KINDS, st.uuids())
def test_ids_round_trip_without_padding(kind: str, value: uuid.UUID) -> None:
    wire = ids.encode(kind, value)
    assert "=" not in wire and "+" not in wire and "/" not in wire
    assert ids.decode(wire) == (kind, str(value))


@given(st.text(max_size=40))
def test_decode_never_raises(text: str) -> None:
    decoded = ids.decode(text)
    assert decoded is None or isinstance(decoded, tuple)


def test_derived_ids_are_stable() -> None:
    first = ids.derived_id(ids.LICENSE, "customer", "webex_calling")
    assert first == ids.derived_id(ids.LICENSE, "customer", "webex_calling")
    assert first != ids.derived_id(ids.LICENSE, "customer", "webex_meetings")


@given(st.integers(), st.text(max_size=5), st.integers(min_value=1, max_value=10**6))
def test_draws_repeat_and_stay_in_range(seed: int, rule: str, counter: int) -> None:
    value = draw(seed, rule, counter)
    assert 0 <= value < 1
    assert value == draw(seed, rule, counter)


def test_draw_rate_is_about_right() -> None:
    hits = sum(draw(7, "0", n) < 0.2 for n in range(1, 5001))
    assert 850 <= hits <= 1150


@given(st.integers(min_value=0, max_value=400), st.integers(min_value=0, max_value=23))
def test_durations(days: int, hours: int) -> None:
    assert parse_duration(f"P{days}DT{hours}H") == timedelta(days=days, hours=hours)


def test_not_durations() -> None:
    for text in ("6 days", "", "P", "PT", "1D", "P1Y2X"):
        assert parse_duration(text) is None


def test_fault_rules_match_method_and_glob() -> None:
    rule = FaultRule.model_validate(
        {"method": "post", "route": "/v1/wholesale/subscribers*", "status": 429}
    )
    assert rule.matches("POST", "/v1/wholesale/subscribers")
    assert rule.matches("POST", "/v1/wholesale/subscribers/abc")
    assert not rule.matches("GET", "/v1/wholesale/subscribers")
    assert not rule.matches("POST", "/v1/wholesale/customers")
    assert FaultRule.model_validate({"route": "/v1/*"}).matches("DELETE", "/v1/x")
