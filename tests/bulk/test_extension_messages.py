"""The extension cell's reading, message by message (an extension is 2 to 10 digits; a number
cell loses leading zeros): the exact text a partner reads for each way it can go wrong. Added
for the mutation run (docs/testing.md), where only the codes were asserted before."""

from __future__ import annotations

from typing import Any

import pytest

from bulk.checks.extensions import read_extension
from bulk.rules.violations import Violation
from bulk.schema import SHEETS_BY_NAME

COLUMN = next(c for c in SHEETS_BY_NAME["Subscribers"].columns if c.key == "extension")
STORED = (
    "Extension is stored as the number {0}; Excel drops leading zeros from numbers, so check it "
    "is not missing a leading 0 and format the column as text."
)
INVALID = "'{0}' is not a valid extension: use 2 to 10 digits{1}."
AS_NUMBER = "; it is stored as a number"
SIGNED = AS_NUMBER + " with a fraction or sign"

CASES: list[tuple[Any, str, str, str]] = [
    (1234, "1234", "cell-stored-as-number", STORED.format("1234")),
    (1234567890, "1234567890", "cell-stored-as-number", STORED.format("1234567890")),
    (12.5, "12.5", "cell-invalid-extension", INVALID.format("12.5", SIGNED)),
    (-12, "-12", "cell-invalid-extension", INVALID.format("-12", SIGNED)),
    (7, "7", "cell-invalid-extension", INVALID.format("7", AS_NUMBER)),
    (12345678901, "12345678901", "cell-invalid-extension",
     INVALID.format("12345678901", AS_NUMBER)),
    ("12345678901", "12345678901", "cell-invalid-extension",
     INVALID.format("12345678901", " (it has 11 digits)")),
    ("12a", "12a", "cell-invalid-extension", INVALID.format("12a", "")),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "text", "code", "message"), CASES)
def test_each_bad_extension_reads_as_its_message(
    raw: Any, text: str, code: str, message: str
) -> None:
    found: list[Violation] = []
    assert read_extension(raw, COLUMN, found) == text
    assert [(v.code, v.field, v.message) for v in found] == [(code, "extension", message)]
    assert found[0].params.get("value") == text
    if code == "cell-stored-as-number":
        assert found[0].params.get("column") == COLUMN.header


@pytest.mark.parametrize("raw", ["12", "123456789", "0012", "1234567890"])
def test_good_extensions_read_clean(raw: str) -> None:
    found: list[Violation] = []
    assert read_extension(raw, COLUMN, found) == raw and found == []
