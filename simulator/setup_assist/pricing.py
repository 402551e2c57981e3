"""The price book the simulator prices Setup Assist with, and a partner's discount.

The book is the TOML file the settings name (``RTM_SIM_PRICEBOOK``, default
``fixtures/pricebook.toml``), parsed by :meth:`bulk.rules.money.PriceBook.from_mapping`. It is
read once per file version (path, modification time and size), so editing it takes effect
without a restart. A missing or malformed book is the server's fault: a 500 naming the file.
"""

from __future__ import annotations

import tomllib
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from bulk.rules.money import PriceBook
from simulator.errors import SimulatorError
from simulator.setup_assist.tables import AssistPartnerTerms


def pricebook_at(path: Path) -> PriceBook:
    """The price book in ``path`` (cached per file version)."""
    try:
        found = path.stat()
    except OSError as error:
        raise _broken(path, f"cannot be read ({error.strerror})") from None
    return _read(str(path), (found.st_mtime_ns, found.st_size))


@lru_cache(maxsize=8)
def _read(path: str, version: tuple[int, int]) -> PriceBook:
    try:
        document = tomllib.loads(Path(path).read_text(encoding="utf-8"))
        return PriceBook.from_mapping(document)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as error:
        raise _broken(Path(path), str(error)) from None


def _broken(path: Path, reason: str) -> SimulatorError:
    return SimulatorError(
        "api-server-error", reason=f"the simulator's price book {path.name} is unusable: {reason}"
    )


def discount_of(terms: AssistPartnerTerms | None) -> Decimal:
    """The partner's discount off list prices (0 until the control plane or a scenario sets
    it)."""
    return Decimal(terms.discount) if terms is not None else Decimal(0)
