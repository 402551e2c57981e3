"""`bulk.rules` exports every public name of its modules, sorted the way ruff sorts `__all__`."""

from __future__ import annotations

import ast
import importlib
import inspect

import pytest

import bulk.rules

MODULES = [
    "bulk.rules.catalogue",
    "bulk.rules.violations",
    "bulk.rules.packages",
    "bulk.rules.languages",
    "bulk.rules.fields",
    "bulk.rules.addresses",
    "bulk.rules.values",
    "bulk.rules.repairs",
    "bulk.rules.verdicts",
    "bulk.rules.deadline",
    "bulk.rules.assist",
    "bulk.rules.money",
    "bulk.rules.billing",
    "bulk.rules.spreadsheet_text",
    "bulk.rules.hidden_characters",
]


def defined_public_names(module_name: str) -> set[str]:
    """A module's ``__all__`` when it declares one (which must list every public top-level
    definition but may leave out shorthands such as the catalogue's ``E``/``W``), else its
    top-level functions, classes and assignments not starting with an underscore."""
    module = importlib.import_module(module_name)
    declared: list[str] | None = getattr(module, "__all__", None)
    return set(declared) if declared is not None else _top_level_names(module_name)


def _top_level_names(module_name: str) -> set[str]:
    tree = ast.parse(inspect.getsource(importlib.import_module(module_name)))
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                elements = target.elts if isinstance(target, ast.Tuple) else [target]
                names |= {e.id for e in elements if isinstance(e, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return {n for n in names if not n.startswith("_")}


def isort_style(name: str) -> tuple[int, str]:
    """ruff's RUF022 order: CONSTANTS, then Classes, then everything else."""
    if name.isupper():
        return 0, name
    return (1 if name[0].isupper() else 2), name


@pytest.mark.parametrize("module_name", MODULES)
def test_every_public_name_is_exported(module_name: str) -> None:
    missing = defined_public_names(module_name) - set(bulk.rules.__all__)
    assert not missing, f"{module_name} defines {sorted(missing)} but bulk.rules does not export it"


@pytest.mark.parametrize("module_name", MODULES)
def test_exports_are_the_module_objects(module_name: str) -> None:
    module = importlib.import_module(module_name)
    for name in defined_public_names(module_name):
        assert getattr(bulk.rules, name) is getattr(module, name)


def test_all_is_sorted_unique_and_resolvable() -> None:
    exported = list(bulk.rules.__all__)
    assert exported == sorted(exported, key=isort_style)
    assert len(exported) == len(set(exported))
    for name in exported:
        assert hasattr(bulk.rules, name), name


@pytest.mark.parametrize("module_name", MODULES)
def test_module_all_lists_its_functions_and_classes(module_name: str) -> None:
    tree = ast.parse(inspect.getsource(importlib.import_module(module_name)))
    defined = {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_")
    }
    assert defined <= defined_public_names(module_name)


@pytest.mark.parametrize("module_name", MODULES)
def test_module_all_is_declared_and_sorted(module_name: str) -> None:
    declared = getattr(importlib.import_module(module_name), "__all__", None)
    assert declared is not None, f"{module_name} declares no __all__"
    assert list(declared) == sorted(declared, key=isort_style)


def test_all_exports_nothing_but_module_names() -> None:
    defined = set().union(*(defined_public_names(m) for m in MODULES))
    assert set(bulk.rules.__all__) == defined - {"__all__"}
