"""Text a spreadsheet would run: the one neutraliser of every file the toolkit writes for people.

A spreadsheet opening a file reads a cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return as a formula, and runs it (CSV or DDE injection, OWASP "CSV Injection").
Every CSV, XLSX and HTML file the toolkit or the simulator writes goes through this module
(docs/billing.md, docs/importer.md, docs/validator.md, docs/generator.md):

* in a CSV, such a cell gets a leading ``'`` (:func:`neutralise_csv`, :func:`neutralised_csv`);
  :func:`restore_csv` reads it back, so a reconciliation sees the value the API holds;
* in an XLSX workbook, such a cell stays a string cell with Excel's "quote prefix" (the writer
  asks :func:`formula_like`); its value is unchanged;
* a number stays a number: ``-12.50`` is not a formula.

Control characters (NUL, ESC, ...) other than tab, line feed and carriage return cannot be
stored in an XLSX cell and have no business in a CSV: :func:`show_controls` writes them as
visible symbols (``␀``). JSON outputs and the API keep every value exactly.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

FORMULA_STARTS = frozenset("=+-@\t\r")
"""First characters that make a spreadsheet read a cell as a formula (OWASP's list)."""

QUOTE = "'"
"""The prefix that makes a spreadsheet show a CSV cell as text."""

_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_EFFECTS = {
    "=": "calculate it as a formula",
    "+": "calculate it as a formula",
    "-": "calculate it as a formula",
    "@": "run it as a function call",
    "\t": "drop the leading tab and may calculate the rest as a formula",
    "\r": "drop the leading carriage return and may calculate the rest as a formula",
}


def formula_like(text: str) -> bool:
    """Whether a spreadsheet would read this cell text as a formula (a plain number is not)."""
    return bool(text) and text[0] in FORMULA_STARTS and _NUMBER.fullmatch(text) is None


def spreadsheet_effect(text: str) -> str:
    """What a spreadsheet would do with formula-like text, in words (empty when nothing)."""
    return _EFFECTS[text[0]] if formula_like(text) else ""


def _needs_quote(text: str) -> bool:
    """Formula-like once any leading quotes are set aside: a value that already starts with
    ``'`` gets one more, so that :func:`restore_csv` can always undo :func:`neutralise_csv`."""
    return formula_like(text.lstrip(QUOTE))


def show_controls(text: str) -> str:
    """Control characters (other than tab, line feed and carriage return) as visible symbols:
    C0 and DEL as their Unicode control pictures (``␀``, ``␛``, ``␡``), C1 as ``�``."""
    if _CONTROLS.search(text) is None:
        return text
    return _CONTROLS.sub(_picture, text)


def _picture(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code < 0x20:
        return chr(0x2400 + code)
    return "\u2421" if code == 0x7F else "\ufffd"


def neutralise_csv(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: control characters made visible and a leading
    ``'`` before formula-like text. Numbers (``-12.50``) are left alone."""
    shown = show_controls(text)
    return QUOTE + shown if _needs_quote(shown) else shown


def neutralised_csv(rows: Iterable[Sequence[str]]) -> str:
    """CSV text (``\n`` line ends) of rows whose every cell went through :func:`neutralise_csv`.
    A row with a carriage return in a cell has every cell quoted, since Python's writer does not
    quote a bare ``\r`` that a spreadsheet would take for a line break."""
    buffer = io.StringIO()
    minimal = csv.writer(buffer, lineterminator="\n")
    quoted = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    for row in rows:
        cells = [neutralise_csv(cell) for cell in row]
        (quoted if any("\r" in cell for cell in cells) else minimal).writerow(cells)
    return buffer.getvalue()


def restore_csv(cell: str) -> str:
    """The value behind a cell written by :func:`neutralise_csv` (a cell of a file that was
    never neutralised reads as itself, unless it starts with ``'`` before formula-like text)."""
    if cell.startswith(QUOTE) and _needs_quote(cell):
        return cell[1:]
    return cell


__all__ = [
    "FORMULA_STARTS",
    "QUOTE",
    "formula_like",
    "neutralise_csv",
    "neutralised_csv",
    "restore_csv",
    "show_controls",
    "spreadsheet_effect",
]
