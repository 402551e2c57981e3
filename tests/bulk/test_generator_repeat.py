"""Same seed and options → the same workbook (cell values, and the very same bytes); different
seeds → different data; the answer key repeats too."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from bulk.generator import GeneratorOptions, generate_workbook

AS_OF = dt.date(2026, 11, 25)


def _values(path: Path) -> dict[str, list[list[Any]]]:
    book = CalamineWorkbook.from_path(str(path))
    return {name: list(book.get_sheet_by_name(name).to_python()) for name in book.sheet_names}


def _run(path: Path, **changes: object) -> tuple[bytes, dict[str, object]]:
    base: dict[str, object] = {
        "customers": 12,
        "as_of": AS_OF,
        "seed": 5,
        "defect_rate": 0.1,
        "excel_damage": True,
    }
    options = GeneratorOptions(**(base | changes))  # type: ignore[arg-type]
    key = generate_workbook(options, path).answer_key
    assert key is not None
    return path.read_bytes(), key.to_json()


def test_same_seed_same_bytes_values_and_key(tmp_path: Path) -> None:
    first, first_key = _run(tmp_path / "a.xlsx")
    second, second_key = _run(tmp_path / "b.xlsx")
    assert _values(tmp_path / "a.xlsx") == _values(tmp_path / "b.xlsx")
    assert first == second
    assert first_key == second_key


@pytest.mark.parametrize("seeds", [(0, 1), (5, 6), (17, 42)])
def test_different_seeds_different_data(tmp_path: Path, seeds: tuple[int, int]) -> None:
    _run(tmp_path / "a.xlsx", seed=seeds[0], defect_rate=0.0, excel_damage=False)
    _run(tmp_path / "b.xlsx", seed=seeds[1], defect_rate=0.0, excel_damage=False)
    a, b = _values(tmp_path / "a.xlsx"), _values(tmp_path / "b.xlsx")
    for sheet in ("Customers", "Subscribers"):
        rows_a = {tuple(map(str, r)) for r in a[sheet][1:]}
        rows_b = {tuple(map(str, r)) for r in b[sheet][1:]}
        assert not rows_a & rows_b, sheet


def test_other_options_change_only_what_they_name(tmp_path: Path) -> None:
    """A different --as-of moves the Setup Assist dates and nothing else."""
    _run(tmp_path / "a.xlsx", defect_rate=0.0, excel_damage=False)
    _run(tmp_path / "b.xlsx", defect_rate=0.0, excel_damage=False, as_of=AS_OF + dt.timedelta(30))
    a, b = _values(tmp_path / "a.xlsx"), _values(tmp_path / "b.xlsx")
    for sheet in ("Customers", "Locations", "Subscribers"):
        assert a[sheet] == b[sheet]
    assert a["Setup Assist"] != b["Setup Assist"]
