"""Load the Setup Assist and package price book (``fixtures/pricebook.toml`` by default)."""

from __future__ import annotations

import tomllib
from pathlib import Path

import bulk
from bulk.rules.money import PriceBook

DEFAULT_PRICEBOOK = Path(bulk.__file__).resolve().parents[1] / "fixtures" / "pricebook.toml"


class PriceBookError(Exception):
    """The price book file is missing or wrong; the message names the file and the key."""


def load_pricebook(path: Path | None = None) -> PriceBook:
    """Read a price book TOML file (default: the project's ``fixtures/pricebook.toml``)."""
    source = path or DEFAULT_PRICEBOOK
    try:
        document = tomllib.loads(source.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise PriceBookError(f"{source}: price book not found") from None
    except (OSError, UnicodeDecodeError) as err:
        raise PriceBookError(f"{source}: cannot be read ({err})") from None
    except tomllib.TOMLDecodeError as err:
        raise PriceBookError(f"{source}: not valid TOML ({err})") from None
    try:
        return PriceBook.from_mapping(document)
    except ValueError as err:
        raise PriceBookError(f"{source}: {err}") from None
