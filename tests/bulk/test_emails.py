"""Email cells: email-validator's verdicts on a corpus of addresses partners type, and its
reason in the cell's message."""

from __future__ import annotations

from bulk.checks.emails import email_problem, read_email
from bulk.rules.violations import Violation
from bulk.schema import SUBSCRIBERS

EMAIL = SUBSCRIBERS.column("email")

CORPUS = [
    "ann@example.com",
    "ann.lee@example.com",
    "ann..lee@example.com",
    ".ann@example.com",
    "ann.@example.com",
    "ann@localhost",
    "ann@example",
    "ann@example.local",
    "ann@exa_mple.com",
    "ann@-example.com",
    "ann@example-.com",
    "ann@123.com",
    "ann@example.123",
    "ann+tag@example.co.uk",
    "o'brien@example.ie",
    "{weird}=chars!@example.org",
    "a" * 64 + "@example.com",
    "a" * 65 + "@example.com",
    "a@" + "b" * 63 + ".com",
    "a@" + "b" * 64 + ".com",
    "x@" + ".".join(["abcdefghij"] * 24) + ".com",
    "ann@exämple.com",
    "änn@example.com",
    '"quoted"@example.com',
    "ann@[192.0.2.1]",
    "ann@@example.com",
    "ann example@example.com",
    "ann@example.com.",
    "ann@EXAMPLE.COM",
    "ann@xn--bcher-kva.example",
    "ann@invalid",
    "ann@sub.test",
    "ann@example.onion",
]


VALID = {
    "ann@example.com",
    "ann.lee@example.com",
    "ann+tag@example.co.uk",
    "o'brien@example.ie",
    "{weird}=chars!@example.org",
    "a" * 64 + "@example.com",
    "a" * 65 + "@example.com",  # email-validator does not hold the local part to 64
    "a@" + "b" * 63 + ".com",
    "ann@123.com",
    "ann@exämple.com",
    "änn@example.com",
    "ann@EXAMPLE.COM",
    "ann@xn--bcher-kva.example",
}


def test_the_corpus_gets_the_verdicts_a_partner_expects() -> None:
    accepted = {address for address in CORPUS if email_problem(address) is None}
    assert accepted == VALID


def test_invalid_email_reports_the_reason() -> None:
    found: list[Violation] = []
    assert read_email("ann@@example.com", EMAIL, found) == "ann@@example.com"
    (problem,) = found
    assert problem.code == "cell-invalid-email" and "invalid characters" in problem.message
