"""Carry out an :class:`ImportPlan` against the API, journaling every step.

Independent customers run in parallel; within a customer, each subscriber waits only for its
customer and its own location, and each Setup Assist request for the subscribers at its
location. A semaphore bounds how many operations talk to the API at once (``concurrency``).
A row the API refuses (4xx) fails alone; the rows that depend on it are reported
``import-blocked``; every other row goes on. A 401 stops the run (the token is wrong).
"""

from __future__ import annotations

import asyncio

from bulk.client.errors import AuthenticationFailed
from bulk.importer.chain import customer_chain
from bulk.importer.context import ImportRun
from bulk.importer.journal import ProvisioningJournal
from bulk.importer.outcome import ImportReport, RowOutcome
from bulk.importer.plan import ImportPlan


class Importer:
    """Runs an import plan (see the module docstring)."""

    def __init__(self, run: ImportRun) -> None:
        self.run = run

    async def execute(self, plan: ImportPlan, *, workbook: str, url: str) -> ImportReport:
        """Check access, journal the plan, carry out every customer's chain, report."""
        run = self.run
        await run.api.check_access()
        run.journal.plan(plan.operations())
        run.run_id = run.journal.start_run(workbook, url, dry_run=False)
        sizes = plan.sizes()
        run.progress.start("customers", sizes["customers"])
        for phase in ("locations", "subscribers", "setup assist"):
            run.progress.start(phase, sizes[phase])
        outcome = "interrupted"
        try:
            async with asyncio.TaskGroup() as group:
                for customer in plan.customers:
                    group.create_task(customer_chain(run, customer))
            outcome = "finished"
        except ExceptionGroup as group:
            refused = group.subgroup(lambda e: isinstance(e, AuthenticationFailed))
            raise _first_leaf(refused or group) from None
        finally:
            run.journal.finish_run(run.run_id, outcome, {"sent": run.sends, "done": run.changed})
        return report_from_journal(run.journal, plan, run.sends, run.changed)


def report_from_journal(
    journal: ProvisioningJournal, plan: ImportPlan, sends: int, changed: int
) -> ImportReport:
    """Every planned row's outcome as the journal now records it."""
    entries = journal.entries()
    outcomes: list[RowOutcome] = []
    for op in plan.operations():
        entry = entries.get(op.key)
        if entry is None:
            continue
        outcomes.append(
            RowOutcome(
                op.sheet,
                op.row,
                op.key,
                str(entry.state),
                entry.remote_id,
                entry.error_code,
                entry.error_message,
            )
        )
    counts: dict[str, int] = {}
    for outcome in outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    return ImportReport(outcomes, False, sends, changed, counts)


def _first_leaf(group: BaseExceptionGroup[BaseException]) -> BaseException:
    """The first plain exception inside a (nested) exception group, so a 401 in any task
    surfaces as itself."""
    first = group.exceptions[0]
    return _first_leaf(first) if isinstance(first, BaseExceptionGroup) else first
