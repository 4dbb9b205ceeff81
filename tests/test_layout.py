"""The package's rooms (ARCHITECTURE.md): no import cycle, no module over 400 lines, and each room
imports only the rooms below it. Measured with benchmarks/import_graph.py's own rules."""

from __future__ import annotations

from pathlib import Path

from benchmarks.import_graph import imports_of, measure, module_name

REPO = Path(__file__).resolve().parent.parent

# Room -> the other rooms it may import (each room's __init__.py says the same in words).
# build.products is the producers' shared types: a leaf every producer may import.
ALLOWED: dict[str, set[str]] = {
    "workers": set(),
    "kinds": {"contract"},  # the models only
    "contract": {"kinds", "workers"},
    "pages": {"contract", "kinds", "build.products"},
    "finder": {"contract", "kinds", "build.products", "pages"},
    "embeds": {"contract", "kinds", "build.products", "finder"},
    "exports": {"contract", "kinds", "build.products", "pages"},
    "build.products": {"contract"},
    "build": {"build.products", "contract", "kinds", "workers", "pages", "finder", "embeds", "exports"},
    "contributors": {"contract", "kinds", "workers"},
}


def _room(module: str) -> str:
    if module == "generator.build.products":
        return "build.products"
    return module.split(".")[1]


def test_no_import_cycle_and_no_long_module() -> None:
    figures = measure(REPO)
    assert figures["cycles"] == []
    assert [(path, n) for n, path in figures["lengths"] if n > 400] == []


def test_each_room_imports_only_the_rooms_it_may() -> None:
    files = sorted((REPO / "generator").rglob("*.py"))
    names = {module_name(f, REPO): f for f in files}
    assert {_room(name) for name in names if name != "generator"} == set(ALLOWED)
    wrong = sorted(
        (name, target)
        for name, path in names.items() if name != "generator"
        for target in imports_of(path, name, set(names))
        if _room(target) != _room(name) and _room(target) not in ALLOWED[_room(name)]
    )
    assert wrong == []
