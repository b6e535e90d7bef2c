"""Finding text in a project: search, autocode and speakers' turns, as
:class:`~glocal_annotator.project.Project` methods (mixed into ``Project``, which supplies
``conn``, ``_texts``, ``_run``, ``coder_name`` and the codebook's look-ups).

Search and autocode can leave out hits inside codings of some codes (``exclude_code_ids``):
with speakers' turns coded (:meth:`SearchAndSpeakers.code_speaker_turns`), an interviewer's
turns are left out by :meth:`SearchAndSpeakers.speaker_code_ids`.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterator, Sequence
from typing import Any

from glocal_annotator import search
from glocal_annotator.errors import InvalidOperation, NotFound
from glocal_annotator.model import SearchHit
from glocal_annotator.operations import autocode, speakers
from glocal_annotator.operations.autocode import AutocodePlan
from glocal_annotator.operations.speakers import SPEAKERS_CODE, SpeakerReport
from glocal_annotator.store import queries
from glocal_annotator.suggest import did_you_mean


class SearchAndSpeakers:
    """Search, autocode and speakers of a project (see the module notes)."""

    conn: Any
    coder_name: str
    _texts: Any  # search.DocumentTexts
    _run: Any  # Project._run(description, operation, *args) -> Change

    # -- search and autocode ---------------------------------------------------------------

    def search(
        self,
        query: str,
        *,
        regex: bool = False,
        ignore_case: bool = False,
        exact: bool = False,
        document_ids: list[int] | None = None,
        limit: int | None = None,
        exclude_code_ids: Collection[int] = (),
    ) -> list[SearchHit]:
        """Hits of a query (see :func:`glocal_annotator.search.compile_query`: plain words
        reader-equal and case-blind; patterns reader-equal unless ``exact``, case-blind with
        ``ignore_case``), at most ``limit``; offsets are code points in the stored text. Hits
        inside a coding of one of ``exclude_code_ids`` are left out."""
        return search.search(
            self.conn,
            query,
            regex=regex,
            ignore_case=ignore_case,
            exact=exact,
            document_ids=document_ids,
            limit=limit,
            texts=self._texts,
            exclude_code_ids=exclude_code_ids,
        )

    def warm_search(self) -> Iterator[int]:
        """Read documents into the search cache, one per step (for an idle loop in the GUI)."""
        return self._texts.warm(queries.document_ids(self.conn))

    def plan_autocode(
        self,
        code_id: int,
        pattern: str,
        *,
        regex: bool = True,
        ignore_case: bool = False,
        exact: bool = False,
        widen: str = "none",
        exclude_code_ids: Collection[int] = (),
    ) -> AutocodePlan:
        """What :meth:`autocode` would do: hits, how many a coding of the code already covers,
        the new passages. Changes nothing."""
        return autocode.plan_autocode(
            self.conn,
            self._texts,
            code_id,
            pattern,
            regex=regex,
            ignore_case=ignore_case,
            exact=exact,
            widen=widen,
            exclude_code_ids=exclude_code_ids,
        )

    def autocode(
        self,
        code_id: int,
        pattern: str,
        *,
        regex: bool = True,
        ignore_case: bool = False,
        exact: bool = False,
        widen: str = "none",
        coder: str | None = None,
        plan: AutocodePlan | None = None,
        exclude_code_ids: Collection[int] = (),
        progress: Callable[[int, int], bool] | None = None,
    ) -> Any:
        """Code every hit of ``pattern`` (widened to its sentence or paragraph) in one change;
        hits a coding of the same code already covers are left alone, hits inside a coding of
        one of ``exclude_code_ids`` are left out (see :mod:`glocal_annotator.operations.
        autocode`). ``plan``: one made by :meth:`plan_autocode` for the same arguments, to save
        finding the hits again (a plan made by an :meth:`open_reader` serves too). ``result`` is
        an :class:`~glocal_annotator.operations.autocode.AutocodeResult`. ``progress(done,
        total)`` (passages) is called while the codings are written; False cancels
        (:class:`OperationCancelled`, nothing coded). Raises :class:`InvalidOperation` when
        nothing matches."""
        if plan is None:
            plan = self.plan_autocode(
                code_id, pattern, regex=regex, ignore_case=ignore_case, exact=exact,
                widen=widen, exclude_code_ids=exclude_code_ids,
            )
        if not plan.hits:
            raise InvalidOperation(f'"{pattern}" was not found; nothing was coded')
        return self._run(
            f"Autocode {pattern}", autocode.apply_autocode, plan, coder or self.coder_name,
            progress, report=None if progress is None else (
                lambda done, rows: progress(rows, rows)),
        )

    # -- speakers --------------------------------------------------------------------------

    def find_speakers(self, document_ids: Sequence[int] | None = None,
                      pattern: str | None = None) -> SpeakerReport:
        """The speakers' turns in the documents ``document_ids`` (None: every document), by
        the default label rules or a user's ``pattern`` (see :mod:`glocal_annotator.
        operations.speakers`); nothing is changed. Raises :class:`GlocalError` for a bad
        pattern, :class:`PatternTooSlow` past the time budget."""
        ids = queries.document_ids(self.conn) if document_ids is None else list(document_ids)
        return speakers.find_speakers(self._texts, ids, pattern)

    def code_speaker_turns(
        self,
        report: SpeakerReport,
        speaker_names: Collection[str] | None = None,
        coder: str | None = None,
    ) -> Any:
        """Code each speaker's turns of ``report`` (only ``speaker_names``, when given) with a
        code per speaker under the code "Speakers" (made where missing), as one undoable change;
        turns already coded with the speaker's code are left alone. ``result`` is a
        :class:`~glocal_annotator.operations.speakers.SpeakerCodingResult`."""
        return self._run("Code speakers' turns", speakers.apply_speaker_coding, report,
                         coder or self.coder_name, speaker_names)

    def speaker_code_ids(self, names: Sequence[str]) -> list[int]:
        """The codes of these speakers under "Speakers" (names with case and spacing
        ignored), for ``exclude_code_ids``. Raises :class:`NotFound` for a speaker without a
        code (their turns were never coded)."""
        codes = self.codes()  # type: ignore[attr-defined]
        parent = next((c for c in codes if c.parent_id is None
                       and c.name.casefold() == SPEAKERS_CODE.casefold()), None)
        children = {c.name.casefold(): c.id for c in codes
                    if parent is not None and c.parent_id == parent.id}
        found = []
        for name in names:
            key = " ".join(name.split()).casefold()
            if key not in children:
                names_known = [c.name for c in codes if parent and c.parent_id == parent.id]
                raise NotFound(
                    f"there is no speaker code {name!r} under {SPEAKERS_CODE}"
                    + (did_you_mean(name, names_known) if names_known else "")
                    + "; code the speakers' turns first (speakers PROJECT --code-turns)")
            found.append(children[key])
        return found
