"""The validator's checks, one per module (frictionless style).

Two kinds of check exist:

* **cell readers** (:data:`bulk.checks.base.CellReader`): turn one raw cell of a column kind
  into a normalised value, appending a :class:`~bulk.rules.violations.Violation` for each
  problem (``text``, ``emails``, ``phones``, ``extensions``, ``addresses``, ``timezones``,
  ``languages``, ``choices``, ``dates``, ``packages``);
* **row checks** (:class:`bulk.checks.base.RowCheck`): see each typed row as it is read and
  report cross-row and cross-sheet problems, remembering what they saw and reporting the rest
  at the end (``addresses``, ``customers``, ``duplicates``, ``references``, ``packages``,
  ``assist``).

Every business decision comes from :mod:`bulk.rules`; checks only map rule violations to cells.
"""

from __future__ import annotations

from bulk.checks.base import CheckContext, Finding, RowCheck
from bulk.checks.registry import CELL_READERS, reader_for, row_checks

__all__ = ["CELL_READERS", "CheckContext", "Finding", "RowCheck", "reader_for", "row_checks"]
