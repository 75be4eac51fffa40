"""No import cycle between the package's modules: the import graph of kg/ is read from the
source with ast (nothing is imported) and searched for a cycle."""

from __future__ import annotations

import ast
from pathlib import Path

import kg

PACKAGE_DIR = Path(kg.__file__).parent


def module_names(package_dir: Path) -> dict[str, Path]:
    """Every module of the package by dotted name; a package's __init__ by the package's."""
    root = package_dir.name
    names = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = [root, *path.relative_to(package_dir).with_suffix("").parts]
        if parts[-1] == "__init__":
            parts.pop()
        names[".".join(parts)] = path
    return names


def import_graph(package_dir: Path, function_level: bool) -> dict[str, set[str]]:
    """Which of the package's modules each module imports: module-level imports, and those
    inside functions if function_level; never those under `if TYPE_CHECKING:`."""
    modules = module_names(package_dir)
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        is_package = path.name == "__init__.py"
        graph[name] = {
            target
            for imported in _imports(tree, function_level)
            for target in _targets(imported, name, is_package, modules)
            # A module's own packages are loaded before it: importing from them adds no edge.
            if target != name and not name.startswith(f"{target}.")
        }
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """A cycle as the list of its modules, the first repeated at the end, or None."""
    done: set[str] = set()
    path: list[str] = []

    def visit(module: str) -> list[str] | None:
        if module in path:
            return [*path[path.index(module) :], module]
        if module in done:
            return None
        path.append(module)
        for imported in sorted(graph.get(module, ())):
            cycle = visit(imported)
            if cycle:
                return cycle
        path.pop()
        done.add(module)
        return None

    for module in sorted(graph):
        cycle = visit(module)
        if cycle:
            return cycle
    return None


def _imports(tree: ast.Module, function_level: bool) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for orelse in child.orelse:
                    visit_one(orelse)
                continue
            visit_one(child)

    def visit_one(node: ast.AST) -> None:
        if isinstance(node, ast.Import | ast.ImportFrom):
            found.append(node)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            if function_level:
                visit(node)
        else:
            visit(node)

    visit(tree)
    return found


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _targets(
    node: ast.Import | ast.ImportFrom, importer: str, is_package: bool, modules: dict
) -> list[str]:
    """The package's modules an import statement loads."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names if alias.name in modules]
    base = node.module or ""
    if node.level:
        parts = importer.split(".")
        if not is_package:
            parts.pop()
        parts = parts[: len(parts) - (node.level - 1)]
        base = ".".join([*parts, base] if base else parts)
    targets = [base] if base in modules else []
    # `from kg.server import curated` loads the module kg.server.curated.
    targets += [f"{base}.{a.name}" for a in node.names if f"{base}.{a.name}" in modules]
    return targets


def test_the_package_has_no_import_cycle() -> None:
    # Imports inside functions (lazy imports, to keep start-up light) count too: a lazy import
    # may put off loading a module, never hide a cycle.
    cycle = find_cycle(import_graph(PACKAGE_DIR, function_level=True))
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_a_cycle_is_found_and_named(tmp_path: Path) -> None:
    """The finder on a small fake package: a cycle through a relative import, a function-level
    import and `from package import module`; imports for type checking do not count."""
    package = tmp_path / "fake"
    (package / "sub").mkdir(parents=True)
    files = {
        "__init__.py": "",
        "a.py": "import fake.d\nfrom fake.sub import b\n",
        "sub/__init__.py": "",
        "sub/b.py": "from . import c\n",
        "sub/c.py": "def late():\n    import fake.a\n",
        "d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from fake import a\n",
    }
    for name, text in files.items():
        (package / name).write_text(text, encoding="utf-8")

    module_level = import_graph(package, function_level=False)
    # `from fake.sub import b` runs fake/sub/__init__.py, then loads fake.sub.b.
    assert module_level["fake.a"] == {"fake.d", "fake.sub", "fake.sub.b"}
    assert module_level["fake.sub.b"] == {"fake.sub.c"}
    assert module_level["fake.sub.c"] == set()
    assert module_level["fake.d"] == set()
    assert find_cycle(module_level) is None

    everything = import_graph(package, function_level=True)
    assert find_cycle(everything) == ["fake.a", "fake.sub.b", "fake.sub.c", "fake.a"]
