"""The manual forms (the partner portal path): their fields, how a post becomes the API's wire
body, and how a refusal is put next to the field at fault.

An input is named after the wire field it fills (``customerInfo.primaryEmail``), so a violation
the backend reports for that field lands beside it; ``catches`` lists the other names rules use
for the same input (``phone_number`` in :mod:`bulk.rules.packages`). A violation no input claims
is shown above the form. Codes and messages are the catalogue's, exactly as the API answers.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import ValidationError

from bulk.rules.violations import Violation
from simulator.ui.render import Problem, problems

Kind = Literal[
    "text", "email", "tel", "date", "number", "select", "checkbox", "checkboxes", "textarea"
]
Values = dict[str, str | list[str]]


@dataclass(frozen=True, slots=True)
class FormField:
    """One labelled input."""

    name: str
    label: str
    kind: Kind = "text"
    required: bool = False
    options: tuple[tuple[str, str], ...] = ()
    catches: tuple[str, ...] = ()
    hint: str = ""

    def claims(self, wire_field: str | None) -> bool:
        """Whether a violation of ``wire_field`` belongs beside this input."""
        return wire_field is not None and (wire_field == self.name or wire_field in self.catches)


@dataclass(slots=True)
class FilledForm:
    """A form with the values it shows and the problems beside its fields."""

    fields: tuple[FormField, ...]
    values: Values
    errors: dict[str, list[Problem]] = field(default_factory=dict)
    general: list[Problem] = field(default_factory=list)

    def value(self, name: str) -> str:
        """The single value shown in input ``name``."""
        found = self.values.get(name, "")
        return found if isinstance(found, str) else ""

    def chosen(self, name: str) -> list[str]:
        """The values ticked in a multi-choice input."""
        found = self.values.get(name, [])
        return found if isinstance(found, list) else [found]

    def refuse(self, violations: Sequence[Violation]) -> FilledForm:
        """Put each violation beside the input that claims it (or above the form)."""
        for problem in map(form_words, problems(violations)):
            owner = next((f for f in self.fields if f.claims(problem.field)), None)
            if owner is None:
                self.general.append(problem)
            else:
                self.errors.setdefault(owner.name, []).append(problem)
        return self

    @property
    def refused(self) -> bool:
        """Whether any problem is shown."""
        return bool(self.errors or self.general)


def read_values(fields: Sequence[FormField], posted: Mapping[str, list[str]]) -> Values:
    """The posted values of ``fields`` (trimmed; lists for multi-choice inputs)."""
    values: Values = {}
    for spec in fields:
        got = [v.strip() for v in posted.get(spec.name, [])]
        if spec.kind == "checkboxes":
            values[spec.name] = [v for v in got if v]
        elif spec.kind == "checkbox":
            values[spec.name] = "on" if got and got[0] else ""
        else:
            values[spec.name] = got[0] if got else ""
    return values


def missing(fields: Sequence[FormField], values: Values) -> list[Violation]:
    """``api-invalid-request`` "Field required" for every required input left empty: what the
    API answers a body without that field (never the workbook's ``cell-required``)."""
    return [
        Violation.of("api-invalid-request", spec.name, reason=f"{spec.label}: Field required")
        for spec in fields
        if spec.required and not values.get(spec.name)
    ]


WORKBOOK_ADVICE = (", formatted as text",)
"""Advice in a shared catalogue message that only makes sense in a spreadsheet."""


def form_words(problem: Problem) -> Problem:
    """``problem`` as a form says it: the spreadsheet-only advice dropped."""
    message = problem.message
    for advice in WORKBOOK_ADVICE:
        message = message.replace(advice, "")
    return dataclasses.replace(problem, message=message)


def nested(values: Mapping[str, Any]) -> dict[str, Any]:
    """``{"a.b": 1}`` → ``{"a": {"b": 1}}``; empty values are left out (optional fields)."""
    body: dict[str, Any] = {}
    for name, value in values.items():
        if value in ("", [], None):
            continue
        *parents, last = name.split(".")
        target = body
        for part in parents:
            target = target.setdefault(part, {})
        target[last] = value
    return body


def invalid_fields(error: ValidationError, labels: Mapping[str, str]) -> list[Violation]:
    """A wire model's validation errors as ``api-invalid-request`` violations, one per field
    (the same code the API answers a malformed body with)."""
    found = []
    for item in error.errors()[:20]:
        where = ".".join(str(part) for part in item.get("loc", ()))
        label = labels.get(where, where or "request")
        reason = f"{label}: {item.get('msg', 'invalid value')}"
        found.append(Violation.of("api-invalid-request", where or None, reason=reason))
    return found


def labels_of(fields: Sequence[FormField]) -> dict[str, str]:
    """Input labels by every wire name they claim."""
    labels = {}
    for spec in fields:
        for name in (spec.name, *spec.catches):
            labels[name] = spec.label
    return labels


__all__ = [
    "FilledForm",
    "FormField",
    "Kind",
    "Values",
    "form_words",
    "invalid_fields",
    "labels_of",
    "missing",
    "nested",
    "read_values",
]
