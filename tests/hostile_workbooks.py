"""What the toolkit says of each hostile workbook in ``fixtures/`` that it refuses to read: the
words a partner must see, the same in ``rtm validate``, the portal's refusal page and its
upload check."""

from __future__ import annotations

__all__ = ["REFUSED"]

REFUSED = {
    "empty.xlsx": "the file is empty",
    "text.xlsx": "not an .xlsx workbook",
    "truncated.xlsx": "damaged zip file",
    "encrypted.xlsx": "password-protected",
    "old.xls": "old binary Excel file (.xls)",
    "bomb.xlsx": "is too large",
    "bomb-lying.xlsx": "is damaged",
    "no-sheets.xlsx": "none of the template's sheets",
}
