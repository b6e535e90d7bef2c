"""Agreement and disagreements between coders of an open project (reads through ``Project``).

:func:`agreement_report` gives one row per code and an overall row, each with
:class:`~.agreement.Figures`; :func:`disagreement_list` the passages where the coders differ.
The overall row pools the units of every code shown (each unit x code is one yes/no decision),
as NVivo and MAXQDA total their tables.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import NamedTuple

from glocal_annotator.analysis.agreement import Figures, figures
from glocal_annotator.analysis.agreement_units import (
    LEVELS,
    Table,
    character_tables,
    document_tables,
    paragraph_bounds,
    paragraph_tables,
    segment_tables,
    stretches,
)
from glocal_annotator.analysis.disagreements import disagreements
from glocal_annotator.errors import InvalidOperation
from glocal_annotator.model import Coder, CoderSpan
from glocal_annotator.project import Project

LEVEL_METHODS = {
    "character": "unit: each character of each document, coded or not per code per coder "
                 "(as NVivo's coding comparison)",
    "segment": "unit: each coder's coded segment; it agrees when the other coder has the same "
               "code over at least {threshold:.0%} of both segments' extent (as MAXQDA)",
    "paragraph": "unit: each paragraph (non-empty line), coded when a coding touches it",
    "document": "unit: each document, coded when the code is applied anywhere in it",
}


@dataclass(frozen=True)
class AgreementRow:
    """One code's figures (``code_id`` None and ``code`` "(all codes)" for the overall row)."""

    code_id: int | None
    code: str  # the code's path
    figures: Figures


@dataclass(frozen=True)
class AgreementReport:
    """The agreement between ``coders`` (names, in the order asked) at ``level``."""

    coders: tuple[str, ...]
    level: str
    threshold: float
    exclude_uncoded: bool
    rows: tuple[AgreementRow, ...]  # per code in codebook order, then the overall row

    @property
    def unit_method(self) -> str:
        """How the units were formed, in words."""
        text = LEVEL_METHODS[self.level].format(threshold=self.threshold)
        if self.exclude_uncoded and self.level != "segment":
            text += "; units nobody coded are left out"
        return text

    def to_json(self) -> dict:
        return {
            "coders": list(self.coders),
            "level": self.level,
            "unit": self.unit_method,
            "threshold": self.threshold if self.level == "segment" else None,
            "exclude_uncoded": self.exclude_uncoded,
            "codes": [{"code": row.code, **row.figures.to_json()} for row in self.rows],
        }


def find_coders(project: Project, names: Sequence[str]) -> list[Coder]:
    """The coders named (case ignored), in order. Raises InvalidOperation for fewer than two
    or a coder named twice, NotFound for a name that names no coder."""
    if len(names) < 2:
        raise InvalidOperation("agreement needs at least two coders (--coders A B)")
    chosen = project.coding_filter(coders=list(names)).coder_ids or ()
    if len(set(chosen)) != len(chosen):
        raise InvalidOperation("a coder is named twice in --coders")
    by_id = {coder.id: coder for coder in project.coders()}
    return [by_id[coder_id] for coder_id in chosen]


def _inputs(project: Project, coders: Sequence[Coder], code_names: Sequence[str] | None
            ) -> tuple[list[CoderSpan], dict[int, int], list[int]]:
    """The coders' codings (of the codes named, else all) as plain tuples, read in one light
    query filtered in SQL (:meth:`Project.coder_spans`), the documents' lengths, and the code
    ids asked for."""
    code_ids: list[int] | None = None
    if code_names:
        code_ids = list(dict.fromkeys(project.find_code(name).id for name in code_names))
    spans = project.coder_spans([coder.id for coder in coders], code_ids)
    return spans, project.document_lengths(), code_ids or []


def agreement_report(
    project: Project,
    coder_names: Sequence[str],
    *,
    codes: Sequence[str] | None = None,
    level: str = "character",
    threshold: float = 0.9,
    exclude_uncoded: bool = False,
) -> AgreementReport:
    """The agreement between the coders named, per code (``codes`` by name or path, each alone,
    without sub-codes; default every code any of them applied) and overall, at ``level`` (one of
    :data:`LEVELS`). Raises InvalidOperation for a bad level or threshold, NotFound for an
    unknown coder or code."""
    if level not in LEVELS:
        raise InvalidOperation(f"unknown level {level!r}: use one of {', '.join(LEVELS)}")
    if not 0 < threshold <= 1:
        raise InvalidOperation("the overlap threshold must be above 0 and at most 1 (e.g. 0.9)")
    coders = find_coders(project, coder_names)
    coder_ids = [coder.id for coder in coders]
    codings, lengths, asked = _inputs(project, coders, codes)
    if level == "segment":
        units = 0  # no unit without a segment
        tables = segment_tables(codings, coder_ids, lengths, threshold)
    elif level == "character":
        units = sum(lengths.values())
        tables = character_tables(stretches(codings, coder_ids, lengths), units,
                                  exclude_uncoded)
    elif level == "paragraph":
        found = stretches(codings, coder_ids, lengths)
        paragraphs = {document_id: paragraph_bounds(project.document_text(document_id))
                      for document_id in lengths}
        units = sum(len(bounds) for bounds in paragraphs.values())
        tables = paragraph_tables(found, paragraphs, exclude_uncoded)
    else:
        units = len(lengths)
        tables = document_tables(stretches(codings, coder_ids, lengths), units, exclude_uncoded)
    if exclude_uncoded:
        units = 0
    rows = _rows(project, tables, asked, len(coders), units)
    return AgreementReport(tuple(coder.name for coder in coders), level, threshold,
                           exclude_uncoded, tuple(rows))


def _rows(project: Project, tables: dict[int, Table], asked: list[int], coders: int,
          units: int) -> list[AgreementRow]:
    """A row per code with a table or asked for (one nobody applied: ``units`` uncoded units),
    in codebook order, then the pooled row."""
    shown = set(tables) | set(asked)
    rows: list[AgreementRow] = []
    pooled: Table = defaultdict(int)
    for code in project.codes():
        if code.id not in shown:
            continue
        table = tables.get(code.id) or ({0: units} if units else {})
        for mask, weight in table.items():
            pooled[mask] += weight
        rows.append(AgreementRow(code.id, code.path or code.name, figures(table, coders)))
    rows.append(AgreementRow(None, "(all codes)", figures(pooled, coders)))
    return rows


class DisagreementRow(NamedTuple):
    """A passage where the coders differ, with names: ``coded_by`` applied ``code`` over
    ``[start, end)`` (code points) of ``document``, ``not_coded_by`` did not; ``text`` is the
    passage. A named tuple: a list holds tens of thousands."""

    document: str
    document_id: int
    code: str
    code_id: int
    start: int
    end: int
    coded_by: tuple[str, ...]
    not_coded_by: tuple[str, ...]
    text: str

    def to_json(self) -> dict:
        return {"document": self.document, "code": self.code, "start": self.start,
                "end": self.end, "coded_by": list(self.coded_by),
                "not_coded_by": list(self.not_coded_by), "text": self.text}


def disagreement_list(project: Project, coder_names: Sequence[str], *,
                      codes: Sequence[str] | None = None) -> list[DisagreementRow]:
    """Every passage where the coders named differ (see :mod:`.disagreements`), by document,
    code and position. Raises as :func:`agreement_report`."""
    coders = find_coders(project, coder_names)
    coder_ids = [coder.id for coder in coders]
    names = {coder.id: coder.name for coder in coders}
    codings, lengths, _ = _inputs(project, coders, codes)
    documents = {document.id: document.name for document in project.documents()}
    code_paths = {code.id: code.path or code.name for code in project.codes()}
    named: dict[tuple[int, ...], tuple[str, ...]] = {}  # coder ids -> names, made once each
    rows: list[DisagreementRow] = []
    current, text = None, ""  # one document's text at a time
    for document_id, code_id, start, end, coded_by, not_coded_by in disagreements(
            stretches(codings, coder_ids, lengths), coder_ids):
        if document_id != current:
            current, text = document_id, project.document_text(document_id)
        if coded_by not in named:
            named[coded_by] = tuple(names[coder_id] for coder_id in coded_by)
        if not_coded_by not in named:
            named[not_coded_by] = tuple(names[coder_id] for coder_id in not_coded_by)
        rows.append(DisagreementRow(documents[document_id], document_id, code_paths[code_id],
                                    code_id, start, end, named[coded_by], named[not_coded_by],
                                    text[start:end]))
    return rows
