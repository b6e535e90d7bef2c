"""Every export reports progress from 0 to its total, can be cancelled at any report (and then
writes nothing), and reads the project in one snapshot, so that a worker thread can run it on a
project of its own while the window goes on coding."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl.worksheet import _writer as openpyxl_writer

from glocal_annotator import progress as step_progress
from glocal_annotator.errors import InvalidOperation, OperationCancelled
from glocal_annotator.exporters import ExportCancelled
from glocal_annotator.exporters._common import Ticker
from glocal_annotator.exporters.codebook_docx import export_codebook_docx
from glocal_annotator.exporters.codebook_refi import export_project_codebook
from glocal_annotator.exporters.document_docx import export_document_docx
from glocal_annotator.exporters.excerpts_docx import ExcerptReportOptions, export_excerpts_docx
from glocal_annotator.exporters.tables import export_excerpts_table
from glocal_annotator.project import Project

Export = Callable[[Project, Path, object], object]


def _document(project: Project) -> int:
    return next(d.id for d in project.documents() if d.name == "interview-01.txt")


EXPORTS: dict[str, tuple[str, Export]] = {
    "excerpts by code": (
        "r.docx",
        lambda project, out, progress: export_excerpts_docx(project, out, progress=progress),
    ),
    "excerpts by document": (
        "r.docx",
        lambda project, out, progress: export_excerpts_docx(
            project,
            out,
            ExcerptReportOptions(group_by="document", include_context=True),
            progress,
        ),
    ),
    "coded document": (
        "d.docx",
        lambda project, out, progress: export_document_docx(
            project, _document(project), out, progress=progress
        ),
    ),
    "codebook (Word)": (
        "c.docx",
        lambda project, out, progress: export_codebook_docx(project, out, progress=progress),
    ),
    "codebook (.qdc)": (
        "c.qdc",
        lambda project, out, progress: export_project_codebook(project, out, progress=progress),
    ),
    "codebook (.csv)": (
        "c.csv",
        lambda project, out, progress: export_project_codebook(project, out, progress=progress),
    ),
    "table (.csv)": (
        "t.csv",
        lambda project, out, progress: export_excerpts_table(project, out, progress=progress),
    ),
    "table (.xlsx)": (
        "t.xlsx",
        lambda project, out, progress: export_excerpts_table(project, out, progress=progress),
    ),
}
# The .qdc/.csv codebook reports once before writing and once after (too late to cancel).
CANCELLED_ONLY_FIRST = {"codebook (.qdc)", "codebook (.csv)"}


@pytest.fixture
def every_step(monkeypatch):
    """Report after every step, not every 20 ms: every place an export reports is exercised."""
    monkeypatch.setattr(step_progress, "REPORT_INTERVAL", 0.0)


def _calls(built, tmp_path: Path, name: str) -> list[tuple[int, int]]:
    file_name, export = EXPORTS[name]
    calls: list[tuple[int, int]] = []
    export(built.project, tmp_path / file_name, lambda done, total: calls.append((done, total)))
    assert (tmp_path / file_name).stat().st_size > 0
    return calls


@pytest.mark.parametrize("name", EXPORTS)
def test_progress_rises_from_zero_to_its_total(built, tmp_path, every_step, name):
    calls = _calls(built, tmp_path, name)
    totals = {total for _done, total in calls}
    assert len(totals) == 1 and totals.pop() > 0  # one total, fixed before the first call
    done = [d for d, _total in calls]
    assert done[0] == 0 and done[-1] == calls[-1][1]
    assert done == sorted(done)  # never goes back
    if name not in CANCELLED_ONLY_FIRST:  # every stage reports: lay-out, then writing
        assert len(set(done)) >= 4


@pytest.mark.parametrize("name", EXPORTS)
def test_cancel_at_any_report_writes_nothing(built, tmp_path, every_step, name):
    folder = tmp_path / "full"
    folder.mkdir()
    count = len(_calls(built, folder, name))
    file_name, export = EXPORTS[name]
    moments = {1} if name in CANCELLED_ONLY_FIRST else {1, 2, count // 3, count // 2, count}
    temp_files = set(openpyxl_writer.ALL_TEMP_FILES)
    for moment in sorted(m for m in moments if m >= 1):
        folder = tmp_path / f"cancel-{moment}"
        folder.mkdir()
        seen = []

        def progress(done, total, moment=moment, seen=seen):
            seen.append(done)
            return len(seen) < moment  # False at the moment-th call

        with pytest.raises(ExportCancelled):
            export(built.project, folder / file_name, progress)
        assert len(seen) == moment
        assert list(folder.iterdir()) == []  # no file, no temporary file
        assert set(openpyxl_writer.ALL_TEMP_FILES) == temp_files  # openpyxl's sheet removed


def test_ticker_reports_by_the_clock_and_cancels_on_false(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(step_progress.time, "perf_counter", lambda: now[0])
    calls = []
    ticker = Ticker(lambda done, total: calls.append((done, total)), 100, interval=0.02)
    ticker.report(0)
    ticker.stage(10, 40)  # ten steps worth 40 units
    ticker.step(3)
    assert calls == [(0, 100)]  # no time has passed: no call
    now[0] += 0.021
    ticker.step(2)
    assert calls[-1] == (20, 100)
    ticker.stage(1000, 60)
    assert ticker.done == 40  # the last stage counts as finished
    ticker.step(500)
    now[0] += 0.05
    ticker.step(1)
    assert calls[-1] == (70, 100)
    ticker.finish()
    assert calls[-1] == (100, 100)
    quiet = Ticker(lambda done, total: None, 10)  # None goes on; only False cancels
    quiet.report(0)
    with pytest.raises(ExportCancelled):
        Ticker(lambda done, total: False, 10).report(0)


def test_a_job_ticker_cancels_with_operation_cancelled_and_recounts_its_stage(monkeypatch):
    now = [100.0]
    monkeypatch.setattr(step_progress.time, "perf_counter", lambda: now[0])
    calls = []
    ticker = step_progress.Ticker(lambda done, total: calls.append((done, total)), 100)
    ticker.stage(1, 50)  # the number of sources is not known yet
    ticker.step(0)
    ticker.recount(4)  # now it is: four sources share the stage's 50 units
    ticker.step(2)
    ticker.report()
    assert calls[-1] == (25, 100)
    ticker.stage(1, 50)
    assert ticker.done == 50
    with pytest.raises(OperationCancelled):
        step_progress.Ticker(lambda done, total: False, 10).report(0)


def test_a_worker_exports_from_its_own_reader_while_the_project_changes(built, tmp_path):
    project = built.project
    document = _document(project)
    length = len(project.document_text(document))
    before = project.count_codings()
    before_document = project.count_codings(document_ids=[document])
    errors: list[BaseException] = []
    results: dict[str, int] = {}

    def work(reader: Project) -> None:
        try:
            with reader:
                for round_number in range(5):
                    results[f"doc{round_number}"] = export_document_docx(
                        reader, document, tmp_path / f"d{round_number}.docx"
                    )
                    results[f"table{round_number}"] = export_excerpts_table(
                        reader, tmp_path / f"t{round_number}.xlsx"
                    )
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)

    worker = threading.Thread(target=work, args=(project.open_reader(),))
    worker.start()
    code = built.codes["Hybrid"]
    added = 0
    while worker.is_alive() or added < 20:
        start = added % (length - 5)
        project.add_coding(document, code, start, start + 3 + added % 2, coder=f"c{added}")
        added += 1
    worker.join()
    assert errors == []
    after = project.count_codings()
    assert after == before + added
    for key, count in results.items():  # each export saw one whole state of the project
        if key.startswith("doc"):
            assert before_document <= count <= before_document + added, key
        else:
            assert before <= count <= after, key
    assert len(results) == 10


def test_reading_sees_one_state_and_blocks_no_writer(built):
    project = built.project
    document = _document(project)
    with project.open_reader() as reader:
        with reader.reading():
            seen = reader.count_codings()
            project.add_coding(document, built.codes["Hybrid"], 0, 5)  # not blocked
            assert reader.count_codings() == seen
            assert [c.id for c in reader.codings()] == [c.id for c in reader.codings()]
        assert reader.count_codings() == seen + 1


def test_reading_on_the_writing_project_holds_back_other_threads_writes(built):
    project = built.project
    document = _document(project)
    before = project.count_codings()
    writer = threading.Thread(
        target=lambda: project.add_coding(document, built.codes["Hybrid"], 0, 7)
    )
    with project.reading():
        writer.start()
        writer.join(0.3)
        assert writer.is_alive()  # waiting for the block to end
        assert project.count_codings() == before
    writer.join()
    assert project.count_codings() == before + 1


def test_a_change_asked_for_while_this_thread_reads_is_refused_not_delayed(built, tmp_path):
    """The window handles events while an export on its thread reports progress: a change
    then would join the export's read transaction and be saved only when it ends. It is
    refused with one line, and nothing changes; after the export it goes through."""
    project = built.project
    document = _document(project)
    before = project.count_codings()
    refused = []

    def progress(done, total):
        if done == 0:  # the first report comes while the excerpts are read
            try:
                project.add_coding(document, built.codes["Hybrid"], 0, 9)
            except InvalidOperation as error:
                refused.append(str(error))

    export_excerpts_table(project, tmp_path / "t.csv", progress=progress)
    assert refused and "being read for an export" in refused[0] and "\n" not in refused[0]
    assert project.count_codings() == before
    project.add_coding(document, built.codes["Hybrid"], 0, 9)
    assert project.count_codings() == before + 1
