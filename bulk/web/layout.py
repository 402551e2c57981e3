"""The fixed names of the files in an upload's folder (never taken from a request)."""

from __future__ import annotations

WORKBOOK = "workbook.xlsx"
"""The workbook as uploaded."""
DESCRIPTION = "upload.json"
"""What the portal remembers about the upload (name shown, size, time, submission date)."""
JOB = "job.json"
"""What the checking worker checks against."""
RESULTS = "results.sqlite"
"""The validation results, read a page at a time."""
REPORT_JSON = "report.json"
REPORT_HTML = "report.html"
ANNOTATED = "annotated.xlsx"
CHANGES = "changes.json"
"""The changes the partner accepted (fixes and own edits), applied to a copy, never the upload."""
CORRECTED = "corrected.xlsx"
"""The upload with the accepted changes and a ``Changes`` sheet (what is checked after a change)."""
