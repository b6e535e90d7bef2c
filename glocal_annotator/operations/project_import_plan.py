"""Planning a project import (.qdpx): what it adds to, changes in and leaves alone in a project.

Plain data in (the project's state, :class:`ProjectState`, and the file's content resolved to
code points, :class:`~glocal_annotator.refi.project_resolve.IncomingProject`), a plan out; nothing
is changed. ``project.apply_project_import_plan(plan)`` carries it out as one undoable change
(:mod:`.project_import`). A new project and an existing one are planned alike: importing into a
project that already holds the file's documents is a sync, not a copy.

Matching (issue 11, "Re-import is a sync"):

- documents by content (the SHA-256 of the stored text), so a document renamed on either side
  still matches (among documents of one text: by GUID, then name); sources of the file that
  share a text stay separate documents (noted), as they are in the file;
- codes by GUID, then by path, then by name under a matched parent
  (:func:`~.codebook_merge_plan.plan_codebook_import`, NVivo's ``Nodes`` unwrapped). With
  ``keep_colours`` (the default when the project has codes) a matched code keeps our colour, as
  other tools snap colours to their palettes; the count kept is reported;
- coders by GUID, then by name (case ignored; noted when the GUIDs differ);
- codings by GUID, else by identity (document, code, coder, start, end); two identical codings of
  the file are imported once;
- memos by GUID; a document's own memo with its document;
- variables by GUID then name, their values per document, and document sets by GUID then name
  (:mod:`.project_import_variables`).

What changes: a matched coding takes the file's memo, range or code when they differ (a memo is
never blanked; a change that would make it identical to another coding of ours is left out, noted);
a matched memo takes the file's title and text when its text differs and is not empty; a matched
document's memo likewise. Nothing of ours is deleted: what the file lacks is counted as "only here".

Merging another project file (``keep_ours``, :mod:`glocal_annotator.project_merge`) changes
nothing of ours either: a code's fields and colour stay ours (differences noted); a coding matched
by GUID whose range or code differs is matched by identity instead, or added beside ours; a memo
that differs is added beside ours (or left when an identical one is here), and a coding's or a
document's memo that differs gets the other text appended after a blank line, unless ours already
holds it. So merging the same file twice changes nothing the second time. ``join_coders`` limits
which same-named coders with another GUID are joined: the others are added apart as
``NAME (2)``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

from glocal_annotator.model import Code, Coder, Coding, Document, DocumentSet, Memo, Variable
from glocal_annotator.operations.codebook_merge_plan import (
    ADD,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    plan_codebook_import,
)
from glocal_annotator.operations.project_import_variables import (
    SetStep,
    ValueStep,
    VariablesPlan,
    VariableStep,
    plan_variables_and_sets,
    variables_state,
)
from glocal_annotator.operations.project_import_variables import (
    preview_lines as variable_preview,
)
from glocal_annotator.progress import Ticker
from glocal_annotator.refi.guids import new_guid, normalize_guid
from glocal_annotator.refi.project_resolve import IncomingDocument, IncomingMemo, IncomingProject
from glocal_annotator.text_units import fitting_page_starts
from glocal_annotator.wording import agreeing, plural

CHANGE = "change"
KINDS = ("documents", "codes", "codings", "memos", "coders", "variables", "values", "sets")

CODING_BATCH = 500  # codings planned between two progress steps

# A code in a plan: ("code", id) for one of ours, ("item", index) for one the codebook plan adds.
CodeRef = tuple[str, int]


def content_hash(text: str) -> str:
    """The SHA-256 of a stored text, as documents are hashed at import."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass
class ProjectState:
    """What the planner needs to know of a project, as ``Project`` gives it."""

    documents: list[Document]
    codes: list[Code]
    coders: list[Coder]
    codings: list[Coding]
    memos: list[Memo]
    document_memos: dict[int, str]
    variables: list[Variable] = field(default_factory=list)
    values: dict[tuple[int, int], str] = field(default_factory=dict)
    sets: list[DocumentSet] = field(default_factory=list)

    def fingerprint(self) -> str:
        """A digest of what a plan depends on, to refuse applying a stale plan."""
        return state_fingerprint(
            (d.id for d in self.documents), (c.id for c in self.coders),
            ((c.id, c.code_id, c.start, c.end, c.memo) for c in self.codings),
            ((m.id, m.title, m.text) for m in self.memos), self.document_memos,
            variables_state(self.variables, self.values, self.sets),
        )


def state_fingerprint(
    document_ids: Iterable[int],
    coder_ids: Iterable[int],
    codings: Iterable[tuple],
    memos: Iterable[tuple],
    document_memos: dict[int, str],
    variables: str = "",
) -> str:
    """The digest of :meth:`ProjectState.fingerprint` (``variables``: what
    :func:`~.project_import_variables.variables_state` says)."""
    digest = hashlib.sha256()
    for part in (document_ids, coder_ids, codings, memos):
        digest.update(repr(sorted(part)).encode("utf-8", "surrogatepass"))
    digest.update(repr(sorted(document_memos.items())).encode("utf-8", "surrogatepass"))
    digest.update(variables.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


@dataclass
class CoderStep:
    action: str  # ADD or UNCHANGED
    name: str
    guid: str
    coder_id: int | None = None
    note: str = ""


@dataclass
class DocumentStep:
    action: str  # ADD, CHANGE (its memo) or UNCHANGED
    incoming: IncomingDocument
    name: str
    guid: str
    content_hash: str
    document_id: int | None = None
    memo: str | None = None  # the new memo (ADD, CHANGE)
    note: str = ""
    page_starts: tuple[int, ...] = ()  # ADD: the incoming page starts, if they fit the text


@dataclass
class CodingStep:
    action: str  # ADD, CHANGE or UNCHANGED
    document: int  # index into the plan's documents
    code: CodeRef
    coder: int  # index into the plan's coders
    start: int
    end: int
    memo: str
    guid: str
    created_at: str
    coding_id: int | None = None
    changes: dict[str, Any] = field(default_factory=dict)


@dataclass
class MemoStep:
    action: str  # ADD, CHANGE or UNCHANGED
    incoming: IncomingMemo
    guid: str
    document: int | None  # index into the plan's documents
    coder: int | None  # index into the plan's coders
    memo_id: int | None = None


@dataclass
class ProjectImportPlan:
    """The outcome of :func:`plan_project_import`."""

    source: str
    codes: ImportPlan
    coders: list[CoderStep]
    documents: list[DocumentStep]
    codings: list[CodingStep]
    memos: list[MemoStep]
    only_here: dict[str, int]
    keep_colours: bool
    colours_kept: int
    fingerprint: str
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    variables_plan: VariablesPlan = field(
        default_factory=lambda: VariablesPlan([], [], [], {}))

    @property
    def variables(self) -> list[VariableStep]:
        return self.variables_plan.variables

    @property
    def values(self) -> list[ValueStep]:
        return self.variables_plan.values

    @property
    def sets(self) -> list[SetStep]:
        return self.variables_plan.sets

    def counts(self) -> dict[str, dict[str, int]]:
        """Per kind (documents, codes, codings, memos, coders, variables, values, sets):
        added, changed, unchanged and only here (ours, not in the file)."""
        codes = self.codes.counts()
        result = {
            "codes": {"added": codes[ADD], "changed": codes[UPDATE],
                      "unchanged": codes[UNCHANGED]},
        }
        for kind, steps in (("documents", self.documents), ("codings", self.codings),
                            ("memos", self.memos), ("coders", self.coders),
                            ("variables", self.variables), ("values", self.values),
                            ("sets", self.sets)):
            result[kind] = {
                "added": sum(1 for s in steps if s.action == ADD),
                "changed": sum(1 for s in steps if s.action == CHANGE),
                "unchanged": sum(1 for s in steps if s.action == UNCHANGED),
            }
        only_here = {**self.only_here, **self.variables_plan.only_here}
        for kind in KINDS:
            result[kind]["only_here"] = only_here.get(kind, 0)
        return {kind: result[kind] for kind in KINDS}

    def memos_imported(self) -> dict[str, int]:
        """The memos this import brings that ride on documents and codings, which
        :meth:`counts` counts with their documents and codings: ``{"document_memos": n,
        "coding_memos": n}``, each a document or coding added with a memo, or ours whose memo
        the file changes. (Project memos are the ``memos`` kind of :meth:`counts`.)"""
        return {
            "document_memos": sum(1 for s in self.documents
                                  if (s.action == ADD and (s.memo or "").strip())
                                  or s.action == CHANGE),
            "coding_memos": sum(1 for s in self.codings
                                if (s.action == ADD and s.memo.strip())
                                or (s.action == CHANGE and "memo" in s.changes)),
        }

    @property
    def has_changes(self) -> bool:
        counts = self.counts()
        return any(counts[kind]["added"] or counts[kind]["changed"] for kind in KINDS)

    def preview_lines(self) -> list[str]:
        """The preview: one line per kind (added / changed / unchanged / only here), then each
        document and code added or changed, and the notes."""
        lines = []
        for kind, counts in self.counts().items():
            lines.append(
                f"{kind:<9} {counts['added']} added, {counts['changed']} changed, "
                f"{counts['unchanged']} unchanged, {counts['only_here']} only here"
            )
        for step in self.documents:
            if step.action == ADD:
                extra = f" ({step.note})" if step.note else ""
                lines.append(f"  add document {step.name!r}{extra}")
            elif step.action == CHANGE:
                lines.append(f"  change the memo of {step.name!r}")
            elif step.note:
                lines.append(f"  same document {step.name!r} ({step.note})")
        lines.extend(f"  {line}" for line in variable_preview(self.variables, self.sets))
        code_lines = self.codes.preview_lines()[:-1]
        lines.extend(f"  {line}" for line in code_lines[:40])
        if len(code_lines) > 40:
            lines.append(f"  ... and {len(code_lines) - 40} more lines about codes")
        changed = [s for s in self.codings if s.action == CHANGE]
        for step in changed[:20]:
            what = ", ".join(sorted(step.changes))
            lines.append(f"  change a coding of {self.documents[step.document].name!r} "
                         f"[{step.start}, {step.end}): {what}")
        if len(changed) > 20:
            lines.append(f"  ... and {len(changed) - 20} more changed codings")
        lines.extend(f"  note: {note}" for note in self.notes)
        return lines


def plan_project_import(
    state: ProjectState,
    incoming: IncomingProject,
    *,
    source: str = "",
    keep_colours: bool = True,
    importing_coder: str = "coder",
    keep_ours: bool = False,
    join_coders: Collection[str] | None = None,
    ticker: Ticker | None = None,
) -> ProjectImportPlan:
    """Work out how ``incoming`` merges into ``state`` (see the module notes). Nothing is
    changed. ``importing_coder`` names the coder of codings the file gives no user for.
    ``keep_ours`` plans a merge that changes nothing of ours; ``join_coders`` (names, case
    ignored) are the only same-named coders joined when their GUIDs differ (None: all, as a
    sync does). ``ticker``'s current stage is recounted to the plan's steps (one per
    document of ``incoming``, one per coding, taken :data:`CODING_BATCH` at a time, and one
    for the memos, variables and sets) and raises its cancellation error at the next step once
    cancelled (:class:`~glocal_annotator.progress.Ticker`)."""
    planner = _Planner(state, incoming, source, keep_colours, importing_coder)
    planner.ticker = ticker
    if ticker is not None:
        ticker.recount(planning_steps(incoming))
    planner.keep_ours = keep_ours
    planner.join_coders = (None if join_coders is None
                           else {name.casefold() for name in join_coders})
    return planner.plan()


def planning_steps(incoming: IncomingProject) -> int:
    """The progress steps of planning ``incoming`` (:func:`plan_project_import`)."""
    return len(incoming.documents) + sum(len(d.codings) for d in incoming.documents) + 1


class _Planner:
    def __init__(self, state: ProjectState, incoming: IncomingProject, source: str,
                 keep_colours: bool, importing_coder: str) -> None:
        self.state = state
        self.incoming = incoming
        self.source = source
        self.keep_colours = keep_colours
        self.importing_coder = importing_coder
        self.notes: list[str] = []
        self.skipped: list[str] = []
        self.keep_ours = False
        self.join_coders: set[str] | None = None
        self.ticker: Ticker | None = None

    def _step(self, count: float = 1) -> None:
        if self.ticker is not None:
            self.ticker.step(count)

    def plan(self) -> ProjectImportPlan:
        codes, colours_kept = self._codes()
        coders, coder_index = self._coders()
        documents, document_index = self._documents()
        codings = self._codings(codes, coders, coder_index, documents, document_index)
        memos = self._memos(coder_index, document_index)
        self._step()
        variables_plan = plan_variables_and_sets(
            self.state.variables, self.state.values, self.state.sets, self.incoming,
            documents, document_index, keep_ours=self.keep_ours, notes=self.notes)
        matched_codes = sum(1 for item in codes.items if item.code_id is not None)
        matched_documents = {s.document_id for s in documents if s.document_id is not None}
        matched_codings = {s.coding_id for s in codings if s.coding_id is not None}
        matched_memos = {s.memo_id for s in memos if s.memo_id is not None}
        matched_coders = {s.coder_id for s in coders if s.coder_id is not None}
        only_here = {
            "documents": len(self.state.documents) - len(matched_documents),
            "codes": len(self.state.codes) - matched_codes,
            "codings": len(self.state.codings) - len(matched_codings),
            "memos": len(self.state.memos) - len(matched_memos),
            "coders": len(self.state.coders) - len(matched_coders),
        }
        return ProjectImportPlan(
            source=self.source,
            codes=codes,
            coders=coders,
            documents=documents,
            codings=codings,
            memos=memos,
            only_here=only_here,
            keep_colours=self.keep_colours,
            colours_kept=colours_kept,
            fingerprint=self.state.fingerprint(),
            notes=self.notes,
            skipped=self.skipped,
            variables_plan=variables_plan,
        )

    # -- codes and coders ------------------------------------------------------------------------

    def _codes(self) -> tuple[ImportPlan, int]:
        plan = plan_codebook_import(self.state.codes, self.incoming.codebook, source=self.source)
        kept = 0
        if self.keep_colours:
            ours = {code.id: code for code in self.state.codes}
            for item in plan.items:
                if item.action == UPDATE and "color" in item.changes:
                    del item.changes["color"]
                    item.color = ours[item.code_id].color if item.code_id in ours else item.color
                    kept += 1
                    if not item.changes:
                        item.action = UNCHANGED
        if self.keep_ours:
            differing = [item for item in plan.items if item.action == UPDATE]
            for item in differing:
                item.changes.clear()
                item.action = UNCHANGED
            if differing:
                self.notes.append(f"{plural(len(differing), 'code')} "
                                  f"{agreeing(len(differing), 'differs', 'differ')} in the "
                                  "other file (fields, "
                                  "colour or place); ours are kept")
        return plan, kept

    def _coders(self) -> tuple[list[CoderStep], dict[str, int]]:
        by_guid = {coder.guid: coder for coder in self.state.coders}
        by_name = {coder.name.casefold(): coder for coder in self.state.coders}
        steps: list[CoderStep] = []
        index: dict[str, int] = {}  # file user GUID -> step; "" -> the importing coder
        taken_names = {coder.name.casefold() for coder in self.state.coders}
        taken_guids = set(by_guid)
        for user in self.incoming.users:
            ours = by_guid.get(user.guid)
            note = ""
            if ours is None:
                ours = by_name.get(user.name.casefold())
                if ours is not None and not self._joins(user.name):
                    self.notes.append(
                        f"the other file's coder {user.name!r} has another GUID than ours; kept "
                        f"apart (join them with --join-coder {user.name!r})")
                    ours = None
                elif ours is not None:
                    note = (f"the file's user {user.name!r} ({user.guid}) is taken as our coder "
                            f"{ours.name!r} ({ours.guid}): same name, other GUID")
                    self.notes.append(note)
            if ours is not None:
                already = next((i for i, s in enumerate(steps) if s.coder_id == ours.id), None)
                if already is not None:
                    index[user.guid] = already
                    continue
                index[user.guid] = len(steps)
                steps.append(CoderStep(UNCHANGED, ours.name, ours.guid, ours.id, note))
                continue
            name, number = user.name, 2
            while name.casefold() in taken_names:
                name, number = f"{user.name} ({number})", number + 1
            if name != user.name:
                self.notes.append(f"the file's user {user.name!r} is added as {name!r}: "
                                  "the name is taken")
            taken_names.add(name.casefold())
            guid = user.guid if user.guid not in taken_guids else new_guid()
            taken_guids.add(guid)
            index[user.guid] = len(steps)
            steps.append(CoderStep(ADD, name, guid))
        return steps, index

    def _joins(self, name: str) -> bool:
        return self.join_coders is None or name.casefold() in self.join_coders

    def _coder_for(self, guid: str | None, steps: list[CoderStep], index: dict[str, int]) -> int:
        for candidate in (guid, self.incoming.default_coder):
            if candidate and candidate in index:
                return index[candidate]
        if "" not in index:
            name = self.importing_coder
            ours = next((c for c in self.state.coders if c.name.casefold() == name.casefold()),
                        None)
            existing = next((i for i, s in enumerate(steps)
                             if s.name.casefold() == name.casefold()), None)
            if existing is not None:
                index[""] = existing
            elif ours is not None:
                index[""] = len(steps)
                steps.append(CoderStep(UNCHANGED, ours.name, ours.guid, ours.id))
            else:
                index[""] = len(steps)
                steps.append(CoderStep(ADD, name, new_guid()))
            self.notes.append(f"codings and memos the file gives no known user for are "
                              f"credited to {steps[index['']].name!r}")
        return index[""]

    # -- documents -------------------------------------------------------------------------------

    def _documents(self) -> tuple[list[DocumentStep], dict[str, int]]:
        ours_by_hash: dict[str, list[Document]] = {}
        for document in self.state.documents:
            ours_by_hash.setdefault(document.content_hash, []).append(document)
        claimed: set[int] = set()
        taken_names = {document.name.casefold() for document in self.state.documents}
        taken_guids = {document.guid for document in self.state.documents}
        steps: list[DocumentStep] = []
        index: dict[str, int] = {}  # the file's source GUID (or "#n") -> step
        first_with: dict[str, str] = {}  # hash -> name of the file's first source with it
        for number, document in enumerate(self.incoming.documents):
            self._step()
            digest = content_hash(document.text)
            key = document.guid or f"#{number}"
            if not document.text:
                self.skipped.append(f"the source {document.name!r}: its text is empty")
                continue
            candidates = [d for d in ours_by_hash.get(digest, []) if d.id not in claimed]
            ours = (
                next((d for d in candidates if d.guid == document.guid), None)
                or next((d for d in candidates if d.name == document.name), None)
                or (candidates[0] if candidates else None)
            )
            if ours is not None:
                claimed.add(ours.id)
                memo = document.memo.strip()
                current = self.state.document_memos.get(ours.id, "")
                action = CHANGE if memo and memo != current.strip() else UNCHANGED
                new_memo = document.memo
                if action == CHANGE and self.keep_ours:
                    joined = _appended(current, document.memo)
                    action = UNCHANGED if joined is None else CHANGE
                    new_memo = joined or ""
                note = ""
                if ours.name != document.name:
                    note = f"called {document.name!r} in the file; our name is kept"
                step = DocumentStep(action, document, ours.name, ours.guid, digest, ours.id,
                                    new_memo if action == CHANGE else None, note)
            else:
                name, suffix = document.name, 2
                while name.casefold() in taken_names:
                    name, suffix = f"{document.name} ({suffix})", suffix + 1
                taken_names.add(name.casefold())
                guid = normalize_guid(document.guid) or ""
                notes = []
                if not guid or guid in taken_guids:
                    if guid:
                        notes.append("its GUID is another document's here; it gets a new one")
                    guid = new_guid()
                taken_guids.add(guid)
                if name != document.name:
                    notes.append(f"added as {name!r}: the name is taken")
                if digest in first_with or digest in ours_by_hash:
                    notes.append("its text is the same as another document's")
                pages = fitting_page_starts(document.page_starts, len(document.text))
                if pages is None:
                    notes.append("its page list does not fit its text and was left out")
                step = DocumentStep(ADD, document, name, guid, digest, None, document.memo,
                                    "; ".join(notes), page_starts=pages or ())
            first_with.setdefault(digest, document.name)
            index[key] = len(steps)
            steps.append(step)
        return steps, index

    # -- codings ---------------------------------------------------------------------------------

    def _codings(
        self,
        codes: ImportPlan,
        coders: list[CoderStep],
        coder_index: dict[str, int],
        documents: list[DocumentStep],
        document_index: dict[str, int],
    ) -> list[CodingStep]:
        code_refs: dict[str, CodeRef] = {}
        codable: dict[CodeRef, bool] = {}
        ours_codes = {code.id: code for code in self.state.codes}
        for number, item in enumerate(codes.items):
            ref: CodeRef = ("code", item.code_id) if item.code_id is not None else ("item", number)
            code_refs.setdefault(normalize_guid(item.node.guid) or item.node.guid, ref)
            codable[ref] = (ours_codes[item.code_id].codable if item.code_id is not None
                            else item.node.codable)
        ours_by_guid = {coding.guid: coding for coding in self.state.codings}
        identities = {
            (c.document_id, c.code_id, c.coder_id, c.start, c.end): c for c in self.state.codings
        }
        used_guids = set(ours_by_guid)
        seen: set[tuple] = set()
        claimed: set[int] = set()
        steps: list[CodingStep] = []
        unknown_code = not_codable = doubles = collisions = kept_apart = 0
        for number, document in enumerate(self.incoming.documents):
            key = document.guid or f"#{number}"
            if key not in document_index:
                self._step(len(document.codings))
                continue
            doc_step_index = document_index[key]
            doc_step = documents[doc_step_index]
            for counted, coding in enumerate(document.codings, 1):
                if counted % CODING_BATCH == 0:
                    self._step(CODING_BATCH)
                ref = code_refs.get(coding.code_guid)
                if ref is None:
                    unknown_code += 1
                    continue
                if not codable[ref]:
                    not_codable += 1
                    continue
                coder = self._coder_for(coding.coder_guid, coders, coder_index)
                identity = (doc_step_index, ref, coder, coding.start, coding.end)
                if identity in seen:
                    doubles += 1
                    continue
                seen.add(identity)
                step = CodingStep(ADD, doc_step_index, ref, coder, coding.start, coding.end,
                                  coding.memo, "", coding.created_at)
                existing_ids = (doc_step.document_id, ref[1] if ref[0] == "code" else None,
                                coders[coder].coder_id)
                ours = ours_by_guid.get(coding.guid or "")
                if ours is not None and ours.document_id != doc_step.document_id:
                    ours = None  # the same GUID on another text: a coding of its own
                if (self.keep_ours and ours is not None
                        and (ours.code_id, ours.coder_id, ours.start, ours.end)
                        != (ref[1] if ref[0] == "code" else None, *existing_ids[2:],
                            coding.start, coding.end)):
                    ours = None  # a merge never moves ours: match by identity, or add beside
                    kept_apart += 1
                if ours is None and None not in existing_ids:
                    ours = identities.get((*existing_ids, coding.start, coding.end))
                if ours is not None and ours.id not in claimed:
                    claimed.add(ours.id)
                    step.coding_id = ours.id
                    step.guid = ours.guid
                    step.action = UNCHANGED
                    if coding.memo.strip() and coding.memo.strip() != ours.memo.strip():
                        step.changes["memo"] = coding.memo
                        if self.keep_ours:
                            joined = _appended(ours.memo, coding.memo)
                            if joined is None:
                                del step.changes["memo"]
                            else:
                                step.changes["memo"] = joined
                    if ref[0] == "code" and ref[1] != ours.code_id:
                        step.changes["code_id"] = ref[1]
                    if (coding.start, coding.end) != (ours.start, ours.end):
                        step.changes["start"], step.changes["end"] = coding.start, coding.end
                    moved = {k for k in step.changes if k != "memo"}
                    if moved:
                        target = (ours.document_id, step.changes.get("code_id", ours.code_id),
                                  ours.coder_id, step.changes.get("start", ours.start),
                                  step.changes.get("end", ours.end))
                        if target in identities and identities[target].id != ours.id:
                            collisions += 1
                            for name in moved:
                                del step.changes[name]
                    if step.changes:
                        step.action = CHANGE
                    step.memo = step.changes.get("memo", ours.memo)
                else:
                    guid = normalize_guid(coding.guid)
                    if guid is None or guid in used_guids:
                        guid = new_guid()
                    step.guid = guid
                used_guids.add(step.guid)
                steps.append(step)
            self._step(len(document.codings) % CODING_BATCH)
        if unknown_code:
            self.skipped.append(f"{plural(unknown_code, 'coding')} of a code that is not imported "
                                "(NVivo's root folder, or a code the file does not define)")
        if not_codable:
            self.skipped.append(f"{plural(not_codable, 'coding')} of codes that are folders here "
                                "(not "
                                "codable); make them codable and import again to keep them")
        if doubles:
            self.notes.append(f"{plural(doubles, 'coding')} "
                              f"{agreeing(doubles, 'repeats', 'repeat')} another coding of "
                              "the file exactly; "
                              "each is imported once")
        if kept_apart:
            self.notes.append(f"{plural(kept_apart, 'coding')} "
                              f"{agreeing(kept_apart, 'differs', 'differ')} in range or code "
                              "from ours of the "
                              "same GUID; ours are kept and theirs are matched or added beside")
        if collisions:
            self.notes.append(f"{plural(collisions, 'coding')} of ours "
                              f"{agreeing(collisions, 'keeps its', 'keep their')} range and "
                              "code: the "
                              "file's version is identical to another coding here")
        return steps

    # -- memos -----------------------------------------------------------------------------------

    def _memos(self, coder_index: dict[str, int], document_index: dict[str, int]
               ) -> list[MemoStep]:
        ours = {memo.guid: memo for memo in self.state.memos}
        steps: list[MemoStep] = []
        seen: set[str] = set()
        for memo in self.incoming.memos:
            guid = normalize_guid(memo.guid) or new_guid()
            if guid in seen:
                guid = new_guid()
            seen.add(guid)
            document = None
            if memo.document_guid is not None:
                document = document_index.get(memo.document_guid)
                if document is None:
                    self.skipped.append(f"the memo {memo.title!r}: its document is not imported")
                    continue
            coder = coder_index.get(memo.coder_guid or "")
            found = ours.get(guid)
            if found is not None and self.keep_ours and memo.text.strip() and (
                    memo.text.strip() != found.text.strip()):
                same_text = next((m for m in self.state.memos
                                  if m.text.strip() == memo.text.strip()), None)
                if same_text is not None:  # merged before
                    steps.append(MemoStep(UNCHANGED, memo, same_text.guid, document, coder,
                                          same_text.id))
                    continue
                found, guid = None, new_guid()
                self.notes.append(f"the memo {memo.title!r} differs from ours; both are kept")
            if found is None:
                steps.append(MemoStep(ADD, memo, guid, document, coder))
                continue
            same = (not memo.text.strip() or memo.text.strip() == found.text.strip())
            steps.append(MemoStep(UNCHANGED if same else CHANGE, memo, guid, document, coder,
                                  found.id))
        return steps


def _appended(ours: str, theirs: str) -> str | None:
    """Our memo with theirs after a blank line (a merge), or None when ours already holds it."""
    if theirs.strip() in ours:
        return None
    return f"{ours.rstrip()}\n\n{theirs.strip()}" if ours.strip() else theirs
