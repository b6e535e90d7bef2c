"""The test suite's own layout: it mirrors the package, and helpers are imported one way.

Each package of ``glocal_annotator`` has its folder here (``tests/store`` for ``store`` ...), and
every test folder is a package, so that ``tests.<folder>.<module>`` names each file once. Shared
helpers live in plain modules (``tests/projects.py``, ``tests/ui/helpers.py`` ...) and are imported
as ``from tests.… import …``; ``conftest.py`` files only hold fixtures and are never imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

import glocal_annotator

TESTS = Path(__file__).parent
NOT_TESTS = {"benchmarks", "samples", "schemas", "__pycache__"}


def _test_folders() -> list[Path]:
    return [TESTS, *(p for p in TESTS.rglob("*") if p.is_dir() and not NOT_TESTS & set(p.parts))]


def test_every_package_has_its_test_folder():
    """``glocal_annotator/ui/document`` has ``tests/ui/document``, at every depth."""
    package = Path(glocal_annotator.__file__).parent
    subpackages = {p.parent.relative_to(package) for p in package.rglob("__init__.py")
                   if p.parent != package and "__pycache__" not in p.parts}
    missing = sorted(str(sub) for sub in subpackages if not (TESTS / sub).is_dir())
    assert missing == []


def test_test_folders_are_packages():
    missing = [str(p.relative_to(TESTS.parent)) for p in _test_folders()
               if any(p.glob("test_*.py")) and not (p / "__init__.py").is_file()]
    assert missing == []


def test_helpers_are_imported_one_way():
    """``from tests.projects import …``, never ``from projects import …`` or a conftest."""
    local = {p.stem for p in TESTS.rglob("*.py") if not NOT_TESTS & set(p.parts)}
    wrong = []
    for path in TESTS.rglob("*.py"):
        if NOT_TESTS & set(path.relative_to(TESTS).parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module] if node.level == 0 else ["." + node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                head, _, tail = name.partition(".")
                if name.startswith(".") or head in local or name.endswith("conftest") or (
                    head == "tests" and tail.endswith("conftest")
                ):
                    wrong.append(f"{path.relative_to(TESTS)}:{node.lineno} imports {name}")
    assert wrong == []
