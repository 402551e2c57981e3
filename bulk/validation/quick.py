"""Quick acceptance tests, one per column reader: a value that passes is a clean, non-blank
value its reader would return unchanged with no problem, so the reader need not run.

They let :class:`~bulk.validation.sheets.SheetPlan` handle a whole column of a chunk of rows
with one comprehension; every value that does not pass goes through the full cell path.
``tests/bulk/test_quick.py`` checks that a value passing its quick test reads as itself with no
problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from bulk.checks.addresses import read_country, read_postal_code, read_state, valid_countries
from bulk.checks.base import CellReader
from bulk.checks.choices import read_action, read_choice
from bulk.checks.dates import read_date
from bulk.checks.emails import email_problem, read_email
from bulk.checks.extensions import EXTENSION, read_extension
from bulk.checks.languages import read_language
from bulk.checks.packages import read_package
from bulk.checks.phones import is_valid_e164, read_phone
from bulk.checks.text import read_text
from bulk.checks.timezones import read_timezone, zone_names
from bulk.rules.languages import LANGUAGES
from bulk.schema import ACTIONS, Column

_LANGUAGE_FORMS = frozenset(LANGUAGES) | frozenset(code.split("_")[0] for code in LANGUAGES)
"""Canonical language codes taken as they are (any other value is read in full)."""

Quick = Callable[[Any], bool]


def _plain(limit: int) -> Quick:
    def quick(v: Any) -> bool:
        return (
            v.__class__ is str
            and 0 < len(v) <= limit
            and v.isprintable()
            and v[0] != " "
            and v[-1] != " "
        )

    return quick


def _text(column: Column) -> Quick:
    plain = _plain(column.max_length or 1 << 30)
    forbidden = column.forbidden
    if not forbidden:
        return plain
    return lambda v: plain(v) and not any(ch in v for ch in forbidden)


def _email(column: Column) -> Quick:
    plain = _plain(column.max_length or 1 << 30)
    return lambda v: plain(v) and email_problem(v) is None


def _state(column: Column) -> Quick:
    plain = _plain(column.max_length or 1 << 30)
    return lambda v: plain(v) and v.isupper()


class Membership:
    """A quick test that is membership of a set of strings (run at C speed over a column)."""

    def __init__(self, values: frozenset[str]) -> None:
        self.values = values

    def __call__(self, value: Any) -> bool:
        return value in self.values


def _member(choices: frozenset[str]) -> Quick:
    return Membership(choices)


_BUILDERS: dict[CellReader, Callable[[Column], Quick]] = {
    read_text: _text,
    read_email: _email,
    read_state: _state,
    read_postal_code: lambda c: _plain(c.max_length or 1 << 30),
    read_phone: lambda c: lambda v: v.__class__ is str and is_valid_e164(v),
    read_extension: lambda c: lambda v: v.__class__ is str and EXTENSION.fullmatch(v) is not None,
    read_country: lambda c: _member(valid_countries()),
    read_timezone: lambda c: _member(zone_names()),
    read_language: lambda c: _member(_LANGUAGE_FORMS),
    read_package: lambda c: lambda v: v.__class__ is str and v.isidentifier() and v.islower(),
    read_action: lambda c: _member(frozenset(ACTIONS)),
    read_choice: lambda c: _member(frozenset(c.choices)),
    read_date: lambda c: lambda v: v.__class__ is dt.date,
}


def quick_test(reader: CellReader, column: Column) -> Quick | None:
    """The quick test for a column read by ``reader`` (``None``: always read in full)."""
    builder = _BUILDERS.get(reader)
    return None if builder is None else builder(column)
