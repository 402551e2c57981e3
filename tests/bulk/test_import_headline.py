"""The shared import headline: one of four import verdicts, a dry run that never passes with a
row unchecked or failed, and failures grouped by code with one instruction."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bulk.importer import ImportReport, RowOutcome, Verdict, failure_groups, report_headline

STATUSES = ("done", "unchanged", "failed", "planned", "sent")
DRY_STATUSES = ("checked", "exists", "failed", "not checked")


def _report(statuses: list[str], dry_run: bool) -> ImportReport:
    outcomes = [
        RowOutcome(
            "Subscribers", i + 2, f"k{i}", s, error_code="api-conflict" if s == "failed" else None
        )
        for i, s in enumerate(statuses)
    ]
    return ImportReport(outcomes, dry_run)


@settings(derandomize=True, max_examples=200)
@given(st.lists(st.sampled_from(STATUSES), max_size=30))
def test_an_import_is_done_only_when_every_row_is(statuses: list[str]) -> None:
    headline = report_headline(_report(statuses, dry_run=False))
    if "failed" in statuses:
        assert headline.verdict is Verdict.FAILED_ROWS
        assert f"{statuses.count('failed')} failed row" in headline.text
    elif {"planned", "sent"} & set(statuses):
        assert headline.verdict is Verdict.STOPPED
    else:
        assert headline.verdict is Verdict.DONE and headline.ok


@settings(derandomize=True, max_examples=200)
@given(st.lists(st.sampled_from(DRY_STATUSES), max_size=30))
def test_a_dry_run_passes_only_when_every_row_was_checked_and_none_fails(
    statuses: list[str],
) -> None:
    headline = report_headline(_report(statuses, dry_run=True))
    passed = "failed" not in statuses and "not checked" not in statuses
    assert headline.ok == passed
    assert ("passed" in headline.text) == passed
    assert "nothing was changed" in headline.text


def test_identical_failures_are_one_group_with_the_request_to_send() -> None:
    message = "Partner x has not ordered the A-Wholesale SKU."
    outcomes = [
        RowOutcome("Setup Assist", row, f"a{row}", "failed", None, "assist-not-entitled", message)
        for row in range(2, 10)
    ] + [RowOutcome("Subscribers", 3, "s", "failed", None, "api-conflict", "taken")]
    groups = failure_groups(outcomes)
    assert [(g.code, g.count) for g in groups] == [("assist-not-entitled", 8), ("api-conflict", 1)]
    first = groups[0]
    assert first.title == "A-Wholesale not ordered" and first.messages == (message,)
    assert "POST /v1/wholesale/setupAssist/entitlement" in first.instruction
    assert '"sku": "A-Wholesale"' in first.instruction


@settings(derandomize=True, max_examples=200)
@given(st.lists(st.sampled_from((*DRY_STATUSES, "not-updatable")), max_size=30))
def test_a_dry_run_names_rows_with_a_change_the_api_cannot_make(statuses: list[str]) -> None:
    headline = report_headline(_report(statuses, dry_run=True))
    blocked = statuses.count("not-updatable")
    if blocked:
        assert headline.verdict is Verdict.WOULD_FAIL and not headline.ok
        noun = "row" if blocked == 1 else "rows"
        assert f"{blocked} {noun} with a change the API cannot make" in headline.text
    else:
        assert "cannot make" not in headline.text
