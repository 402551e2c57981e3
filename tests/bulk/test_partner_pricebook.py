"""The partner profile and price book files: values read exactly, errors name file and key."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from bulk.partner import PartnerFileError, load_partner
from bulk.pricebook import DEFAULT_PRICEBOOK, PriceBookError, load_pricebook

GOOD = """[partner]
name = "Northwind"
currency = "eur"
discount = "0.25"
a_wholesale_ordered = true

[readiness]
pstn_connectivity = true
hosting_requirements = false
oss_bss = true
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "partner.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_partner_is_read_exactly(tmp_path: Path) -> None:
    partner = load_partner(write(tmp_path, GOOD))
    assert (partner.name, partner.currency, partner.discount) == (
        "Northwind",
        "EUR",
        Decimal("0.25"),
    )
    assert partner.a_wholesale_ordered is True
    assert partner.readiness.missing() == ["third-party hosting requirements"]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (("[readiness]", "[ready]"), "[readiness] table is missing"),
        (('name = "Northwind"\n', ""), "partner.name is missing"),
        (('discount = "0.25"', 'discount = "1.5"'), "partner.discount must be between 0 and 1"),
        (('discount = "0.25"', 'discount = "a lot"'), "partner.discount is not a number"),
        (
            ('discount = "0.25"', "discount = 0.25"),
            'partner.discount must be a decimal string such as "0.30"',
        ),
        (
            ("a_wholesale_ordered = true", 'a_wholesale_ordered = "yes"'),
            "partner.a_wholesale_ordered must be true or false",
        ),
        (('currency = "eur"', 'currency = "euro"'), "partner.currency must be a code such as USD"),
        (("oss_bss = true", "oss_bss = 1"), "readiness.oss_bss must be true or false"),
        (("[partner]", "[partner"), "not valid TOML"),
    ],
)
def test_partner_errors_name_the_file_and_key(
    tmp_path: Path, edit: tuple[str, str], message: str
) -> None:
    path = write(tmp_path, GOOD.replace(*edit))
    with pytest.raises(PartnerFileError) as caught:
        load_partner(path)
    assert message in str(caught.value) and str(path) in str(caught.value)


def test_missing_partner_file(tmp_path: Path) -> None:
    with pytest.raises(PartnerFileError, match="partner file not found"):
        load_partner(tmp_path / "none.toml")


def test_default_price_book_is_the_fixture() -> None:
    assert DEFAULT_PRICEBOOK.parts[-2:] == ("fixtures", "pricebook.toml")
    book = load_pricebook()
    assert book.currency == "USD" and book.list_price("EXPRESS") == Decimal("249.00")


def test_price_book_errors_name_the_file(tmp_path: Path) -> None:
    path = tmp_path / "book.toml"
    path.write_text(
        '[pricebook]\ncurrency = "USD"\nnote = "x"\n[pricebook.list_prices]\nEXPRESS = 249\n',
        encoding="utf-8",
    )
    with pytest.raises(PriceBookError) as caught:
        load_pricebook(path)
    assert str(path) in str(caught.value) and "EXPRESS" in str(caught.value)
    with pytest.raises(PriceBookError, match="not found"):
        load_pricebook(tmp_path / "none.toml")
