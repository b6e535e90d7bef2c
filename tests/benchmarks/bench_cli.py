"""Command-line start-up: ``--version``, ``--help`` and a command that reads a project, each the
wall time of a fresh ``python -m glocal_annotator`` process (interpreter start included; a bare
``python -c pass`` is shown for comparison). Issue 10: 0.25-0.28 s for ``--version`` before the
heavy libraries moved into the commands that use them.

Run: ``python tests/benchmarks/bench_cli.py [--runs N] [--json]``.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Row, arguments, report, wall_medians  # noqa: E402

from glocal_annotator.importers import ExtractedText  # noqa: E402
from glocal_annotator.project import Project  # noqa: E402

CLI = [sys.executable, "-m", "glocal_annotator"]


def rows(runs: int) -> list[Row]:
    with tempfile.TemporaryDirectory() as folder:
        project = Path(folder) / "small.glocal"
        with Project.create(project) as created:
            created.add_document("a.txt", ExtractedText("Global brands, local tastes.", "txt"))
        return [
            Row("python-bare", "python -c pass (the interpreter alone)",
                wall_medians([sys.executable, "-c", "pass"], runs)),
            Row("cli-version", "glocal-annotator --version", wall_medians([*CLI, "--version"],
                                                                           runs)),
            Row("cli-help", "glocal-annotator --help", wall_medians([*CLI, "--help"], runs)),
            Row("cli-docs", "glocal-annotator docs PROJECT (opens it read-only)",
                wall_medians([*CLI, "docs", str(project)], runs)),
        ]


def main() -> int:
    args = arguments(__doc__.splitlines()[0])
    return report(rows(max(args.runs, 7)), args.json)


if __name__ == "__main__":
    sys.exit(main())
