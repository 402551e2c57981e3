"""``rtm validate --journal FILE``: the warnings only an import journal makes possible offline.

The journal remembers the name and primary email each customer was created with (the API never
shows them back); an ``update`` row that changes either is warned about as ``not-updatable``,
the way ``rtm import`` would end it (docs/importer.md)."""

from __future__ import annotations

from pathlib import Path

from bulk.importer.journal import JournalError, ProvisioningJournal
from bulk.importer.not_updatable import unchangeable
from bulk.rules.catalogue import CATALOGUE
from bulk.validation import Issue, ValidationResult


class JournalUnusable(Exception):
    """The journal named by ``--journal`` cannot be read; the message is the one line."""


def journal_warnings(result: ValidationResult, path: Path) -> list[Issue]:
    """A ``not-updatable`` warning per update row that changes a customer's name or email."""
    if not path.is_file():
        raise JournalUnusable(f"--journal {path}: journal file not found")
    try:
        with ProvisioningJournal(path) as journal:
            known = journal.customer_info()
    except JournalError as error:
        raise JournalUnusable(str(error)) from None
    issues = []
    for row in result.workbook.customers:
        blocked = row.action == "update" and unchangeable(
            row.name, row.primary_email, known.get(row.external_id)
        )
        if blocked:
            issues.append(
                Issue(
                    "not-updatable",
                    CATALOGUE["not-updatable"].severity,
                    "Customers",
                    row.row,
                    blocked.columns[0],
                    "",
                    row.name if blocked.columns[0] == "Customer Name" else row.primary_email,
                    blocked.message("Customers", row.row),
                )
            )
    return issues


__all__ = ["JournalUnusable", "journal_warnings"]
