"""The importer: from a validated workbook to provisioned customers, locations, subscribers and
Setup Assist requests, never losing or duplicating anything (docs/design.md §6 ``rtm import``).

:func:`build_plan` groups the rows per customer; :class:`Importer` carries the plan out over a
:class:`~bulk.client.protocol.ProvisioningApi`, journaling every step in a
:class:`ProvisioningJournal`; :class:`DryRun` runs the prechecks only;
:func:`write_result_workbook` writes the result workbook.
"""

from __future__ import annotations

from bulk.importer.context import ImportOptions, ImportRun
from bulk.importer.crash import CrashPoint
from bulk.importer.dry_run import DryRun
from bulk.importer.headline import (
    FailureGroup,
    Headline,
    Verdict,
    failure_groups,
    report_headline,
    stopped_headline,
    unchecked_groups,
    waiting_headline,
)
from bulk.importer.journal import (
    AssistOrder,
    JournalEntry,
    JournalError,
    OpState,
    PlannedOperation,
    ProvisioningJournal,
    SubscriberPackage,
    default_journal_path,
)
from bulk.importer.outcome import Failure, ImportReport, RowOutcome
from bulk.importer.plan import ImportPlan, build_plan
from bulk.importer.progress import PHASES, ProgressSink, SilentProgress
from bulk.importer.result_workbook import default_result_path, write_result_workbook
from bulk.importer.runner import Importer
from bulk.importer.session import Sleeps, api_refusal, run_session, safe_url

__all__ = [
    "PHASES",
    "AssistOrder",
    "CrashPoint",
    "DryRun",
    "Failure",
    "FailureGroup",
    "Headline",
    "ImportOptions",
    "ImportPlan",
    "ImportReport",
    "ImportRun",
    "Importer",
    "JournalEntry",
    "JournalError",
    "OpState",
    "PlannedOperation",
    "ProgressSink",
    "ProvisioningJournal",
    "RowOutcome",
    "SilentProgress",
    "Sleeps",
    "SubscriberPackage",
    "Verdict",
    "api_refusal",
    "build_plan",
    "default_journal_path",
    "default_result_path",
    "failure_groups",
    "report_headline",
    "run_session",
    "safe_url",
    "stopped_headline",
    "unchecked_groups",
    "waiting_headline",
    "write_result_workbook",
]
