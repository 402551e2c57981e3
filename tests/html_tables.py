"""Read the tables of an HTML page the way a reader sees them, with the standard library's HTML
parser: each table's cells as text, its body rows apart from its head and foot, and the section
it sits in. Tests compare these cells with what the API or the validator holds, instead of
searching the page's source for a substring that could sit anywhere."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["Table", "list_items", "tables", "text_of"]

_PARTS = ("thead", "tbody", "tfoot")


@dataclass
class Table:
    """One ``<table>``: the section it sits in, its classes, and its rows as cell texts."""

    section: str | None
    classes: tuple[str, ...]
    head: list[list[str]] = field(default_factory=list)
    body: list[list[str]] = field(default_factory=list)
    foot: list[list[str]] = field(default_factory=list)
    row_attrs: list[dict[str, str]] = field(default_factory=list)

    def column(self, name: str) -> list[str]:
        """The body cells under the header ``name``."""
        header = self.head[0] if self.head else []
        assert name in header, f"no column {name!r} in {header}"
        index = header.index(name)
        return [row[index] for row in self.body]


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[Table] = []
        self._sections: list[str | None] = []
        self._open: list[Table] = []
        self._part = "tbody"
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._header_row = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = {k: v or "" for k, v in attrs}
        if tag in ("section", "div", "article", "details"):
            self._sections.append(named.get("aria-labelledby") or named.get("id"))
        elif tag == "table":
            section = next((s for s in reversed(self._sections) if s), None)
            self._open.append(Table(section, tuple(named.get("class", "").split())))
            self._part = "tbody"
        elif tag in _PARTS:
            self._part = tag
        elif tag == "tr" and self._open:
            self._row = []
            self._header_row = True
            if self._part == "tbody":
                self._open[-1].row_attrs.append(named)
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
            self._header_row = self._header_row and tag == "th"

    def handle_endtag(self, tag: str) -> None:
        if tag in ("section", "div", "article", "details") and self._sections:
            self._sections.pop()
        elif tag == "table" and self._open:
            self.found.append(self._open.pop())
        elif tag in _PARTS:
            self._part = "tbody"
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._open:
            self._end_row(self._open[-1], self._row)
            self._row = None

    def _end_row(self, table: Table, row: list[str]) -> None:
        # A first row of header cells in a table without <thead> is its head.
        if self._part == "tbody" and self._header_row and not table.head and not table.body:
            table.head.append(row)
            table.row_attrs.pop()
            return
        getattr(table, self._part.removeprefix("t")).append(row)

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def tables(html: str) -> list[Table]:
    """Every table of the page, in document order of their end."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.found


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def text_of(html: str) -> str:
    """The page's visible text, whitespace collapsed (scripts and styles left out)."""
    reader = _Text()
    reader.feed(html)
    reader.close()
    return re.sub(r"\s+", " ", " ".join(reader.parts)).strip()


class _Items(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[dict[str, str], str]] = []
        self._open: list[tuple[dict[str, str], list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "li":
            self._open.append(({k: v or "" for k, v in attrs}, []))

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._open:
            attrs, parts = self._open.pop()
            self.found.append((attrs, " ".join("".join(parts).split())))

    def handle_data(self, data: str) -> None:
        for _, parts in self._open:
            parts.append(data)


def list_items(html: str) -> list[tuple[dict[str, str], str]]:
    """Every ``<li>``: its attributes and its text, whitespace collapsed."""
    reader = _Items()
    reader.feed(html)
    reader.close()
    return reader.found
