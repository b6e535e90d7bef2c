"""Structure: the Qt-free core, and a wheel that carries the resources."""

from __future__ import annotations

import ast
import dataclasses
import json
import pkgutil
import subprocess
import sys
import zipfile
from pathlib import Path

import glocal_annotator

REPO = Path(__file__).resolve().parents[1]


def _non_ui_modules() -> list[str]:
    return [
        module.name
        for module in pkgutil.walk_packages(glocal_annotator.__path__, "glocal_annotator.")
        if not module.name.startswith("glocal_annotator.ui")
        and module.name != "glocal_annotator.__main__"
    ]


def test_core_imports_without_qt():
    modules = _non_ui_modules()
    assert "glocal_annotator.project" in modules and "glocal_annotator.cli" in modules
    script = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith('PySide6')))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout
    assert out.strip() == "[]"


def test_wheel_contains_the_default_codebook_and_demo(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(tmp_path)],
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    [wheel] = tmp_path.glob("glocal_annotator-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        assert "glocal_annotator/resources/default_codebook.json" in names
        assert "glocal_annotator/resources/demo/codings.json" in names
        for language in ("en", "fr", "de", "es", "pt", "it", "nl", "README"):
            assert f"glocal_annotator/resources/stop_words/{language}.txt" in names
        codebook = json.loads(archive.read("glocal_annotator/resources/default_codebook.json"))
        assert [c["name"] for c in codebook["codes"]] == [
            "Homogenization",
            "Hybridization",
            "Accountability",
            "Ecofeminism",
        ]
        entry_points = next(n for n in names if n.endswith("entry_points.txt"))
        assert "glocal-annotator = glocal_annotator.cli:main" in archive.read(entry_points).decode()


def test_refi_is_a_format_package_that_loads_nothing_eagerly():
    """``import glocal_annotator.refi`` loads no module of it; planning a codebook merge (in
    operations) needs no XML library."""
    script = (
        "import sys\n"
        "import glocal_annotator.refi\n"
        "before = sorted(m for m in sys.modules if m.startswith('glocal_annotator.refi.'))\n"
        "import glocal_annotator.operations.codebook_merge_plan\n"
        "print(before, 'lxml' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=REPO, check=True
    ).stdout
    assert out.strip() == "[] False"


def _column_keys_read(path: Path, columns: set[str]) -> list[str]:
    """``row["column"]`` reads and ``row.get("column")`` calls in a module, for table columns."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        key = None
        if (
            isinstance(node, ast.Subscript)
            and isinstance(node.ctx, ast.Load)
            and isinstance(node.slice, ast.Constant)
        ):
            key = node.slice.value
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "get"
            and node.args
            and isinstance(node.args[0], ast.Constant)
        ):
            key = node.args[0].value
        if key in columns:
            found.append(f"{path.name}:{node.lineno} {key!r}")
    return found


def test_ui_reads_no_column_names_and_changes_expose_no_rows():
    """Change notices speak the model (``change.summary``), not the file's tables: the UI never
    decodes a journal row, and a Change offers none to decode."""
    from glocal_annotator.project import Change
    from glocal_annotator.store.schema import TABLE_COLUMNS

    columns = {column for names in TABLE_COLUMNS.values() for column in names}
    ui = Path(glocal_annotator.__file__).parent / "ui"
    reads = [hit for path in sorted(ui.rglob("*.py")) for hit in _column_keys_read(path, columns)]
    assert reads == []
    public = [f.name for f in dataclasses.fields(Change) if not f.name.startswith("_")]
    assert public == ["description", "result"]
    assert not any(hasattr(Change, name) for name in ("rows", "touches", "ids"))
