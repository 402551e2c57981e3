"""The answer key: every issue the validator must report for a generated workbook.

Its JSON has the shape of the validator's report (docs/design.md §6) so the two can be compared with
any JSON tool: ``issues`` entries carry ``code``, ``severity``, ``sheet``, ``row``, ``column``,
``cell``, ``value`` and ``message``; ``generator`` records the options that made the workbook.
Rows and cells are only known once a row is written, so a planted issue points at its
:class:`~bulk.generator.model.Row` until :meth:`PlantedIssue.resolve` reads the row number.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from bulk.generator.model import CellValue, Formula, Row
from bulk.generator.options import GeneratorOptions
from bulk.generator.writer import SheetLayout, WorkbookPlan
from bulk.rules.catalogue import CATALOGUE, MissingParameter, Severity
from bulk.schema import SHEETS, Sheet

_SHEET_ORDER = {s.name: i for i, s in enumerate(SHEETS)}


@dataclass(frozen=True, slots=True)
class ExpectedIssue:
    """One issue the validator must report, located as the report locates it."""

    code: str
    sheet: str
    row: int
    column: str
    cell: str
    value: str
    message: str
    original: str | None = field(default=None, compare=False)
    """What the cell held before Excel damage changed it (``--excel-damage`` only)."""

    @property
    def severity(self) -> Severity:
        """The catalogue severity of the code."""
        return CATALOGUE[self.code].severity

    @property
    def location(self) -> tuple[str, int, str, str]:
        """What acceptance tests compare: (sheet, row, column, code)."""
        return (self.sheet, self.row, self.column, self.code)

    def to_json(self) -> dict[str, Any]:
        """The docs/design.md §6 ``issues`` entry, with ``original`` for a damaged cell."""
        entry: dict[str, Any] = {
            "code": self.code,
            "severity": str(self.severity),
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "cell": self.cell,
            "value": self.value,
            "message": self.message,
        }
        if self.original is not None:
            entry["original"] = self.original
        return entry


@dataclass(slots=True)
class PlantedIssue:
    """An issue planted in a row not yet written.

    ``key`` is the template column it is reported in (``None`` for issues the validator
    reports without a template column: unknown headers, hidden rows, the template version);
    ``extra`` is the header of a non-template column whose cell it is reported at (and, for an
    unknown column, the column name reported). A header-level issue
    has no ``row`` (it is reported on row 1); a workbook-level one has no ``sheet`` either.
    ``params`` fill the catalogue message; a :class:`Row` parameter stands for that row's
    number. ``original`` is what a damaged cell held before the damage."""

    code: str
    sheet: Sheet | None
    key: str | None
    row: Row | None = None
    extra: str | None = None
    params: dict[str, Any] = field(default_factory=dict)
    original: str | None = None

    def resolve(self, layout: SheetLayout | None) -> ExpectedIssue:
        """The issue with its worksheet row and cell, once the row has been written."""
        number = self.row.number if self.row is not None else 1
        header = self.extra or ""
        if self.sheet is not None and self.key is not None:
            header = self.sheet.column(self.key).header
        cell = ""
        if layout is not None and self.extra is not None:
            cell = layout.extra_cell(self.extra, number)
        elif layout is not None and self.key is not None and self.key not in layout.dropped:
            cell = layout.cell(self.key, number)
        params = {k: v.number if isinstance(v, Row) else v for k, v in self.params.items()}
        return ExpectedIssue(
            code=self.code,
            sheet=self.sheet.name if self.sheet else "",
            row=number,
            column=header,
            cell=cell,
            value=str(params.get("value", "")),
            message=_message(self.code, {"column": header} | params),
            original=self.original,
        )


def _message(code: str, params: dict[str, Any]) -> str:
    """The catalogue's message when the planted issue knows every parameter, else its title
    and value (the validator's own message names what only it can know, such as the reason)."""
    entry = CATALOGUE[code]
    try:
        return entry.message(**params)
    except MissingParameter:
        value = params.get("value")
        return f"{entry.title}: '{value}'." if value not in (None, "") else f"{entry.title}."


def cell_text(value: CellValue) -> str:
    """A cell value as the report shows it: text as is, dates in ISO form, formulas as their
    text, numbers as Excel shows them."""
    if value is None:
        return ""
    if isinstance(value, Formula):
        return value.text
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@dataclass(slots=True)
class AnswerKey:
    """The issues a generated workbook holds, in report order, and how it was made."""

    options: GeneratorOptions
    template_version: str
    rows: dict[str, int]
    issues: list[ExpectedIssue]

    @classmethod
    def build(
        cls,
        options: GeneratorOptions,
        plan: WorkbookPlan,
        rows: dict[str, int],
        planted: list[PlantedIssue],
    ) -> AnswerKey:
        """Resolve every planted issue against the written layout and sort them as the
        validator sorts its report (sheet order, row, column position, code)."""
        resolved = [p.resolve(plan.layouts[p.sheet.name] if p.sheet else None) for p in planted]
        resolved.sort(key=_report_order)
        return cls(options, plan.template_version or "", rows, resolved)

    @property
    def locations(self) -> list[tuple[str, int, str, str]]:
        """The (sheet, row, column, code) of every issue, sorted."""
        return sorted(i.location for i in self.issues)

    def to_json(self) -> dict[str, Any]:
        """The key as a report-shaped JSON object."""
        errors = sum(1 for i in self.issues if i.severity is Severity.ERROR)
        o = self.options
        return {
            "generator": {
                "customers": o.customers,
                "seed": o.seed,
                "locale": o.locale,
                "defects": o.defect_rate,
                "excel_damage": o.excel_damage,
                "subscribers_per_customer": f"{o.subscribers_per_customer.low}-"
                f"{o.subscribers_per_customer.high}",
            },
            "valid": errors == 0,
            "template_version": self.template_version,
            "as_of": o.as_of.isoformat(),
            "stats": {
                "rows": dict(self.rows),
                "errors": errors,
                "warnings": len(self.issues) - errors,
            },
            "issues": [i.to_json() for i in self.issues],
        }

    def write(self, path: Path) -> None:
        """Write the key as indented JSON (raises ``OSError`` when it cannot)."""
        path.write_text(json.dumps(self.to_json(), indent=2, ensure_ascii=False) + "\n")


def _report_order(issue: ExpectedIssue) -> tuple[int, int, str, str]:
    return (_SHEET_ORDER.get(issue.sheet, -1), issue.row, issue.cell, issue.code)
