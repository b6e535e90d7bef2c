"""Settling a disagreement: which spans the consensus coder codes (plain data; the change itself
is ``Project.add_codings``, one undoable step).

Three decisions, as MAXQDA's and NVivo's team workflows offer them (the consensus is recorded
as a separate coder, so each coder's own codings stay as they were):

* keep one coder's coding: the consensus coder codes what that coder coded of the code inside
  the passage (nothing, when that coder had not coded it there: the decision is "not coded");
* keep both: the consensus coder codes what any coder compared coded inside the passage;
* a new coding: the consensus coder codes the range given.
"""

from __future__ import annotations

from collections.abc import Sequence

from glocal_annotator.errors import InvalidOperation
from glocal_annotator.model import CodingFilter
from glocal_annotator.project import Change, Project

CONSENSUS_CODER = "consensus"


def settlement_spans(project: Project, document_id: int, code_id: int, start: int, end: int,
                     keep: Sequence[str]) -> list[tuple[int, int]]:
    """The spans inside ``[start, end)`` (code points) that the coders named in ``keep`` coded
    with the code in the document, merged (the union when several are named). Raises NotFound
    for an unknown coder, InvalidOperation for an empty or reversed range."""
    if not 0 <= start < end:
        raise InvalidOperation(f"the range [{start}, {end}) is empty or reversed")
    ids = project.coding_filter(coders=list(keep)).coder_ids
    codings = project.codings(CodingFilter(code_ids=[code_id], document_ids=[document_id],
                                           coder_ids=ids))
    clipped = [c for c in codings if c.start < end and c.end > start]
    length = project.document(document_id).characters
    spans: list[tuple[int, int]] = []
    for coding in sorted(clipped, key=lambda c: (c.start, c.end)):
        low, high = max(coding.start, start), min(coding.end, end, length)
        if spans and low <= spans[-1][1]:
            spans[-1] = (spans[-1][0], max(spans[-1][1], high))
        elif low < high:
            spans.append((low, high))
    return spans


def settle(project: Project, document_id: int, code_id: int, start: int, end: int, *,
           keep: Sequence[str] = (), new: tuple[int, int] | None = None,
           coder: str = CONSENSUS_CODER) -> Change:
    """Record the decision on the passage ``[start, end)`` as codings by ``coder`` (module
    notes): ``keep`` names the coder(s) whose coding is kept, or ``new`` gives the range to
    code. One undoable step; its ``result`` is the new codings' ids. Raises InvalidOperation
    when neither or both are given, or the decision codes nothing."""
    if bool(keep) == (new is not None):
        raise InvalidOperation("say which coding to keep (--keep CODER, or both) or give a "
                               "new range (--new START END)")
    spans = [new] if new is not None else settlement_spans(
        project, document_id, code_id, start, end, keep)
    return project.add_codings(document_id, code_id, spans, coder)
