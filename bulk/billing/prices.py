"""The prices reconciliation expects: the price book's list prices less the partner's discount.

Without a partner file the discount is unknown: Setup Assist charges are then expected at the
unit price the API quoted when the request was submitted (the journal keeps it), and package
amounts at stake are estimated at list price.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from bulk.rules.money import PriceBook, net_price


@dataclass(frozen=True, slots=True)
class Prices:
    """A price book and, when known, the partner's discount."""

    book: PriceBook
    discount: Decimal | None = None

    @property
    def currency(self) -> str:
        """The price book's currency."""
        return self.book.currency

    def net(self, key: str) -> Decimal | None:
        """Net price of a Setup Assist SKU or package (``None`` when the book has no price)."""
        if key not in self.book.list_prices:
            return None
        return net_price(self.book.list_price(key), self.discount or Decimal(0))

    def assist_unit(self, sku: str, quoted: str | None) -> Decimal | None:
        """The unit price a Setup Assist charge should carry: the book's net price when the
        discount is known, else the price quoted at submission, else the book's list price."""
        if self.discount is None and quoted:
            try:
                return Decimal(quoted)
            except ArithmeticError:
                return self.net(sku)
        return self.net(sku)

    def times(self, key: str, units: int) -> Decimal | None:
        """``units`` × the net price of ``key`` (``None`` when unpriced)."""
        unit = self.net(key)
        return None if unit is None else unit * units
