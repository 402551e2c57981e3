"""Characters a person cannot see: control characters (refused) and invisible formatting
characters such as right-to-left overrides and zero-width spaces (a warning with their position).

The validator (:mod:`bulk.checks.formula_like`) and the simulator's request checks call the same
functions, so a value the validator passes is a value the API accepts (docs/validator.md).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping

from bulk.rules.violations import Violation

ALLOWED_CONTROLS = frozenset("\t\n\r")
"""Control characters a cell may hold (a spreadsheet shows them as spacing)."""

INVISIBLE = frozenset(
    "\u200b\u200c\u200d\u2060\ufeff"  # zero-width space, non-joiner, joiner, word joiner, BOM
    "\u200e\u200f\u061c"  # left-to-right, right-to-left and Arabic letter marks
    "\u202a\u202b\u202c\u202d\u202e"  # bidirectional embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # bidirectional isolates
)
"""Formatting characters that change how text reads without being seen."""

_C0_NAMES = (
    *("NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF"),
    *("CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM"),
    *("SUB", "ESC", "FS", "GS", "RS", "US"),
)


def describe(character: str) -> str:
    """``U+202E RIGHT-TO-LEFT OVERRIDE``: a character named so that a reader can find it."""
    code = ord(character)
    name = unicodedata.name(character, "")
    if not name and code < len(_C0_NAMES):
        name = _C0_NAMES[code]
    elif not name:
        name = "DELETE" if code == 0x7F else "CONTROL CHARACTER"
    return f"U+{code:04X} {name}".rstrip()


def is_control(character: str) -> bool:
    """A control character other than tab, line feed and carriage return."""
    return unicodedata.category(character) == "Cc" and character not in ALLOWED_CONTROLS


def _emoji_joiner(text: str, index: int) -> bool:
    """A zero-width joiner inside an emoji sequence (👩‍💻) is part of the emoji, not hidden."""
    if text[index] != "\u200d" or index == 0 or index + 1 == len(text):
        return False
    before, after = text[index - 1], text[index + 1]
    return unicodedata.category(after) == "So" and (
        unicodedata.category(before) in ("So", "Sk") or before == "\ufe0f"
    )


def invisible_positions(text: str) -> list[tuple[int, str]]:
    """Invisible formatting characters with their position (1 = the first character)."""
    return [
        (index + 1, ch)
        for index, ch in enumerate(text)
        if ch in INVISIBLE and not _emoji_joiner(text, index)
    ]


def control_positions(text: str) -> list[tuple[int, str]]:
    """Control characters (other than tab, line feed, carriage return) with their position."""
    return [(index + 1, ch) for index, ch in enumerate(text) if is_control(ch)]


def _listed(found: list[tuple[int, str]]) -> str:
    return ", ".join(f"{describe(ch)} at character {position}" for position, ch in found)


def hidden_character_violations(text: str, field: str, column: str) -> list[Violation]:
    """``cell-forbidden-character`` (an error) for control characters and
    ``cell-invisible-character`` (a warning) for invisible formatting characters."""
    if text.isprintable():
        return []
    found = [
        Violation.of("cell-forbidden-character", field, column=column, character=_listed([hit]))
        for hit in control_positions(text)[:1]
    ]
    invisible = invisible_positions(text)
    if invisible:
        found.append(
            Violation.of(
                "cell-invisible-character",
                field,
                column=column,
                characters=_listed(invisible),
                value=text,
            )
        )
    return found


def control_character_violations(values: Mapping[str, str]) -> list[Violation]:
    """``cell-forbidden-character`` for each field (name → text) holding a control character:
    the simulator refuses them, since no file or database should store one unescaped."""
    found: list[Violation] = []
    for field, text in values.items():
        controls = control_positions(text) if not text.isprintable() else []
        if controls:
            found.append(
                Violation.of(
                    "cell-forbidden-character",
                    field,
                    column=field,
                    character=_listed(controls[:1]),
                )
            )
    return found


__all__ = [
    "ALLOWED_CONTROLS",
    "INVISIBLE",
    "control_character_violations",
    "control_positions",
    "describe",
    "hidden_character_violations",
    "invisible_positions",
    "is_control",
]
