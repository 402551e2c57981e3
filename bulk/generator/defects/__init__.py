"""Planting defects and Excel damage into generated customer groups, and keeping the answer key.

Two passes run over each customer group, one for ``--defects`` and one for ``--excel-damage``:

1. *coverage*: every kind not planted yet in the run is planted once, on a random row of the
   group that can host it, so every code the workbook can carry appears at least once;
2. *sampling*: every other row gets a defect with probability ``RATE`` (the defect rate, or
   :data:`DAMAGE_SHARE` for damage), of a kind chosen at random among those the row can host.

A row hosts at most one defect, and rows a defect copies from are left alone too, so each
planted issue is exactly what the validator reports for that row. With ``--defects`` the
workbook is also laid out with the workbook-level defects (:mod:`.workbook`). With a generated
partner profile, the profile is not entitled to Setup Assist and not ready, so every Setup
Assist row also carries ``assist-not-entitled`` and ``assist-partner-not-ready``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from bulk.generator.answer_key import AnswerKey, PlantedIssue
from bulk.generator.builder import GroupBuilder
from bulk.generator.defects import assist, customers, damage, locations, subscribers
from bulk.generator.defects.base import DefectKind, Planting
from bulk.generator.defects.workbook import defective_plan, fill_extras, omit_assist_sheet
from bulk.generator.model import CustomerGroup
from bulk.generator.options import GeneratorOptions
from bulk.generator.writer import WorkbookPlan
from bulk.rules.assist import Readiness
from bulk.schema import SETUP_ASSIST, SHEETS

DEFECT_KINDS: tuple[DefectKind, ...] = (
    customers.KINDS + locations.KINDS + subscribers.KINDS + assist.KINDS
)
"""Every row-level defect kind of ``--defects``."""

DAMAGE_KINDS: tuple[DefectKind, ...] = damage.KINDS
"""Every kind of ``--excel-damage``."""

DAMAGE_SHARE = 0.03
"""Share of rows ``--excel-damage`` damages (beyond one of each kind)."""

PARTNER_NAME = "Generated Partner"
NOT_READY = Readiness(pstn_connectivity=False, hosting_requirements=True, oss_bss=True)
"""The readiness of the generated partner profile when defects are planted."""


@dataclass(slots=True)
class _Pass:
    """One planting pass: its kinds, its per-row rate, and the kinds not planted yet."""

    kinds: tuple[DefectKind, ...]
    rate: float
    damage: bool = False
    pending: list[DefectKind] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.pending = list(self.kinds)


class DefectPlanter:
    """Plants defects group by group and collects what the validator must report."""

    def __init__(self, options: GeneratorOptions, builder: GroupBuilder) -> None:
        self.options = options
        self.context = Planting(options, random.Random(), builder)
        self.plan = WorkbookPlan.template()
        self.planted: list[PlantedIssue] = []
        if options.defect_rate > 0:
            self.plan, self.planted = defective_plan()
        if options.omit_assist_sheet:
            self.planted = [i for i in self.planted if i.sheet is not SETUP_ASSIST]
            self.planted.append(omit_assist_sheet(self.plan))
        usable = tuple(k for k in DEFECT_KINDS if k.sheet.name not in self.plan.omitted)
        self.passes: list[_Pass] = []
        if options.defect_rate > 0:
            self.passes.append(_Pass(usable, options.defect_rate))
        if options.excel_damage:
            damaging = tuple(k for k in DAMAGE_KINDS if k.sheet.name not in self.plan.omitted)
            self.passes.append(_Pass(damaging, DAMAGE_SHARE, damage=True))
        if options.with_partner:
            # The generated profile cannot know the target's customer template (see
            # partner_toml), so validating with it warns that the ID is missing.
            self.planted.append(PlantedIssue("provisioning-id-missing", None, None))

    @property
    def partner_ready(self) -> bool:
        """Whether the generated partner profile is entitled and ready (no defects asked)."""
        return self.options.defect_rate == 0

    def workbook_plan(self) -> WorkbookPlan:
        """How the workbook is laid out (template, or with workbook-level defects)."""
        return self.plan

    def plant(self, group: CustomerGroup) -> None:
        """Plant this group's share of defects and damage."""
        self.context.rng.seed(f"{self.options.seed}:defects:{group.index}")
        for planting in self.passes:
            self.context.damaging = planting.damage
            self._cover(planting, group)
            self._sample(planting, group)
        if self.options.defect_rate > 0:
            fill_extras(group)
        if self.options.with_partner and not self.partner_ready:
            self._partner_issues(group)

    def _cover(self, planting: _Pass, group: CustomerGroup) -> None:
        for kind in list(planting.pending):
            rows = group.rows_of(kind.sheet)
            if not rows:
                continue
            start = self.context.rng.randrange(len(rows))
            for row in rows[start:] + rows[:start]:
                if not row.planted and kind.applies(group, row):
                    self.planted += kind.plant(self.context, group, row)
                    planting.pending.remove(kind)
                    break

    def _sample(self, planting: _Pass, group: CustomerGroup) -> None:
        rng = self.context.rng
        for sheet in SHEETS:
            kinds = [k for k in planting.kinds if k.sheet is sheet]
            if not kinds:
                continue
            for row in list(group.rows_of(sheet)):
                if row.planted or rng.random() >= planting.rate:
                    continue
                fitting = [k for k in kinds if k.applies(group, row)]
                if fitting:
                    self.planted += rng.choice(fitting).plant(self.context, group, row)

    def _partner_issues(self, group: CustomerGroup) -> None:
        if SETUP_ASSIST.name in self.plan.omitted:
            return
        missing = ", ".join(NOT_READY.missing())
        for row in group.assists:
            self.planted.append(
                self.context.issue(
                    "assist-not-entitled", row, "customer_external_id", partner=PARTNER_NAME
                )
            )
            self.planted.append(
                self.context.issue(
                    "assist-partner-not-ready", row, "customer_external_id", missing=missing
                )
            )

    def answer_key(self, rows: dict[str, int]) -> AnswerKey:
        """The answer key, once every row has been written."""
        return AnswerKey.build(self.options, self.plan, rows, self.planted)


def partner_toml(ready: bool) -> str:
    """A partner profile for ``rtm validate --partner``: entitled and ready when ``ready``,
    otherwise not entitled and without PSTN connectivity (what a defective run expects)."""
    readiness = Readiness(True, True, True) if ready else NOT_READY
    return (
        "# Partner profile written by rtm generate (for rtm validate --partner).\n"
        f'[partner]\nname = "{PARTNER_NAME}"\ncurrency = "USD"\ndiscount = "0.30"\n'
        f"a_wholesale_ordered = {str(ready).lower()}\n"
        '# provisioning_id = "..."  # your customer template\'s ID (rtm sim token prints the\n'
        "#                              simulator's); rtm import needs it for new customers\n"
        "\n[readiness]\n"
        f"pstn_connectivity = {str(readiness.pstn_connectivity).lower()}\n"
        f"hosting_requirements = {str(readiness.hosting_requirements).lower()}\n"
        f"oss_bss = {str(readiness.oss_bss).lower()}\n"
    )


__all__ = ["DAMAGE_KINDS", "DEFECT_KINDS", "DefectPlanter", "partner_toml"]
