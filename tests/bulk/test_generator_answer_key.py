"""Acceptance (issue 7): the validator reports exactly the generator's answer key.

For seeds 0-49 and defect rates 0.01-0.2 every planted defect is found at its cell with its
code and nothing else is reported (a hypothesis property, plus a fixed regression set); a clean
workbook of any seed validates clean; with the generated partner profile the partner-level
Setup Assist codes are expected too; leaving the Setup Assist sheet out gives sheet-missing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulk.generator import GeneratorOptions, SeatRange, generate_workbook, partner_toml
from bulk.partner import load_partner
from bulk.rules.catalogue import CATALOGUE
from bulk.validation import SERVER_SIDE_CODES, validate_workbook

AS_OF = dt.date(2026, 11, 25)
UNUSABLE = {"workbook-unreadable", "workbook-too-large", "workbook-empty"}
"""Codes about a file that cannot be read at all, or holds no rows: no generated workbook (which
always has rows) carries them; tests/e2e/test_rtm_cli.py covers the empty workbook."""


def _reported(path: Path, as_of: dt.date, partner: Path | None = None) -> list[tuple[str, ...]]:
    profile = load_partner(partner) if partner is not None else None
    report = validate_workbook(path, as_of=as_of, partner=profile).report
    return sorted((i.sheet, str(i.row), i.column, i.code) for i in report.issues)


def _expected(options: GeneratorOptions, path: Path) -> list[tuple[str, ...]]:
    key = generate_workbook(options, path).answer_key
    assert key is not None
    return sorted((s, str(r), c, code) for s, r, c, code in key.locations)


def _check(options: GeneratorOptions, folder: Path, partner: Path | None = None) -> Counter[str]:
    path = folder / f"seed{options.seed}.xlsx"
    expected = _expected(options, path)
    reported = _reported(path, options.as_of, partner)
    missing = sorted(set(expected) - set(reported))
    extra = sorted(set(reported) - set(expected))
    assert (missing, extra) == ([], []), f"{options}: missing {missing[:5]}, extra {extra[:5]}"
    assert reported == expected
    return Counter(code for *_, code in expected)


@pytest.mark.slow
@settings(max_examples=20)
@given(
    seed=st.integers(0, 49),
    rate=st.floats(0.01, 0.2),
    damage=st.booleans(),
    customers=st.integers(2, 12),
)
def test_validator_reports_exactly_the_answer_key(
    tmp_path_factory: pytest.TempPathFactory, seed: int, rate: float, damage: bool, customers: int
) -> None:
    options = GeneratorOptions(
        customers=customers, as_of=AS_OF, seed=seed, defect_rate=rate, excel_damage=damage
    )
    _check(options, tmp_path_factory.mktemp("key"))


REGRESSION = [
    (0, 0.01, False, None, 6),
    (7, 0.2, True, None, 10),
    (13, 0.05, True, "US", 8),
    (21, 0.1, False, "de_DE", 8),
    (34, 0.15, True, "AU", 5),
    (49, 0.2, False, "CA", 12),
]


@pytest.mark.parametrize(("seed", "rate", "damage", "locale", "customers"), REGRESSION)
def test_regression_set(
    tmp_path: Path, seed: int, rate: float, damage: bool, locale: str | None, customers: int
) -> None:
    options = GeneratorOptions(
        customers=customers,
        as_of=AS_OF,
        seed=seed,
        locale=locale,
        defect_rate=rate,
        excel_damage=damage,
    )
    _check(options, tmp_path)


def test_every_offline_code_is_planted(tmp_path: Path) -> None:
    """Across one run with defects, damage, a partner profile and, in a second run, a missing
    sheet, every catalogue code a workbook can carry offline appears in the answer key."""
    partner = tmp_path / "partner.toml"
    partner.write_text(partner_toml(ready=False), encoding="utf-8")
    options = GeneratorOptions(
        customers=40,
        as_of=AS_OF,
        seed=3,
        defect_rate=0.05,
        excel_damage=True,
        with_partner=True,
    )
    planted = _check(options, tmp_path, partner)
    planted += _check(
        GeneratorOptions(customers=3, as_of=AS_OF, seed=4, omit_assist_sheet=True), tmp_path
    )
    offline = {
        code
        for code, entry in CATALOGUE.items()
        if entry.error_code // 1000 in (1, 2, 3, 4, 5) and code not in SERVER_SIDE_CODES
    }
    assert offline - UNUSABLE - set(planted) == set()


@settings(max_examples=15)
@given(seed=st.integers(0, 49), locale=st.sampled_from([None, "US", "CA", "GB", "AU", "DE", "FR"]))
def test_clean_workbook_validates_clean(
    tmp_path_factory: pytest.TempPathFactory, seed: int, locale: str | None
) -> None:
    options = GeneratorOptions(
        customers=8,
        as_of=AS_OF + dt.timedelta(days=seed * 7),
        seed=seed,
        locale=locale,
        subscribers_per_customer=SeatRange(0, 30),
    )
    path = tmp_path_factory.mktemp("clean") / "clean.xlsx"
    key = generate_workbook(options, path).answer_key
    assert key is not None and key.issues == []
    result = validate_workbook(path, as_of=options.as_of)
    assert result.report.issues == []
    assert result.report.valid


def test_clean_workbook_with_generated_partner_is_valid(tmp_path: Path) -> None:
    partner = tmp_path / "partner.toml"
    partner.write_text(partner_toml(ready=True), encoding="utf-8")
    options = GeneratorOptions(customers=10, as_of=AS_OF, seed=11, with_partner=True)
    path = tmp_path / "clean.xlsx"
    generate_workbook(options, path)
    # Valid; the one warning is the provisioning ID the generated profile cannot know.
    assert [issue[-1] for issue in _reported(path, AS_OF, partner)] == ["provisioning-id-missing"]


def test_missing_assist_sheet_hides_its_defects(tmp_path: Path) -> None:
    options = GeneratorOptions(
        customers=8,
        as_of=AS_OF,
        seed=6,
        defect_rate=0.1,
        excel_damage=True,
        omit_assist_sheet=True,
    )
    planted = _check(options, tmp_path)
    assert planted["sheet-missing"] == 1
    assert planted["assist-deadline"] == planted["header-missing"] == 0


def test_partner_codes_on_every_assist_row(tmp_path: Path) -> None:
    partner = tmp_path / "partner.toml"
    partner.write_text(partner_toml(ready=False), encoding="utf-8")
    options = GeneratorOptions(
        customers=6, as_of=AS_OF, seed=5, defect_rate=0.02, with_partner=True
    )
    planted = _check(options, tmp_path, partner)
    assert planted["assist-not-entitled"] == planted["assist-partner-not-ready"] > 0
