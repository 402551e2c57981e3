"""The one-line verdict of a dry run or an import, shared by ``rtm import`` and the portal so
both say the same thing, and the failures grouped by code with one instruction each.

An import is *finished, every row done*, *finished with N failed rows*, *stopped* or *waiting
on the API*; a dry run *passed* only when every row was checked and none would fail."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from bulk.importer.outcome import ImportReport, RowOutcome
from bulk.rules.catalogue import CATALOGUE

__all__ = [
    "FailureGroup",
    "Headline",
    "UncheckedGroup",
    "Verdict",
    "failure_groups",
    "report_headline",
    "stopped_headline",
    "unchecked_groups",
    "waiting_headline",
]

_UNFINISHED = frozenset({"planned", "sent"})


class Verdict(StrEnum):
    """What a run came to."""

    DONE = "done"
    FAILED_ROWS = "failed-rows"
    STOPPED = "stopped"
    WAITING = "waiting"
    PASSED = "passed"
    WOULD_FAIL = "would-fail"
    UNCHECKED = "unchecked"


@dataclass(frozen=True, slots=True)
class Headline:
    """The verdict and the sentence that says it."""

    verdict: Verdict
    text: str

    @property
    def ok(self) -> bool:
        """Every row done (an import) or checked without a failure (a dry run)."""
        return self.verdict in (Verdict.DONE, Verdict.PASSED)


def _rows(n: int) -> str:
    return f"{n:,} row{'s' if n != 1 else ''}"


def report_headline(report: ImportReport) -> Headline:
    """The headline of a run that returned its report."""
    failed = len(report.failed)
    if report.dry_run:
        return _dry_run_headline(report.outcomes, failed)
    unfinished = sum(1 for o in report.outcomes if o.status in _UNFINISHED)
    blocked = len(report.attention) - failed  # rows with a change the API cannot make
    if failed or blocked:
        parts = [f"{failed:,} failed row{'s' if failed != 1 else ''}"] if failed else []
        if blocked:
            parts.append(f"{_rows(blocked)} with a change the API cannot make")
        rest = f"; {_rows(unfinished)} not done" if unfinished else ""
        return Headline(Verdict.FAILED_ROWS, f"Import finished with {' and '.join(parts)}{rest}.")
    if unfinished:
        return stopped_headline(f"{_rows(unfinished)} not done; resume to finish them")
    total = len(report.outcomes)
    return Headline(Verdict.DONE, f"Import finished, every row done ({_rows(total)}).")


def _dry_run_headline(outcomes: list[RowOutcome], failed: int) -> Headline:
    unchecked = sum(1 for o in outcomes if o.status == "not checked")
    blocked = sum(1 for o in outcomes if o.status == "not-updatable")
    tail = "; nothing was changed."
    if failed or blocked:
        parts = [f"{_rows(failed)} would fail"] if failed else []
        if blocked:
            parts.append(f"{_rows(blocked)} with a change the API cannot make")
        if unchecked:
            parts.append(f"{_rows(unchecked)} not checked")
        return Headline(Verdict.WOULD_FAIL, f"Dry run: {', '.join(parts)}{tail}")
    if unchecked:
        return Headline(
            Verdict.UNCHECKED, f"Dry run incomplete: {_rows(unchecked)} not checked{tail}"
        )
    return Headline(Verdict.PASSED, f"Dry run passed: all {_rows(len(outcomes))} checked{tail}")


def stopped_headline(reason: str) -> Headline:
    """An import that ended before every row was tried (refused, cancelled, crashed)."""
    return Headline(Verdict.STOPPED, f"Import stopped: {reason}.")


def waiting_headline(what: str, rows: int, since: str) -> Headline:
    """An import whose rows wait on the API (provisioning, retries after 429/503)."""
    return Headline(
        Verdict.WAITING, f"Import waiting on the API: {_rows(rows)} {what} since {since}."
    )


_ENTITLEMENT = (
    'POST /v1/wholesale/setupAssist/entitlement {"sku": "A-Wholesale", "quantity": 1, '
    '"orderNumber": "<your order number>"}'
)
_READINESS = (
    'PUT /v1/wholesale/setupAssist/readiness {"pstnConnectivity": true, '
    '"hostingRequirements": true, "ossBss": true}'
)
_AGAIN = "then import again: rows already done are not sent twice"
_RETRY = f"The API did not answer these rows; wait and {_AGAIN.removeprefix('then ')}."
_DATE = "Move the requested completion date in the workbook to {when}, upload it again, "
INSTRUCTIONS: dict[str, str] = {
    "assist-not-entitled": f"Order A-Wholesale once (quantity 1) with {_ENTITLEMENT}, {_AGAIN}.",
    "assist-partner-not-ready": (
        f"Finish the onboarding items named, record them with {_READINESS}, {_AGAIN}."
    ),
    "assist-deadline": _DATE.format(when="the earliest acceptable date or later") + _AGAIN + ".",
    "assist-date-past": _DATE.format(when="a date in the future") + _AGAIN + ".",
    "import-blocked": f"Fix the row these depend on (listed with its own code), {_AGAIN}.",
    "api-unauthorized": f"Use a valid token for this partner, {_AGAIN}.",
    "not-updatable": "The API cannot change these fields: change them in Partner Hub; the rest "
    "of each row was applied.",
    "api-forbidden": f"Use a full or provisioning admin token, {_AGAIN}.",
    "api-unreachable": _RETRY,
    "api-unavailable": _RETRY,
    "api-rate-limited": _RETRY,
    "api-server-error": _RETRY,
}
DEFAULT_INSTRUCTION = f"Correct these rows in the workbook, upload it again, {_AGAIN}."


@dataclass(frozen=True, slots=True)
class FailureGroup:
    """Failed rows sharing a code: its plain title, how many, where, and what to do."""

    code: str
    title: str
    count: int
    rows: tuple[tuple[str, int], ...]
    messages: tuple[str, ...]
    instruction: str


def failure_groups(outcomes: Iterable[RowOutcome], shown: int = 3) -> list[FailureGroup]:
    """The failed rows, and the rows with a change the API cannot make, grouped by code, largest
    group first; at most ``shown`` distinct messages per group."""
    by_code: dict[str, list[RowOutcome]] = {}
    for outcome in outcomes:
        if outcome.status in ("failed", "not-updatable"):
            by_code.setdefault(outcome.error_code or "api-server-error", []).append(outcome)
    groups = [_group(code, rows, shown) for code, rows in by_code.items()]
    return sorted(groups, key=lambda g: (-g.count, g.code))


def _group(code: str, rows: list[RowOutcome], shown: int) -> FailureGroup:
    error = CATALOGUE.get(code)
    messages = tuple(dict.fromkeys(o.error_message or "" for o in rows))[:shown]
    return FailureGroup(
        code=code,
        title=error.title if error else code,
        count=len(rows),
        rows=tuple((o.sheet, o.row) for o in rows),
        messages=messages,
        instruction=INSTRUCTIONS.get(code, DEFAULT_INSTRUCTION),
    )


@dataclass(frozen=True, slots=True)
class UncheckedGroup:
    """Rows a dry run could not check for the same reason."""

    reason: str
    count: int
    rows: tuple[tuple[str, int], ...]


def unchecked_groups(outcomes: Iterable[RowOutcome]) -> list[UncheckedGroup]:
    """The ``not checked`` rows grouped by why."""
    by_reason: dict[str, list[RowOutcome]] = {}
    for outcome in outcomes:
        if outcome.status == "not checked":
            by_reason.setdefault(outcome.detail or "no reason recorded", []).append(outcome)
    return [
        UncheckedGroup(reason, len(rows), tuple((o.sheet, o.row) for o in rows))
        for reason, rows in by_reason.items()
    ]
