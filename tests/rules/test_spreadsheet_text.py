"""The neutraliser of spreadsheet text and the hidden-character rules (docs/validator.md)."""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bulk.rules.hidden_characters import (
    control_character_violations,
    control_positions,
    hidden_character_violations,
    invisible_positions,
)
from bulk.rules.spreadsheet_text import (
    FORMULA_STARTS,
    QUOTE,
    formula_like,
    neutralise_csv,
    neutralised_csv,
    restore_csv,
    show_controls,
    spreadsheet_effect,
)

CORPUS = json.loads(
    (Path(__file__).parents[2] / "fixtures" / "hostile-content" / "strings.json").read_text()
)
OWASP_STARTS = "=+-@\t\r"
"""OWASP's list, written out independently of the module."""

leading = st.sampled_from([*OWASP_STARTS, "'", "a", "1", " ", ""])
texts = st.builds(lambda first, rest: first + rest, leading, st.text(max_size=30))
"""Text that often starts like a formula or with quotes."""


def _excel_reads_as_formula(cell: str) -> bool:
    """An oracle written from the OWASP rule, not from the module: a cell starting with one of
    its characters is a formula unless the whole cell is a plain number."""
    if not cell or cell[0] not in OWASP_STARTS:
        return False
    if set(cell) - set("0123456789+-.eE"):
        return True
    try:
        float(cell)
    except ValueError:
        return True
    return False


def test_the_formula_starts_are_owasps() -> None:
    assert set(OWASP_STARTS) == FORMULA_STARTS


@given(texts)
def test_no_neutralised_cell_is_read_as_a_formula(text: str) -> None:
    assert not _excel_reads_as_formula(neutralise_csv(text))


@given(texts)
def test_restore_undoes_neutralise(text: str) -> None:
    assert restore_csv(neutralise_csv(text)) == show_controls(text)


@given(texts)
def test_neutralise_only_adds_a_quote(text: str) -> None:
    out = neutralise_csv(show_controls(text))
    assert out in (text, QUOTE + text) or out in (show_controls(text), QUOTE + show_controls(text))
    assert (out != show_controls(text)) == formula_like(show_controls(text).lstrip(QUOTE))


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2))
def test_numbers_stay_numbers(amount: Decimal) -> None:
    text = str(amount)
    assert not formula_like(text)
    assert neutralise_csv(text) == text
    assert neutralise_csv(f"+{abs(amount)}") == f"+{abs(amount)}"


@pytest.mark.parametrize("text", CORPUS["formula"])
def test_every_formula_of_the_corpus_is_quoted_once(text: str) -> None:
    assert neutralise_csv(text) == QUOTE + text
    assert restore_csv(QUOTE + text) == text


def test_a_cell_that_is_not_neutralised_reads_as_itself() -> None:
    for text in ("Acme", "'quoted", "it's", "-5", "+14085550100", "-12.50", ""):
        assert restore_csv(text) == text


def test_the_effect_is_said_in_words() -> None:
    assert spreadsheet_effect("@SUM(1)") == "run it as a function call"
    assert "formula" in spreadsheet_effect("=1+1")
    assert "tab" in spreadsheet_effect("\t=1")
    assert spreadsheet_effect("Acme") == spreadsheet_effect("-5") == ""


@given(st.text(max_size=40))
def test_shown_controls_leave_no_control_character(text: str) -> None:
    shown = show_controls(text)
    assert not [c for c in shown if unicodedata.category(c) == "Cc" and c not in "\t\n\r"]
    assert len(shown) == len(text)


def test_controls_are_shown_as_pictures() -> None:
    assert show_controls("a\x00b\x1b\x7f\x85") == "a\u2400b\u241b\u2421\ufffd"
    assert show_controls("tab\there\r\n") == "tab\there\r\n"


@pytest.mark.parametrize("text", CORPUS["control"])
def test_every_control_string_of_the_corpus_is_refused(text: str) -> None:
    found = hidden_character_violations(text, "name", "Customer Name")
    assert [v.code for v in found] == ["cell-forbidden-character"]
    assert control_character_violations({"name": text})[0].code == "cell-forbidden-character"


@pytest.mark.parametrize("text", CORPUS["bidi"] + CORPUS["zero_width"])
def test_bidi_and_zero_width_characters_are_a_warning_with_their_position(text: str) -> None:
    found = hidden_character_violations(text, "name", "Customer Name")
    assert [v.code for v in found] == ["cell-invisible-character"]
    for position, character in invisible_positions(text):
        assert text[position - 1] == character
        assert f"at character {position}" in found[0].message


@pytest.mark.parametrize("text", CORPUS["emoji"] + CORPUS["html"] + CORPUS["formula"])
def test_emoji_html_and_formulas_hide_nothing(text: str) -> None:
    codes = [v.code for v in hidden_character_violations(text, "name", "Customer Name")]
    assert "cell-invisible-character" not in codes
    assert not control_positions(text.replace("\t", "").replace("\r", ""))


@given(st.lists(st.lists(texts, min_size=1, max_size=4), min_size=1, max_size=4))
def test_neutralised_csv_reads_back_cell_for_cell(rows: list[list[str]]) -> None:
    text = neutralised_csv(rows)
    read = list(csv.reader(io.StringIO(text, newline="")))
    assert [[restore_csv(c) for c in row] for row in read] == [
        [show_controls(c) for c in row] for row in rows
    ]
    assert not [c for row in read for c in row if _excel_reads_as_formula(c)]
