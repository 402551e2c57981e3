"""One generation run: build each customer's rows, plant defects, stream them to the file, and
collect the answer key."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from bulk.generator.answer_key import AnswerKey
from bulk.generator.builder import GroupBuilder
from bulk.generator.defects import DefectPlanter
from bulk.generator.model import CustomerGroup
from bulk.generator.options import GeneratorOptions
from bulk.generator.writer import WorkbookWriter
from bulk.schema import SHEETS

Progress = Callable[[int], None]
"""Told how many subscribers were just written."""


@dataclass(slots=True)
class GenerationResult:
    """What a run wrote: data rows per sheet and the answer key (no issues for a clean run)."""

    rows: dict[str, int] = field(default_factory=lambda: {s.name: 0 for s in SHEETS})
    answer_key: AnswerKey | None = None

    @property
    def subscribers(self) -> int:
        """Subscriber rows written."""
        return self.rows["Subscribers"]


def generate_workbook(
    options: GeneratorOptions, output: Path, progress: Progress | None = None
) -> GenerationResult:
    """Generate the workbook ``options`` describe into ``output``.

    Raises ``OSError`` when the file cannot be written."""
    builder = GroupBuilder(options)
    planter = DefectPlanter(options, builder)
    result = GenerationResult()
    with WorkbookWriter(output, planter.workbook_plan()) as writer:
        for index in range(options.customers):
            group = builder.group(index)
            planter.plant(group)
            _write_group(writer, group, result)
            if progress is not None:
                progress(len(group.subscribers))
    result.answer_key = planter.answer_key(result.rows)
    return result


def _write_group(writer: WorkbookWriter, group: CustomerGroup, result: GenerationResult) -> None:
    for sheet in SHEETS:
        if sheet.name in writer.plan.omitted:
            continue
        rows = group.rows_of(sheet)
        for row in rows:
            writer.write(row)
        result.rows[sheet.name] += len(rows)
