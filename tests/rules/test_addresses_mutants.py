"""Per-country address rules, format by format and message by message (docs/validator.md,
"Field rules"): one good and one bad postal code for every country the rulebook knows, with the
description the message gives, written out here by hand. Added for the mutation run
(docs/testing.md), where a changed format or description went unnoticed."""

from __future__ import annotations

import pytest

from bulk.rules.addresses import (
    POSTAL_FORMATS,
    lost_zeros,
    postal_violation,
    restored_zeros,
    state_named,
    state_violation,
    zeros_fix,
)
from bulk.rules.catalogue import Severity
from bulk.rules.repairs import Fix, FixKind

# country: (codes of its format, a code that breaks it, how the message describes the format)
POSTAL: dict[str, tuple[tuple[str, ...], str, str]] = {
    "US": (("02134", "94105-1234"), "941051", "5 digits (or ZIP+4: 12345-6789)"),
    "CA": (("K1A 0B1", "k1a0b1", "T2P 1J9"), "D1A 0B1", "A1A 1A1"),
    "GB": (("EC4M 7RB", "ec4m7rb", "GIR 0AA", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT",
            "W1A 0AX"), "EC4M", "a UK postcode such as EC4M 7RB"),
    "AU": (("2000", "0800"), "200", "4 digits"),
    "DE": (("10117",), "1011", "5 digits"),
    "FR": (("75008",), "750080", "5 digits"),
    "NL": (("1012 AB", "1012ab"), "0123 AB", "1234 AB"),
    "ES": (("28013", "01001", "52001"), "53001", "5 digits"),
    "IT": (("00184",), "0018", "5 digits"),
    "IN": (("110001",), "011000", "6 digits"),
    "JP": (("100-0001", "1000001"), "1000", "123-4567"),
    "BR": (("01310-100", "01310100"), "0131", "12345-678"),
    "MX": (("06600",), "0660", "5 digits"),
    "IE": (("A65 F4E2", "D6W XN79", "a65f4e2"), "B65 F4E2", "an Eircode such as A65 F4E2"),
    "NZ": (("6011",), "601", "4 digits"),
    "BE": (("1000",), "0100", "4 digits"),
    "AT": (("1010",), "0101", "4 digits"),
    "CH": (("8001",), "0800", "4 digits"),
    "DK": (("1050",), "105", "4 digits"),
    "NO": (("0150",), "150", "4 digits"),
    "SE": (("114 55", "11455"), "1145", "123 45"),
    "FI": (("00100",), "0010", "5 digits"),
    "PL": (("00-950",), "00950", "12-345"),
    "PT": (("1100-148",), "1100148", "1234-567"),
    "SG": (("018956",), "18956", "6 digits"),
    "KR": (("03187",), "0318", "5 digits"),
    "CN": (("100000",), "10000", "6 digits"),
    "ZA": (("0001",), "001", "4 digits"),
}  # fmt: skip


def test_the_table_covers_every_format_the_rulebook_knows() -> None:
    assert set(POSTAL) == set(POSTAL_FORMATS)


@pytest.mark.parametrize("country", sorted(POSTAL))
def test_each_countrys_format_accepts_its_codes_and_describes_itself(country: str) -> None:
    good, bad, described = POSTAL[country]
    for postal in good:
        assert postal_violation(postal, country) is None, postal
    wrong = postal_violation(bad, country, "address.postalCode")
    assert wrong is not None
    assert (wrong.code, wrong.field, wrong.message, wrong.params) == (
        "cell-invalid-postal-code",
        "address.postalCode",
        f"'{bad}' is not a valid {country} postal code ({described}).",
        {"reason": f"'{bad}' is not a valid {country} postal code ({described}).", "value": bad},
    )


@pytest.mark.parametrize("postal", ["\u212a1A 0B1", "K1A 0B\u00b9", "\uff2b1A 0B1"])
def test_a_letter_that_only_folds_to_ascii_is_not_a_postal_letter(postal: str) -> None:
    """The Kelvin sign folds to ``k`` under Unicode case folding; the formats are ASCII."""
    assert postal_violation(postal, "CA") is not None


@pytest.mark.parametrize(("country", "required"), [("US", True), ("CA", True), ("GB", True),
                                                   ("AU", True), ("DE", False), ("IE", False),
                                                   ("AQ", False)])  # fmt: skip
def test_a_blank_postal_code_is_refused_only_where_the_country_requires_one(
    country: str, required: bool
) -> None:
    missing = postal_violation("", country, "zip")
    if not required:
        assert missing is None
        return
    assert missing is not None
    reason = f"Postal Code is required for {country} addresses."
    assert (missing.code, missing.field, missing.message, missing.params) == (
        "cell-invalid-postal-code",
        "zip",
        reason,
        {"reason": reason, "value": ""},
    )


def test_the_damage_is_told_between_the_format_and_the_full_stop() -> None:
    wrong = postal_violation("2134", "US", damage=": it lost a zero")
    assert wrong is not None
    assert wrong.message == (
        "'2134' is not a valid US postal code (5 digits (or ZIP+4: 12345-6789)): it lost a zero."
    )
    default = postal_violation("2134", "US")
    assert default is not None and default.field == "postal_code"


# (digits Excel kept, country, the code with its zeros back or None)
ZEROS: list[tuple[str, str, str | None]] = [
    ("2134", "US", "02134"),  # one zero
    ("501", "US", "00501"),  # two zeros (Holtsville, NY)
    ("50", "US", "00050"),  # three zeros, the most a number cell is assumed to lose
    ("5", "US", None),  # 00005 would need four
    ("800", "AU", "0800"),
    ("1", "FI", None),  # 00001 needs four
    ("100", "FI", "00100"),
    ("12345", "US", None),  # nothing was lost
    ("18956", "SG", "018956"),
    ("12a", "US", None),
    ("2134", "AQ", None),  # no format known
]


@pytest.mark.parametrize(("digits", "country", "restored"), ZEROS)
def test_the_fewest_leading_zeros_that_make_a_code_are_restored(
    digits: str, country: str, restored: str | None
) -> None:
    assert restored_zeros(digits, country) == restored


def test_lost_zeros_tells_the_partner_what_to_type() -> None:
    assert lost_zeros("2134", "US") == (
        ": Excel stored it as the number 2134 and dropped the leading zero; enter '02134' in a "
        "cell formatted as text"
    )
    assert lost_zeros("501", "US") == (
        ": Excel stored it as the number 501 and dropped the leading zero; enter '00501' in a "
        "cell formatted as text"
    )


def test_the_zeros_fix_is_likely_and_counts_the_digits() -> None:
    assert zeros_fix("2134", "US") == Fix(
        "02134", FixKind.LIKELY, "Excel dropped the leading zero; US postal codes have 5 digits"
    )
    assert zeros_fix("18956", "SG") == Fix(
        "018956", FixKind.LIKELY, "Excel dropped the leading zero; SG postal codes have 6 digits"
    )
    assert zeros_fix("12345", "US") is None


# The lowest subdivision code in alphabetical order: Alaska, Alberta, the Capital Territory.
@pytest.mark.parametrize(("country", "example"), [("US", "AK"), ("CA", "AB"), ("AU", "ACT")])
def test_a_missing_state_names_the_first_code_as_an_example(country: str, example: str) -> None:
    missing = state_violation("", country, "address.state")
    assert missing is not None
    reason = f"State/Province is required for {country} addresses (a code such as {example})."
    assert (missing.code, missing.field, missing.message, missing.params) == (
        "cell-invalid-state",
        "address.state",
        reason,
        {"reason": reason, "value": ""},
    )
    assert missing.severity is Severity.ERROR


KNOWN_OR_UNNEEDED = [("", "DE"), ("", "GB"), ("TX", "US"), ("tx", "US"), ("US-TX", "US"),
                     ("us-tx", "US"), ("QC", "CA"), ("NSW", "AU"), ("BY", "DE")]  # fmt: skip


@pytest.mark.parametrize(("state", "country"), KNOWN_OR_UNNEEDED)
def test_a_known_or_unneeded_state_passes(state: str, country: str) -> None:
    assert state_violation(state, country) is None


def test_a_state_of_another_country_is_unknown() -> None:
    """``CA-QC`` keeps its prefix for a US address: QC is no US state."""
    assert state_violation("CA-QC", "US") is not None


def test_an_unknown_state_is_a_warning_that_names_the_holiday_consequence() -> None:
    unknown = state_violation("Goodstate", "US")
    assert unknown is not None
    reason = (
        "'Goodstate' is not a state or province code of US; the Setup Assist deadline counts "
        "only national holidays for it."
    )
    assert (unknown.code, unknown.field, unknown.message, unknown.params, unknown.fix) == (
        "cell-unknown-state",
        "state",
        reason,
        {"reason": reason, "value": "Goodstate"},
        None,
    )
    assert unknown.severity is Severity.WARNING


def test_a_state_written_by_name_is_offered_its_code() -> None:
    named = state_violation(" Texas ", "US")
    assert named is not None
    assert named.message == (
        "' Texas ' is not a state or province code of US; use its code 'TX'; the Setup Assist "
        "deadline counts only national holidays for it."
    )
    assert named.fix == Fix("TX", FixKind.CERTAIN, "the code of Texas (US-TX)")
    assert state_named("new south wales", "AU") == Fix(
        "NSW", FixKind.CERTAIN, "the code of new south wales (AU-NSW)"
    )
    assert state_named("Texas", "CA") is None
