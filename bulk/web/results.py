"""The validation results of one upload, in a small SQLite file beside it.

The checking worker (:mod:`bulk.web.worker`) writes the issues, the Setup Assist lines and a
display copy of every non-blank row; the portal reads one page at a time, so neither the
server nor the browser ever holds a whole large workbook. ``meta`` carries the state
(``checking`` → ``checked`` | ``refused`` | ``failed``) and the progress while checking.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from bulk.checks.assist import AssistLine
from bulk.rules.catalogue import Severity
from bulk.rules.repairs import Fix, FixKind
from bulk.validation import Issue, Report

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS headers (sheet TEXT PRIMARY KEY, cells TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS grid (
    sheet TEXT NOT NULL, position INTEGER NOT NULL, row INTEGER NOT NULL,
    cells TEXT NOT NULL, issues INTEGER NOT NULL, PRIMARY KEY (sheet, position)
);
CREATE INDEX IF NOT EXISTS grid_issues ON grid (sheet, issues, position);
CREATE TABLE IF NOT EXISTS issues (
    id INTEGER PRIMARY KEY, sheet TEXT NOT NULL, row INTEGER NOT NULL,
    column_index INTEGER NOT NULL, column_name TEXT NOT NULL, cell TEXT NOT NULL,
    code TEXT NOT NULL, severity TEXT NOT NULL, value TEXT NOT NULL, message TEXT NOT NULL,
    fix_value TEXT, fix_kind TEXT, fix_reason TEXT
);
CREATE INDEX IF NOT EXISTS issues_row ON issues (sheet, row);
CREATE TABLE IF NOT EXISTS assist (
    row INTEGER NOT NULL, customer_external_id TEXT NOT NULL, location_name TEXT NOT NULL,
    seats INTEGER NOT NULL, sku TEXT NOT NULL, quantity INTEGER NOT NULL,
    earliest_completion_date TEXT NOT NULL, net_price TEXT, currency TEXT NOT NULL
);
"""


class ResultsWriter:
    """Writes an upload's results (used by the checking worker only)."""

    def __init__(self, path: Path) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(_SCHEMA)

    def close(self) -> None:
        """Close the file."""
        self.db.close()

    def set(self, **values: Any) -> None:
        """Set meta values (JSON-encoded), all at once: a reader never sees a new ``state``
        without the ``message`` that goes with it."""
        rows = [(key, json.dumps(value)) for key, value in values.items()]
        statement = "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)"
        if self.db.in_transaction:
            self.db.executemany(statement, rows)
            return
        with self._batch():
            self.db.executemany(statement, rows)

    def issues(self, issues: Iterable[Issue]) -> None:
        """Store the report's issues."""
        with self._batch():
            self.db.executemany(
                "INSERT INTO issues (sheet, row, column_index, column_name, cell, code, severity,"
                " value, message, fix_value, fix_kind, fix_reason)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_issue_values(i) for i in issues),
            )

    def assist(self, lines: Iterable[AssistLine]) -> None:
        """Store the derived Setup Assist lines."""
        with self._batch():
            self.db.executemany(
                "INSERT INTO assist VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (_assist_values(a) for a in lines),
            )

    def header(self, sheet: str, cells: list[str]) -> None:
        """Store a sheet's header row as written."""
        self.db.execute("INSERT OR REPLACE INTO headers VALUES (?, ?)", (sheet, json.dumps(cells)))

    def rows(self, sheet: str, rows: Iterable[tuple[int, int, list[str], int]]) -> None:
        """Store display rows ``(position, row, cells, issue count)`` of a sheet."""
        with self._batch():
            self.db.executemany(
                "INSERT INTO grid VALUES (?, ?, ?, ?, ?)",
                ((sheet, p, r, json.dumps(c, ensure_ascii=False), n) for p, r, c, n in rows),
            )

    def row_issues(self, counts: Iterable[tuple[str, int, int]]) -> None:
        """Set each row's issue count ``(sheet, row, count)`` in the grid; a row with issues
        the grid left out (one with no value) is added, empty (the grid's ``position`` is the
        row number)."""
        found = list(counts)
        with self._batch():
            self.db.executemany(
                "INSERT OR IGNORE INTO grid VALUES (?, ?, ?, '[]', 0)",
                ((sheet, row, row) for sheet, row, _ in found),
            )
            self.db.executemany(
                "UPDATE grid SET issues = ? WHERE sheet = ? AND position = ?",
                ((n, sheet, row) for sheet, row, n in found),
            )

    @contextmanager
    def _batch(self) -> Iterator[None]:
        self.db.execute("BEGIN")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")


def _issue_values(i: Issue) -> tuple[object, ...]:
    severity = str(i.severity)
    where = (i.sheet, i.row, i.column_index, i.column, i.cell)
    fix = (None, None, None) if i.fix is None else (i.fix.value, str(i.fix.kind), i.fix.reason)
    return (*where, i.code, severity, i.value, i.message, *fix)


def _assist_values(a: AssistLine) -> tuple[object, ...]:
    price = None if a.net_price is None else f"{a.net_price:.2f}"
    earliest = a.earliest_completion_date.isoformat()
    where = (a.row, a.customer_external_id, a.location_name)
    return (*where, a.seats, a.sku, a.quantity, earliest, price, a.currency)


@dataclass(frozen=True, slots=True)
class GridRow:
    """One row of the grid: its worksheet number, display cells and issues."""

    row: int
    cells: list[str]
    issues: list[Issue]

    def issues_at(self, column: int) -> list[Issue]:
        """The issues of the cell in zero-based ``column``."""
        return [i for i in self.issues if i.column_index == column]


@dataclass(frozen=True, slots=True)
class GridFilter:
    """Rows shown: those with an issue of this code, in this column, of this severity (each
    optional; none set and ``only_issues`` false shows every row)."""

    code: str = ""
    column: str = ""
    severity: str = ""

    @property
    def active(self) -> bool:
        """Whether any filter is set."""
        return bool(self.code or self.column or self.severity)

    def sql(self) -> tuple[str, tuple[str, ...]]:
        """The ``AND row IN (...)`` clause and its parameters (after the sheet's)."""
        parts = [(name, value) for name, value in self._fields() if value]
        if not parts:
            return "", ()
        tests = " AND ".join(f"{name} = ?" for name, _ in parts)
        clause = f" AND row IN (SELECT row FROM issues WHERE sheet = ? AND {tests})"
        return clause, tuple(v for _, v in parts)

    def _fields(self) -> tuple[tuple[str, str], ...]:
        return (("code", self.code), ("column_name", self.column), ("severity", self.severity))


@dataclass(frozen=True, slots=True)
class GridPage:
    """One page of a sheet's grid."""

    sheet: str
    headers: list[str]
    rows: list[GridRow]
    number: int
    pages: int
    total: int
    only_issues: bool


class ResultsReader:
    """Reads an upload's results, a page at a time (a fresh read-only connection each)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True)
        db.row_factory = sqlite3.Row
        return db

    def meta(self) -> dict[str, Any]:
        """Every meta value (empty while the worker has not started writing)."""
        if not self.path.exists():
            return {}
        try:
            with closing(self._connect()) as db:
                return {r["key"]: json.loads(r["value"]) for r in db.execute("SELECT * FROM meta")}
        except sqlite3.Error:
            return {}

    def counts(self) -> list[tuple[str, str, str, int]]:
        """Issues per sheet and code: ``(sheet, code, severity, count)``, largest first."""
        with closing(self._connect()) as db:
            rows = db.execute(
                "SELECT sheet, code, severity, count(*) AS n FROM issues"
                " GROUP BY sheet, code, severity ORDER BY n DESC, sheet, code"
            ).fetchall()
        return [(r["sheet"], r["code"], r["severity"], r["n"]) for r in rows]

    def outside_grid(self) -> list[Issue]:
        """Issues not on a data row: the workbook's own and each sheet's header issues."""
        with closing(self._connect()) as db:
            found = db.execute(
                "SELECT * FROM issues WHERE sheet = '' OR row = 1 ORDER BY id"
            ).fetchall()
        return [_issue(r) for r in found]

    def assist(self, offset: int = 0, limit: int = -1) -> list[AssistLine]:
        """The derived Setup Assist lines (``limit`` of them from ``offset``; -1: all)."""
        with closing(self._connect()) as db:
            found = db.execute(
                "SELECT * FROM assist ORDER BY row LIMIT ? OFFSET ?", (limit, offset)
            ).fetchall()
        return [_assist(r) for r in found]

    def assist_count(self) -> int:
        """How many Setup Assist lines there are."""
        with closing(self._connect()) as db:
            count: int = db.execute("SELECT count(*) FROM assist").fetchone()[0]
        return count

    def page(
        self,
        sheet: str,
        number: int,
        size: int,
        *,
        only_issues: bool,
        only: GridFilter | None = None,
    ) -> GridPage:
        """Page ``number`` (from 1) of a sheet's rows, each with its issues."""
        clause, values = (only or GridFilter()).sql()
        where = "sheet = ?" + (" AND issues > 0" if only_issues else "") + clause
        params = (sheet, sheet, *values) if clause else (sheet,)
        with closing(self._connect()) as db:
            header = db.execute("SELECT cells FROM headers WHERE sheet = ?", (sheet,)).fetchone()
            total = db.execute(f"SELECT count(*) FROM grid WHERE {where}", params).fetchone()[0]
            pages = max(1, -(-total // size))
            number = min(max(number, 1), pages)
            found = db.execute(
                f"SELECT row, cells FROM grid WHERE {where} ORDER BY position LIMIT ? OFFSET ?",
                (*params, size, (number - 1) * size),
            ).fetchall()
            issues = _issues_between(db, sheet, found)
        rows = [GridRow(r["row"], json.loads(r["cells"]), issues.get(r["row"], [])) for r in found]
        headers = json.loads(header["cells"]) if header else []
        return GridPage(sheet, headers, rows, number, pages, total, only_issues)

    def cell_text(self, sheet: str, row: int, column: int) -> str | None:
        """What the grid shows in a cell (``None`` when the row is not in the grid)."""
        with closing(self._connect()) as db:
            found = db.execute(
                "SELECT cells FROM grid WHERE sheet = ? AND row = ?", (sheet, row)
            ).fetchone()
        if found is None:
            return None
        cells: list[str] = json.loads(found["cells"])
        return cells[column] if 0 <= column < len(cells) else ""

    def cells_text(self, cells: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
        """What the grid shows in each ``(sheet, A1 reference)`` (the cell as the workbook holds
        it, not as the validator read it); cells of rows not in the grid are left out."""
        wanted: dict[str, dict[int, list[tuple[str, int]]]] = {}
        for sheet, cell in cells:
            letters, row = coordinate_from_string(cell)
            at = (cell, column_index_from_string(letters) - 1)
            wanted.setdefault(sheet, {}).setdefault(row, []).append(at)
        found: dict[tuple[str, str], str] = {}
        with closing(self._connect()) as db:
            for sheet, rows in wanted.items():
                for got in _grid_rows(db, sheet, sorted(rows)):
                    values: list[str] = json.loads(got["cells"])
                    for cell, column in rows[got["row"]]:
                        found[(sheet, cell)] = values[column] if column < len(values) else ""
        return found

    def issue_choices(self, sheet: str) -> dict[str, list[str]]:
        """The codes, columns and severities the sheet's row issues have (for the filters)."""
        found: dict[str, list[str]] = {}
        with closing(self._connect()) as db:
            for name in ("code", "column_name", "severity"):
                found[name] = [
                    r[0]
                    for r in db.execute(
                        f"SELECT DISTINCT {name} FROM issues WHERE sheet = ? AND row > 1"
                        f" ORDER BY {name}",
                        (sheet,),
                    )
                ]
        return found

    def report(self, *, fixable_only: bool = False) -> Report:
        """The whole report again (for the annotated workbook, written on demand); with
        ``fixable_only``, only the issues that carry a fix (what the fixes are planned from)."""
        meta = self.meta()
        where = " WHERE fix_value IS NOT NULL" if fixable_only else ""
        with closing(self._connect()) as db:
            issues = [_issue(r) for r in db.execute(f"SELECT * FROM issues{where} ORDER BY id")]
        return Report(
            meta.get("template_version", ""),
            dt.date.fromisoformat(meta["as_of"]),
            dict(meta.get("rows", {})),
            issues,
            self.assist(),
            partner_checked=bool(meta.get("partner_checked")),
        )


def _grid_rows(db: sqlite3.Connection, sheet: str, rows: list[int]) -> Iterator[sqlite3.Row]:
    """The stored grid rows of ``sheet`` with these row numbers (one scan per 500 of them)."""
    for start in range(0, len(rows), 500):
        chunk = rows[start : start + 500]
        marks = ", ".join("?" * len(chunk))
        yield from db.execute(
            f"SELECT row, cells FROM grid WHERE sheet = ? AND row IN ({marks})", (sheet, *chunk)
        )


def _issues_between(
    db: sqlite3.Connection, sheet: str, rows: list[sqlite3.Row]
) -> dict[int, list[Issue]]:
    if not rows:
        return {}
    found: dict[int, list[Issue]] = {}
    for r in db.execute(
        "SELECT * FROM issues WHERE sheet = ? AND row BETWEEN ? AND ? AND row > 1 ORDER BY id",
        (sheet, rows[0]["row"], rows[-1]["row"]),
    ):
        found.setdefault(r["row"], []).append(_issue(r))
    return found


def _issue(r: sqlite3.Row) -> Issue:
    fix = None
    if r["fix_value"] is not None:
        fix = Fix(r["fix_value"], FixKind(r["fix_kind"]), r["fix_reason"])
    return Issue(
        r["code"],
        Severity(r["severity"]),
        r["sheet"],
        r["row"],
        r["column_name"],
        r["cell"],
        r["value"],
        r["message"],
        r["column_index"],
        fix=fix,
    )


def _assist(r: sqlite3.Row) -> AssistLine:
    price = r["net_price"]
    return AssistLine(
        r["row"],
        r["customer_external_id"],
        r["location_name"],
        r["seats"],
        r["sku"],
        r["quantity"],
        dt.date.fromisoformat(r["earliest_completion_date"]),
        None if price is None else Decimal(price),
        r["currency"],
    )
