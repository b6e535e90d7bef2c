"""``search`` and ``autocode`` on the command line: reader-equal matching, the new options, and
autocode's counts before (``--dry-run``) and after."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_cli import run, run_json

TRIAL = Path(__file__).parent / "trial_cases"


@pytest.fixture
def workdir(tmp_path):
    run("new", "p.glocal", cwd=tmp_path)
    files = (str(TRIAL / "curly.docx"), str(TRIAL / "softhyphen.txt"))
    run("import", "p.glocal", *files, cwd=tmp_path)
    return tmp_path


def test_search_options(workdir):
    readme = "women'?s (group|network)s?"
    hits = run_json("search", "p.glocal", readme, "--regex", cwd=workdir)
    assert [(h["document"], h["text"], h["start"]) for h in hits] == [
        ("curly.docx", "women\u2019s group", 4)
    ]
    exact = run_json("search", "p.glocal", readme, "--regex", "--exact-characters", cwd=workdir)
    assert exact == []
    assert run_json("search", "p.glocal", "THE WOMEN", "--regex", cwd=workdir) == []
    hits = run_json("search", "p.glocal", "THE WOMEN", "--regex", "--ignore-case", cwd=workdir)
    assert [h["text"] for h in hits] == ["The women"]
    hits = run_json("search", "p.glocal", "selbstverwaltung", cwd=workdir)
    assert [h["text"] for h in hits] == ["Selbst\u200bverwaltung"]


def test_autocode_dry_run_then_run_then_again(workdir):
    args = ("autocode", "p.glocal", "--code", "Women's Environmental Action")
    out = run(*args, "--pattern", r"\bWOMEN'S", "--dry-run", cwd=workdir, expect=1).stderr
    assert out == "error: \"\\bWOMEN'S\" was not found; nothing was coded\n"
    pattern = ("--pattern", r"\bWOMEN'S", "--ignore-case", "--widen", "sentence")
    out = run(*args, *pattern, "--dry-run", cwd=workdir).stdout
    assert out == (
        "Would code 1 new passage with Ecofeminism/Women's Environmental Action: 1 hit in "
        "1 document, 0 hits already coded with Ecofeminism/Women's Environmental Action "
        "(left alone). Nothing was changed.\n"
    )
    assert run_json("excerpts", "p.glocal", cwd=workdir) == []
    out = run(*args, *pattern, cwd=workdir).stdout
    assert out.startswith("Coded 1 new passage with Ecofeminism/Women's Environmental Action: ")
    [excerpt] = run_json("excerpts", "p.glocal", cwd=workdir)
    assert excerpt["text"] == (TRIAL / "curly.txt").read_text(encoding="utf-8").strip()
    out = run(*args, *pattern, cwd=workdir).stdout
    assert out.startswith("Nothing new to code: 1 hit in 1 document, 1 hit already coded")
    out = run(*args, "--pattern", r"\bit's|\bdidn't", "--widen", "sentence", "--dry-run",
              cwd=workdir).stdout
    assert "Would code 0 new passages" in out and "2 hits in 1 document, 2 hits already" in out
    assert len(run_json("excerpts", "p.glocal", cwd=workdir)) == 1
