"""Package charges against the journal's subscribers.

CUSTOMER reports charge units per (customer, package): more units than the journal
has subscribers (provisioned, pending or since deleted) is ``reconcile-wrong-quantity``, a
package nobody in the journal holds ``reconcile-unexpected-charge``, no line for a package
provisioned subscribers hold ``reconcile-missing-charge``, and fewer units than provisioned
subscribers the warning ``reconcile-partial-usage`` (normal in a period during which they were
provisioned or removed).

PARTNER reports are the partner-level breakdown, one line per package for the whole partner:
the same comparison with the journal's subscribers added up (units beyond them count only with
``--all-customers``, since the report covers every customer of the partner).

USER reports are compared subscriber by subscriber: another package than the journal's is
``reconcile-wrong-sku``, an extra package beside the journal's or a subscriber the journal does
not know ``reconcile-unexpected-charge``, a provisioned subscriber without any line
``reconcile-missing-charge``.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from bulk.billing.differences import Difference, Where, difference
from bulk.billing.journal_view import MAY_CHARGE, MUST_CHARGE, JournalFacts
from bulk.billing.prices import Prices
from bulk.billing.report_file import UsageLine
from bulk.importer.journal import SubscriberPackage

InScope = Callable[[str, str], bool]
"""Whether a report line's customer (API id, external id) is compared."""


@dataclass
class _Expected:
    must: int = 0
    may: int = 0
    customer_id: str = ""


def customer_differences(
    lines: Iterable[UsageLine], facts: JournalFacts, prices: Prices, in_scope: InScope
) -> list[Difference]:
    """Differences per (customer, package) of a CUSTOMER or PARTNER report."""
    expected: dict[tuple[str, str], _Expected] = defaultdict(_Expected)
    for s in facts.subscribers:
        entry = expected[(s.customer_external_id, s.package)]
        entry.customer_id = entry.customer_id or (s.customer_id or "")
        entry.must += s.status in MUST_CHARGE
        entry.may += s.status in MUST_CHARGE | MAY_CHARGE
    externals = _external_ids(facts.subscribers)
    charged: dict[tuple[str, str], UsageLine] = {}
    for line in lines:
        if in_scope(line.customer_id, line.external_customer_id):
            key = (externals.get(line.customer_id, line.external_customer_id), line.package)
            charged[key] = line
    found: list[Difference] = []
    for key in sorted(set(expected) | set(charged)):
        found += _compare_units(key, expected.get(key, _Expected()), charged.get(key), prices)
    return found


WHOLE_PARTNER = "(whole partner)"
"""The customer a PARTNER report's partner-level line is about."""


def partner_differences(
    lines: Iterable[UsageLine], facts: JournalFacts, prices: Prices, *, whole_book: bool
) -> list[Difference]:
    """Differences per package of a PARTNER report (one line per package for the whole
    partner) against the journal's subscribers added up. The report covers every customer of
    the partner and a journal one workbook, so units beyond the journal's subscribers are
    differences only when the journal is the partner's whole book (``whole_book``)."""
    expected: dict[tuple[str, str], _Expected] = defaultdict(_Expected)
    for s in facts.subscribers:
        entry = expected[(WHOLE_PARTNER, s.package)]
        entry.must += s.status in MUST_CHARGE
        entry.may += s.status in MUST_CHARGE | MAY_CHARGE
    charged = {(WHOLE_PARTNER, line.package): line for line in lines if not line.customer_id}
    found: list[Difference] = []
    for key in sorted(set(expected) | set(charged)):
        wanted, line = expected.get(key, _Expected()), charged.get(key)
        found += _compare_units(key, wanted, line, prices, excess=whole_book)
    return found


def _compare_units(
    key: tuple[str, str],
    wanted: _Expected,
    line: UsageLine | None,
    prices: Prices,
    *,
    excess: bool = True,
) -> list[Difference]:
    customer, package = key
    units = line.billable_units if line else 0
    where = Where(customer, line.customer_id if line else wanted.customer_id)
    if units == 0 and wanted.must == 0:
        return []
    if units == 0:
        code, gap = "reconcile-missing-charge", -wanted.must
    elif units > wanted.may and not excess:
        return []
    elif wanted.may == 0:
        code, gap = "reconcile-unexpected-charge", units
    elif units > wanted.may:
        code, gap = "reconcile-wrong-quantity", units - wanted.may
    elif units < wanted.must:
        code, gap = "reconcile-partial-usage", units - wanted.must
    else:
        return []
    return [
        difference(
            code,
            where,
            f"package {package}",
            expected=_subscribers(wanted),
            charged=f"{units} unit(s)" if line else "nothing",
            amount=prices.times(package, gap),
            currency=prices.currency,
            report_line=line.line if line else None,
        )
    ]


def _subscribers(wanted: _Expected) -> str:
    if wanted.may == wanted.must:
        return f"{wanted.must} subscriber(s)"
    return f"{wanted.must} to {wanted.may} subscriber(s)"


def _external_ids(subscribers: Iterable[SubscriberPackage]) -> dict[str, str]:
    return {s.customer_id: s.customer_external_id for s in subscribers if s.customer_id}


def user_differences(
    lines: Iterable[UsageLine], facts: JournalFacts, prices: Prices, in_scope: InScope
) -> list[Difference]:
    """Differences subscriber by subscriber of a USER report."""
    by_id: dict[str, list[UsageLine]] = defaultdict(list)
    by_email: dict[str, list[UsageLine]] = defaultdict(list)
    scoped = [u for u in lines if in_scope(u.customer_id, u.external_customer_id)]
    for line in scoped:
        by_id[line.subscriber_id].append(line)
        by_email[line.email.casefold()].append(line)
    found: list[Difference] = []
    matched: set[int] = set()
    for subscriber in facts.subscribers:
        mine = by_id.get(subscriber.subscriber_id or "") or by_email.get(
            subscriber.email.casefold(), []
        )
        matched |= {line.line for line in mine}
        found += _compare_subscriber(subscriber, mine, prices)
    externals = _external_ids(facts.subscribers)
    for line in scoped:
        if line.line not in matched:
            customer = externals.get(line.customer_id, line.external_customer_id)
            found.append(_unexpected(line, customer, prices))
    return found


def _compare_subscriber(
    subscriber: SubscriberPackage, lines: list[UsageLine], prices: Prices
) -> list[Difference]:
    where = Where(
        subscriber.customer_external_id,
        subscriber.customer_id or "",
        subscriber.location_name or "",
        subscriber.email,
    )
    held = {line.package for line in lines}
    if not lines:
        if subscriber.status not in MUST_CHARGE:
            return []
        return [
            difference(
                "reconcile-missing-charge",
                where,
                f"package {subscriber.package}",
                expected=subscriber.package,
                charged="nothing",
                amount=_negated(prices.net(subscriber.package)),
                currency=prices.currency,
            )
        ]
    if subscriber.package not in held:
        return [_wrong_package(subscriber, where, lines, prices)]
    return [
        _unexpected(line, subscriber.customer_external_id, prices, where)
        for line in lines
        if line.package != subscriber.package
    ]


def _wrong_package(
    subscriber: SubscriberPackage, where: Where, lines: list[UsageLine], prices: Prices
) -> Difference:
    expected_price = prices.net(subscriber.package)
    gap: Decimal | None = Decimal(0)
    for line in lines:
        charged_price = prices.net(line.package)
        if gap is None or charged_price is None or expected_price is None:
            gap = None
        else:
            gap += (charged_price - expected_price) * line.billable_units
    return difference(
        "reconcile-wrong-sku",
        where,
        f"package {subscriber.package}",
        expected=f"package {subscriber.package}",
        charged=", ".join(sorted(f"package {line.package}" for line in lines)),
        amount=gap,
        currency=prices.currency,
        report_line=lines[0].line,
    )


def _unexpected(
    line: UsageLine, customer: str, prices: Prices, where: Where | None = None
) -> Difference:
    return difference(
        "reconcile-unexpected-charge",
        where or Where(customer, line.customer_id, "", line.email or line.subscriber_id),
        f"package {line.package}",
        expected="nothing",
        charged=f"{line.billable_units} unit(s), {line.user_days} user-day(s)",
        amount=prices.times(line.package, line.billable_units),
        currency=prices.currency,
        report_line=line.line,
    )


def _negated(amount: Decimal | None) -> Decimal | None:
    return None if amount is None else -amount
