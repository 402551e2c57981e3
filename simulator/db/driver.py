"""Core statements compiled once and run straight on the DB-API connection, for the few
operations an import repeats thousands of times (a token lookup, a subscriber's provisioning).

SQLAlchemy still writes the SQL and converts the values: each statement is compiled once per
dialect, and its parameters and result columns go through the same type processors
SQLAlchemy's own execution would use (``TypeEngine.dialect_impl(...).bind_processor`` and
``result_processor``, so ``UTCDateTime``, JSON and booleans read and write exactly as through the
ORM). What is skipped is the per-call execution machinery (execution context, events, result
objects): about 35 µs a statement against 5 µs for the statement itself on SQLite (see the
Simulator section of docs/PERFORMANCE.md).

A statement whose execution would need more than this (Python-side column defaults,
post-compile parameters) is refused when it is prepared, not mishandled when it runs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Dialect
from sqlalchemy.sql import ClauseElement
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.selectable import SelectBase
from sqlalchemy.types import TypeEngine

Processor = Callable[[Any], Any] | None


@dataclass(slots=True)
class _Compiled:
    """A statement compiled for one dialect, with the processors of its values."""

    sql: str
    names: tuple[str, ...]
    """The bound parameters in the order the driver takes them (positional styles) or the
    names it knows them by (named styles)."""
    keys: tuple[str, ...]
    """The caller's name of each entry of ``names``."""
    positional: bool
    defaults: dict[str, Any]
    binds: tuple[Processor, ...]
    result_types: tuple[TypeEngine[Any], ...]
    results: tuple[Processor, ...] | None = None
    """The result columns' processors, made on the first fetch: some depend on the type code
    the driver reports for the column (PostgreSQL's numbers)."""

    @classmethod
    def of(cls, statement: ClauseElement, dialect: Dialect) -> _Compiled:
        compiled = statement.compile(dialect=dialect)
        assert isinstance(compiled, SQLCompiler)
        if compiled.insert_prefetch or compiled.post_compile_params:
            raise ValueError(
                "a prepared statement cannot need Python-side defaults or post-compile "
                f"parameters: {compiled.string}"
            )
        keys = tuple(compiled.positiontup or ()) if compiled.positional else tuple(compiled.binds)
        escaped: dict[str, str] = dict(compiled.escaped_bind_names or {})
        names = keys if compiled.positional else tuple(escaped.get(key, key) for key in keys)
        binds = tuple(
            compiled.binds[key].type.dialect_impl(dialect).bind_processor(dialect) for key in keys
        )
        result_types: tuple[TypeEngine[Any], ...] = ()
        if isinstance(statement, SelectBase):
            result_types = tuple(
                column.type.dialect_impl(dialect) for column in statement.selected_columns
            )
        defaults = {key: compiled.binds[key].value for key in keys}
        return cls(compiled.string, names, keys, compiled.positional, defaults, binds, result_types)

    def parameters(self, values: dict[str, Any]) -> Sequence[Any] | dict[str, Any]:
        converted = [
            value if process is None else process(value)
            for value, process in zip(
                (values.get(key, self.defaults[key]) for key in self.keys), self.binds, strict=True
            )
        ]
        if self.positional:
            return converted
        return dict(zip(self.names, converted, strict=True))

    def row(
        self, raw: Sequence[Any], description: Sequence[Sequence[Any]], dialect: Dialect
    ) -> tuple[Any, ...]:
        if self.results is None:
            self.results = tuple(
                kind.result_processor(dialect, column[1])
                for kind, column in zip(self.result_types, description, strict=True)
            )
        return tuple(
            value if process is None else process(value)
            for value, process in zip(raw, self.results, strict=True)
        )


@dataclass
class Prepared:
    """A Core statement to run through :class:`Driver` (compiled on first use per dialect)."""

    statement: ClauseElement
    _compiled: dict[str, _Compiled] = field(default_factory=dict, repr=False)

    def for_dialect(self, dialect: Dialect) -> _Compiled:
        """The statement compiled for ``dialect`` (once)."""
        found = self._compiled.get(dialect.name)
        if found is None:
            found = self._compiled[dialect.name] = _Compiled.of(self.statement, dialect)
        return found


class Driver:
    """A DB-API connection (inside a transaction its owner manages) that runs prepared
    statements."""

    def __init__(self, connection: Any, dialect: Dialect) -> None:
        self.connection = connection
        self.dialect = dialect

    def run(self, prepared: Prepared, **values: Any) -> None:
        """Execute a statement that returns no rows."""
        compiled = prepared.for_dialect(self.dialect)
        cursor = self.connection.cursor()
        try:
            cursor.execute(compiled.sql, compiled.parameters(values))
        finally:
            cursor.close()

    def first(self, prepared: Prepared, **values: Any) -> tuple[Any, ...] | None:
        """The first row of a query, its values converted as SQLAlchemy would, or None."""
        compiled = prepared.for_dialect(self.dialect)
        cursor = self.connection.cursor()
        try:
            cursor.execute(compiled.sql, compiled.parameters(values))
            raw = cursor.fetchone()
            description = cursor.description
        finally:
            cursor.close()
        return None if raw is None else compiled.row(raw, description, self.dialect)
