"""Speakers and document variables, each figure the median of fresh processes.

    python tests/benchmarks/bench_variables.py [--runs 5] [--json]

Measures, over transcripts of 100 documents and 3,000,000 characters (turns of 3 to 4 speakers,
names with accents, timestamps on some turns; about 11,000 turns):

- finding every speaker's turns (open the project, read, detect; budget 0.5 s, the budget of an
  analysis view), and the same over half as much text; the detection alone (texts already
  read) at both sizes, whose ratio shows it grows linearly;
- the same in one document that is a single 3,000,000-character paragraph;
- coding every turn under "Speakers" (find, code, commit, one undoable step; budget 2 s, the
  autocode budget);
- importing a variables table of 100 documents by 10 variables (.csv and .xlsx: read, preview,
  apply, commit; budget 0.5 s), and exporting it.
"""

from __future__ import annotations

import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parents[1])]

from _harness import Row, arguments, built, child_main, fresh_medians, report  # noqa: E402
from bench_core import prose  # noqa: E402

DOCUMENTS = 100
CHARACTERS = 3_000_000
SPEAKERS = ["Interviewer", "Amélie Dubois", "Dr. Ahmed Khan", "ŁUKASZ"]


def _transcript(characters: int, seed: int) -> str:
    rng = random.Random(seed)
    sentences = prose(characters + 10_000, seed=seed).replace("\n", " ").split(". ")
    lines: list[str] = []
    size = 0
    turn = 0
    while size < characters:
        speaker = SPEAKERS[0] if turn % 2 == 0 else rng.choice(SPEAKERS[1:])
        said = ". ".join(rng.choice(sentences) for _ in range(rng.randint(1, 6))) + "."
        stamp = f"[{turn // 3600:02d}:{turn // 60 % 60:02d}:{turn % 60:02d}] " if turn % 3 \
            else ""
        line = f"{stamp}{speaker}:\u00a0{said}"
        lines.append(line)
        size += len(line) + 1
        turn += 1
    return "\n".join(lines)[:characters]


def _build(path: Path, documents: int, characters: int, one_paragraph: bool = False) -> None:
    from glocal_annotator.importers import ExtractedText
    from glocal_annotator.project import Project

    with Project.create(path, default_codebook=False, coder="bench") as project:
        for number in range(documents):
            text = _transcript(characters // documents, seed=number)
            if one_paragraph:
                text = text.replace("\n", " ")
            project.add_document(f"interview {number}.txt", ExtractedText(text, "txt"))


def _fixture(name: str) -> Path:
    if name == "full":
        return built("transcripts-3m.glocal", lambda p: _build(p, DOCUMENTS, CHARACTERS))
    if name == "half":
        return built("transcripts-1.5m.glocal", lambda p: _build(p, DOCUMENTS, CHARACTERS // 2))
    return built("transcript-one-paragraph.glocal",
                 lambda p: _build(p, 1, CHARACTERS, one_paragraph=True))


def _copy(path: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="glocal-bench-"))
    target = folder / Path(path).name
    shutil.copyfile(path, target)
    return target


def child_speakers(path: str) -> dict:
    start = time.perf_counter()
    from glocal_annotator.project import Project

    with Project.open(path, read_only=True) as project:
        report = project.find_speakers()
        seconds = time.perf_counter() - start
        begin = time.perf_counter()  # again, the texts read: the detection alone
        project.find_speakers()
        detect = time.perf_counter() - begin
    return {"seconds": seconds, "detect": detect,
            "turns": sum(s.turns for s in report.speakers),
            "speakers": len(report.speakers)}


def child_code_turns(path: str) -> dict:
    copy = _copy(path)
    start = time.perf_counter()
    from glocal_annotator.project import Project

    with Project.open(copy) as project:
        change = project.code_speaker_turns(project.find_speakers())
        codings = len(change.result.coding_ids)
    seconds = time.perf_counter() - start
    shutil.rmtree(copy.parent, ignore_errors=True)
    return {"seconds": seconds, "codings": codings}


def _table(path: Path, suffix: str) -> Path:
    from glocal_annotator.model import Variable
    from glocal_annotator.variable_tables import write_variable_table

    rng = random.Random(3)
    variables = [Variable(f"Number {n}", "number") for n in range(4)] + [
        Variable(f"Text {n}", "text") for n in range(4)] + [
        Variable("Date", "date"), Variable("Consent", "boolean")]
    rows = []
    for number in range(DOCUMENTS):
        values = [str(rng.randint(0, 90)) for _ in range(4)]
        values += [rng.choice(["Kenya", "Perú", "Łódź", "Viet Nam"]) for _ in range(4)]
        values += [f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                   rng.choice(["true", "false"])]
        rows.append((f"interview {number}.txt", values))
    table = path.parent / f"variables{suffix}"
    write_variable_table(table, variables, rows)
    return table


def child_import(path: str, suffix: str) -> dict:
    copy = _copy(path)
    table = _table(copy, suffix)
    start = time.perf_counter()
    from glocal_annotator.project import Project

    with Project.open(copy) as project:
        plan = project.plan_variable_import(table)
        counts = project.apply_variable_import(plan).result
    seconds = time.perf_counter() - start
    with Project.open(copy) as project:
        out = copy.parent / f"out{suffix}"
        begin = time.perf_counter()
        project.export_variables(out)
        exported = time.perf_counter() - begin
    shutil.rmtree(copy.parent, ignore_errors=True)
    return {"seconds": seconds, "export": exported, "values": counts.added}


CHILDREN = {"speakers": child_speakers, "code-turns": child_code_turns, "import": child_import}


def main() -> int:
    args = arguments(__doc__.splitlines()[0])
    script = Path(__file__)
    full, half, paragraph = _fixture("full"), _fixture("half"), _fixture("paragraph")
    speakers = fresh_medians(script, "speakers", str(full), runs=args.runs)
    halved = fresh_medians(script, "speakers", str(half), runs=args.runs)
    one = fresh_medians(script, "speakers", str(paragraph), runs=args.runs)
    coded = fresh_medians(script, "code-turns", str(full), runs=args.runs)
    csv = fresh_medians(script, "import", str(full), ".csv", runs=args.runs)
    xlsx = fresh_medians(script, "import", str(full), ".xlsx", runs=args.runs)
    ratio = speakers["detect"] / halved["detect"] if halved["detect"] else 0.0
    rows = [
        Row("speakers-3m", "find speakers, 100 documents / 3M characters (open + detect)",
            speakers["seconds"], 0.5, f"{speakers['turns']:,.0f} turns, "
            f"{speakers['speakers']:.0f} speakers"),
        Row("speakers-1.5m", "find speakers, 100 documents / 1.5M characters",
            halved["seconds"], None, ""),
        Row("speakers-detect", "  the detection alone (texts read), 3M characters",
            speakers["detect"], None, f"1.5M: {halved['detect']:.3f} s; ratio {ratio:.2f} "
            "(linear: 2)"),
        Row("speakers-paragraph", "find speakers, one 3M-character paragraph",
            one["seconds"], 0.5, f"{one['turns']:.0f} turn"),
        Row("speakers-code", "code every turn under Speakers, 3M characters (committed)",
            coded["seconds"], 2.0, f"{coded['codings']:,.0f} codings, one undo step"),
        Row("variables-import-csv", "import variables .csv, 100 documents x 10 (committed)",
            csv["seconds"], 0.5, f"{csv['values']:,.0f} values"),
        Row("variables-import-xlsx", "import variables .xlsx, 100 documents x 10 (committed)",
            xlsx["seconds"], 0.5, f"{xlsx['values']:,.0f} values"),
        Row("variables-export-xlsx", "export variables .xlsx, 100 documents x 10",
            xlsx["export"], 0.5, ""),
    ]
    return report(rows, args.json)


if __name__ == "__main__":
    if not child_main(CHILDREN):
        sys.exit(main())
