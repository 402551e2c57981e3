"""Hidden characters, case by case: which zero-width joiners belong to an emoji and which hide
between letters, and the exact words of the simulator's refusal of a control character.
Expected values are written out by hand from the Unicode categories (an emoji is ``So``, a skin
tone modifier ``Sk``, the emoji presentation selector U+FE0F ``Mn``). Added for the mutation run
(docs/testing.md)."""

from __future__ import annotations

import pytest

from bulk.rules.hidden_characters import (
    control_character_violations,
    describe,
    hidden_character_violations,
    invisible_positions,
)

WOMAN, LAPTOP, FIRE, HEART = "\U0001f469", "\U0001f4bb", "\U0001f525", "\u2764"
MEDIUM_SKIN = "\U0001f3fd"
ZWJ, ZWSP, VS16 = "\u200d", "\u200b", "\ufe0f"

# (text, the invisible characters found with their position)
JOINERS: list[tuple[str, list[tuple[int, str]]]] = [
    (WOMAN + ZWJ + LAPTOP, []),  # woman technologist: the joiner is part of the emoji
    (WOMAN + MEDIUM_SKIN + ZWJ + LAPTOP, []),  # after a skin tone modifier (Sk)
    (HEART + VS16 + ZWJ + FIRE, []),  # heart on fire: after the presentation selector
    ("ab" + WOMAN + ZWJ + LAPTOP + "cd", []),
    (ZWJ + LAPTOP, [(1, ZWJ)]),  # nothing before it
    (WOMAN + ZWJ, [(2, ZWJ)]),  # nothing after it
    (ZWJ, [(1, ZWJ)]),
    ("a" + ZWJ + LAPTOP, [(2, ZWJ)]),  # a letter before it
    (WOMAN + ZWJ + "a", [(2, ZWJ)]),  # a letter after it
    ("a" + ZWJ + "b", [(2, ZWJ)]),
    (WOMAN + ZWSP + LAPTOP, [(2, ZWSP)]),  # a zero-width space is never part of an emoji
    (ZWSP + LAPTOP, [(1, ZWSP)]),
    (WOMAN + ZWJ + ZWJ + LAPTOP, [(2, ZWJ), (3, ZWJ)]),
]


@pytest.mark.parametrize(("text", "found"), JOINERS)
def test_a_joiner_is_hidden_unless_it_joins_two_emoji(
    text: str, found: list[tuple[int, str]]
) -> None:
    assert invisible_positions(text) == found


def test_the_warning_lists_every_invisible_character_with_its_position() -> None:
    (warning,) = hidden_character_violations("a" + ZWJ + "b\u202ec", "name", "Name")
    assert (warning.code, warning.field, warning.message, warning.params) == (
        "cell-invisible-character",
        "name",
        "Name holds U+200D ZERO WIDTH JOINER at character 2, U+202E RIGHT-TO-LEFT OVERRIDE at "
        "character 4; remove it unless it is meant to be there.",
        {
            "column": "Name",
            "characters": "U+200D ZERO WIDTH JOINER at character 2, U+202E RIGHT-TO-LEFT "
            "OVERRIDE at character 4",
            "value": "a\u200db\u202ec",
        },
    )


def test_the_simulator_refuses_the_first_control_character_of_each_field() -> None:
    found = control_character_violations(
        {"firstName": "Ann\x07\x1b", "lastName": "Lee", "email": "\x7fa@example.com\x00"}
    )
    assert [(v.code, v.field, v.message, v.params) for v in found] == [
        (
            "cell-forbidden-character",
            "firstName",
            "firstName must not contain 'U+0007 BEL at character 4'.",
            {"column": "firstName", "character": "U+0007 BEL at character 4"},
        ),
        (
            "cell-forbidden-character",
            "email",
            "email must not contain 'U+007F DELETE at character 1'.",
            {"column": "email", "character": "U+007F DELETE at character 1"},
        ),
    ]


@pytest.mark.parametrize(
    "text", ["Ann", "Ann\tLee", "line\nbreak\r\n", "caf\u00e9", WOMAN + ZWJ + LAPTOP, ZWSP, ""]
)
def test_tabs_line_breaks_and_invisible_characters_are_no_control_characters(text: str) -> None:
    assert control_character_violations({"name": text}) == []


# Named so that a reader can find them: Unicode's name, the C0 abbreviation for the unnamed
# controls below U+0020, DELETE for U+007F, and "CONTROL CHARACTER" for the C1 ones.
DESCRIBED = [
    ("\x00", "U+0000 NUL"),
    ("\x1b", "U+001B ESC"),
    ("\x1f", "U+001F US"),
    ("\x7f", "U+007F DELETE"),
    ("\x80", "U+0080 CONTROL CHARACTER"),
    ("\x9f", "U+009F CONTROL CHARACTER"),
    ("\u202e", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("\ufeff", "U+FEFF ZERO WIDTH NO-BREAK SPACE"),
    ("A", "U+0041 LATIN CAPITAL LETTER A"),
]


@pytest.mark.parametrize(("character", "described"), DESCRIBED)
def test_each_character_is_described_by_its_code_point_and_name(
    character: str, described: str
) -> None:
    assert describe(character) == described


def test_a_cell_with_a_control_character_is_refused_for_the_first_one() -> None:
    found = hidden_character_violations("A\x00B\x07\u200bC", "name", "Name")
    assert [(v.code, v.field, v.message, v.params) for v in found] == [
        (
            "cell-forbidden-character",
            "name",
            "Name must not contain 'U+0000 NUL at character 2'.",
            {"column": "Name", "character": "U+0000 NUL at character 2"},
        ),
        (
            "cell-invisible-character",
            "name",
            "Name holds U+200B ZERO WIDTH SPACE at character 5; remove it unless it is meant to "
            "be there.",
            {
                "column": "Name",
                "characters": "U+200B ZERO WIDTH SPACE at character 5",
                "value": "A\x00B\x07\u200bC",
            },
        ),
    ]
