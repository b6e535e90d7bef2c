"""Kill the app at random points of its long operations and check that nothing was lost.

A *scenario* is one command of the app on a copy of a base project (a big import, an autocode of
tens of thousands of hits, a codebook import, each export). A *trial* runs it in a child process
(:mod:`.kill_child`, forked from a server that has the app loaded, so a trial starts in
milliseconds) and kills it with SIGKILL:

- by timing: a random delay after the child says it started, or
- deterministically: the child kills itself after N journal rows, N SQLite steps or N bytes of
  the export written (``GLOCAL_KILL_AFTER``).

After each kill (:func:`check_after`): the project opens for writing (no stale lock), passes
``PRAGMA integrity_check`` and ``foreign_key_check``, every row it held before is there byte for
byte, the interrupted operation is there wholly or not at all, an export target is absent or
complete, and the next export into the folder succeeds and removes the killed one's ``.part``.
"""

from __future__ import annotations

import contextlib
import csv
import io
import multiprocessing
import os
import random
import shutil
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from glocal_annotator import cli
from glocal_annotator.importers import normalize
from glocal_annotator.project import Project
from tests.reliability import kill_child
from tests.snapshot import Rows, health, lost_rows, new_rows, project_rows

CODER = "ana"
HIT_WORD = "glocalization"
AUTOCODE_PATTERN = r"\bglocaliz\w+"
AUTOCODE_CODE = "Autocoded"
IMPORT_FILES = ("report-a.txt", "report-b.txt", "report-c.txt")

_WORDS = (
    "the global programme was made local by women's groups near the river and the market "
    "café Amélie 全球本土化 العولمة naïve coöperation 👩🏽‍🔬 policy donors NGO accountability"
).split()


def _prose(rng: random.Random, words: int, hit_every: int = 0) -> str:
    """Paragraphs of ``words`` words (one in ``hit_every`` is :data:`HIT_WORD`)."""
    out: list[str] = []
    for index in range(words):
        out.append(HIT_WORD if hit_every and index % hit_every == 0 else rng.choice(_WORDS))
        if index % 60 == 59:
            out.append(".\n")
    return " ".join(out).replace(" .\n ", ".\n")


@dataclass
class Base:
    """The project every trial copies, the inputs of the commands, and what is known of it."""

    folder: Path
    project: Path
    rows: Rows
    autocode_hits: int
    import_texts: dict[str, str]  # file name -> the text an import stores
    codebook_csv: Path
    codebook_codes: int


def build_base(folder: Path, hits: int = 30_000, import_words: int = 50_000,
               codebook: tuple[int, int] = (60, 50)) -> Base:
    """A project with the default codebook, three documents (one holding ``hits`` hits of the
    autocode pattern) and some hundreds of codings with memos; and the inputs of the commands:
    three text files of ``import_words`` words, a CSV codebook of ``codebook[0]`` parents with
    ``codebook[1]`` children each."""
    rng = random.Random(1313)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "base.glocal"
    with Project.create(path, coder=CODER) as project:
        interview = project.import_file(_write(folder / "interview.txt", _prose(rng, 6_000)))
        project.import_file(_write(folder / "notes.txt", _prose(rng, 3_000)))
        project.import_file(_write(folder / "big.txt", _prose(rng, hits * 3, hit_every=3)))
        code = project.find_code("hybridization").id
        project.autocode(code, r"\bwomen's \w+", coder=CODER)
        text = project.document_text(interview.result)
        for number, start in enumerate(range(0, 4_000, 200)):
            project.add_coding(interview.result, code, start, start + 50 + number,
                               memo=f"memo {number}: ✓ 👩🏽‍🔬", coder=CODER)
        assert text
        project.add_code(AUTOCODE_CODE)
        found = project.plan_autocode(project.find_code(AUTOCODE_CODE).id, AUTOCODE_PATTERN)
    import_texts = {}
    for number, name in enumerate(IMPORT_FILES):
        body = _prose(random.Random(number), import_words)
        _write(folder / name, body)
        import_texts[name] = normalize.normalize(body)
    lines = ["path,color,short definition"]
    parents, children = codebook
    for parent in range(parents):
        lines.append(f"Imported {parent},#{(parent * 40503) % 0xFFFFFF:06X},group {parent}")
        lines.extend(f"Imported {parent} > Child {child},,child {child} of {parent}"
                     for child in range(children))
    codebook = _write(folder / "codebook.csv", "\n".join(lines) + "\n")
    return Base(
        folder=folder,
        project=path,
        rows=project_rows(path),
        autocode_hits=len(found.new),
        import_texts=import_texts,
        codebook_csv=codebook,
        codebook_codes=parents * (children + 1),
    )


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


# -- scenarios ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scenario:
    """One command; ``out`` is the export's file name (None for a command that writes the
    project). ``argv`` gets the trial's project path and folder."""

    name: str
    argv: Callable[[Path, Path, Base], list[str]]
    out: str | None = None
    kill_kinds: tuple[str, ...] = ("rows", "steps")


SCENARIOS: dict[str, Scenario] = {
    scenario.name: scenario
    for scenario in (
        Scenario("import", lambda p, d, b: ["import", str(p), *(str(b.folder / n)
                                                                 for n in IMPORT_FILES)]),
        Scenario("autocode", lambda p, d, b: ["autocode", str(p), "--code", AUTOCODE_CODE,
                                              "--pattern", AUTOCODE_PATTERN, "--coder", CODER]),
        Scenario("codebook import", lambda p, d, b: ["codebook", "import", str(p),
                                                     str(b.codebook_csv)]),
        Scenario("export excerpts docx", lambda p, d, b: ["export", str(p), str(d / "x.docx")],
                 "x.docx", ("bytes", "steps")),
        Scenario("export coded document", lambda p, d, b: ["export-document", str(p), "--doc",
                                                           "interview", str(d / "doc.docx")],
                 "doc.docx", ("bytes", "steps")),
        Scenario("export codebook docx", lambda p, d, b: ["codebook", "export", str(p),
                                                          str(d / "cb.docx")],
                 "cb.docx", ("bytes",)),
        Scenario("export csv", lambda p, d, b: ["export", str(p), str(d / "x.csv")],
                 "x.csv", ("bytes", "steps")),
        Scenario("export xlsx", lambda p, d, b: ["export", str(p), str(d / "x.xlsx")],
                 "x.xlsx", ("bytes", "steps")),
        Scenario("export qdc", lambda p, d, b: ["codebook", "export", str(p),
                                                str(d / "cb.qdc")],
                 "cb.qdc", ("bytes",)),
        Scenario("export codebook csv", lambda p, d, b: ["codebook", "export", str(p),
                                                         str(d / "cb.csv")],
                 "cb.csv", ("bytes",)),
    )
}


# -- running a trial ---------------------------------------------------------------------------

_CONTEXT: Any = None


def _context() -> Any:
    """The fork server's context: one clean process that has the app imported and forks each
    child (no Qt threads of the test process are inherited)."""
    global _CONTEXT
    if _CONTEXT is None:
        from multiprocessing import forkserver

        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["tests.reliability.kill_child"])
        # the server imports the preloaded module from its own sys.path (Python 3.11 does not
        # pass ours on): give it the checkout through PYTHONPATH while it starts
        root = str(Path(__file__).resolve().parents[2])
        saved = os.environ.get("PYTHONPATH")
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, (root, saved)))
        try:
            forkserver.ensure_running()
        finally:
            if saved is None:
                del os.environ["PYTHONPATH"]
            else:
                os.environ["PYTHONPATH"] = saved
        _CONTEXT = context
    return _CONTEXT


@dataclass
class Outcome:
    """What happened in one trial."""

    scenario: str
    kill: str  # "rows:N", "steps:N", "bytes:N", "time:SECONDS" or "none"
    status: int | None  # the child's exit status (-9: killed)
    counters: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    log: str = ""

    @property
    def killed(self) -> bool:
        return self.status == -9

    @property
    def phase(self) -> str:
        return kill_child.PHASES[self.counters.get("phase", 0)]


def run_child(argv: list[str], folder: Path, kill: str = "none",
              environment: dict[str, str] | None = None) -> Outcome:
    """Run ``argv`` in a child and kill it as ``kill`` says; wait until it is gone."""
    context = _context()
    shared = context.RawArray("q", len(kill_child.FIELDS))
    started = context.Event()
    environment = dict(environment or {})
    if not kill.startswith(("time:", "none")):
        environment["GLOCAL_KILL_AFTER"] = kill
    log = folder / "child.log"
    process = context.Process(
        target=kill_child.run, args=(argv, environment, shared, started, str(log))
    )
    begun = time.monotonic()
    process.start()
    if kill.startswith("time:"):
        if not started.wait(60):
            process.kill()
            raise AssertionError(f"the child did not start: {argv}")
        time.sleep(float(kill[5:]))
        process.kill()
    process.join(120)
    if process.is_alive():
        process.kill()
        process.join()
        raise AssertionError(f"the child ran over 120 s: {argv}")
    return Outcome(
        scenario="",
        kill=kill,
        status=process.exitcode,
        counters=dict(zip(kill_child.FIELDS, shared, strict=True)),
        seconds=time.monotonic() - begun,
        log=log.read_text(encoding="utf-8") if log.exists() else "",
    )


def trial(base: Base, scenario: Scenario, kill: str, folder: Path,
          environment: dict[str, str] | None = None) -> Outcome:
    """Copy the base project into ``folder``, run ``scenario`` killed as ``kill``, then check
    everything :func:`check_after` checks. Returns the outcome (raises AssertionError)."""
    folder.mkdir(parents=True)
    project = folder / "p.glocal"
    shutil.copyfile(base.project, project)
    out = folder / "out"
    out.mkdir()
    outcome = run_child(scenario.argv(project, out, base), folder, kill, environment)
    outcome.scenario = scenario.name
    assert outcome.status in (0, -9), (scenario.name, kill, outcome.status, outcome.log)
    check_after(base, scenario, project, out, outcome)
    return outcome


# -- the checks --------------------------------------------------------------------------------


def check_after(base: Base, scenario: Scenario, project: Path, out: Path,
                outcome: Outcome) -> None:
    """Everything that must hold after a kill (or a finished run); see the module notes."""
    where = f"{scenario.name}, {outcome.kill}, {outcome.phase}"
    # the next start: the project opens for writing (a stale lock would refuse it) and recovers
    # its write-ahead log; then its file is sound
    with Project.open(project, coder=CODER):
        pass
    integrity, dangling = health(project)
    assert integrity == "ok", (where, integrity)
    assert dangling == [], (where, dangling)
    after = project_rows(project)
    assert lost_rows(base.rows, after) == {}, where  # every row committed before, byte-equal
    added = new_rows(base.rows, after)
    if scenario.out is None:
        _all_or_none(base, scenario, added, outcome, where)
    else:
        assert added == {}, (where, list(added))  # an export never changes the project
        _export_whole_or_absent(scenario, out, outcome, where)
        _next_export_cleans_up(base, scenario, project, out, where)
    # and it can still be written
    with Project.open(project, coder=CODER) as opened:
        document = opened.documents()[0].id
        code = opened.find_code("hybridization").id
        opened.add_coding(document, code, 1, 3)


def _all_or_none(base: Base, scenario: Scenario, added: dict[str, dict[int, tuple]],
                 outcome: Outcome, where: str) -> None:
    if scenario.name == "import":
        # each file is its own transaction: every document there is whole, with its search form
        documents = added.get("documents", {})
        names = {row[2]: row for row in documents.values()}  # (id, guid, name, format, text..)
        assert set(names) <= set(base.import_texts), where
        for name, row in names.items():
            assert row[4] == base.import_texts[name], (where, name)
        assert set(added.get("search_texts", {})) == set(documents), where
        assert set(added) <= {"documents", "search_texts"}, (where, list(added))
        if outcome.status == 0:
            assert set(names) == set(base.import_texts), where
    elif scenario.name == "autocode":
        codings = len(added.get("codings", {}))
        assert codings in (0, base.autocode_hits), (where, codings, base.autocode_hits)
        assert set(added) <= {"codings"}, (where, list(added))
        if outcome.status == 0:
            assert codings == base.autocode_hits, where
    elif scenario.name == "codebook import":
        codes = len(added.get("codes", {}))
        assert codes in (0, base.codebook_codes), (where, codes)
        assert set(added) <= {"codes"}, (where, list(added))
        if outcome.status == 0:
            assert codes == base.codebook_codes, where
    else:  # pragma: no cover - a scenario without its check
        raise AssertionError(f"no all-or-none check for {scenario.name}")


def _export_whole_or_absent(scenario: Scenario, out: Path, outcome: Outcome, where: str) -> None:
    assert scenario.out is not None
    target = out / scenario.out
    if outcome.status == 0:
        assert target.exists(), where
    if target.exists():
        check_export(target)
    visible = [p.name for p in out.iterdir() if not p.name.startswith(".")]
    assert visible in ([], [scenario.out]), (where, visible)  # nothing half-written in sight


def check_export(target: Path) -> None:
    """Open ``target`` with its format's reader: it must be complete (AssertionError if not)."""
    try:
        _read_back(target)
    except AssertionError:
        raise
    except Exception as exc:  # noqa: BLE001 - any reader's complaint means a damaged file
        raise AssertionError(f"{target.name} does not read back: {exc!r}") from exc


def _read_back(target: Path) -> None:
    suffix = target.suffix
    if suffix in (".docx", ".xlsx"):
        with zipfile.ZipFile(target) as archive:
            assert archive.testzip() is None
        if suffix == ".docx":
            import docx

            assert docx.Document(str(target)).paragraphs
        else:
            import openpyxl

            assert openpyxl.load_workbook(target, read_only=True).active is not None
    elif suffix == ".csv":
        with target.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        assert len(rows) > 1 and all(len(row) == len(rows[0]) for row in rows)
    elif suffix == ".qdc":
        from glocal_annotator.refi.codebook import read_qdc

        assert read_qdc(target).codes
    else:  # pragma: no cover
        raise AssertionError(f"no reader for {target}")


def _next_export_cleans_up(base: Base, scenario: Scenario, project: Path, out: Path,
                           where: str) -> None:
    """A killed export's .part does not stand in the way: once stale (its writer dead, older
    than the grace time), the next export into the folder removes it and writes the target."""
    leftovers = [p for p in out.iterdir() if p.name.endswith(".part")]
    old = time.time() - 3600
    for leftover in leftovers:
        os.utime(leftover, (old, old))
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(scenario.argv(project, out, base)) == 0, where
    assert not [p for p in out.iterdir() if p.name.endswith(".part")], where
    assert scenario.out is not None
    check_export(out / scenario.out)


# -- choosing kill points ----------------------------------------------------------------------


def kill_points(rng: random.Random, scenario: Scenario, totals: dict[str, int] | None,
                seconds: float, count: int) -> list[str]:
    """``count`` kill points for ``scenario``, spread over its kinds and a timing kill: each
    drawn uniformly from 1 to the total a full run reached (``totals``), or, without totals,
    from small fixed ranges that any run passes."""
    kinds = (*scenario.kill_kinds, "time")
    points = []
    for number in range(count):
        kind = kinds[number % len(kinds)]
        if kind == "time":
            points.append(f"time:{rng.uniform(0.0, seconds):.3f}")
            continue
        ceiling = (totals or {}).get(kind) or {"rows": 500, "steps": 2_000, "bytes": 4_000}[kind]
        points.append(f"{kind}:{rng.randint(1, max(1, ceiling))}")
    return points


def summary(outcomes: list[Outcome]) -> str:
    """A table: per scenario, trials, kills, and where the kills landed."""
    lines = [f"{'scenario':24} {'trials':>6} {'killed':>6}  kills landed (phase: count)"]
    for name in dict.fromkeys(o.scenario for o in outcomes):
        mine = [o for o in outcomes if o.scenario == name]
        killed = [o for o in mine if o.killed]
        phases: dict[str, int] = {}
        for o in killed:
            phases[o.phase] = phases.get(o.phase, 0) + 1
        where = ", ".join(f"{phase}: {count}" for phase, count in phases.items())
        lines.append(f"{name:24} {len(mine):>6} {len(killed):>6}  {where}")
    kinds: dict[str, int] = {}
    for o in outcomes:
        if o.killed:
            kind = o.kill.partition(":")[0]
            kinds[kind] = kinds.get(kind, 0) + 1
    lines.append(f"{'all':24} {len(outcomes):>6} {sum(kinds.values()):>6}  by kind: {kinds}")
    return "\n".join(lines)
