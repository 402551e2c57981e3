"""The HTML report: one self-contained page (no scripts, no fonts, nothing fetched) that a
partner can open in a browser or attach to a ticket. Jinja2 autoescaping keeps every value
from the workbook inert, and control characters are shown as symbols (``␀``,
:mod:`bulk.rules.spreadsheet_text`)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import jinja2

from bulk.rules.spreadsheet_text import show_controls
from bulk.validation.report import Report

HTML_ISSUE_LIMIT = 10_000
"""Issues listed on the page; the counts cover all, and the JSON report has every one."""

_ENVIRONMENT = jinja2.Environment(
    loader=jinja2.PackageLoader("bulk.reports", ""),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(report: Report, *, workbook_name: str = "") -> str:
    """The report as one HTML page."""
    counts = Counter((i.sheet or "(workbook)", i.code, str(i.severity)) for i in report.issues)
    template = _ENVIRONMENT.get_template("report.html.j2")
    page = template.render(
        report=report,
        workbook_name=workbook_name,
        counts=counts.most_common(),
        issues=report.issues[:HTML_ISSUE_LIMIT],
        truncated=max(0, len(report.issues) - HTML_ISSUE_LIMIT),
    )
    return show_controls(page)


def write_html(report: Report, target: Path, *, workbook_name: str = "") -> None:
    """Write the HTML report to ``target``."""
    target.write_text(render_html(report, workbook_name=workbook_name), encoding="utf-8")
