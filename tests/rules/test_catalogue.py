"""The error catalogue: docs/design.md §5 codes, numbering, templates, docs, `rtm codes`."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bulk.cli import app
from bulk.rules.catalogue import (
    BY_ERROR_CODE,
    CATALOGUE,
    FAMILIES,
    ErrorType,
    MissingParameter,
    Severity,
    catalogue_markdown,
)

ERRORS_PAGE = Path(__file__).parents[2] / "docs" / "errors.md"

# docs/design.md §5, copied here on purpose: the contract must not drift with the code.
DESIGN_CODES: dict[str, tuple[str, ...]] = {
    "workbook": (
        "workbook-unreadable",
        "workbook-too-large",
        "sheet-missing",
        "header-missing",
        "header-duplicate",
        "header-unknown",
        "template-version",
    ),
    "cell": (
        "cell-required",
        "cell-too-long",
        "cell-invalid-email",
        "cell-invalid-phone",
        "cell-invalid-extension",
        "cell-invalid-country",
        "cell-invalid-state",
        "cell-invalid-postal-code",
        "cell-invalid-timezone",
        "cell-invalid-language",
        "cell-invalid-package",
        "cell-invalid-action",
        "cell-invalid-date",
        "cell-invalid-choice",
        "cell-formula",
        "cell-forbidden-character",
    ),
    "rows": (
        "row-duplicate-key",
        "row-duplicate-email",
        "row-duplicate-phone",
        "row-duplicate-extension",
        "ref-unknown-customer",
        "ref-unknown-location",
    ),
    "packages": (
        "package-not-for-subscriber",
        "package-not-on-customer",
        "package-dependency",
        "calling-location-required",
        "calling-number-required",
        "customer-info-required",
    ),
    "Setup Assist": (
        "assist-deadline",
        "assist-date-past",
        "assist-no-seats",
        "assist-duplicate",
        "assist-not-entitled",
        "assist-partner-not-ready",
        "assist-customer-not-provisioned",
        "assist-network-check",
        "a-wholesale-quantity",
    ),
    "billing": ("billing-period-invalid", "billing-period-duplicate"),
}
DESIGN_WARNINGS = {"header-unknown", "template-version", "assist-network-check"}
ALL_DESIGN_CODES = [code for codes in DESIGN_CODES.values() for code in codes]


def test_design_table_has_every_code_once() -> None:
    assert len(ALL_DESIGN_CODES) == len(set(ALL_DESIGN_CODES)) == 46


@pytest.mark.parametrize("code", ALL_DESIGN_CODES)
def test_every_design_code_is_catalogued_with_its_severity_and_family(code: str) -> None:
    entry = CATALOGUE[code]
    expected = Severity.WARNING if code in DESIGN_WARNINGS else Severity.ERROR
    assert entry.severity is expected
    family = next(f for f, codes in DESIGN_CODES.items() if code in codes)
    assert entry.family == family


def test_codes_are_kebab_case_and_unique() -> None:
    for code, entry in CATALOGUE.items():
        assert entry.code == code
        assert re.fullmatch(r"[a-z]+(-[a-z0-9]+)+", code), code
    assert len(CATALOGUE) == len({e.code for e in CATALOGUE.values()})


def test_numeric_codes_are_unique_and_in_their_family_range() -> None:
    assert len(BY_ERROR_CODE) == len(CATALOGUE)
    for number, entry in BY_ERROR_CODE.items():
        assert entry.error_code == number
        assert number // 1000 in FAMILIES
        assert 1 <= number % 1000 <= 999


def test_entries_are_complete() -> None:
    for entry in CATALOGUE.values():
        assert 400 <= entry.http_status <= 599
        assert entry.title and entry.title[0].isupper()
        assert entry.description.endswith(".")
        assert entry.template


def _fields(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


@pytest.mark.parametrize("entry", list(CATALOGUE.values()), ids=lambda e: e.code)
def test_every_template_renders_with_its_params(entry: ErrorType) -> None:
    params = {name: f"<{name}-value>" for name in _fields(entry.template)}
    message = entry.message(**params)
    for value in params.values():
        assert value in message
    assert "{" not in message and "}" not in message


@pytest.mark.parametrize("entry", list(CATALOGUE.values()), ids=lambda e: e.code)
def test_a_missing_param_fails_instead_of_printing_a_placeholder(entry: ErrorType) -> None:
    names = _fields(entry.template)
    for left_out in names:
        params = {name: "x" for name in names if name != left_out}
        with pytest.raises(MissingParameter, match=left_out):
            entry.message(**params)


def test_errors_page_is_up_to_date() -> None:
    assert ERRORS_PAGE.read_text(encoding="utf-8") == catalogue_markdown(), (
        "docs/errors.md is stale; regenerate it with `rtm codes --markdown > docs/errors.md`"
    )


def test_errors_page_has_a_table_row_per_code() -> None:
    page = catalogue_markdown()
    for entry in CATALOGUE.values():
        row = next(line for line in page.splitlines() if line.startswith(f"| `{entry.code}` |"))
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert cells[1:5] == [
            str(entry.severity),
            str(entry.error_code),
            str(entry.http_status),
            entry.title,
        ]
    assert "## Setup Assist" in page and "## Workbook" in page


def test_rtm_codes_json_lists_every_design_code_with_its_severity() -> None:
    result = CliRunner().invoke(app, ["codes", "--json"])
    assert result.exit_code == 0, result.output
    listed = {e["code"]: e for e in json.loads(result.output)}
    for code in ALL_DESIGN_CODES:
        expected = "warning" if code in DESIGN_WARNINGS else "error"
        assert listed[code]["severity"] == expected
        assert listed[code]["errorCode"] == CATALOGUE[code].error_code


def test_rtm_codes_markdown_prints_the_errors_page() -> None:
    result = CliRunner().invoke(app, ["codes", "--markdown"])
    assert result.exit_code == 0, result.output
    assert result.output == catalogue_markdown()


def test_rtm_codes_prints_a_table() -> None:
    result = CliRunner().invoke(app, ["codes"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "assist-deadline" in result.output
