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
_WIDE_CELL = re.compile(rb'\sr="([A-Z]{2,3})\d')
_HIDDEN = re.compile(rb"""hidden=["'](?:1|true)["']""")


@dataclass(slots=True)
class SheetScan:
    """What the byte pass learnt about one worksheet part."""

    rows: int = 0
    max_row: int = 0
    max_column: int = 26
    has_formula: bool = False
    has_hidden: bool = False
    prefixed: bool = False
    bytes: int = 0

    @property
    def grid_cells(self) -> int:
        """Cells in the bounding box a dense reader would allocate (an upper bound)."""
        return max(self.max_row, self.rows) * self.max_column

    @property
    def needs_care(self) -> bool:
        """Whether calamine's values alone would miss something about this sheet."""
        return self.has_formula or self.has_hidden or self.prefixed


def scan_sheet(chunks: Iterable[bytes]) -> SheetScan:
    """Scan a worksheet part given as a stream of byte chunks."""
    scan = SheetScan()
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
    """Look at ``window`` (the previous chunk's tail plus a new chunk); counts only include
    matches that end in the new part, so nothing is counted twice."""
    head = window[: fresh_from + 5]
    scan.rows += (
        window.count(b"<row ")
        - head.count(b"<row ")
        + window.count(b"<row>")
        - head.count(b"<row>")
    )
    if not scan.has_formula and (b"<f>" in window or b"<f " in window):
        scan.has_formula = True
    if not scan.has_hidden and b"hidden=" in window and _HIDDEN.search(window):
        scan.has_hidden = True
    last = window.rfind(b"<row ")
    if last >= 0:
        found = _ROW_NUMBER.match(window, last)
        if found:
            scan.max_row = max(scan.max_row, int(found.group(1)))
    if _WIDE_CELL.search(window):
        widest = max(column_index(m.decode()) for m in _WIDE_CELL.findall(window))
        scan.max_column = max(scan.max_column, widest + 1)
