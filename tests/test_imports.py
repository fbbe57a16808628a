"""No import cycle among the package's modules.

Every ``impactlib/**/*.py`` is parsed with :mod:`ast`; its module-level imports (statements
run when the module is imported, including those under a top-level ``if``/``try``, not those
inside functions or classes) give the edges of a graph of impactlib modules. Importing
``a.b.c`` also imports the packages ``a.b`` and ``a`` first, so those are edges too, except
the importer's own parent packages (a package's ``__init__`` importing its submodules is not
a cycle; nor is ``from . import x`` in a package's ``__init__``). A strongly connected
component of more than one module is a cycle.
"""

from __future__ import annotations

import ast
from pathlib import Path

import impactlib

PACKAGE = Path(impactlib.__file__).parent


def _modules(root: Path, top: str) -> dict[str, Path]:
    """Module name -> file, for every ``.py`` under ``root`` (a package named ``top``)."""
    out = {}
    for path in root.rglob("*.py"):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join([top, *parts])] = path
    return out


def _top_level_imports(tree: ast.Module):
    """Import statements that run at import time (not inside a def or class)."""
    stack = list(tree.body)
    while stack:
        node = stack.pop()
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.Lambda):
            continue
        else:
            stack.extend(n for n in ast.iter_child_nodes(node) if isinstance(n, ast.stmt))


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def import_graph(root: Path, top: str) -> dict[str, set[str]]:
    """Module -> the package's modules it imports at module level."""
    mods = _modules(root, top)
    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        is_pkg = path.name == "__init__.py"
        package = name if is_pkg else name.rpartition(".")[0]
        targets = set()
        for node in _top_level_imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(a.name for a in node.names)
                continue
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                mod = ".".join(base + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            targets.add(mod)
            targets.update(f"{mod}.{a.name}" for a in node.names if f"{mod}.{a.name}" in mods)
        edges = set()
        mine = set(_ancestors(name)) | {name}
        for t in targets:
            for m in (*_ancestors(t), t):
                if m in mods and m not in mine:
                    edges.add(m)
        graph[name] = edges
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index, low, on, stack, out = {}, {}, set(), [], []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_no_import_cycle_in_the_package():
    graph = import_graph(PACKAGE, "impactlib")
    assert len(graph) > 30 and "impactlib.brief.render" in graph
    assert "impactlib.brief.blocks" in graph["impactlib.brief.render"]
    assert cycles(graph) == []


def test_cycle_check_finds_cycles(tmp_path):
    pkg = tmp_path / "pkg"
    (pkg / "sub").mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from .b import f\n\ndef g():\n    from . import c\n")
    (pkg / "b.py").write_text("import os\nif True:\n    from pkg import a\n")
    (pkg / "c.py").write_text("from . import a\n")  # a imports c only inside a function
    (pkg / "sub" / "__init__.py").write_text("from .d import x\n")  # a package's own submodule
    (pkg / "sub" / "d.py").write_text("x = 1\n")
    (pkg / "e.py").write_text("from pkg.sub.d import x\n")
    (pkg / "sub" / "f.py").write_text("from .. import e\n")
    graph = import_graph(pkg, "pkg")
    assert graph["pkg.c"] == {"pkg.a"} and "pkg.c" not in graph["pkg.a"]
    assert graph["pkg.e"] == {"pkg.sub", "pkg.sub.d"}
    assert cycles(graph) == [["pkg.a", "pkg.b"]]
    (pkg / "sub" / "__init__.py").write_text("from .d import x\nfrom .f import *\n")
    assert cycles(import_graph(pkg, "pkg")) == [["pkg.a", "pkg.b"], ["pkg.e", "pkg.sub", "pkg.sub.f"]]
