"""The dependency direction of docs/design.md §2, checked on the real import graph (beside
import-linter, whose forbidden contracts must name modules that exist)."""

from __future__ import annotations

import grimp

IO_LIBRARIES = {
    "openpyxl",
    "python_calamine",
    "httpx",
    "httpx2",
    "fastapi",
    "sqlalchemy",
    "uvicorn",
    "starlette",
}


def _graph() -> grimp.ImportGraph:
    return grimp.build_graph("bulk", "simulator", "rtm", include_external_packages=True)


def test_rules_import_only_rules_and_no_io() -> None:
    graph = _graph()
    for module in graph.find_descendants("bulk.rules") | {"bulk.rules"}:
        for imported in graph.find_modules_directly_imported_by(module):
            top = imported.split(".")[0]
            assert top not in IO_LIBRARIES, f"{module} imports {imported}"
            if top in {"bulk", "simulator", "rtm"}:
                assert imported.startswith("bulk.rules"), f"{module} imports {imported}"


def test_simulator_uses_only_bulk_rules() -> None:
    graph = _graph()
    for module in graph.find_descendants("simulator") | {"simulator"}:
        for imported in graph.find_modules_directly_imported_by(module):
            if imported.split(".")[0] == "bulk":
                assert imported.startswith("bulk.rules"), f"{module} imports {imported}"
            assert not imported.startswith("rtm"), f"{module} imports {imported}"


def test_bulk_never_imports_simulator() -> None:
    graph = _graph()
    for module in graph.find_descendants("bulk") | {"bulk"}:
        for imported in graph.find_modules_directly_imported_by(module):
            assert imported.split(".")[0] not in {"simulator", "rtm"}, (
                f"{module} imports {imported}"
            )
