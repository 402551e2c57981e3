"""What a generation run is asked to make (the ``rtm generate`` options, parsed)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from bulk.generator.geography import MARKETS, Market, market_for


class OptionError(ValueError):
    """An option value the generator cannot use; the message names the option."""


@dataclass(frozen=True, slots=True)
class SeatRange:
    """How many subscribers a customer gets: a whole number between ``low`` and ``high``."""

    low: int
    high: int

    @classmethod
    def parse(cls, text: str) -> SeatRange:
        """``"25"`` or ``"1-40"``; raises :class:`OptionError` otherwise."""
        match = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", text)
        if not match:
            raise OptionError(
                f"--subscribers-per-customer '{text}' is not a number or a range like 1-40"
            )
        low = int(match.group(1))
        high = int(match.group(2) or low)
        if low > high:
            raise OptionError(f"--subscribers-per-customer '{text}': {low} is more than {high}")
        return cls(low, high)


@dataclass(frozen=True, slots=True)
class GeneratorOptions:
    """A generation run: how many customers, how big, from which markets, how damaged.

    ``defect_rate`` is the share of data rows that get a planted defect (0 for a clean
    workbook); ``as_of`` the submission date Setup Assist dates are planned around;
    ``omit_assist_sheet`` leaves the Setup Assist sheet out (``sheet-missing``);
    ``with_partner`` means the workbook will be validated with the generated partner profile,
    so the answer key includes the partner-level Setup Assist issues; ``id_tag`` replaces the
    seed-derived prefix of External IDs and email domains (a load run uses it to keep IDs
    unique across runs while the data stays the seed's)."""

    customers: int
    as_of: date
    seed: int = 0
    locale: str | None = None
    defect_rate: float = 0.0
    excel_damage: bool = False
    subscribers_per_customer: SeatRange = SeatRange(1, 40)
    omit_assist_sheet: bool = False
    with_partner: bool = False
    id_tag: str | None = None

    def __post_init__(self) -> None:
        if self.customers < 1:
            raise OptionError(f"--customers must be at least 1, not {self.customers}")
        if not 0.0 <= self.defect_rate <= 1.0:
            raise OptionError(f"--defects must be between 0 and 1, not {self.defect_rate}")
        if self.id_tag is not None and not re.fullmatch(r"[A-Za-z0-9]{1,16}", self.id_tag):
            raise OptionError(f"id tag '{self.id_tag}' must be 1-16 letters or digits")
        if self.locale is not None:
            try:
                market_for(self.locale)
            except KeyError as error:
                raise OptionError(f"--locale: {error.args[0]}") from None

    @property
    def markets(self) -> tuple[Market, ...]:
        """The markets customers are drawn from."""
        if self.locale is None:
            return tuple(MARKETS.values())
        return (market_for(self.locale),)
