"""Imports point one way (STYLE.md): readers -> extract -> resolve -> assemble -> store -> ...

A module may import from its own layer or from layers listed before it, never after.
"""

from __future__ import annotations

import ast
from pathlib import Path

PKG = Path(__file__).resolve().parent.parent / "src" / "conflictkb"

# Lower number = lower layer. Base modules are importable from everywhere.
LAYERS = {
    "model": 0, "errors": 0, "settings": 0, "paths": 0, "record": 0, "data": 0, "textutil": 0,
    "readers": 1, "sources": 1,
    "extract": 2,
    "resolve": 3,
    "assemble": 4,
    "store": 5,
    "ingest": 6, "evaluate": 6, "parallel": 6, "cluster": 6,
    "export": 7, "reference": 7, "compare": 7, "evaluate_coded": 7,
    "api": 8, "web": 8,
    "cli": 9, "__main__": 9,
}  # fmt: skip


def _layer(parts: list[str]) -> int | None:
    return LAYERS.get(parts[0]) if parts else None


def _imports(path: Path) -> list[list[str]]:
    rel = path.relative_to(PKG).with_suffix("").parts
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[list[str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:  # relative: resolve against the module's package
                package = list(rel[:-1])
                base = package[: len(package) - (node.level - 1)]
                target = base + (node.module.split(".") if node.module else [])
                if not node.module:
                    target += [a.name for a in node.names][:1]
                found.append(target)
            elif node.module and node.module.startswith("conflictkb."):
                found.append(node.module.split(".")[1:])
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("conflictkb."):
                    found.append(a.name.split(".")[1:])
    return found


def test_imports_point_down_the_layers() -> None:
    problems = []
    for path in PKG.rglob("*.py"):
        rel = path.relative_to(PKG)
        if rel.parts == ("__init__.py",):
            continue  # the public API gathers everything
        own = _layer(list(rel.with_suffix("").parts))
        assert own is not None, f"{rel}: add its top-level module to LAYERS"
        for target in _imports(path):
            other = _layer(target)
            if other is not None and other > own:
                problems.append(f"{rel} imports {'.'.join(target)} (layer {other} > {own})")
    assert problems == []


def test_modules_stay_small() -> None:
    big = [
        (str(p.relative_to(PKG)), n)
        for p in PKG.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 700
    ]
    assert big == []
