"""The workbook template: the committed file matches what the builder writes (golden test), and
the builder writes what docs/design.md §4 promises."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet
from typer.testing import CliRunner

from bulk.cli import app
from bulk.rules.languages import LANGUAGES
from bulk.rules.packages import CUSTOMER_PACKAGES, SUBSCRIBER_PACKAGES
from bulk.schema import SHEETS, TEMPLATE_VERSION, Kind
from bulk.template import (
    COUNTRIES,
    DROPDOWNS,
    LAST_ROW,
    TIME_ZONES,
    build_template,
    dropdown_for,
    workbook_bytes,
)

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = ROOT / "templates" / "xlsx" / "onboarding-template-v1.xlsx"
REGENERATE = "rtm template -o templates/xlsx/onboarding-template-v1.xlsx"
DATA_SHEETS = [s.name for s in SHEETS]


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Workbook:
    """The template as `rtm template` writes it today, read back."""
    path = tmp_path_factory.mktemp("template") / "template.xlsx"
    result = CliRunner().invoke(app, ["template", "-o", str(path)])
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(path)


@pytest.fixture(scope="module")
def committed() -> Workbook:
    """The committed template, read back."""
    return openpyxl.load_workbook(COMMITTED)


def _validations(sheet: Worksheet) -> list[tuple[object, ...]]:
    return sorted(
        (
            str(v.sqref),
            v.type,
            v.formula1,
            v.operator,
            v.errorStyle,
            bool(v.showErrorMessage),
            bool(v.allow_blank),
        )
        for v in sheet.data_validations.dataValidation
    )


def _values(sheet: Worksheet) -> list[tuple[object, ...]]:
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def _shape(book: Workbook) -> dict[str, object]:
    names = {name: book.defined_names[name].attr_text for name in book.defined_names}
    sheets = {
        ws.title: (
            ws.sheet_state,
            ws.freeze_panes,
            _validations(ws),
            [c.value for c in ws[1]],
            [c.comment.text if c.comment else None for c in ws[1]],
        )
        for ws in book.worksheets
    }
    return {"order": book.sheetnames, "names": names, "sheets": sheets}


def test_committed_template_is_what_the_builder_writes(
    fresh: Workbook, committed: Workbook
) -> None:
    stale = f"{COMMITTED.relative_to(ROOT)} is stale; regenerate it with `{REGENERATE}`"
    assert _shape(fresh) == _shape(committed), stale
    for name in ("Instructions", "Lists"):
        assert _values(fresh[name]) == _values(committed[name]), stale


def test_builds_are_byte_identical() -> None:
    assert workbook_bytes(build_template()) == workbook_bytes(build_template())


def test_sheets_in_order_with_lists_hidden(fresh: Workbook) -> None:
    assert fresh.sheetnames == ["Instructions", *DATA_SHEETS, "Lists"]
    states = {ws.title: ws.sheet_state for ws in fresh.worksheets}
    assert states.pop("Lists") == "hidden"
    assert set(states.values()) == {"visible"}


def test_design_marks_customer_name_and_email_required() -> None:
    # docs/design.md §4: "Customer Name* ... Primary Email*", blank only with Existing Org ID.
    headers = [c.template_header for c in SHEETS[0].columns]
    assert "Customer Name*" in headers and "Primary Email*" in headers


def test_headers_follow_the_schema(fresh: Workbook) -> None:
    for schema in SHEETS:
        sheet = fresh[schema.name]
        assert [c.value for c in sheet[1]] == [c.template_header for c in schema.columns]
        assert sheet.freeze_panes == "A2"
        for cell, column in zip(sheet[1], schema.columns, strict=True):
            assert cell.value.endswith("*") == column.marked_required
            assert cell.font.bold
            need = schema.requirement(column)
            assert cell.comment is not None and need[1:] + "." in cell.comment.text
            assert column.help in cell.comment.text
            width = sheet.column_dimensions[cell.column_letter].width
            assert width == column.width


def test_required_headers_look_different(fresh: Workbook) -> None:
    header = fresh["Customers"][1]
    required = {c.fill.fgColor.rgb for c in header if str(c.value).endswith("*")}
    optional = {c.fill.fgColor.rgb for c in header if not str(c.value).endswith("*")}
    assert len(required) == 1 and len(optional) == 1 and required != optional


def test_text_columns_are_formatted_as_text_and_dates_as_dates(fresh: Workbook) -> None:
    for schema in SHEETS:
        sheet = fresh[schema.name]
        for cell, column in zip(sheet[1], schema.columns, strict=True):
            fmt = sheet.column_dimensions[cell.column_letter].number_format
            assert fmt == ("yyyy-mm-dd" if column.kind is Kind.DATE else "@"), column.header


def test_every_enumerated_column_has_its_dropdown(fresh: Workbook) -> None:
    lists = fresh["Lists"]
    sources = {
        lists.cell(row=1, column=i).value: f"'Lists'!${letter}$2:${letter}${len(d.values) + 1}"
        for i, (letter, d) in enumerate(zip("ABCDEFGH", DROPDOWNS, strict=True), start=1)
    }
    expected_columns = {"Action", "Country", "Packages", "Package", "Time Zone", "Language"}
    expected_columns |= {"Channel", "Network Check Done"}
    seen: set[str] = set()
    for schema in SHEETS:
        sheet = fresh[schema.name]
        by_range = {str(v.sqref): v for v in sheet.data_validations.dataValidation}
        for index, column in enumerate(schema.columns, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            validation = by_range.get(f"{letter}2:{letter}{LAST_ROW}")
            dropdown = dropdown_for(column)
            if dropdown is None:
                assert validation is None or validation.type == "date", column.header
                continue
            seen.add(column.header)
            assert validation is not None and validation.type == "list", column.header
            assert validation.formula1 == sources[dropdown.name]
    assert seen == expected_columns


def test_packages_dropdown_allows_typing_a_list(fresh: Workbook) -> None:
    validations = fresh["Customers"].data_validations.dataValidation
    packages = [v for v in validations if str(v.sqref).startswith("L2:")]
    assert len(packages) == 1 and not packages[0].showErrorMessage
    strict = [v for v in fresh["Subscribers"].data_validations.dataValidation if v.type == "list"]
    assert all(v.showErrorMessage for v in strict)


def test_lists_hold_the_rule_lists(fresh: Workbook) -> None:
    columns = {col[0]: list(col[1:]) for col in fresh["Lists"].iter_cols(values_only=True)}
    assert [v for v in columns["Customer Packages"] if v] == list(CUSTOMER_PACKAGES)
    assert [v for v in columns["Subscriber Package"] if v] == list(SUBSCRIBER_PACKAGES)
    assert [v for v in columns["Language"] if v] == list(LANGUAGES)
    assert [v for v in columns["Country"] if v] == list(COUNTRIES)
    assert [v for v in columns["Time Zone"] if v] == list(TIME_ZONES)


def test_countries_are_sorted_alpha_2_codes() -> None:
    assert list(COUNTRIES) == sorted(COUNTRIES)
    assert all(len(c) == 2 and c.isupper() for c in COUNTRIES)
    assert {"US", "CA", "GB", "AU", "DE", "FR", "NL", "ES", "IT", "IN", "JP", "BR", "MX"} <= set(
        COUNTRIES
    )


def test_time_zones_are_sorted_real_and_cover_the_holiday_countries() -> None:
    assert list(TIME_ZONES) == sorted(set(TIME_ZONES))
    for zone in TIME_ZONES:
        ZoneInfo(zone)
    one_per_country = {
        "America/New_York",
        "America/Toronto",
        "Europe/London",
        "Australia/Sydney",
        "Europe/Berlin",
        "Europe/Paris",
        "Europe/Amsterdam",
        "Europe/Madrid",
        "Europe/Rome",
        "Asia/Kolkata",
        "Asia/Tokyo",
        "America/Sao_Paulo",
        "America/Mexico_City",
    }
    assert one_per_country <= set(TIME_ZONES)


def test_template_version_and_properties(fresh: Workbook) -> None:
    assert fresh.defined_names["TemplateVersion"].attr_text == f'"{TEMPLATE_VERSION}"'
    assert fresh.properties.creator == "rtm"
    assert fresh.properties.created == fresh.properties.modified


def test_instructions_explain_the_rules(fresh: Workbook) -> None:
    text = "\n".join(str(v) for (v,) in _values(fresh["Instructions"]) if v)
    for needle in ("six business days", "Express", "Standard", "+14155550100", "formulas"):
        assert needle in text
    for schema in SHEETS:
        assert f"Sheet {schema.name}" in text
        for column in schema.columns:
            assert f"- {column.template_header} (" in text


def test_a_column_required_in_some_countries_never_reads_as_plain_optional(
    fresh: Workbook,
) -> None:
    """What a partner reads about State/Province and Postal Code, in the Instructions sheet and
    the header comment, says where they must be filled (written out from docs/design.md, not
    read from the schema), never just "optional"."""
    text = "\n".join(str(v) for (v,) in _values(fresh["Instructions"]) if v)
    state = "- State/Province (required in AU, CA and US, optional elsewhere)"
    postal = "- Postal Code (required in AU, CA, GB and US, optional elsewhere)"
    assert text.count(state) == 2 and text.count(postal) == 2  # Customers and Locations
    assert "State/Province (optional)" not in text and "Postal Code (optional)" not in text
    for name in ("Customers", "Locations"):
        comments = {c.value: c.comment.text for c in fresh[name][1] if c.comment}
        if name == "Customers":
            assert comments["Customer Name*"].startswith(
                "Customer Name*\nRequired unless Existing Org ID is given. "
            )
        assert comments["State/Province"].startswith(
            "State/Province\nRequired in AU, CA and US, optional elsewhere. "
        )
        assert comments["Postal Code"].startswith(
            "Postal Code\nRequired in AU, CA, GB and US, optional elsewhere. "
        )


def test_default_output_goes_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["template"])
    assert result.exit_code == 0
    assert "onboarding-template-v1.xlsx" in result.output
    assert (tmp_path / "onboarding-template-v1.xlsx").stat().st_size > 0


@pytest.mark.parametrize("target", ["missing-folder/t.xlsx", "."])
def test_unwritable_path_gives_one_line_and_exit_2(tmp_path: Path, target: str) -> None:
    result = CliRunner().invoke(app, ["template", "-o", str(tmp_path / target)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rtm template: cannot write")
    assert "Traceback" not in result.output
