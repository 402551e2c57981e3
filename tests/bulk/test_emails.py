"""Email cells: the fast path (regex + per-domain cache) gives email-validator's verdict for
every address of a corpus and of generated strings."""

from __future__ import annotations

import string

from hypothesis import given
from hypothesis import strategies as st

from bulk.checks.emails import email_problem, read_email, reference_problem
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


def test_fast_path_agrees_with_email_validator_on_the_corpus() -> None:
    for address in CORPUS:
        assert email_problem(address) == reference_problem(address), address


ALPHABET = string.ascii_letters + string.digits + ".-_+'@ äé[]\"!#"


@given(
    st.text(ALPHABET, min_size=1, max_size=20),
    st.sampled_from(
        ["example.com", "a.b", "x-y.example.org", "localhost", "ex.test", "1.2", "a..b"]
    ),
)
def test_fast_path_agrees_on_generated_addresses(local: str, domain: str) -> None:
    address = f"{local}@{domain}"
    assert email_problem(address) == reference_problem(address)


def test_invalid_email_reports_the_reason() -> None:
    found: list[Violation] = []
    assert read_email("ann@@example.com", EMAIL, found) == "ann@@example.com"
    (problem,) = found
    assert problem.code == "cell-invalid-email" and "invalid characters" in problem.message
