"""The analysis views and code queries against their budgets: each view or query on 50,000
codings over 100 documents, 0.5 s (DESIGN.md); word frequencies over 30 MB, 2 s; KWIC with
50,000 hits, 2 s (as autocoding 50,000 hits).

Run: ``python tests/benchmarks/bench_analysis.py [--runs N] [--json]``. Each figure is the
median over N fresh processes of one call on an open project (reading the codings and texts it
needs included, opening the project not). Projects, built once:

- 100 documents of 30,000 characters of prose (3 MB), a codebook of 6 themes with 4 sub-codes
  each and a ``Speakers`` code with 3 speakers; 5,000 speaker turns (each paragraph coded with a
  speaker) and 45,000 codings of 20-400 characters by two coders, half of them packed into the
  first 3,000 characters of each document (dense overlap: about 15 codings over each character
  there);
- 100 documents of 300,000 characters (30 MB) of prose, a made-up word 50,000 times among it;
- the odd shape: one 3,000,000-character document without a line break (one paragraph) with
  50,000 codings of 20-400 characters over the same codes.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _harness import Row, arguments, built, child_main, fresh_medians, report  # noqa: E402
from bench_core import prose  # noqa: E402

DOCUMENTS = 100
CODINGS = 50_000
TURNS_PER_DOCUMENT = 50
SMALL = 30_000
LARGE = 300_000
HOT = 3_000
MARKER = "zqxv"
VIEW_BUDGET = 0.5
WORDS_BUDGET = 2.0
KWIC_BUDGET = 2.0


def _insert_codings(project, rows: list[tuple[int, int, int, int]], coders: list[str]) -> None:
    """Bulk set-up (not measured): ``(document, code, start, end)`` rows, coders in turn."""
    from glocal_annotator.operations import new_guids
    from glocal_annotator.operations.coding import ensure_coder

    with project._operation("bulk set-up") as journal:
        ids = [ensure_coder(journal, name) for name in coders]
        guids = new_guids(len(rows))
        journal.insert_many("codings", [
            {"guid": guid, "document_id": document, "code_id": code,
             "coder_id": ids[number % len(ids)], "start": start, "end": end, "memo": "",
             "created_at": "2024-01-01T00:00:00Z"}
            for number, ((document, code, start, end), guid) in enumerate(
                zip(rows, guids, strict=True))])


def coded_corpus(path: Path) -> None:
    from glocal_annotator.importers import ExtractedText
    from glocal_annotator.project import Project

    rng = random.Random(12)
    project = Project.create(path, coder="ana", default_codebook=False)
    themes = []
    for theme in range(6):
        parent = project.add_code(f"Theme {theme + 1}").result
        themes.append(parent)
        themes.extend(project.add_code(f"Aspect {theme + 1}.{n + 1}", parent).result
                      for n in range(4))
    speakers_code = project.add_code("Speakers").result
    speakers = [project.add_code(name, speakers_code).result
                for name in ("Interviewer", "Amélie", "Kwame")]
    documents = []
    turns: list[tuple[int, int, int, int]] = []
    for number in range(DOCUMENTS):
        text = f"{number} " + prose(SMALL, seed=100 + number)
        text = text[:SMALL]
        documents.append(project.add_document(f"interview-{number}.txt",
                                              ExtractedText(text, "txt")).result)
        position = 0
        lines = text.split("\n")
        for index, line in enumerate(lines[:TURNS_PER_DOCUMENT]):
            if line:
                turns.append((documents[-1], speakers[index % 3], position,
                              position + len(line)))
            position += len(line) + 1
    thematic = []
    for number in range(CODINGS - len(turns)):
        length = rng.randint(20, 400)
        limit = HOT if number % 2 else SMALL
        start = rng.randrange(0, limit - length)
        thematic.append((rng.choice(documents), rng.choice(themes), start, start + length))
    _insert_codings(project, turns, ["turns"])
    _insert_codings(project, thematic, ["ana", "bo"])
    project.close()


def one_paragraph(path: Path) -> None:
    from glocal_annotator.importers import ExtractedText
    from glocal_annotator.project import Project

    rng = random.Random(14)
    project = Project.create(path, coder="ana", default_codebook=False)
    codes = []
    for theme in range(6):
        parent = project.add_code(f"Theme {theme + 1}").result
        codes.append(parent)
        codes.extend(project.add_code(f"Aspect {theme + 1}.{n + 1}", parent).result
                     for n in range(4))
    text = prose(3_000_000, seed=77).replace("\n", " ")
    document = project.add_document("transcript.txt", ExtractedText(text, "txt")).result
    rows = []
    for _ in range(CODINGS):
        length = rng.randint(20, 400)
        start = rng.randrange(0, len(text) - length)
        rows.append((document, rng.choice(codes), start, start + length))
    _insert_codings(project, rows, ["ana", "bo"])
    project.close()


def text_corpus(path: Path) -> None:
    from glocal_annotator.importers import ExtractedText
    from glocal_annotator.project import Project

    rng = random.Random(13)
    project = Project.create(path, coder="ana", default_codebook=False)
    per_document = CODINGS // DOCUMENTS
    for number in range(DOCUMENTS):
        words = prose(LARGE - per_document * (len(MARKER) + 1), seed=500 + number).split(" ")
        for position in sorted(rng.sample(range(len(words)), per_document), reverse=True):
            words.insert(position, MARKER)
        project.add_document(f"report-{number}.txt", ExtractedText(" ".join(words), "txt"))
    project.close()


QUERIES = {
    "query-and": "Theme 1 AND Theme 2",
    "query-or-not": "(Theme 1 OR Theme 2) NOT Theme 3",
    "query-near": "Theme 1 NEAR/200 Theme 2",
    "query-paragraph": "Theme 1 NEAR/PARAGRAPH Theme 2",
    "query-then": "Theme 1 THEN/500 Theme 2",
    "query-combined": "(Theme 1 AND NOT Theme 2) NEAR/100 (Theme 3 OR Theme 4) THEN Theme 5",
}


def _view(name: str, project):  # noqa: ANN001, ANN202 - one analysis call by name
    from glocal_annotator.analysis.cooccurrence import cooccurrence
    from glocal_annotator.analysis.frequencies import code_frequencies
    from glocal_annotator.analysis.matrices import code_matrix
    from glocal_annotator.analysis.queries import run_query
    from glocal_annotator.analysis.words import kwic, word_frequencies

    if name in QUERIES:
        return lambda: run_query(project, QUERIES[name])
    ids = [document.id for document in project.documents()]
    groups = {"local": ids[: len(ids) // 2], "global": ids[len(ids) // 2:], "all": ids}
    return {
        "frequencies": lambda: code_frequencies(project),
        "frequencies-by-coder": lambda: code_frequencies(project, by_coder=True),
        "matrix-documents": lambda: code_matrix(project, None, "documents"),
        "matrix-coders": lambda: code_matrix(project, None, "coders", "row_percent"),
        "matrix-speakers": lambda: code_matrix(project, None, "speakers"),
        "matrix-groups": lambda: code_matrix(project, None, groups, "column_percent"),
        "cooccurrence-overlap": lambda: cooccurrence(project, None, "overlap"),
        "cooccurrence-coefficient": lambda: cooccurrence(project, None, "overlap",
                                                         measure="coefficient"),
        "cooccurrence-paragraph": lambda: cooccurrence(project, None, "paragraph"),
        "cooccurrence-near": lambda: cooccurrence(project, None, "near", 200),
        "words-coded": lambda: word_frequencies(
            project, code_ids=[project.find_code("Theme 1").id]),
        "words-3mb": lambda: word_frequencies(project),
        "words-30mb": lambda: word_frequencies(project),
        "kwic-50k": lambda: kwic(project, MARKER, sort="left"),
    }[name]


def view_child(path: str, name: str) -> dict:
    from glocal_annotator.project import Project

    with Project.open(path, read_only=True) as project:
        action = _view(name, project)
        start, cpu = time.perf_counter(), time.process_time()
        result = action()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    size = len(result) if isinstance(result, list) else len(result.row_labels)
    return {"seconds": seconds, "cpu": cpu, "size": size}


CHILDREN = {"view": view_child}

LABELS = {
    "frequencies": "code frequencies, own and with sub-codes",
    "frequencies-by-coder": "code frequencies by coder",
    "matrix-documents": "matrix codes x 100 documents",
    "matrix-coders": "matrix codes x coders, row percentages",
    "matrix-speakers": "matrix codes x speakers (5,000 turns)",
    "matrix-groups": "matrix codes x 3 groups of documents, column percentages",
    "cooccurrence-overlap": "co-occurrence, overlapping",
    "cooccurrence-coefficient": "co-occurrence, overlapping, coefficient",
    "cooccurrence-paragraph": "co-occurrence, same paragraph",
    "cooccurrence-near": "co-occurrence, within 200 characters",
    "query-and": "query: Theme 1 AND Theme 2",
    "query-or-not": "query: (Theme 1 OR Theme 2) NOT Theme 3",
    "query-near": "query: Theme 1 NEAR/200 Theme 2",
    "query-paragraph": "query: Theme 1 NEAR/PARAGRAPH Theme 2",
    "query-then": "query: Theme 1 THEN/500 Theme 2",
    "query-combined": "query: (1 AND NOT 2) NEAR/100 (3 OR 4) THEN 5",
    "words-coded": "word frequencies, text coded with Theme 1 and sub-codes",
    "words-3mb": "word frequencies, all 100 documents (3 MB)",
}


ODD_SHAPE = {
    "frequencies": "code frequencies",
    "cooccurrence-overlap": "co-occurrence, overlapping",
    "cooccurrence-paragraph": "co-occurrence, same paragraph (all in one)",
    "query-paragraph": "query: Theme 1 NEAR/PARAGRAPH Theme 2",
    "query-combined": "query: (1 AND NOT 2) NEAR/100 (3 OR 4) THEN 5",
    "words-3mb": "word frequencies (3 MB)",
}


def _note(figures: dict[str, float], what: str) -> str:
    """The size of the result and the process's own CPU time (what the figure would be on an
    idle machine: the wall time grows when other programs share the cores)."""
    return f"{figures['size']:,.0f} {what}; CPU {figures['cpu']:.3f} s"


def rows(runs: int) -> list[Row]:
    coded = str(built("analysis-50k.glocal", coded_corpus))
    result = []
    for name, label in LABELS.items():
        figures = fresh_medians(__file__, "view", coded, name, runs=runs)
        result.append(Row(f"analysis-{name}", f"{label} (50,000 codings, 100 documents)",
                          figures["seconds"], VIEW_BUDGET, _note(figures, "rows")))
    odd = str(built("analysis-3m-paragraph.glocal", one_paragraph))
    for name, label in ODD_SHAPE.items():
        figures = fresh_medians(__file__, "view", odd, name, runs=runs)
        result.append(Row(f"analysis-odd-{name}", f"{label} (50,000 codings, one 3M-character "
                          "paragraph)", figures["seconds"], VIEW_BUDGET, _note(figures, "rows")))
    texts = str(built("analysis-30mb.glocal", text_corpus))
    figures = fresh_medians(__file__, "view", texts, "words-30mb", runs=runs)
    result.append(Row("analysis-words-30mb", "word frequencies over 100 documents, 30 MB",
                      figures["seconds"], WORDS_BUDGET, _note(figures, "words")))
    figures = fresh_medians(__file__, "view", texts, "kwic-50k", runs=runs)
    result.append(Row("analysis-kwic-50k", "KWIC, 50,000 hits in 30 MB, sorted by left context",
                      figures["seconds"], KWIC_BUDGET, _note(figures, "lines")))
    return result


def main() -> int:
    args = arguments(__doc__.splitlines()[0])
    return report(rows(args.runs), args.json)


if __name__ == "__main__" and not child_main(CHILDREN):
    sys.exit(main())
