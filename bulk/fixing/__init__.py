"""Repairing a workbook (docs/validator.md, "Fixes"): :func:`plan` turns a validation report's
fixes into a list of :class:`Change` rows, :func:`apply` writes a corrected copy of the workbook
with those changes and a ``Changes`` sheet listing them. The original file is never touched.
"""

from __future__ import annotations

from bulk.fixing.apply import CHANGE_COLUMNS, CHANGES_SHEET, FixUnusable, apply, read_back
from bulk.fixing.plan import EDITED_BY_PARTNER, EDITED_KIND, Change, plan

__all__ = [
    "CHANGES_SHEET",
    "CHANGE_COLUMNS",
    "EDITED_BY_PARTNER",
    "EDITED_KIND",
    "Change",
    "FixUnusable",
    "apply",
    "plan",
    "read_back",
]
