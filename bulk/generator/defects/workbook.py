"""Workbook-level defects: an unknown column, a repeated column, a missing required column, an
outdated template version, and (on request) a missing sheet.

They are decided once, before any row is written, by laying the sheets out differently from
the template, and are reported on row 1. The missing column is one no other defect kind uses
(Setup Assist's Contact Name), so it hides nothing else. A missing sheet hides every defect
that sheet would carry, so it is only planted when asked for (``--omit-assist-sheet``), and
only for the Setup Assist sheet, which no other sheet refers to.
"""

from __future__ import annotations

from bulk.generator.answer_key import PlantedIssue
from bulk.generator.model import CustomerGroup
from bulk.generator.writer import WorkbookPlan
from bulk.schema import SETUP_ASSIST, SUBSCRIBERS

UNKNOWN_HEADER = "Cost Centre"
"""A column partners add that the template does not know (on the Subscribers sheet)."""

REPEATED_HEADER = "Notes"
"""A Setup Assist column that appears a second time."""

DROPPED_COLUMN = "contact_name"
"""The required Setup Assist column left out."""

OLD_TEMPLATE_VERSION = "0"


def defective_plan() -> tuple[WorkbookPlan, list[PlantedIssue]]:
    """The layout with every workbook-level defect, and the issues it causes."""
    plan = WorkbookPlan.template()
    plan.layouts[SUBSCRIBERS.name].extras.append(UNKNOWN_HEADER)
    assist = plan.layouts[SETUP_ASSIST.name]
    assist.extras.append(REPEATED_HEADER)
    assist.dropped.add(DROPPED_COLUMN)
    plan.template_version = OLD_TEMPLATE_VERSION
    sheets = {"sheet": SETUP_ASSIST.name}
    issues = [
        PlantedIssue(
            "header-unknown",
            SUBSCRIBERS,
            None,
            extra=UNKNOWN_HEADER,
            params={"header": UNKNOWN_HEADER, "sheet": SUBSCRIBERS.name, "value": UNKNOWN_HEADER},
        ),
        PlantedIssue(
            "header-duplicate",
            SETUP_ASSIST,
            "notes",
            extra=REPEATED_HEADER,
            params=sheets | {"value": REPEATED_HEADER},
        ),
        PlantedIssue("header-missing", SETUP_ASSIST, DROPPED_COLUMN, params=sheets),
        PlantedIssue(
            "template-version",
            None,
            None,
            params={"found": OLD_TEMPLATE_VERSION, "expected": "1", "value": OLD_TEMPLATE_VERSION},
        ),
    ]
    return plan, issues


def omit_assist_sheet(plan: WorkbookPlan) -> PlantedIssue:
    """Leave the Setup Assist sheet out of ``plan``; the issue that causes."""
    plan.omitted.add(SETUP_ASSIST.name)
    return PlantedIssue("sheet-missing", SETUP_ASSIST, None, params={"sheet": SETUP_ASSIST.name})


def fill_extras(group: CustomerGroup) -> None:
    """Give the unknown column a value on every subscriber row (a cost centre per location),
    as a partner's own bookkeeping column would have."""
    for row in group.subscribers:
        row.set_extra(UNKNOWN_HEADER, f"CC-{100 + max(row.location, 0)}")
