"""``rtm assist form``: a filled Setup Assist request form per location, with the derived SKU
and earliest completion date, marked not ready when the row has errors."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from typer.testing import CliRunner

from bulk.cli import app
from tests.bulk.validator_support import minimal_rows, write_book
from tests.html_tables import list_items, tables, text_of

AS_OF = "2027-06-01"  # a Tuesday; six business days later (US) is Wednesday 2027-06-09


def _book(tmp_path: Path, **assist: Any) -> Path:
    rows = minimal_rows()
    rows["Setup Assist"][0].update(assist)
    return write_book(tmp_path / "book.xlsx", rows)


def _form(tmp_path: Path, book: Path, *extra: str) -> Any:
    args = ["assist", "form", str(book), "--location", "HQ", "--as-of", AS_OF, *extra]
    return CliRunner().invoke(app, [*args, "-o", str(tmp_path / "forms")])


def test_a_ready_form_shows_the_derived_order(tmp_path: Path) -> None:
    result = _form(tmp_path, _book(tmp_path, notes="Door code <1234> & ask for Bo"))
    assert result.exit_code == 0, result.output
    page = (tmp_path / "forms" / "setup-assist-c1-hq.html").read_text()
    assert text_of(page).count("Ready to submit") == 1 and "Not ready" not in page
    shown = _fields(page)
    assert shown["SKU"] == "Wholesale Setup Assist Express (EXPRESS)"  # 2 seats: 1-5 is Express
    assert shown["Seats at the location"] == "2" and shown["Quantity"] == "1"
    assert shown["Requested completion date"] == "2027-06-15"
    assert shown["Earliest acceptable completion"].startswith("2027-06-09 ")
    assert shown["Net price"].startswith("249.00 USD")
    assert shown["Notes"] == "Door code <1234> & ask for Bo"  # escaped in the source, shown as is
    assert "Door code &lt;1234&gt; &amp; ask for Bo" in page
    assert _problems(page) == []


def _fields(page: str) -> dict[str, str]:
    """The form's "label: value" rows, as a reader sees them."""
    return {row[0]: row[1] for t in tables(page) for row in (*t.head, *t.body) if len(row) == 2}


def _problems(page: str) -> list[str]:
    """The texts of the problems the form lists."""
    return [text for attrs, text in list_items(page) if attrs.get("class") in ("error", "warning")]


def test_a_form_with_a_deadline_error_is_written_but_not_ready(tmp_path: Path) -> None:
    book = _book(tmp_path, requested_completion_date=dt.date(2027, 6, 8))
    result = _form(tmp_path, book)
    assert result.exit_code == 1, result.output
    page = (tmp_path / "forms" / "setup-assist-c1-hq.html").read_text()
    assert "Not ready to submit." in text_of(page) and "Ready to submit:" not in page
    (problem,) = _problems(page)
    assert problem.startswith("assist-deadline (error")
    assert "the earliest acceptable date is 2027-06-09" in problem


def test_the_partner_discount_and_readiness_appear(tmp_path: Path) -> None:
    partner = tmp_path / "partner.toml"
    partner.write_text(
        '[partner]\nname = "Northwind"\ncurrency = "USD"\ndiscount = "0.30"\n'
        "a_wholesale_ordered = true\n[readiness]\npstn_connectivity = true\n"
        "hosting_requirements = true\noss_bss = false\n"
    )
    result = _form(tmp_path, _book(tmp_path), "--partner", str(partner))
    assert result.exit_code == 1, result.output  # OSS/BSS not done: assist-partner-not-ready
    page = (tmp_path / "forms" / "setup-assist-c1-hq.html").read_text()
    assert "174.30 USD" in page and "Northwind" in page
    assert "assist-partner-not-ready" in page and "OSS/BSS configuration" in page


def test_unknown_location_and_bad_input_are_refused_in_one_line(tmp_path: Path) -> None:
    book = _book(tmp_path)
    unknown = CliRunner().invoke(app, ["assist", "form", str(book), "--location", "Depot"])
    assert unknown.exit_code == 2
    assert "no Setup Assist row for location(s) Depot" in unknown.output
    assert "the sheet has: HQ" in unknown.output
    date = CliRunner().invoke(
        app, ["assist", "form", str(book), "--location", "HQ", "--as-of", "soon"]
    )
    assert date.exit_code == 2 and "--as-of 'soon' is not a date" in date.output
    (tmp_path / "junk.xlsx").write_text("not a workbook")
    junk = CliRunner().invoke(
        app, ["assist", "form", str(tmp_path / "junk.xlsx"), "--location", "HQ"]
    )
    assert junk.exit_code == 2 and "Traceback" not in junk.output


def test_one_html_file_for_one_location(tmp_path: Path) -> None:
    target = tmp_path / "hq.html"
    result = CliRunner().invoke(
        app,
        [
            "assist",
            "form",
            str(_book(tmp_path)),
            "--location",
            "hq",
            "--as-of",
            AS_OF,
            "-o",
            str(target),
        ],
    )
    assert result.exit_code == 0, result.output
    assert "<h1>Wholesale Setup Assist request form</h1>" in target.read_text()
