"""Reports of a validation: a terminal summary, the JSON report, an annotated copy of the
workbook and a self-contained HTML page."""

from __future__ import annotations

from bulk.reports.terminal import print_summary

__all__ = ["print_summary"]
