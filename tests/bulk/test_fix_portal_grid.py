"""The portal's grid copy taken as the validator reads the rows (``GridCopy``, the check's
``seen``): header, display rows with their issue counts, a blank row that has an issue, widths."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bulk.web.results import ResultsReader, ResultsWriter
from bulk.web.worker import GridCopy
from bulk.workbook import RawRow


def test_the_grid_copy_keeps_rows_with_a_value_or_an_issue_and_counts_them(
    tmp_path: Path,
) -> None:
    path = tmp_path / "results.sqlite"
    writer = ResultsWriter(path)
    grid = GridCopy(writer)
    grid("Customers", RawRow(1, ["action", "external_id", ""]))
    grid("Customers", RawRow(2, ["", "c-1", "Acme", "  "]))
    grid("Customers", RawRow(3, ["", "", ""]))  # blank: left out unless it has an issue
    grid("Customers", RawRow(4, ["", ""]))
    grid("Locations", RawRow(1, ["customer"]))
    grid("Locations", RawRow(2, ["c-1", "HQ"]))
    issues = Counter({("Customers", 2): 2, ("Customers", 3): 1, ("Customers", 1): 1, ("", 1): 1})
    grid.finish(issues)
    writer.set(state="checked")
    writer.close()
    page = ResultsReader(path).page("Customers", 1, 50, only_issues=False)
    assert page.headers == ["action", "external_id"]
    assert [(r.row, r.cells) for r in page.rows] == [(2, ["", "c-1", "Acme"]), (3, [])]
    assert ResultsReader(path).page("Customers", 1, 50, only_issues=True).total == 2
    assert ResultsReader(path).meta()["widths"] == {"Customers": 3, "Locations": 2}
    assert [
        r.row for r in ResultsReader(path).page("Locations", 1, 50, only_issues=False).rows
    ] == [2]
