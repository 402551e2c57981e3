"""Synthetic onboarding workbooks for QA and trainers (``rtm generate``).

A run builds customers one at a time (:mod:`.builder`), plants defects and Excel damage when
asked (:mod:`.defects`), streams the rows into an ``.xlsx`` file (:mod:`.writer`) and returns
the answer key: exactly the issues ``rtm validate`` must report (:mod:`.answer_key`).
"""

from __future__ import annotations

from bulk.generator.answer_key import AnswerKey, ExpectedIssue
from bulk.generator.defects import partner_toml
from bulk.generator.geography import MARKETS, Market, market_for
from bulk.generator.options import GeneratorOptions, OptionError, SeatRange
from bulk.generator.run import GenerationResult, generate_workbook

__all__ = [
    "MARKETS",
    "AnswerKey",
    "ExpectedIssue",
    "GenerationResult",
    "GeneratorOptions",
    "Market",
    "OptionError",
    "SeatRange",
    "generate_workbook",
    "market_for",
    "partner_toml",
]
