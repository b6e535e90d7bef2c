"""The demo project: the default codebook, the sample documents in ``resources/demo/``, and the
codings planned in ``resources/demo/codings.json``, so a new user sees a coded document at once.

The demo is a project like any other once built: a user may code in it for an afternoon. So
:func:`ensure_demo` builds it only where none is, and :func:`rebuild_demo` (an explicit choice)
keeps the old file as a dated backup and is refused while the demo is open for writing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from glocal_annotator.project import Project, replace_project_file
from glocal_annotator.resources import resource
from glocal_annotator.text_units import nth_occurrence

DEMO_CODER = "demo"


def build_demo(path: str | Path) -> Project:
    """Create the demo project at ``path`` and return it open."""
    project = Project.create(path)
    demo_dir = resource("demo")
    ids: dict[str, int] = {}
    for file in sorted(demo_dir.glob("*.txt")):
        ids[file.name] = project.import_file(file).result
    plan = json.loads((demo_dir / "codings.json").read_text(encoding="utf-8"))
    texts = {name: project.document_text(document_id) for name, document_id in ids.items()}
    for item in plan:
        text = texts[item["document"]]
        start = nth_occurrence(text, item["quote"], item.get("occurrence", 1))
        project.add_coding(
            ids[item["document"]],
            project.find_code(item["code"]).id,
            start,
            start + len(item["quote"]),
            item.get("memo", ""),
            coder=DEMO_CODER,
        )
    return project


@dataclass(frozen=True)
class DemoResult:
    """What :func:`ensure_demo` or :func:`rebuild_demo` did at ``path``."""

    path: Path
    built: bool  # False: an existing demo was kept as it is
    backup: Path | None = None  # where the old demo was kept by a rebuild


def ensure_demo(path: str | Path) -> DemoResult:
    """Build the demo at ``path`` if nothing is there; an existing project is kept untouched.

    An existing file is checked read-only (:class:`~glocal_annotator.errors.ProjectError` if it is
    not a project). Nothing a user made is ever deleted or overwritten here.
    """
    path = Path(path)
    if path.exists():
        Project.open(path, read_only=True).close()
        return DemoResult(path, built=False)
    build_demo(path).close()
    return DemoResult(path, built=True)


def rebuild_demo(path: str | Path) -> DemoResult:
    """Build the demo afresh at ``path``; an existing one is kept beside it as a dated backup.

    Refused (:class:`~glocal_annotator.errors.ProjectLocked`, nothing changed) while another
    program has the demo open for writing; see
    :func:`glocal_annotator.project.replace_project_file`.
    """
    path = Path(path)
    if not path.exists():
        return ensure_demo(path)
    backup = replace_project_file(path, lambda new: build_demo(new).close())
    return DemoResult(path, built=True, backup=backup)
