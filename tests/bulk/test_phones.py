"""Phone cells: strict E.164, Excel damage explained, and the verdict equal to phonenumbers' own
on a corpus from every region (and on mutations of the last digits)."""

from __future__ import annotations

import datetime as dt
import random

import phonenumbers
import pytest

from bulk.checks.phones import is_valid_e164, read_phone
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


def _phonenumbers_verdict(number: str) -> bool:
    try:
        return bool(phonenumbers.is_valid_number(phonenumbers.parse(number, None)))
    except phonenumbers.NumberParseException:
        return False


def test_the_verdict_is_phonenumbers_own_on_every_region() -> None:
    corpus = _corpus()
    ours = [is_valid_e164(n) for n in corpus]
    theirs = [_phonenumbers_verdict(n) for n in corpus]
    assert [n for n, a, b in zip(corpus, ours, theirs, strict=True) if a != b] == []
    assert len(corpus) // 4 < sum(theirs) < len(corpus)  # both verdicts are well represented


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


PHONE_TAIL = ". Write it as +<country code><number>, e.g. +14085550100, formatted as text."
SCIENTIFIC = (
    ": Excel stored it as a number and shows it in scientific notation ({0}); its last digits "
    "are lost ({1}). Retype the whole number as text"
)
# (the cell's value, the text it is read as, why it is refused)
DAMAGED = [
    (14152000101.0, "14152000101", ": Excel stored it as the number 14152000101 and dropped the "
     "'+'; it should be the text '+14152000101'"),
    (14152000101, "14152000101", ": Excel stored it as the number 14152000101 and dropped the "
     "'+'; it should be the text '+14152000101'"),
    (442079000000.0, "442079000000", SCIENTIFIC.format("4.42079E+11", "442079000000")),
    (14150000000, "14150000000", SCIENTIFIC.format("1.41500E+10", "14150000000")),
    (1415000000, "1415000000", ": Excel stored it as the number 1415000000, without '+' and "
     "country code"),
    (1234567890, "1234567890", ": Excel stored it as the number 1234567890, without '+' and "
     "country code"),
    (12.5, "12.5", ": it is stored as the number 12.5, not as text"),
    (True, "True", " (not a number)"),
    (dt.date(2027, 1, 4), "2027-01-04", " (not a number)"),
]  # fmt: skip


@pytest.mark.parametrize(("raw", "text", "reason"), DAMAGED)
def test_each_damaged_phone_cell_reads_as_its_message(raw: object, text: str, reason: str) -> None:
    value, found = _read(raw)
    assert value == text
    assert [(v.code, v.field, v.message) for v in found] == [
        (
            "cell-invalid-phone",
            "phone_number",
            f"'{text}' is not a valid E.164 phone number{reason}{PHONE_TAIL}",
        )
    ]
