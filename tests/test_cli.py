"""The command line end to end, as a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def run(*args: str, cwd: Path, expect: int = 0) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO), "GLOCAL_ANNOTATOR_DATA": str(cwd / "data")}
    result = subprocess.run(
        [sys.executable, "-m", "glocal_annotator", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env=env,
        timeout=120,
    )
    assert result.returncode == expect, (result.stdout, result.stderr)
    return result


def run_json(*args: str, cwd: Path) -> list[dict]:
    return json.loads(run(*args, "--json", cwd=cwd).stdout)


@pytest.fixture
def workdir(tmp_path):
    (tmp_path / "interview.txt").write_text(
        "Interviewer: How did the programme change?\n"
        "R: We made it our own. The NGO listened 👩🏽‍🔬 and the women's group ran the water "
        "committee. We made it our own, again.\n",
        encoding="utf-8",
    )
    (tmp_path / "notes.md").write_text("# Market\nGlobal brands, local food.\n", encoding="utf-8")
    run("new", "p.glocal", cwd=tmp_path)
    return tmp_path


def test_new_import_docs_codes(workdir):
    out = run("import", "p.glocal", "interview.txt", "notes.md", cwd=workdir).stdout
    assert "Imported interview.txt" in out and "Imported notes.md" in out
    docs = run_json("docs", "p.glocal", cwd=workdir)
    assert [(d["name"], d["format"], d["codings"]) for d in docs] == [
        ("interview.txt", "txt", 0),
        ("notes.md", "md", 0),
    ]
    stored = (workdir / "interview.txt").read_text(encoding="utf-8").rstrip("\n")
    assert docs[0]["characters"] == len(stored)
    codes = run_json("codes", "p.glocal", cwd=workdir)
    assert {"id", "name", "path", "color", "codings"} <= set(codes[0])
    assert "Hybridization/Creolization" in {c["path"] for c in codes}
    assert run("docs", "p.glocal", cwd=workdir).stdout.splitlines()[0].split()[:2] == ["id", "name"]


def test_code_excerpts_uncode(workdir):
    run("import", "p.glocal", "interview.txt", cwd=workdir)
    out = run(
        "code",
        "p.glocal",
        "--doc",
        "interview",
        "--code",
        "hybridization/INDIGENIZATION",
        "--quote",
        "We made it our own",
        "--occurrence",
        "2",
        "--memo",
        "again",
        "--coder",
        "Amina",
        cwd=workdir,
    ).stdout
    assert "Coded interview.txt" in out
    text = (workdir / "interview.txt").read_text(encoding="utf-8")
    second = text.index("We made it our own", text.index("We made it our own") + 1)
    run(
        "code",
        "p.glocal",
        "--doc",
        "interview.txt",
        "--code",
        "NGO Advocacy",
        "--start",
        "50",
        "--end",
        "60",
        cwd=workdir,
    )
    excerpts = run_json("excerpts", "p.glocal", "--code", "Hybridization", cwd=workdir)
    assert len(excerpts) == 1
    [e] = excerpts
    assert (e["start"], e["end"], e["text"], e["memo"], e["coder"]) == (
        second,
        second + 18,
        "We made it our own",
        "again",
        "Amina",
    )
    assert e["code"] == "Hybridization/Indigenization" and e["document"] == "interview.txt"
    assert len(run_json("excerpts", "p.glocal", cwd=workdir)) == 2
    assert [
        x["coder"] for x in run_json("excerpts", "p.glocal", "--coder", "amina", cwd=workdir)
    ] == ["Amina"]
    run("excerpts", "p.glocal", "--coder", "nobody", cwd=workdir, expect=1)
    run("uncode", "p.glocal", "--id", str(e["id"]), cwd=workdir)
    assert len(run_json("excerpts", "p.glocal", cwd=workdir)) == 1


def test_search_and_autocode(workdir):
    run("import", "p.glocal", "interview.txt", "notes.md", cwd=workdir)
    hits = run_json("search", "p.glocal", "LOCAL", cwd=workdir)
    assert [(h["document"], h["text"]) for h in hits] == [("notes.md", "local")]
    hits = run_json("search", "p.glocal", r"made it \w+", "--regex", cwd=workdir)
    assert [h["text"] for h in hits] == ["made it our", "made it our"]
    out = run(
        "autocode",
        "p.glocal",
        "--code",
        "ngo advocacy",
        "--pattern",
        r"\bNGO\b",
        "--widen",
        "sentence",
        cwd=workdir,
    ).stdout
    assert out.startswith("Coded 1 new passage with Accountability/NGO Advocacy: 1 hit in 1 ")
    [e] = run_json("excerpts", "p.glocal", cwd=workdir)
    assert e["text"].startswith("The NGO listened") and e["text"].endswith("committee.")


def test_user_errors_exit_1_with_one_line(workdir):
    (workdir / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (workdir / "broken.docx").write_bytes(b"PK\x03\x04 not really a zip")
    for args in (
        ("import", "p.glocal", "binary.txt"),
        ("import", "p.glocal", "broken.docx"),
        ("import", "p.glocal", "missing.pdf"),
        ("code", "p.glocal", "--doc", "nothing", "--code", "Hybridization", "--quote", "x"),
        ("codes", "nothing.glocal"),
        ("search", "p.glocal", "(", "--regex"),
        ("new", "p.glocal"),
    ):
        result = run(*args, cwd=workdir, expect=1)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("error: "), (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert run_json("docs", "p.glocal", cwd=workdir) == []


def test_partial_import_keeps_the_good_files(workdir):
    (workdir / "empty.txt").write_bytes(b"")
    result = run("import", "p.glocal", "empty.txt", "notes.md", cwd=workdir, expect=1)
    assert "Imported notes.md" in result.stdout
    assert "empty.txt" in result.stderr
    assert [d["name"] for d in run_json("docs", "p.glocal", cwd=workdir)] == ["notes.md"]


def test_bad_usage_exits_2(workdir):
    run("code", "p.glocal", cwd=workdir, expect=2)
    run("frobnicate", cwd=workdir, expect=2)


def test_demo_builds_a_coded_project(workdir):
    out = run("demo", "demo.glocal", cwd=workdir).stdout
    assert "demo.glocal" in out
    docs = run_json("docs", "demo.glocal", cwd=workdir)
    assert len(docs) >= 3
    assert sum(d["codings"] for d in docs) >= 20
    excerpts = run_json("excerpts", "demo.glocal", cwd=workdir)
    assert all(e["text"].strip() for e in excerpts)
    # the default location is built once, then kept (tests/test_no_lost_work.py has the rest)
    assert "Created" in run("demo", cwd=workdir).stdout
    assert "kept as it is" in run("demo", cwd=workdir).stdout
    assert (workdir / "data" / "demo.glocal").is_file()
