"""Email cells, checked by the rulebook's verdict (:func:`bulk.rules.verdicts.email_problem`:
email-validator, ``check_deliverability=False``).

email-validator costs about 20 µs per address, mostly in the domain part. Addresses of the
common shape (an ASCII dot-atom local part and an ASCII domain) are decided by a regular
expression for the local part and a per-domain cache of email-validator's verdict on the
domain; everything else goes to email-validator itself. ``tests/bulk/test_emails.py`` checks
on a corpus that both paths give the same verdict for every address.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from bulk.checks.text import as_text, read_text
from bulk.rules import values
from bulk.rules.verdicts import email_problem as reference_problem
from bulk.rules.violations import Violation
from bulk.schema import Column

_ATEXT = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]"
_COMMON = re.compile(rf"(?:{_ATEXT}+(?:\.{_ATEXT}+)*)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_MAX_LOCAL = 64
_MAX_ADDRESS = 254


__all__ = ["email_problem", "read_email", "reference_problem"]


@lru_cache(maxsize=65_536)
def _domain_problem(domain: str) -> str | None:
    return reference_problem("a@" + domain)


def email_problem(address: str) -> str | None:
    """Why ``address`` is not a valid email address, or ``None`` when it is (same verdicts as
    :func:`reference_problem`, faster on the common shape)."""
    match = _COMMON.fullmatch(address)
    if match is None or len(address) > _MAX_ADDRESS or match.start(1) - 1 > _MAX_LOCAL:
        return reference_problem(address)
    problem = _domain_problem(match.group(1))
    return None if problem is None else reference_problem(address)


def read_email(raw: Any, column: Column, found: list[Violation]) -> str:
    """An email cell: a valid address, or ``cell-invalid-email`` with email-validator's reason."""
    text = read_text(as_text(raw), column, found)
    _, problem = values.email(text, column.key, email_problem)
    if problem is not None:
        found.append(problem)
    return text
