"""Money: net prices, the price book, Setup Assist charges."""

from __future__ import annotations

import tomllib
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bulk.rules.assist import AssistOrder, AssistSku, assist_order
from bulk.rules.money import (
    CENT,
    PRICE_BOOK_KEYS,
    PriceBook,
    assist_charge,
    net_price,
)
from bulk.rules.packages import CUSTOMER_PACKAGES

PRICE_BOOK_FILE = Path(__file__).parents[2] / "fixtures" / "pricebook.toml"

amounts = st.decimals(min_value=0, max_value=100_000, places=2)
discounts = st.decimals(min_value=0, max_value=1, places=4)
percent_discounts = st.decimals(min_value=0, max_value=1, places=2)


def load_document() -> dict[str, Any]:
    with PRICE_BOOK_FILE.open("rb") as f:
        return tomllib.load(f)


def fixture_book() -> PriceBook:
    return PriceBook.from_mapping(load_document())


def order(seats: int) -> AssistOrder:
    made = assist_order(seats)
    assert isinstance(made, AssistOrder)
    return made


@given(amounts, discounts)
def test_net_price_is_never_negative_and_never_exceeds_list(price: Decimal, d: Decimal) -> None:
    net = net_price(price, d)
    assert Decimal(0) <= net <= price
    assert net == net.quantize(CENT)
    assert abs(net - price * (1 - d)) <= Decimal("0.005")  # rounded to the nearest cent


# Worked by hand: list × (1 − discount), then half-up to cents (a half cent goes up, which
# banker's rounding would not do for 0.505, 1.125 and 0.025).
NET_PRICES = [
    ("249.00", "0.30", "174.30"),
    ("45.00", "0.30", "31.50"),
    ("45.00", "0", "45.00"),
    ("45.00", "1", "0.00"),
    ("1.01", "0.5", "0.51"),  # 0.505
    ("2.25", "0.5", "1.13"),  # 1.125
    ("0.05", "0.5", "0.03"),  # 0.025
    ("0.10", "0.25", "0.08"),  # 0.075
    ("0.01", "0.5", "0.01"),  # 0.005
    ("10.00", "0.3333", "6.67"),  # 6.667
    ("19.99", "0.15", "16.99"),  # 16.9915
    ("33.33", "0.3", "23.33"),  # 23.331
    ("100000.00", "0.0001", "99990.00"),
]


@pytest.mark.parametrize(("price", "discount", "net"), NET_PRICES)
def test_net_price_examples(price: str, discount: str, net: str) -> None:
    assert str(net_price(Decimal(price), Decimal(discount))) == net


@given(amounts, discounts, discounts)
def test_a_bigger_discount_never_raises_the_net_price(
    price: Decimal, a: Decimal, b: Decimal
) -> None:
    low, high = sorted((a, b))
    assert net_price(price, high) <= net_price(price, low)


@given(amounts)
def test_no_discount_is_list_and_full_discount_is_free(price: Decimal) -> None:
    assert net_price(price, Decimal(0)) == price
    assert net_price(price, Decimal(1)) == 0


def test_rounding_is_half_up_to_cents() -> None:
    assert net_price(Decimal("10.05"), Decimal("0.5")) == Decimal("5.03")  # 5.025, not 5.02
    assert net_price(Decimal("0.01"), Decimal("0.5")) == Decimal("0.01")  # 0.005
    assert net_price(Decimal("0.01"), Decimal("0.51")) == Decimal("0.00")  # 0.0049
    assert net_price(Decimal("249.00"), Decimal("0.30")) == Decimal("174.30")


@pytest.mark.parametrize("bad", ["-0.01", "1.01", "NaN", "Infinity", "-Infinity"])
def test_a_discount_outside_zero_to_one_is_a_programming_error(bad: str) -> None:
    with pytest.raises(ValueError, match="discount"):
        net_price(Decimal("10.00"), Decimal(bad))


@pytest.mark.parametrize("bad", ["-0.01", "NaN", "Infinity"])
def test_a_negative_or_infinite_list_price_is_a_programming_error(bad: str) -> None:
    with pytest.raises(ValueError, match="list price"):
        net_price(Decimal(bad), Decimal("0.1"))


def test_fixture_price_book_lists_every_sku_and_package() -> None:
    book = fixture_book()
    assert book.currency == "USD"
    assert "illustrative" in book.note.lower()
    assert "not cisco" in book.note.lower()
    assert set(book.list_prices) == {"EXPRESS", "STANDARD", *CUSTOMER_PACKAGES}
    assert len(CUSTOMER_PACKAGES) == 14
    assert all(isinstance(p, Decimal) and p > 0 for p in book.list_prices.values())


def test_fixture_standard_for_six_seats_costs_at_least_express() -> None:
    book = fixture_book()
    assert book.list_price("STANDARD") * 6 >= book.list_price("EXPRESS")


def test_price_book_reads_the_table_alone_too() -> None:
    assert PriceBook.from_mapping(load_document()["pricebook"]) == fixture_book()


def test_unknown_price_key_is_a_key_error() -> None:
    with pytest.raises(KeyError, match="no price for 'A-Wholesale'"):
        fixture_book().list_price("A-Wholesale")


def _table(**changes: Any) -> dict[str, Any]:
    table = dict(load_document()["pricebook"])
    table["list_prices"] = dict(table["list_prices"])
    for key, value in changes.items():
        if key in PRICE_BOOK_KEYS:
            if value is None:
                del table["list_prices"][key]
            else:
                table["list_prices"][key] = value
        elif value is None:
            del table[key]
        else:
            table[key] = value
    return table


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"EXPRESS": 249.0}, r"pricebook\.list_prices\.EXPRESS must be a string .*not a float"),
        ({"STANDARD": 45}, r"pricebook\.list_prices\.STANDARD must be a string .*not a int"),
        ({"webex_calling": None}, r"pricebook\.list_prices\.webex_calling is missing"),
        ({"EXPRESS": "abc"}, r"pricebook\.list_prices\.EXPRESS is not an amount"),
        ({"EXPRESS": "1e30"}, r"pricebook\.list_prices\.EXPRESS is not an amount"),
        ({"EXPRESS": "-1.00"}, r"EXPRESS must be an amount >= 0 in whole cents"),
        ({"EXPRESS": "1.005"}, r"EXPRESS must be an amount >= 0 in whole cents"),
        ({"EXPRESS": "NaN"}, r"EXPRESS must be an amount >= 0 in whole cents"),
        ({"currency": "usd"}, r"pricebook\.currency must be a code such as USD"),
        ({"currency": "US"}, r"pricebook\.currency must be a code such as USD"),
        ({"currency": None}, r"pricebook\.currency must be a non-empty string"),
        ({"note": "  "}, r"pricebook\.note must be a non-empty string"),
        ({"list_prices": None}, r"pricebook\.list_prices is missing or not a table"),
        ({"list_prices": "x"}, r"pricebook\.list_prices is missing or not a table"),
    ],
)
def test_price_book_errors_name_the_key(changes: dict[str, Any], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        PriceBook.from_mapping(_table(**changes))


def test_price_book_refuses_unknown_keys() -> None:
    table = _table()
    table["list_prices"]["webex_callling"] = "1.00"
    with pytest.raises(ValueError, match=r"list_prices\.webex_callling is not a Setup Assist"):
        PriceBook.from_mapping(table)


def test_price_book_must_be_a_table() -> None:
    with pytest.raises(ValueError, match="pricebook must be a table"):
        PriceBook.from_mapping({"pricebook": "249.00"})


def test_whole_amounts_are_stored_in_cents() -> None:
    book = PriceBook.from_mapping(_table(EXPRESS=" 249 "))
    assert str(book.list_price("EXPRESS")) == "249.00"


@given(st.integers(min_value=1, max_value=5_000), percent_discounts)
def test_assist_charge_is_net_unit_times_quantity(seats: int, d: Decimal) -> None:
    book = fixture_book()
    charge = assist_charge(order(seats), book, d)
    express = seats <= 5
    assert charge.quantity == (1 if express else seats)
    listed = Decimal("249.00") if express else Decimal("45.00")  # fixtures/pricebook.toml
    assert abs(charge.unit_net_price - listed * (1 - d)) <= Decimal("0.005")
    assert charge.amount == charge.unit_net_price * charge.quantity
    assert charge.currency == "USD"


# Worked by hand from fixtures/pricebook.toml (EXPRESS 249.00 flat, STANDARD 45.00 a seat) and
# docs/setup-assist.md (1-5 seats Express quantity 1, 6+ Standard quantity = seats).
CHARGES = [
    (1, "0", "EXPRESS", 1, "249.00", "249.00"),
    (4, "0.30", "EXPRESS", 1, "174.30", "174.30"),
    (5, "0.30", "EXPRESS", 1, "174.30", "174.30"),
    (6, "0", "STANDARD", 6, "45.00", "270.00"),
    (6, "0.30", "STANDARD", 6, "31.50", "189.00"),
    (9, "0.30", "STANDARD", 9, "31.50", "283.50"),
    (7, "0.333", "STANDARD", 7, "30.02", "210.14"),  # 30.015 rounds up
    (120, "0.15", "STANDARD", 120, "38.25", "4590.00"),
]


@pytest.mark.parametrize(("seats", "discount", "sku", "quantity", "unit", "amount"), CHARGES)
def test_assist_charge_examples(
    seats: int, discount: str, sku: str, quantity: int, unit: str, amount: str
) -> None:
    made = order(seats)
    charge = assist_charge(made, fixture_book(), Decimal(discount))
    assert made.sku.value == sku
    got = (charge.quantity, str(charge.unit_net_price), str(charge.amount), charge.currency)
    assert got == (quantity, unit, amount, "USD")


@given(
    st.integers(min_value=1, max_value=2_000),
    st.integers(min_value=1, max_value=2_000),
    percent_discounts,
)
def test_the_fixture_charge_never_decreases_as_seats_grow(a: int, b: int, d: Decimal) -> None:
    book = fixture_book()
    fewer, more = sorted((a, b))
    assert assist_charge(order(fewer), book, d).amount <= assist_charge(order(more), book, d).amount


@given(amounts, amounts, discounts, st.integers(1, 500), st.integers(1, 500))
def test_charge_never_decreases_when_six_standard_seats_cost_at_least_express(
    express: Decimal, standard: Decimal, d: Decimal, a: int, b: int
) -> None:
    prices = dict.fromkeys(PRICE_BOOK_KEYS, Decimal("1.00"))
    prices.update(EXPRESS=express, STANDARD=standard)
    book = PriceBook("EUR", prices, "test")
    assume(net_price(standard, d) * 6 >= net_price(express, d))
    fewer, more = sorted((a, b))
    assert assist_charge(order(fewer), book, d).amount <= assist_charge(order(more), book, d).amount


def test_charge_example() -> None:
    book = fixture_book()
    express = assist_charge(AssistOrder(AssistSku.EXPRESS, 1, 3), book, Decimal("0.30"))
    assert (express.unit_net_price, express.quantity, express.amount) == (
        Decimal("174.30"),
        1,
        Decimal("174.30"),
    )
    standard = assist_charge(AssistOrder(AssistSku.STANDARD, 12, 12), book, Decimal("0.30"))
    assert (standard.unit_net_price, standard.quantity, standard.amount) == (
        Decimal("31.50"),
        12,
        Decimal("378.00"),
    )
