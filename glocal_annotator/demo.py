"""The demo project: the default codebook, the sample documents in ``resources/demo/``, and the
codings planned in ``resources/demo/codings.json``, so a new user sees a coded document at once."""

from __future__ import annotations

import json
from pathlib import Path

from glocal_annotator.project import Project
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
