"""Make the test fixture of a released project-file version with the app as it was then.

    python scripts/make_old_project.py COMMIT VERSION

checks out COMMIT (``git archive``) into a temporary folder, and with that code (not today's)
builds ``tests/fixtures/project-vVERSION.glocal``: the demo project, plus a document with pages
and metadata, sub-codes with every field, coding memos, a removed coding, a renamed document,
a moved code, memos and coders. It stops if the file's ``user_version`` is not VERSION.

When a migration is added to ``store/schema.py``, run this with the last commit before it to
keep a file of the version that shipped (``tests/store/test_old_files.py`` asks for one per
version). Version 1: ``python scripts/make_old_project.py 859396b 1`` (the first commit whose
code runs; the schema is the same since the first commit). Version 2 was made with a145d05
(the merge of the reliability work, schema 2 being the newest). Version 3 (document variables and
sets, which the build adds when the code has them) was made with the commit that brought it.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

BUILD = r'''
import sqlite3, sys
from pathlib import Path
from glocal_annotator.demo import build_demo
from glocal_annotator.importers import ExtractedText

path = Path(sys.argv[1])
project = build_demo(path)
report = project.add_document(
    "report.pdf",
    ExtractedText("Page one: the river.\fPage two: the market 全球本土化 👩🏽‍🔬.\fPage three.",
                  "pdf", page_starts=(0, 21, 58), metadata={"title": "Field report", "pages": 3}),
    "/data/report.pdf",
).result
parent = project.add_code("Old-file checks", color="#123456",
                          short_definition="short", definition="full definition",
                          when_to_use="when", when_not_to_use="not when", example="example",
                          memo="code memo").result
child = project.add_code("Child", parent_id=parent).result
grandchild = project.add_code("Grandchild", parent_id=child, codable=False).result
first = project.add_coding(report, child, 0, 8, memo="a memo on a coding",
                           coder="second coder").result
project.add_coding(report, child, 21, 30, coder="third coder")
project.add_coding(report, parent, 33, 39)
project.remove_coding(first)  # a gap in the coding ids
project.rename_document(report, "report (renamed).pdf")
project.move_code(child, None)
if hasattr(project, "define_variable"):  # schema 3 on: document variables and sets
    age = project.define_variable("Age", "number").result
    region = project.define_variable("Region", "choice", ["Local", "Global"]).result
    project.define_variable("Interviewed", "date")
    first_document = project.documents()[0].id
    project.set_variable_values([(age, report, "41.5"), (region, report, "Global"),
                                 (age, first_document, "29")])
    sets = project.add_document_set("Field reports", [report, first_document]).result
    project.add_document_set("Empty set")
conn = project.conn
conn.execute("BEGIN")
conn.execute(
    "INSERT INTO memos (guid, title, text, document_id, coder_id, created_at, modified_at) "
    "VALUES ('memo-guid-1', 'On the report', 'memo text ✓', ?, 1, '2026-11-23T10:00:00Z', "
    "'2026-11-24T10:00:00Z')", (report,))
conn.execute(
    "INSERT INTO memos (guid, title, text, document_id, coder_id, created_at, modified_at) "
    "VALUES ('memo-guid-2', 'Project memo', '', NULL, NULL, '2026-11-23T10:00:00Z', "
    "'2026-11-23T10:00:00Z')")
conn.execute("COMMIT")
project.close()
'''


def main(commit: str, version: int) -> Path:
    target = REPO / "tests" / "fixtures" / f"project-v{version}.glocal"
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        sys.exit(f"{target} exists; remove it first to make it again")
    with tempfile.TemporaryDirectory() as folder:
        archive = Path(folder) / "code.tar"
        subprocess.run(["git", "archive", "-o", str(archive), commit], cwd=REPO, check=True)
        code = Path(folder) / "code"
        with tarfile.open(archive) as tar:
            tar.extractall(code, filter="data")
        built = Path(folder) / "built.glocal"
        subprocess.run([sys.executable, "-c", BUILD, str(built)], cwd=code, check=True,
                       env={"PYTHONPATH": str(code), "GLOCAL_ANNOTATOR_DATA": folder,
                            "HOME": folder, "PATH": "/usr/bin:/bin"})
        conn = sqlite3.connect(built)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            found = conn.execute("PRAGMA user_version").fetchone()[0]
        finally:
            conn.close()
        if found != version:
            sys.exit(f"{commit} writes version {found}, not {version}")
        target.write_bytes(built.read_bytes())
    print(f"wrote {target} ({target.stat().st_size} bytes) with the code of {commit}")
    return target


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], int(sys.argv[2]))
