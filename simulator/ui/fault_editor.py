"""The trainer's custom fault plan: reading what was typed (keeping it, and pointing at the
error in it when it is not a plan) and saying the active rules in words.

A JSON syntax error names its line and column; the page shows that line of the typed text with
a marker under the column, and the text area keeps everything typed with the cursor put there.
A plan that is JSON but not a valid plan names the rule and field at fault in words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import ValidationError

from simulator.faults import FaultPlan, FaultRule
from simulator.ui.wording import counted

_WHERE = re.compile(r"line (\d+) column (\d+)")


@dataclass(frozen=True, slots=True)
class PlanError:
    """Why a typed plan was refused, and where in the text when that is known."""

    message: str
    line: int = 0
    column: int = 0
    line_text: str = ""
    offset: int = -1

    @property
    def located(self) -> bool:
        """Whether the error has a place in the text."""
        return self.line > 0


def read_plan(text: str) -> FaultPlan | list[PlanError]:
    """The plan typed in ``text``, or every reason it is not one."""
    try:
        return FaultPlan.model_validate_json(text)
    except ValidationError as error:
        return [_plan_error(text, item["loc"], item["msg"]) for item in error.errors()[:10]]


def _plan_error(text: str, loc: Sequence[int | str], message: str) -> PlanError:
    found = _WHERE.search(message)
    if not loc and found:
        line, column = int(found.group(1)), int(found.group(2))
        lines = text.split("\n")
        line_text = lines[line - 1] if 0 < line <= len(lines) else ""
        offset = sum(len(previous) + 1 for previous in lines[: line - 1]) + max(column - 1, 0)
        return PlanError(
            f"Not JSON: {message.removeprefix('Invalid JSON: ')}.",
            line,
            column,
            line_text,
            min(offset, len(text)),
        )
    return PlanError(f"{_field_words(loc)}: {message}.")


def _field_words(loc: Sequence[int | str]) -> str:
    """``("rules", 0, "status")`` → ``rule 1, status``."""
    words: list[str] = []
    for part in loc:
        if isinstance(part, int):
            words[-1:] = [f"rule {part + 1}"] if words[-1:] == ["rules"] else [*words, str(part)]
        else:
            words.append(part)
    return ", ".join(words) or "the plan"


def rule_words(rule: FaultRule) -> str:
    """One rule as a sentence: ``POST /v1/wholesale/subscribers*: 20% of calls answered 429
    (Retry-After 1 second)``."""
    method = "any method" if rule.method == "*" else rule.method.upper()
    share = "every call" if rule.rate >= 1 else f"{rule.rate:.0%} of calls"
    effects = []
    if rule.status is not None:
        effect = f"answered {rule.status}"
        if rule.status in (429, 503):
            effect += f" (Retry-After {counted(rule.retry_after, 'second')})"
        effects.append(effect)
    if rule.latency_ms:
        effects.append(f"delayed {rule.latency_ms} ms")
    if rule.outcome:
        effects.append(f"ending as {rule.outcome}")
    return f"{method} {rule.route}: {share} {' and '.join(effects) or 'left alone'}"


def plan_words(plan: FaultPlan) -> list[str]:
    """Every active rule of ``plan`` as a sentence (empty when faults are off)."""
    return [rule_words(rule) for rule in plan.rules]


__all__ = ["PlanError", "plan_words", "read_plan", "rule_words"]
