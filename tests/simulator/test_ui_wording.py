"""How the dashboard words values: shortened ids and paths keep what tells them apart, counted
nouns agree with their number, the clock offset reads back to within an hour, and a refused
fault plan points at the character where it went wrong."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.faults import FaultPlan
from simulator.ui.fault_editor import PlanError, read_plan
from simulator.ui.wording import (
    LONG_SEGMENT,
    counted,
    duration_text,
    offset_text,
    short_id,
    short_path,
)

SETTINGS = settings(derandomize=True, max_examples=200, deadline=None)
SEGMENT = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_=",
    min_size=1,
    max_size=60,
)


@SETTINGS
@given(st.lists(SEGMENT, min_size=1, max_size=6))
def test_short_paths_cut_only_long_segments(segments: list[str]) -> None:
    path = "/" + "/".join(segments)
    shown = short_path(path).split("/")[1:]
    assert len(shown) == len(segments)
    for original, short in zip(segments, shown, strict=True):
        if len(original) <= LONG_SEGMENT:
            assert short == original
        else:
            assert short == original[:8] + "…"


@SETTINGS
@given(st.uuids())
def test_short_tracking_ids_keep_their_prefix_and_first_characters(value: object) -> None:
    full = f"SIM_{value}"
    assert short_id(full) == full[:12] + "…"
    assert short_id("SIM_abc") == "SIM_abc"


@SETTINGS
@given(st.integers(min_value=0, max_value=10_000), st.sampled_from(["day", "business day"]))
def test_counted_nouns_agree_with_their_number(count: int, noun: str) -> None:
    text = counted(count, noun)
    assert text == (f"1 {noun}" if count == 1 else f"{count} {noun}s")


@SETTINGS
@given(st.integers(min_value=-400 * 86_400, max_value=400 * 86_400))
def test_the_clock_offset_reads_back_to_within_an_hour(seconds: int) -> None:
    text = offset_text(seconds)
    if abs(seconds) < 60:
        assert text == "in step with real time"
        return
    found = re.fullmatch(
        r"(?:(\d+) days? ?)?(?:(\d+) hours? ?)?(?:(\d+) minutes? )?(ahead of|behind) real time",
        text,
    )
    assert found, text
    days, hours, minutes = (int(part or 0) for part in found.groups()[:3])
    size = days * 86_400 + hours * 3_600 + minutes * 60
    assert 0 <= abs(seconds) - size < (3_600 if abs(seconds) >= 3_600 else 60)
    assert found.group(4) == ("ahead of" if seconds > 0 else "behind")


VALID = json.dumps({"seed": 3, "rules": [{"route": "/v1/*", "status": 503, "rate": 0.5}]}, indent=2)


@SETTINGS
@given(st.integers(min_value=0, max_value=len(VALID) - 1), st.sampled_from(["@", "#", "~"]))
def test_a_broken_plan_points_at_a_character_of_what_was_typed(at: int, junk: str) -> None:
    typed = VALID[:at] + junk + VALID[at:]
    found = read_plan(typed)
    if isinstance(found, FaultPlan):  # the junk landed inside a string: still a plan
        return
    located = [e for e in found if isinstance(e, PlanError) and e.located]
    if not located:  # valid JSON, not a valid plan: named by field instead
        assert all(e.message for e in found)
        return
    error = located[0]
    assert 0 <= error.offset <= len(typed)
    assert typed.split("\n")[error.line - 1] == error.line_text
    assert error.offset == at  # the cursor lands on the junk itself


@SETTINGS
@given(st.integers(min_value=0, max_value=30 * 86_400))
def test_a_delay_reads_back_exactly(seconds: int) -> None:
    text = duration_text(seconds)
    units = {"hour": 3_600, "minute": 60, "second": 1}
    parts = re.findall(r"(\d+) (hour|minute|second)s?", text)
    assert " ".join(f"{n} {u}" for n, u in parts) == re.sub(r"(hour|minute|second)s", r"\1", text)
    assert sum(int(n) * units[u] for n, u in parts) == seconds
    assert duration_text(1800) == "30 minutes"
