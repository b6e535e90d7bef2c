"""The cost of the project-file checks: on every open, ``check`` and ``salvage``, on a large
project (100 documents of 300,000 characters, 5,000 codes, 50,000 codings; about 40 MB).

Run: ``python tests/benchmarks/bench_check.py``. Each figure is the median of 5 runs, each in a
fresh process. Prints a table against the budgets below; not part of the test run.
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

RUNS = 5
DOCUMENTS, CHARACTERS, CODES, CODINGS = 100, 300_000, 5_000, 50_000

# seconds: the checks on open must not be felt (the window's start budget is 1.5 s)
BUDGETS = {
    "checks on every open": 0.1,
    "open read-only, with the checks": 0.5,
    "check (every page, every rule)": 3.0,
    "salvage into a new project": 15.0,
}

TIMED = {
    "checks on every open": """
import sqlite3
from glocal_annotator.store.check import open_problems
conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
start = clock()
problems = open_problems(conn, 1)
took = clock() - start
assert problems == [], problems
""",
    "open read-only, with the checks": """
from glocal_annotator.project import Project
start = clock()
project = Project.open(path, read_only=True)
took = clock() - start
project.close()
""",
    "check (every page, every rule)": """
from glocal_annotator.repair import check_project
start = clock()
health = check_project(path)
took = clock() - start
assert health.problems == [], health.problems[:3]
""",
    "salvage into a new project": """
import os, tempfile
from glocal_annotator.repair import salvage_project
target = os.path.join(tempfile.mkdtemp(), "saved.glocal")
start = clock()
report = salvage_project(path, target)
took = clock() - start
assert report.complete and report.copied["codings"] == 50_000
""",
}


def build(path: Path) -> None:
    """The large project, written in bulk (the app's own operations are timed elsewhere)."""
    from glocal_annotator.project import Project
    from tests.benchmarks.bench_core import prose

    rng = random.Random(7)
    with Project.create(path, default_codebook=False, coder="bench") as project:
        conn = project.conn
        with project._database.transaction():
            code_ids: list[int] = []
            for n in range(CODES):
                parent = code_ids[rng.randrange(len(code_ids))] if code_ids and n % 5 else None
                cursor = conn.execute(
                    "INSERT INTO codes (guid, parent_id, position, name, color, created_at) "
                    "VALUES (?, ?, ?, ?, '#336699', '2026-01-01T00:00:00Z')",
                    (str(uuid.uuid4()), parent, n, f"code {n}"),
                )
                code_ids.append(cursor.lastrowid)
            coder = conn.execute("SELECT id FROM coders").fetchone()
            if coder is None:
                coder = (conn.execute("INSERT INTO coders (guid, name) VALUES (?, 'bench')",
                                      (str(uuid.uuid4()),)).lastrowid,)
            for n in range(DOCUMENTS):
                text = prose(CHARACTERS, seed=n)
                conn.execute(
                    "INSERT INTO documents (guid, name, format, text, characters, content_hash, "
                    "imported_at, page_starts, metadata) VALUES (?, ?, 'txt', ?, ?, ?, "
                    "'2026-01-01T00:00:00Z', '[]', ?)",
                    (str(uuid.uuid4()), f"doc {n}.txt", text, len(text), f"hash{n}",
                     json.dumps({"source": f"interview {n}"})),
                )
            seen: set[tuple] = set()
            rows = []
            while len(rows) < CODINGS:
                document = rng.randint(1, DOCUMENTS)
                start = rng.randrange(CHARACTERS - 500)
                row = (document, rng.choice(code_ids), start, start + rng.randint(20, 400))
                if row in seen:
                    continue
                seen.add(row)
                rows.append((str(uuid.uuid4()), *row[:2], coder[0], *row[2:], "a memo"))
            conn.executemany(
                'INSERT INTO codings (guid, document_id, code_id, coder_id, start, "end", memo, '
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, '2026-01-01T00:00:00Z')",
                rows,
            )


def run_once(snippet: str, path: Path) -> float:
    script = (f"import time\nclock = time.perf_counter\npath = {str(path)!r}\n{snippet}\n"
              "print(took)")
    out = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True,
                         text=True, check=True, env={"PYTHONPATH": str(REPO), "PATH": ""}).stdout
    return float(out.strip().splitlines()[-1])


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "large.glocal"
        build(path)
        size = path.stat().st_size / 1e6
        print(f"{DOCUMENTS} documents of {CHARACTERS:,} characters, {CODES:,} codes, "
              f"{CODINGS:,} codings: {size:.0f} MB; median of {RUNS} fresh processes")
        print(f"{'operation':34} {'median s':>9} {'budget s':>9}  ")
        for name, snippet in TIMED.items():
            median = statistics.median(run_once(snippet, path) for _ in range(RUNS))
            verdict = "ok" if median <= BUDGETS[name] else "OVER"
            print(f"{name:34} {median:9.3f} {BUDGETS[name]:9.2f}  {verdict}")


if __name__ == "__main__":
    main()
