"""Saving workbooks reproducibly: the same workbook always gives the same bytes.

openpyxl stamps the save time into the document properties and every zip entry; a committed
template would then change on every build. Here the properties keep the workbook's own fixed
timestamps and the zip entries a fixed date.
"""

from __future__ import annotations

import zipfile
from datetime import datetime
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.writer.excel import ExcelWriter

FIXED_TIMESTAMP = datetime(2026, 1, 1, 0, 0, 0)
"""The created/modified time the project's workbooks carry (template version 1)."""

_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def workbook_bytes(workbook: Workbook) -> bytes:
    """The ``.xlsx`` bytes of a workbook, identical for identical content."""
    raw = BytesIO()
    # ExcelWriter is what openpyxl's save() uses, minus save()'s "modified = now".
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    fixed = BytesIO()
    with (
        zipfile.ZipFile(raw) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for entry in source.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            target.writestr(info, source.read(entry.filename))
    return fixed.getvalue()


def write_workbook(workbook: Workbook, path: Path) -> None:
    """Write a workbook to ``path`` reproducibly (raises ``OSError`` when it cannot)."""
    path.write_bytes(workbook_bytes(workbook))
