"""What the importer reads from a validated workbook: the validator's typed rows
(:mod:`bulk.workbook.rows`), under the names the importer's modules use."""

from __future__ import annotations

from bulk.workbook.rows import AssistRow as AssistInput
from bulk.workbook.rows import CustomerRow as CustomerInput
from bulk.workbook.rows import LocationRow as LocationInput
from bulk.workbook.rows import ParsedWorkbook as WorkbookInput
from bulk.workbook.rows import SubscriberRow as SubscriberInput

__all__ = ["AssistInput", "CustomerInput", "LocationInput", "SubscriberInput", "WorkbookInput"]
