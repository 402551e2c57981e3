"""Safety limits for hostile workbooks and the exception that says a file cannot be used.

The limits are checked on the zip's central directory before a single byte of data is
expanded; the parts that are then read are streamed with their declared sizes and CRCs
enforced, so a file that lies about its sizes is refused instead of filling memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bulk.rules.catalogue import CATALOGUE

MB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class Limits:
    """What the reader accepts. The defaults fit a 1,000,000-row workbook with room to spare."""

    max_rows_per_sheet: int = 1_000_000
    max_uncompressed_bytes: int = 2048 * MB
    max_compression_ratio: float = 200.0
    max_file_bytes: int = 300 * MB
    max_zip_entries: int = 10_000
    max_grid_cells: int = 40_000_000
    """Above this many cells in a sheet's bounding box the sheet is streamed cell by cell
    instead of read as one dense grid (a lone cell at XFD1048576 must not allocate 17e9 cells)."""


class WorkbookUnusable(Exception):
    """The file cannot be validated at all: ``code`` is ``workbook-unreadable`` or
    ``workbook-too-large`` and ``message`` is one line naming the file."""

    def __init__(self, code: str, path: Path | str, reason: str) -> None:
        self.code = code
        self.path = Path(path)
        self.reason = reason
        self.message = CATALOGUE[code].message(file=str(path), reason=reason)
        super().__init__(self.message)


def unreadable(path: Path | str, reason: str) -> WorkbookUnusable:
    """A ``workbook-unreadable`` failure."""
    return WorkbookUnusable("workbook-unreadable", path, reason)


def too_large(path: Path | str, reason: str) -> WorkbookUnusable:
    """A ``workbook-too-large`` failure."""
    return WorkbookUnusable("workbook-too-large", path, reason)
