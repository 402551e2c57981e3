"""The text of the template's ``Instructions`` sheet, written from the schema so it never
disagrees with the columns."""

from __future__ import annotations

from dataclasses import dataclass

from bulk.schema import SHEETS, TEMPLATE_VERSION, Column, Sheet


@dataclass(frozen=True)
class Line:
    """One line of the Instructions sheet; headings are styled differently."""

    text: str
    heading: bool = False


def instruction_lines(last_row: int) -> list[Line]:
    """Every line of the Instructions sheet, top to bottom, for a template whose dropdowns
    reach worksheet row ``last_row``."""
    lines = [
        Line(f"Wholesale RTM onboarding workbook (template version {TEMPLATE_VERSION})", True),
        Line(
            "Fill in the four data sheets, check the workbook with "
            "`rtm validate WORKBOOK --as-of YYYY-MM-DD`, fix what it reports, then import it "
            "with `rtm import`."
        ),
        Line(""),
        *_general_lines(last_row),
    ]
    for sheet in SHEETS:
        lines += [Line(""), *_sheet_lines(sheet)]
    lines += [Line(""), *_setup_assist_lines(), Line(""), *_excel_pitfall_lines()]
    return lines


def _general_lines(last_row: int) -> list[Line]:
    return [
        Line("How the workbook works", True),
        Line("- Headers are in row 1 and data starts in row 2; keep the header names as they are."),
        Line("- Headers ending in * are required columns; blank rows are skipped."),
        Line(
            "- Sheets: Customers (one row per customer organisation), Locations (the customer's "
            "sites), Subscribers (one row per user) and Setup Assist (one request per location)."
        ),
        Line(
            f"- Rows 2 to {last_row} carry dropdowns and text formatting; more rows are "
            "accepted but have no dropdowns."
        ),
        Line(
            "- Packages on Customers: pick one package from the dropdown, or type several "
            "separated by commas (webex_calling, webex_meetings)."
        ),
        Line("- The hidden Lists sheet feeds the dropdowns; do not edit it."),
        Line("- Hover over a header to see what the column takes."),
    ]


def _sheet_lines(sheet: Sheet) -> list[Line]:
    return [
        Line(f"Sheet {sheet.name}", True),
        Line(sheet.help),
        *(Line(_column_line(sheet, c)) for c in sheet.columns),
    ]


def _column_line(sheet: Sheet, column: Column) -> str:
    need = sheet.requirement(column)
    parts = [f"- {column.template_header} ({need})"]
    if column.help:
        parts.append(column.help)
    if column.max_length is not None:
        parts.append(f"At most {column.max_length} characters.")
    return " ".join(parts)


def _setup_assist_lines() -> list[Line]:
    return [
        Line("Setup Assist rules", True),
        Line(
            "- Setup Assist needs the A-Wholesale SKU, ordered once per partner with quantity 1, "
            "and a fully onboarded partner (PSTN connectivity, third-party hosting requirements, "
            "OSS/BSS configuration)."
        ),
        Line("- The customer is provisioned first; the assist request follows."),
        Line(
            "- Seats = the Subscribers rows with that customer and Location Name. "
            "1 to 5 seats: Express (one flat charge, quantity 1). More than 5 seats: Standard "
            "(per-user charge, quantity = seats). A location without subscribers is refused. "
            "The SKU is assigned from the seats, never chosen."
        ),
        Line(
            "- Six-business-day rule: the Requested Completion Date must be at least six business "
            "days after the day the request is submitted. Business days are Monday to Friday "
            "without the public holidays of the location's country; the validator names the "
            "earliest acceptable date."
        ),
        Line(
            "- Ask the customer to verify network connectivity (cscan.webex.com) and set Network "
            "Check Done to yes; the validator warns when it is not done."
        ),
    ]


def _excel_pitfall_lines() -> list[Line]:
    return [
        Line("Excel pitfalls", True),
        Line(
            "- Phone numbers: E.164 with the leading +, e.g. +14155550100, stored as text. A "
            "number cell loses the + and long numbers turn into 1.4E+10."
        ),
        Line(
            "- Leading zeros: postal codes and extensions are text (the template formats those "
            "columns as text); a number cell turns 01234 into 1234."
        ),
        Line(
            "- Dates: type a real date such as 2027-06-14 in Requested Completion Date, not free "
            "text."
        ),
        Line(
            "- No formulas: values only. Formulas are refused and never evaluated; use Paste "
            "Special > Values when copying from other workbooks."
        ),
        Line(
            "- Avoid merged cells, hidden rows, leading or trailing spaces and non-breaking "
            "spaces; the validator reports them, cell by cell."
        ),
    ]
