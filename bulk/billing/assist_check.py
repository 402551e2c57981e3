"""Setup Assist one-time charges against the journal's orders.

Each order the journal keeps (not cancelled or rejected) is expected exactly once, matched by
location id (or by customer and location name when the journal has no id): none is
``reconcile-missing-charge``, another SKU ``reconcile-wrong-sku``, another quantity
``reconcile-wrong-quantity``, another unit price, amount or currency ``reconcile-wrong-amount``,
and every further charge for the same location — a retry charged twice — as well as a charge
for a location the journal never ordered is ``reconcile-unexpected-charge``.

An order whose charge day (the server's acceptance day, :meth:`JournalFacts.due_in`) is outside
the report's period is not expected in it, but a charge for it is still matched to it rather
than called unexpected.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from decimal import Decimal

from bulk.billing.differences import Difference, Where, difference
from bulk.billing.package_check import InScope
from bulk.billing.prices import Prices
from bulk.billing.report_file import ChargeLine
from bulk.importer.journal import AssistOrder


def assist_differences(
    lines: Iterable[ChargeLine],
    orders: Iterable[AssistOrder],
    prices: Prices,
    in_scope: InScope,
    due: Callable[[AssistOrder], bool],
) -> list[Difference]:
    """Every difference between the report's one-time lines and the journal's orders."""
    by_location: dict[str, list[ChargeLine]] = defaultdict(list)
    for line in lines:
        if in_scope(line.customer_id, line.external_customer_id):
            by_location[_line_key(line)].append(line)
    found: list[Difference] = []
    for order in orders:
        key = order.location_id or _name_key(order)
        charged = by_location.pop(key, []) or by_location.pop(_name_key(order), [])
        if charged or due(order):
            found += _compare_order(order, charged, prices)
    for extra in by_location.values():
        found += [_unexpected(line, "no Setup Assist order", prices) for line in extra]
    return found


def _line_key(line: ChargeLine) -> str:
    if line.location_id:
        return line.location_id
    return f"{line.external_customer_id}/{line.location_name.casefold()}"


def _name_key(order: AssistOrder) -> str:
    return f"{order.customer_external_id}/{order.location_name.casefold()}"


def _compare_order(order: AssistOrder, lines: list[ChargeLine], prices: Prices) -> list[Difference]:
    where = Where(order.customer_external_id, order.customer_id or "", order.location_name)
    unit = prices.assist_unit(order.sku, order.unit_net_price)
    expected_amount = None if unit is None else unit * order.quantity
    wanted = f"{order.sku} × {order.quantity}" + _priced(expected_amount, prices.currency)
    if not lines:
        return [
            difference(
                "reconcile-missing-charge",
                where,
                f"Setup Assist {order.sku}",
                expected=wanted,
                charged="nothing",
                amount=None if expected_amount is None else -expected_amount,
                currency=prices.currency,
            )
        ]
    first, *again = lines
    found = _compare_charge(order, first, where, unit, expected_amount, prices)
    found += [_unexpected(line, "a second charge for this location", prices) for line in again]
    return found


def _compare_charge(
    order: AssistOrder,
    line: ChargeLine,
    where: Where,
    unit: Decimal | None,
    expected_amount: Decimal | None,
    prices: Prices,
) -> list[Difference]:
    gap = None if expected_amount is None else line.amount - expected_amount
    shown = f"{line.sku} × {line.quantity}" + _priced(line.amount, line.currency)
    wanted = f"{order.sku} × {order.quantity}" + _priced(expected_amount, prices.currency)
    if line.sku != order.sku:
        code = "reconcile-wrong-sku"
    elif line.quantity != order.quantity:
        code = "reconcile-wrong-quantity"
    elif not _priced_right(line, unit, expected_amount, prices.currency):
        code = "reconcile-wrong-amount"
        shown = f"{line.unit_net_price} × {line.quantity} = {line.amount} {line.currency}"
        wanted = f"{unit} × {order.quantity} = {expected_amount} {prices.currency}"
    else:
        return []
    return [
        difference(
            code,
            where,
            f"Setup Assist {order.sku}",
            expected=wanted,
            charged=shown,
            amount=gap,
            currency=prices.currency,
            report_line=line.line,
        )
    ]


def _priced_right(
    line: ChargeLine, unit: Decimal | None, expected_amount: Decimal | None, currency: str
) -> bool:
    if line.currency != currency or line.amount != line.unit_net_price * line.quantity:
        return False
    if unit is None or expected_amount is None:
        return True  # nothing to compare with: the line is at least consistent
    return line.unit_net_price == unit and line.amount == expected_amount


def _unexpected(line: ChargeLine, why: str, prices: Prices) -> Difference:
    where = Where(
        line.external_customer_id, line.customer_id, line.location_name or line.location_id
    )
    return difference(
        "reconcile-unexpected-charge",
        where,
        f"Setup Assist {line.sku}",
        expected=why,
        charged=f"{line.sku} × {line.quantity}{_priced(line.amount, line.currency)}"
        f" on {line.charge_date}",
        amount=line.amount,
        currency=prices.currency,
        report_line=line.line,
    )


def _priced(amount: Decimal | None, currency: str) -> str:
    return "" if amount is None else f" = {amount} {currency}"
