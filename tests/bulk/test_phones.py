"""Phone cells: strict E.164, Excel damage explained, and the prefix cache agreeing with
phonenumbers on a corpus from every region (and on mutations of the last digits)."""

from __future__ import annotations

import random

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bulk.checks import phone_prefixes
from bulk.checks.phones import read_phone
from bulk.rules.violations import Violation
from bulk.schema import SUBSCRIBERS

PHONE = SUBSCRIBERS.column("phone_number")
TYPES = [t for t in vars(phonenumbers.PhoneNumberType).values() if isinstance(t, int)]


def _read(value: object) -> tuple[object, list[Violation]]:
    found: list[Violation] = []
    return read_phone(value, PHONE, found), found


def _corpus() -> list[str]:
    rnd = random.Random(3)
    corpus: list[str] = []
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in TYPES:
            example = phonenumbers.example_number_for_type(region, kind)
            if example is None:
                continue
            digits = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)[1:]
            corpus.append("+" + digits)
            for _ in range(6):
                tail = "".join(str(rnd.randrange(10)) for _ in range(4))
                at = rnd.randrange(len(digits))
                corpus += [
                    "+" + digits[:-4] + tail,
                    "+" + digits[:at] + str(rnd.randrange(10)) + digits[at + 1 :],
                    "+" + digits[:at] + digits[at + 1 :],
                ]
    return corpus


def test_prefix_cache_agrees_with_phonenumbers_on_every_region() -> None:
    corpus = _corpus()
    phone_prefixes._verdicts.clear()
    fast = [phone_prefixes.is_valid_e164(n) for n in corpus]
    reference = [phone_prefixes.reference_valid(n) for n in corpus]
    assert [n for n, a, b in zip(corpus, fast, reference, strict=True) if a != b] == []
    assert len(phone_prefixes._verdicts) > 1000  # the cache was really used
    assert sum(reference) > len(corpus) // 4  # both verdicts are well represented


@given(st.sampled_from([1, 44, 49, 33, 61, 81, 91]), st.text("0123456789", min_size=5, max_size=12))
def test_prefix_cache_agrees_on_generated_numbers(code: int, national: str) -> None:
    number = f"+{code}{national}"
    first = phone_prefixes.is_valid_e164(number)
    assert first == phone_prefixes.reference_valid(number) == phone_prefixes.is_valid_e164(number)


def test_tail_length_is_proved_for_common_countries() -> None:
    assert phone_prefixes.tail_length(1, 10) >= 3
    assert phone_prefixes.tail_length(44, 10) >= 3
    assert phone_prefixes.tail_length(49, 11) == 4


def test_valid_e164_text_is_accepted() -> None:
    assert _read("+14152000101") == ("+14152000101", [])


def test_number_that_lost_its_plus_is_explained() -> None:
    value, (problem,) = _read(14152000101.0)
    assert value == "14152000101"
    assert problem.code == "cell-invalid-phone"
    assert "dropped the '+'" in problem.message and "'+14152000101'" in problem.message


def test_scientific_notation_is_explained() -> None:
    _, (problem,) = _read(442079000000.0)
    assert "scientific notation (4.42079E+11)" in problem.message
    assert "last digits are lost" in problem.message


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("+1 415/200 0101", "did you mean '+14152000101'"),
        ("4152000101", "no '+' and country code"),
        ("0014152000101", "starts with 00"),
        ("+1415200010", "no such number"),
        ("call me", ""),
    ],
)
def test_text_that_is_not_e164_says_why(text: str, hint: str) -> None:
    _, (problem,) = _read(text)
    assert problem.code == "cell-invalid-phone" and hint in problem.message


def test_a_bool_or_date_is_not_a_phone() -> None:
    _, (problem,) = _read(True)
    assert problem.code == "cell-invalid-phone"


@pytest.mark.parametrize("text", ["+1 415 200 0101", "+1-415-200-0101", "+1 (415) 200.0101"])
def test_the_references_separators_are_accepted_and_written_back_as_e164(text: str) -> None:
    assert _read(text) == ("+14152000101", [])
