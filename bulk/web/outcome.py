"""What the page keeps of a finished dry run or import (JSON in the upload folder): the shared
headline (:mod:`bulk.importer.headline`), per-phase counts with the failed rows apart, the
failures grouped by code with one instruction each, and the rows a dry run could not check."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from bulk.importer import ImportReport, failure_groups, report_headline, unchecked_groups
from bulk.schema import SETUP_ASSIST, SHEETS

__all__ = ["OK_STATUSES", "ROWS_SHOWN", "outcome_summary", "where"]

OK_STATUSES = frozenset({"done", "unchanged", "checked", "exists"})
ROWS_SHOWN = 12
"""Rows named per group (the result workbook has them all)."""
ASSIST_SHOWN = 200
"""Setup Assist requests whose SKU and deadline a dry run lists."""


def where(rows: tuple[tuple[str, int], ...]) -> str:
    """``Setup Assist rows 2, 3, 4 · Subscribers row 7`` (at most :data:`ROWS_SHOWN` rows)."""
    by_sheet: dict[str, list[int]] = {}
    for sheet, row in rows[:ROWS_SHOWN]:
        by_sheet.setdefault(sheet, []).append(row)
    parts = [
        f"{sheet} row{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))}"
        for sheet, numbers in by_sheet.items()
    ]
    more = len(rows) - ROWS_SHOWN
    return " · ".join(parts) + (f" and {more:,} more" if more > 0 else "")


def _phases(report: ImportReport) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for sheet in SHEETS:
        mine = [o for o in report.outcomes if o.sheet == sheet.name]
        ok = sum(1 for o in mine if o.status in OK_STATUSES)
        failed = sum(1 for o in mine if o.status == "failed")
        found.append(
            {
                "name": sheet.name,
                "total": len(mine),
                "ok": ok,
                "failed": failed,
                "other": len(mine) - ok - failed,
            }
        )
    return found


def outcome_summary(report: ImportReport, finished_at: datetime | None = None) -> dict[str, Any]:
    """The finished run as the page shows it."""
    headline = report_headline(report)
    groups = [
        {
            "code": g.code,
            "title": g.title,
            "count": g.count,
            "where": where(g.rows),
            "messages": list(g.messages),
            "instruction": g.instruction,
        }
        for g in failure_groups(report.outcomes)
    ]
    unchecked = [
        {"reason": g.reason, "count": g.count, "where": where(g.rows)}
        for g in unchecked_groups(report.outcomes)
    ]
    return {
        "finished_at": (finished_at or datetime.now(UTC)).isoformat(timespec="seconds"),
        "ok": headline.ok,
        "verdict": str(headline.verdict),
        "headline": headline.text,
        "phases": _phases(report),
        "groups": groups,
        "unchecked": unchecked,
        "assist": [
            {"row": o.row, "key": o.key, "status": o.status, "detail": o.detail}
            for o in report.outcomes
            if o.sheet == SETUP_ASSIST.name and o.detail
        ][:ASSIST_SHOWN],
        "failed_total": len(report.attention),  # failed and not-updatable
        "requests": report.requests_this_run,
        "changed": report.changed_this_run,
    }
