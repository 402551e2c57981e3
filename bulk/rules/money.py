"""Money (docs/design.md §3 item 6): ``Decimal`` only, never float; net transfer price to the
partner = list × (1 − partner discount), rounded half-up to cents, in the price book's currency.

The price book is data (``fixtures/pricebook.toml``); the caller reads the file and passes the
parsed mapping to :meth:`PriceBook.from_mapping`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

from bulk.rules.assist import AssistOrder, AssistSku
from bulk.rules.packages import CUSTOMER_PACKAGES

CENT = Decimal("0.01")
"""The smallest amount of money the toolkit deals in."""

PRICE_BOOK_KEYS: tuple[str, ...] = (
    AssistSku.EXPRESS.value,
    AssistSku.STANDARD.value,
    *CUSTOMER_PACKAGES,
)
"""Every key a price book lists: both Setup Assist SKUs and the 14 customer packages."""


def net_price(list_price: Decimal, discount: Decimal) -> Decimal:
    """``list_price × (1 − discount)`` rounded half-up to cents.

    ``discount`` is a fraction (``Decimal("0.30")`` for 30 %) with 0 ≤ discount ≤ 1 and
    ``list_price`` a finite amount ≥ 0; anything else raises ``ValueError`` (callers validate
    user input before they get here)."""
    if not discount.is_finite() or not Decimal(0) <= discount <= 1:
        raise ValueError(f"discount must be between 0 and 1, not {discount}")
    if not list_price.is_finite() or list_price < 0:
        raise ValueError(f"list price must be a finite amount >= 0, not {list_price}")
    return (list_price * (1 - discount)).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class PriceBook:
    """List prices in one currency: ``EXPRESS`` (flat per location), ``STANDARD`` (per user) and
    each customer package (monthly, per user). ``note`` says where the numbers come from."""

    currency: str
    list_prices: Mapping[str, Decimal]
    note: str

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> PriceBook:
        """Build a price book from what ``tomllib`` gives for ``pricebook.toml`` (the whole
        document with its ``[pricebook]`` table, or that table alone). Prices must be strings
        such as ``"249.00"``; a float, a missing or unknown key, or a bad amount raises
        ``ValueError`` naming the key."""
        table = data.get("pricebook", data)
        if not isinstance(table, Mapping):
            raise ValueError("pricebook must be a table")
        currency = _text(table, "currency")
        if len(currency) != 3 or not currency.isalpha() or not currency.isupper():
            raise ValueError(f"pricebook.currency must be a code such as USD, not {currency!r}")
        prices = table.get("list_prices")
        if not isinstance(prices, Mapping):
            raise ValueError("pricebook.list_prices is missing or not a table")
        return cls(currency, MappingProxyType(_list_prices(prices)), _text(table, "note"))

    def list_price(self, key: str) -> Decimal:
        """The list price of a Setup Assist SKU (``EXPRESS``, ``STANDARD``) or a package."""
        try:
            return self.list_prices[key]
        except KeyError:
            raise KeyError(f"the price book has no price for {key!r}") from None


def _text(table: Mapping[str, Any], key: str) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"pricebook.{key} must be a non-empty string")
    return value.strip()


def _list_prices(prices: Mapping[str, Any]) -> dict[str, Decimal]:
    unknown = sorted(set(prices) - set(PRICE_BOOK_KEYS))
    if unknown:
        raise ValueError(f"pricebook.list_prices.{unknown[0]} is not a Setup Assist SKU or package")
    return {key: _amount(key, prices.get(key)) for key in PRICE_BOOK_KEYS}


def _amount(key: str, raw: Any) -> Decimal:
    where = f"pricebook.list_prices.{key}"
    if raw is None:
        raise ValueError(f"{where} is missing")
    if not isinstance(raw, str):
        kind = type(raw).__name__
        raise ValueError(f'{where} must be a string such as "249.00", not a {kind} ({raw!r})')
    try:
        amount = Decimal(raw.strip())
        whole_cents = amount.is_finite() and amount == amount.quantize(CENT)
    except InvalidOperation:
        raise ValueError(f"{where} is not an amount: {raw!r}") from None
    if not whole_cents or amount < 0:
        raise ValueError(f"{where} must be an amount >= 0 in whole cents, not {raw!r}")
    return amount.quantize(CENT)


@dataclass(frozen=True)
class Charge:
    """What an order costs the partner: net unit price × quantity, in the book's currency."""

    unit_net_price: Decimal
    quantity: int
    amount: Decimal
    currency: str


def assist_charge(order: AssistOrder, book: PriceBook, discount: Decimal) -> Charge:
    """The charge for a Setup Assist order: Express is one flat net charge for the location,
    Standard the net per-user price × seats."""
    unit = net_price(book.list_price(order.sku.value), discount)
    quantity = 1 if order.sku is AssistSku.EXPRESS else order.seats
    return Charge(unit, quantity, unit * quantity, book.currency)


__all__ = [
    "CENT",
    "PRICE_BOOK_KEYS",
    "Charge",
    "PriceBook",
    "assist_charge",
    "net_price",
]
