"""Money errors word for word (docs/billing.md): what a bad price book or a bad amount says, the
whole sentence, and a charge of each SKU from a small price book written here. Added for the
mutation run (docs/testing.md), where only the start of each message was matched."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest

from bulk.rules.assist import AssistOrder, AssistSku
from bulk.rules.money import PRICE_BOOK_KEYS, Charge, PriceBook, assist_charge, net_price


def _book(**prices: Any) -> dict[str, Any]:
    listed: dict[str, Any] = dict.fromkeys(PRICE_BOOK_KEYS, "10.00")
    listed.update(EXPRESS="249.00", STANDARD="45.50")
    listed.update(prices)
    return {"currency": "EUR", "note": " made up for a test ", "list_prices": listed}


@pytest.mark.parametrize(
    ("list_price", "discount", "message"),
    [
        ("10.00", "1.01", "discount must be between 0 and 1, not 1.01"),
        ("10.00", "-0.01", "discount must be between 0 and 1, not -0.01"),
        ("10.00", "NaN", "discount must be between 0 and 1, not NaN"),
        ("-0.01", "0.1", "list price must be a finite amount >= 0, not -0.01"),
        ("Infinity", "0", "list price must be a finite amount >= 0, not Infinity"),
    ],
)
def test_a_bad_amount_is_named_in_the_error(list_price: str, discount: str, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        net_price(Decimal(list_price), Decimal(discount))


@pytest.mark.parametrize(
    ("list_price", "discount", "net"),
    [("10.00", "0", "10.00"), ("10.00", "1", "0.00"), ("0", "0.5", "0.00")],
)
def test_the_bounds_of_the_discount_and_the_price_are_allowed(
    list_price: str, discount: str, net: str
) -> None:
    assert net_price(Decimal(list_price), Decimal(discount)) == Decimal(net)


P = "pricebook.list_prices."
BOOK_ERRORS: list[tuple[dict[str, Any], str]] = [
    ({"EXPRESS": 249.0}, f'{P}EXPRESS must be a string such as "249.00", not a float (249.0)'),
    ({"STANDARD": 45}, f'{P}STANDARD must be a string such as "249.00", not a int (45)'),
    ({"webex_calling": None}, f"{P}webex_calling is missing"),
    ({"EXPRESS": "abc"}, f"{P}EXPRESS is not an amount: 'abc'"),
    ({"EXPRESS": "1.005"}, f"{P}EXPRESS must be an amount >= 0 in whole cents, not '1.005'"),
    ({"EXPRESS": "-1.00"}, f"{P}EXPRESS must be an amount >= 0 in whole cents, not '-1.00'"),
    ({"webex_callling": "1.00"}, f"{P}webex_callling is not a Setup Assist SKU or package"),
]


@pytest.mark.parametrize(("prices", "message"), BOOK_ERRORS)
def test_a_bad_price_book_says_which_key_and_why(prices: dict[str, Any], message: str) -> None:
    data = _book(**prices)
    if prices.get("webex_calling", "") is None:
        del data["list_prices"]["webex_calling"]
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        PriceBook.from_mapping(data)


@pytest.mark.parametrize(
    ("currency", "message"),
    [
        ("eur", "pricebook.currency must be a code such as USD, not 'eur'"),
        ("EURO", "pricebook.currency must be a code such as USD, not 'EURO'"),
        ("E1R", "pricebook.currency must be a code such as USD, not 'E1R'"),
        (5, "pricebook.currency must be a non-empty string"),
    ],
)
def test_a_bad_currency_is_named(currency: Any, message: str) -> None:
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        PriceBook.from_mapping({**_book(), "currency": currency})


def test_a_price_book_is_read_from_strings_in_whole_cents() -> None:
    book = PriceBook.from_mapping({"pricebook": _book(EXPRESS=" 249 ")})
    assert (book.currency, book.note) == ("EUR", "made up for a test")
    assert book.list_price("EXPRESS") == Decimal("249.00")
    assert str(book.list_price("EXPRESS")) == "249.00"
    with pytest.raises(KeyError, match="the price book has no price for 'A-Wholesale'"):
        book.list_price("A-Wholesale")


def test_each_sku_is_charged_as_docs_billing_says() -> None:
    book = PriceBook.from_mapping(_book())
    express = AssistOrder(AssistSku.EXPRESS, 1, 4)
    standard = AssistOrder(AssistSku.STANDARD, 7, 7)
    # 249.00 × 0.8 = 199.20 once; 45.50 × 0.8 = 36.40 per seat, × 7 = 254.80
    assert assist_charge(express, book, Decimal("0.2")) == Charge(
        Decimal("199.20"), 1, Decimal("199.20"), "EUR"
    )
    assert assist_charge(standard, book, Decimal("0.2")) == Charge(
        Decimal("36.40"), 7, Decimal("254.80"), "EUR"
    )
