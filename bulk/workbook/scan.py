"""A fast pass over a worksheet's XML bytes that decides how the sheet may be read.

It never builds XML objects: it counts rows, finds the bounding box of the cells, and notices
anything calamine's values alone cannot show (formulas, hidden rows, a namespace prefix). A
sheet with any of those, or with a bounding box too big for one dense grid, is read by the
careful streaming reader instead (:mod:`bulk.workbook.careful`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from bulk.workbook.cells import column_index

OVERLAP = 64
_ROW_NUMBER = re.compile(rb'<row\b[^>]*?\sr="(\d+)"')
_WIDE_CELL = re.compile(rb' r="[A-Z]{2}')
_WIDE_CELL_REF = re.compile(rb' r="([A-Z]{2,3})\d')
_FORMULA = re.compile(rb"<f[ >]")
_HIDDEN = re.compile(rb"""hidden=["'](?:1|true)["']""")


@dataclass(slots=True)
class SheetScan:
    """What the byte pass learnt about one worksheet part."""

    max_row: int = 0
    max_column: int = 26
    has_formula: bool = False
    has_hidden: bool = False
    prefixed: bool = False
    bytes: int = 0
    count_rows: bool = False
    row_tags: int = 0

    @property
    def rows(self) -> int:
        """Rows in the sheet: the last row number (an upper bound), or the counted row tags
        when the scan was asked to count them."""
        return self.row_tags if self.count_rows else self.max_row

    @property
    def grid_cells(self) -> int:
        """Cells in the bounding box a dense reader would allocate (an upper bound)."""
        return max(self.max_row, self.row_tags) * self.max_column

    @property
    def needs_care(self) -> bool:
        """Whether calamine's values alone would miss something about this sheet."""
        return self.has_formula or self.has_hidden or self.prefixed


def scan_sheet(chunks: Iterable[bytes], *, count_rows: bool = False) -> SheetScan:
    """Scan a worksheet part given as a stream of byte chunks; ``count_rows`` counts the row
    tags too (one more pass, for sheets whose last row number is past the row limit)."""
    scan = SheetScan(count_rows=count_rows)
    tail = b""
    first = True
    for chunk in chunks:
        scan.bytes += len(chunk)
        if first:
            scan.prefixed = re.search(rb"<\w+:worksheet\b", chunk[:4096]) is not None
            first = False
        window = tail + chunk
        _scan_window(scan, window, len(tail))
        tail = window[-OVERLAP:]
    return scan


def _scan_window(scan: SheetScan, window: bytes, fresh_from: int) -> None:
    """Look at ``window`` (the previous chunk's tail plus a new chunk). Each test is one
    C-speed pass over the bytes; rows are counted only where their numbers run past the
    limit that matters (see :meth:`SheetScan.rows`)."""
    head = window[: fresh_from + 5]
    scan.row_tags += (
        window.count(b"<row") - head.count(b"<row") - window.count(b"<rowB") + head.count(b"<rowB")
        if scan.count_rows
        else 0
    )
    if not scan.has_formula and _FORMULA.search(window):
        scan.has_formula = True
    if not scan.has_hidden and b"hidden=" in window and _HIDDEN.search(window):
        scan.has_hidden = True
    last = window.rfind(b"<row ")
    if last >= 0:
        found = _ROW_NUMBER.match(window, last)
        if found:
            scan.max_row = max(scan.max_row, int(found.group(1)))
    if _WIDE_CELL.search(window):
        widest = max(column_index(m.decode()) for m in _WIDE_CELL_REF.findall(window))
        scan.max_column = max(scan.max_column, widest + 1)
