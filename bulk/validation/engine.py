"""``validate_workbook``: read every sheet, run every check, build the report.

Sheets are read in template order (Customers, Locations, Subscribers, Setup Assist) so that
each row's references point to rows already read. Cell problems come from the sheet's
:class:`~bulk.validation.sheets.SheetPlan`; row checks see every typed row and report the rest
at the end (:mod:`bulk.checks`).
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from bulk.checks.assist import AssistCheck
from bulk.checks.base import CheckContext, Finding, RowCheck
from bulk.checks.registry import row_checks
from bulk.checks.row_countries import RowCountries
from bulk.partner import PartnerProfile
from bulk.rules.catalogue import CATALOGUE
from bulk.rules.money import PriceBook
from bulk.rules.violations import Violation
from bulk.schema import SHEETS, TEMPLATE_VERSION, Sheet, fold_header
from bulk.validation.report import Issue, Report
from bulk.validation.sheets import SheetPlan
from bulk.workbook.cells import cell_ref, display
from bulk.workbook.headers import HeaderMap, match_headers
from bulk.workbook.limits import Limits, unreadable
from bulk.workbook.overlay import RowEdits, overlaid
from bulk.workbook.rawrow import MergedRange, RawRow
from bulk.workbook.reader import SheetReader, Workbook, open_workbook
from bulk.workbook.rows import ParsedWorkbook, TypedRow

Progress = Callable[[str, int, int], None]
"""Called as ``progress(sheet, rows_done, rows_total)`` while a sheet is read."""
Seen = Callable[[str, RawRow], None]
"""Called as ``seen(sheet, row)`` with every row as it is read (header included, edits laid
over it): the portal stores its display copy of the rows without reading the workbook again."""

CHUNK_ROWS = 5_000
"""Rows read per chunk: each chunk is checked column by column, then row checks see its rows."""


def _chunks(rows: Iterable[RawRow], size: int) -> Iterator[list[RawRow]]:
    chunk: list[RawRow] = []
    for raw in rows:
        chunk.append(raw)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass(slots=True)
class ValidationResult:
    """The report and the typed rows of a validated workbook."""

    report: Report
    workbook: ParsedWorkbook

    def page(self, sheet: str, offset: int, limit: int) -> list[tuple[TypedRow, list[Issue]]]:
        """Rows ``offset``..``offset+limit`` of a sheet with their issues (for a grid view)."""
        rows = self.workbook.rows_of(sheet)[offset : offset + limit]
        if not rows:
            return []
        issues = self.report.issues_for(sheet, rows[0].row, rows[-1].row)
        by_row: dict[int, list[Issue]] = {}
        for issue in issues:
            by_row.setdefault(issue.row, []).append(issue)
        return [(row, by_row.get(row.row, [])) for row in rows]


class _Run:
    """One validation: the context, the checks, and the issues found so far."""

    def __init__(self, context: CheckContext, progress: Progress | None, keep_rows: bool) -> None:
        self.context = context
        self.keep_rows = keep_rows
        self.checks: list[RowCheck] = row_checks()
        self.issues: list[Issue] = []
        self.headers: dict[str, HeaderMap] = {}
        self.rows: dict[str, int] = {}
        self.progress = progress
        self.countries = next(c for c in self.checks if isinstance(c, RowCountries))
        for check in self.checks:
            check.start(context)

    def issue(
        self, sheet: str, row: int, violation: Violation, column: int | None, value: object
    ) -> None:
        """Record a violation at a cell (``column`` zero-based, ``None`` when absent)."""
        headers = self.headers.get(sheet)
        column_name = str(violation.params.get("header", ""))
        if violation.field and headers is not None and violation.field in headers.sheet.by_key:
            column_name = headers.sheet.column(violation.field).header
            if column is None:
                column = headers.index(violation.field)
        shown = violation.params.get("value", value)
        self.issues.append(
            Issue(
                violation.code,
                CATALOGUE[violation.code].severity,
                sheet,
                row,
                column_name,
                "" if column is None else cell_ref(column, row),
                display(shown),
                violation.message,
                -1 if column is None else column,
                violation.fix,
            )
        )

    def finding(self, finding: Finding) -> None:
        """Record a row check's finding."""
        self.issue(finding.sheet, finding.row, finding.violation, None, "")

    def findings(self, found: Iterable[Finding]) -> None:
        """Record several findings."""
        for f in found:
            self.finding(f)


def _sheet_lookup(book: Workbook) -> dict[str, str]:
    return {fold_header(name): name for name in reversed(book.sheet_names)}


def _template_version(book: Workbook, run: _Run) -> str:
    raw = book.defined_names.get("TemplateVersion", "")
    found = raw.lstrip("=").strip().strip('"').strip()
    if found != TEMPLATE_VERSION:
        violation = Violation.of(
            "template-version", None, found=found or "(none)", expected=TEMPLATE_VERSION
        )
        run.issue("", 1, violation, None, found)
    return found


def _tapped(rows: Iterable[RawRow], sheet: str, seen: Seen) -> Iterator[RawRow]:
    for raw in rows:
        seen(sheet, raw)
        yield raw


def _read_sheet(
    reader: SheetReader,
    sheet: Sheet,
    run: _Run,
    edits: RowEdits | None = None,
    seen: Seen | None = None,
) -> None:
    rows = overlaid(reader.rows(), edits)
    if seen is not None:
        rows = _tapped(rows, sheet.name, seen)
    first = next(rows, None)
    header_values = first.values if first is not None and first.number == 1 else []
    headers = match_headers(sheet, header_values)
    run.headers[sheet.name] = headers
    run.context.present_columns[sheet.name] = frozenset(headers.positions)
    for problem in headers.problems:
        headers_value = header_values[problem.column] if problem.column is not None else ""
        run.issue(sheet.name, 1, problem.violation, problem.column, headers_value)
    if first is not None and first.number != 1:
        _data_rows(reader, sheet, headers, _chain(first, rows), run)
    else:
        _data_rows(reader, sheet, headers, rows, run)
    _merged(reader.merged, sheet.name, run)
    run.context.sheets_read.add(sheet.name)


def _chain(first: RawRow, rest: Iterable[RawRow]) -> Iterable[RawRow]:
    yield first
    yield from rest


def _data_rows(
    reader: SheetReader, sheet: Sheet, headers: HeaderMap, rows: Iterable[RawRow], run: _Run
) -> None:
    plan = SheetPlan(sheet, headers)
    checks = [c for c in run.checks if sheet.name in c.sheets]
    name = sheet.name
    count = 0
    total = max(reader.scan.rows - 1, 0)
    kept = run.context.workbook.rows_of(name)
    keep = kept.append if run.keep_rows else _drop
    for chunk in _chunks(rows, CHUNK_ROWS):
        for raw, built in zip(chunk, plan.build_many(chunk), strict=True):
            if built is None:
                continue
            count += 1
            typed, problems = built
            keep(typed)
            if raw.hidden:
                violation = Violation.of("row-hidden", None, row=raw.number, sheet=name)
                run.issue(name, raw.number, violation, None, "")
            for problem in problems:
                violation = run.countries.repaired(problem.violation, typed)
                run.issue(name, raw.number, violation, problem.column, problem.value)
            for check in checks:
                found = check.row(name, typed)
                if found:
                    run.findings(found)
        if run.progress is not None:
            run.progress(name, count, total)
    run.rows[name] = count


def _drop(row: TypedRow) -> None:
    """Where rows go when the caller does not keep them."""


def _merged(ranges: list[MergedRange], sheet: str, run: _Run) -> None:
    headers = run.headers[sheet]
    keys = {index: key for key, index in headers.positions.items()}
    for merged in ranges:
        violation = Violation.of("cell-merged", keys.get(merged.first_column), range=merged.ref)
        run.issue(sheet, merged.first_row + 1, violation, merged.first_column, "")


def validate_workbook(
    path: Path | str,
    *,
    as_of: dt.date,
    partner: PartnerProfile | None = None,
    pricebook: PriceBook | None = None,
    limits: Limits = Limits(),
    progress: Progress | None = None,
    keep_rows: bool = True,
    edits: Mapping[str, RowEdits] | None = None,
    seen: Seen | None = None,
) -> ValidationResult:
    """Validate a workbook. Raises :class:`~bulk.workbook.WorkbookUnusable` when the file
    cannot be read at all (exit 2); everything else is an issue in the report.

    With ``keep_rows=False`` the typed rows are checked and dropped (``result.workbook`` stays
    empty), so a report-only caller such as the upload portal holds no sheet in memory.

    ``edits`` (per template sheet name) are laid over the cells as they are read: the report
    is that of the copy with those cells changed (:func:`bulk.fixing.read_back`); ``seen``
    is given every row read (see :data:`Seen`).

    Python's cyclic garbage collector is paused meanwhile: the rows make no cycles, and its
    passes over a million row objects cost 15-25 % of the time (docs/PERFORMANCE.md)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _validate(path, as_of, partner, pricebook, limits, progress, keep_rows, edits, seen)
    finally:
        if collecting:
            gc.enable()


def _validate(
    path: Path | str,
    as_of: dt.date,
    partner: PartnerProfile | None,
    pricebook: PriceBook | None,
    limits: Limits,
    progress: Progress | None,
    keep_rows: bool,
    edits: Mapping[str, RowEdits] | None = None,
    seen: Seen | None = None,
) -> ValidationResult:
    context = CheckContext(as_of, partner, pricebook)
    run = _Run(context, progress, keep_rows)
    with open_workbook(path, limits) as book:
        version = _template_version(book, run)
        lookup = _sheet_lookup(book)
        if not any(fold_header(sheet.name) in lookup for sheet in SHEETS):
            names = ", ".join(s.name for s in SHEETS)
            raise unreadable(
                path, f"it has none of the template's sheets ({names}); is it the right file?"
            )
        readers = {
            s.name: book.sheet(lookup[fold_header(s.name)])
            for s in SHEETS
            if fold_header(s.name) in lookup
        }
        book.expect_calamine({r.name for r in readers.values() if not r.careful})
        for sheet in SHEETS:
            if sheet.name not in readers:
                violation = Violation.of("sheet-missing", None, sheet=sheet.name)
                run.issue(sheet.name, 1, violation, None, "")
                continue
            _read_sheet(readers[sheet.name], sheet, run, (edits or {}).get(sheet.name), seen)
    if readers and not any(run.rows.values()):
        name = Path(path).name
        run.issue("", 1, Violation.of("workbook-empty", None, file=name), None, "")
    for check in run.checks:
        run.findings(check.end())
    if partner is not None and partner.provisioning_id is None:
        run.issue("", 1, Violation.of("provisioning-id-missing"), None, "")
    run.issues.sort(key=Issue.sort_key.fget)  # type: ignore[attr-defined]
    assist = next(c for c in run.checks if isinstance(c, AssistCheck)).lines
    report = Report(
        version, as_of, run.rows, run.issues, assist, partner_checked=partner is not None
    )
    context.workbook.template_version = version
    return ValidationResult(report, context.workbook)
