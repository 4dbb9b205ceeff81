"""The shape of the `generator` package, as a table: import cycles, longest modules, loose modules,
and the places that spell out the list of kinds.

    .venv/bin/python -m benchmarks.import_graph [--root .]

Reads the source only (ast), so it measures any checkout, before or after a re-organisation, with
the same rules:
- an import edge is any `import generator...` / `from generator... import ...` (relative imports
  resolved), at module level or inside a function; imports under `if TYPE_CHECKING:` are left out,
  as they never run. `from generator.pkg import name` counts as an edge to `generator.pkg.name`
  when that is a module, else to `generator.pkg`.
- cycles are the strongly connected components of that graph with more than one module.
- a loose module is a `.py` file directly in `generator/` other than `__init__.py`.
- a place that lists kinds is a file (Python under `generator/`, template under `theme/`) whose
  string literals name two or more kinds by code or folder ("group"/"groups", "advocate"/
  "advocates", "training", "organization"/"organizations", "crisis_line"/"crisis-lines"), with
  a trailing "/" ignored. `generator/kinds.py`, the registry itself, is shown but not counted.
"""

from __future__ import annotations

import argparse
import ast
import re
import sys
from pathlib import Path

KIND_WORDS = {
    "group": "group", "groups": "group",
    "advocate": "advocate", "advocates": "advocate",
    "training": "training",
    "organization": "organization", "organizations": "organization",
    "crisis_line": "crisis_line", "crisis-lines": "crisis_line",
}
REGISTRY = "generator/kinds.py"
TEMPLATE_STRING = re.compile(r"""(?:'([^'\n]*)'|"([^"\n]*)")""")


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else test.attr if isinstance(test, ast.Attribute) else ""
            if name == "TYPE_CHECKING":
                for child in node.body:
                    skipped.update(id(n) for n in ast.walk(child))
    return skipped


def imports_of(path: Path, name: str, modules: set[str]) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_nodes(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in modules:
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if not target.startswith("generator"):
                continue
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                if sub in modules:
                    found.add(sub)
                elif target in modules:
                    found.add(target)
    found.discard(name)
    return found


def strongly_connected(graph: dict[str, set[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    component = []
                    while True:
                        member = stack.pop()
                        on_stack.discard(member)
                        component.append(member)
                        if member == node:
                            break
                    components.append(sorted(component))
    return components


def kinds_named(strings: list[str]) -> set[str]:
    return {KIND_WORDS[s.rstrip("/")] for s in strings if s.rstrip("/") in KIND_WORDS}


def python_strings(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings]


def template_strings(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    # Only strings inside Jinja expressions and statements: not the page's prose or HTML attributes.
    inside = " ".join(re.findall(r"\{\{.*?\}\}|\{%.*?%\}", text, re.S))
    return [a or b for a, b in TEMPLATE_STRING.findall(inside)]


def measure(root: Path) -> dict:
    package = root / "generator"
    files = sorted(package.rglob("*.py"))
    names = {module_name(f, root): f for f in files}
    modules = set(names)
    graph = {name: imports_of(path, name, modules) for name, path in names.items()}
    cycles = sorted((c for c in strongly_connected(graph) if len(c) > 1), key=len, reverse=True)
    lengths = sorted(((len(p.read_text(encoding="utf-8").splitlines()), str(p.relative_to(root))) for p in files), reverse=True)
    loose = [f for f in files if f.parent == package and f.name != "__init__.py"]
    places = []
    for f in files:
        rel = str(f.relative_to(root))
        if len(kinds_named(python_strings(f))) >= 2:
            places.append(rel)
    for f in sorted((root / "theme").rglob("*.html")):
        if len(kinds_named(template_strings(f))) >= 2:
            places.append(str(f.relative_to(root)))
    return {
        "modules": len(files),
        "edges": sum(len(v) for v in graph.values()),
        "cycles": cycles,
        "lengths": lengths,
        "loose": [str(f.relative_to(root)) for f in loose],
        "places": places,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path("."), help="the checkout to measure (default: .)")
    parser.add_argument("--verbose", action="store_true", help="also list the cycles' members, the loose modules and the places")
    args = parser.parse_args(argv)
    m = measure(args.root.resolve())
    counted = [p for p in m["places"] if p != REGISTRY]
    over = [(n, p) for n, p in m["lengths"] if n > 400]
    rows = [
        ("modules (.py files)", str(m["modules"])),
        ("import edges", str(m["edges"])),
        ("import cycles", str(len(m["cycles"]))),
        ("modules in cycles (largest cycle)", f"{sum(map(len, m['cycles']))} ({max(map(len, m['cycles']), default=0)})"),
        ("longest module (lines)", f"{m['lengths'][0][1]} ({m['lengths'][0][0]})"),
        ("modules over 400 lines", str(len(over))),
        ("loose modules in generator/", str(len(m["loose"]))),
        ("places that list kinds", str(len(counted))),
    ]
    width = max(len(r[0]) for r in rows)
    print(f"{'measure':<{width}}  value")
    print(f"{'-' * width}  -----")
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    if args.verbose:
        for i, cycle in enumerate(m["cycles"], 1):
            print(f"\ncycle {i} ({len(cycle)}): " + ", ".join(cycle))
        print("\nover 400 lines: " + ", ".join(f"{p} ({n})" for n, p in over))
        print("\nloose: " + ", ".join(m["loose"]))
        print("\nplaces that list kinds: " + ", ".join(m["places"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
