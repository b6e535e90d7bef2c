"""Speakers in transcripts: finding each speaker's turns, and coding them with a code per speaker
(under a parent code "Speakers") as one change, so that every view can compare speakers.

A turn starts at the start of a line (never mid-line: "... see the Note: ..." is no turn) with a
label, and runs until the next turn's line (the text before the first turn belongs to no one).
The label, what comes before it on its line (spaces, tabs, no-break spaces, a timestamp) and the
whitespace around the turn's text are not part of the turn: a turn's coding covers what the
speaker says. The labels found by default (:data:`DEFAULT_PATTERN`), as MAXQDA's and NVivo's
transcript import write them:

- ``Name:`` and ``NAME:``: one to six words, the first starting with a capital letter or a
  letter of a script without case (Chinese, Arabic, Hebrew ...), each further one with a
  capital, a digit (``Speaker 2``) or a name particle (``de``, ``van``, ``al``, ``bin`` ...);
  words hold letters with their accents and marks, digits, apostrophes, hyphens and full stops
  (``Dr. Ahmed Khan``, ``J.-P. Éluard``); spaces, tabs or no-break spaces between words and
  before the colon (French typography) count as one space. The colon must be followed by a
  space or the line's end, so ``http://...`` and ``10:30`` are no labels; a full-width colon
  (``：``, Chinese and Japanese transcripts) needs no space after it.
- ``[Name]``, with or without a colon after it; a bracketed transcription note (``[laughs]``,
  ``[inaudible]``, ``[crosstalk]`` ...) is no speaker.
- Either may follow a timestamp: ``[00:01:02] Anna:``, ``(12:30) Anna:``, ``00:01:02.5 -
  Anna:``.

A user's regular expression (Python ``re`` syntax) replaces those rules: it is tried at each
line start; the speaker is its group named ``speaker`` (or ``name``), else its first group,
else the whole match without a trailing colon; the turn's text starts after the match. It runs
with the search's time budget (:data:`~glocal_annotator.search.engine.REGEX_TIME_BUDGET` for all
documents together): a pattern that backtracks without end is stopped with
:class:`~glocal_annotator.errors.PatternTooSlow` and nothing is coded.

Names are compared with case and spacing ignored (``ANNA:`` and ``Anna:`` are one speaker),
shown as most often written. Finding turns is linear in the text: one match attempt per line,
each bounded by the label's length (for the default rules).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

import regex as regex_engine

from glocal_annotator.errors import GlocalError, InvalidOperation
from glocal_annotator.operations import new_guids, now
from glocal_annotator.operations.autocode import Coverage
from glocal_annotator.operations.codebook import NewCode, add_codes
from glocal_annotator.operations.coding import ensure_coder
from glocal_annotator.search import DocumentTexts
from glocal_annotator.search.engine import REGEX_TIME_BUDGET, Deadline
from glocal_annotator.store import queries
from glocal_annotator.store.journal import Journal

#: the parent code of the speaker codes
SPEAKERS_CODE = "Speakers"
_SPACE = r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]"
_PARTICLES = ("al|bin|bint|ibn|da|das|de|del|della|der|di|do|dos|du|el|la|le|van|von|y|zu|den"
              "|ten|ter")
_FIRST = r"(?:\p{Lu}|\p{Lt}|\p{Lo})[\p{L}\p{M}\p{N}'’.\-]{0,40}"
_NEXT = rf"(?:{_FIRST}|\p{{N}}{{1,4}}|(?:{_PARTICLES})(?![\p{{L}}\p{{M}}]))"
_NAME = rf"{_FIRST}(?:{_SPACE}{{1,3}}{_NEXT}){{0,5}}"
_TIME = (rf"(?:[\[(]?\d{{1,2}}(?::\d{{2}}){{1,2}}(?:[.,]\d{{1,3}})?[\])]?{_SPACE}*"
         rf"(?:[-–—]{_SPACE}*)?)")
#: the default label rules (see the module notes), for the ``regex`` engine
DEFAULT_PATTERN = (
    rf"{_SPACE}*{_TIME}?"
    rf"(?:\[(?P<bracket>{_NAME})\](?:{_SPACE}{{0,3}}[:：﹕])?(?={_SPACE}|$)"
    rf"|(?P<colon>{_NAME})(?:{_SPACE}{{0,3}}:(?={_SPACE}|$)|{_SPACE}{{0,3}}[：﹕]))"
)
_DEFAULT = regex_engine.compile(DEFAULT_PATTERN, regex_engine.MULTILINE | regex_engine.VERSION0)
#: bracketed notes of transcribers, never speakers (compared with case ignored)
TRANSCRIPTION_NOTES = frozenset(
    "laughs laughter laughing inaudible unintelligible crosstalk pause silence unclear noise "
    "music applause coughs cough sighs overlapping break interruption phone background "
    "indistinct".split()
)
_SPACES = re.compile(r"\s+")


@dataclass(frozen=True)
class Turn:
    """One turn: the speaker's name as written (spacing collapsed) and the ``[start, end)``
    (code points) of what they say; ``label`` is where the label's line starts."""

    speaker: str
    start: int
    end: int
    label: int

    @property
    def key(self) -> str:
        return self.speaker.casefold()


@dataclass(frozen=True)
class Speaker:
    """A speaker over the documents looked at: name (as most often written), turns, the
    characters of their turns, and in how many documents they speak."""

    name: str
    turns: int
    characters: int
    documents: int


@dataclass
class SpeakerReport:
    """What :func:`find_speakers` found: the speakers in order of first appearance, each
    document's turns, and how many documents were read."""

    speakers: list[Speaker]
    turns: dict[int, list[Turn]]
    documents: int
    pattern: str | None = None

    def speaker(self, name: str) -> Speaker | None:
        wanted = " ".join(name.split()).casefold()
        return next((s for s in self.speakers if s.name.casefold() == wanted), None)


def compile_speaker_pattern(pattern: str | None) -> regex_engine.Pattern[str]:
    """The default rules, or a user's pattern (Python ``re`` syntax, checked with ``re``
    first, run by the ``regex`` engine that can be stopped). Raises :class:`GlocalError`
    (one line) for an invalid pattern."""
    if pattern is None:
        return _DEFAULT
    if not pattern.strip():
        raise GlocalError("the speaker pattern is empty")
    try:
        re.compile(pattern, re.MULTILINE)
        return regex_engine.compile(pattern, regex_engine.MULTILINE | regex_engine.VERSION0)
    except (re.error, regex_engine.error) as error:
        raise GlocalError(f"{pattern!r} is not a valid regular expression: {error}") from None


def _name_of(match: regex_engine.Match[str], default: bool) -> str:
    if default:
        raw = match.group("bracket") or match.group("colon") or ""
    else:
        groups = match.re.groupindex
        key = "speaker" if "speaker" in groups else "name" if "name" in groups else None
        if key is not None:
            raw = match.group(key) or ""
        elif match.re.groups:
            raw = match.group(1) or ""
        else:
            raw = match.group(0).strip().rstrip(":：﹕").strip().strip("[]")
    return _SPACES.sub(" ", raw).strip()


def find_turns(
    text: str,
    pattern: regex_engine.Pattern[str] | None = None,
    deadline: Deadline | None = None,
) -> list[Turn]:
    """The turns of one text, in order (see the module notes). ``pattern`` from
    :func:`compile_speaker_pattern` (None: the default rules); ``deadline`` shared by the
    documents of one run. Raises :class:`PatternTooSlow` past the deadline."""
    compiled = pattern or _DEFAULT
    default = compiled is _DEFAULT
    deadline = deadline or Deadline(compiled.pattern, REGEX_TIME_BUDGET)
    labels: list[tuple[int, int, str]] = []  # line start, end of the label, speaker
    position, length = 0, len(text)
    while position < length:
        try:
            match = compiled.match(text, position, timeout=deadline.remaining())
        except TimeoutError:
            raise deadline.exceeded() from None
        if match is not None and match.end() > position:
            name = _name_of(match, default)
            if name and not (default and match.group("bracket")
                             and name.casefold() in TRANSCRIPTION_NOTES):
                labels.append((position, match.end(), name))
        newline = text.find("\n", position)
        if newline == -1:
            break
        position = newline + 1
    turns: list[Turn] = []
    for index, (line, after, name) in enumerate(labels):
        end = labels[index + 1][0] if index + 1 < len(labels) else length
        start = after
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        turns.append(Turn(name, start, end, line))
    return turns


def summarize(turns: dict[int, list[Turn]]) -> list[Speaker]:
    """The speakers of ``turns`` (document id -> turns), in order of first appearance."""
    order: list[str] = []
    spellings: dict[str, dict[str, int]] = {}
    counts: dict[str, list[int]] = {}
    documents: dict[str, set[int]] = {}
    for document_id, found in turns.items():
        for turn in found:
            key = turn.key
            if key not in counts:
                order.append(key)
                counts[key] = [0, 0]
                spellings[key] = {}
            counts[key][0] += 1
            counts[key][1] += turn.end - turn.start
            spellings[key][turn.speaker] = spellings[key].get(turn.speaker, 0) + 1
            documents.setdefault(key, set()).add(document_id)
    speakers = []
    for key in order:
        written = max(spellings[key].items(), key=lambda item: item[1])[0]  # first on ties
        speakers.append(Speaker(written, counts[key][0], counts[key][1], len(documents[key])))
    return speakers


def find_speakers(
    texts: DocumentTexts, document_ids: Sequence[int], pattern: str | None = None
) -> SpeakerReport:
    """The turns and speakers of the documents ``document_ids`` (see the module notes).
    Raises :class:`GlocalError` for a bad pattern, :class:`PatternTooSlow` past the time
    budget."""
    compiled = compile_speaker_pattern(pattern)
    deadline = Deadline(pattern or "the speaker rules", REGEX_TIME_BUDGET)
    turns: dict[int, list[Turn]] = {}
    for document_id in document_ids:
        found = find_turns(texts.text(document_id), compiled, deadline)
        if found:
            turns[document_id] = found
    return SpeakerReport(summarize(turns), turns, len(document_ids), pattern)


@dataclass(frozen=True)
class SpeakerCodingResult:
    """What coding speakers' turns did: the parent code, each speaker's code (by name as
    coded), the new codings, and how many turns a coding of the speaker's code already
    covered (left alone)."""

    parent_id: int
    code_ids: dict[str, int]
    coding_ids: list[int] = field(default_factory=list)
    covered: int = 0
    codes_added: int = 0


def _speaker_codes(journal: Journal, names: list[str]) -> tuple[int, dict[str, int], int]:
    """The parent code "Speakers" (made, not codable, if no top-level code has that name) and
    a code under it per speaker (an existing one of the same name, case ignored, or a new
    one): ``(parent id, name -> code id, codes added)``."""
    conn = journal.conn
    tops = queries.child_code_names(conn, None)
    parent = next((code_id for code_id, name in tops.items()
                   if name.casefold() == SPEAKERS_CODE.casefold()), None)
    added = 0
    if parent is None:
        [parent] = add_codes(journal, [NewCode(SPEAKERS_CODE, fields={
            "codable": False,
            "short_definition": "Turns of each speaker in transcripts, coded by the app"})])
        added += 1
    children = {name.casefold(): code_id
                for code_id, name in queries.child_code_names(conn, parent).items()}
    missing = [name for name in names if name.casefold() not in children]
    new_ids = add_codes(journal, [NewCode(name, parent_id=parent) for name in missing])
    children.update({name.casefold(): code_id for name, code_id in zip(missing, new_ids,
                                                                      strict=True)})
    for name in names:
        row = journal.fetch("codes", children[name.casefold()])
        assert row is not None
        if not row["codable"]:
            raise InvalidOperation(f"the code {SPEAKERS_CODE}/{row['name']} only groups other "
                                   "codes; make it codable to code turns with it")
    return parent, {name: children[name.casefold()] for name in names}, added + len(new_ids)


def apply_speaker_coding(
    journal: Journal,
    report: SpeakerReport,
    coder_name: str,
    speakers: Collection[str] | None = None,
) -> SpeakerCodingResult:
    """Code each turn of ``report`` (only of ``speakers``, names with case ignored, when
    given) with its speaker's code under "Speakers", made where missing, in the caller's one
    transaction. A turn that a coding of the speaker's code already covers (by any coder, as
    after running this twice) is left alone; empty turns are not coded. Raises
    :class:`InvalidOperation` when there is no turn to code or a speaker is not in the
    report."""
    chosen = [s.name for s in report.speakers]
    if speakers is not None:
        wanted = {" ".join(name.split()).casefold() for name in speakers}
        unknown = wanted - {name.casefold() for name in chosen}
        if unknown:
            raise InvalidOperation(f"no turns of {sorted(unknown)[0]!r} were found; the "
                                   f"speakers are {', '.join(chosen) or 'none'}")
        chosen = [name for name in chosen if name.casefold() in wanted]
    if not chosen:
        raise InvalidOperation("no speakers' turns were found; nothing was coded")
    parent, code_ids, added = _speaker_codes(journal, chosen)
    by_key = {name.casefold(): code_id for name, code_id in code_ids.items()}
    coder_id = ensure_coder(journal, coder_name)
    created_at = now()
    rows: list[dict] = []
    covered = 0
    conn = journal.conn
    for document_id, turns in report.turns.items():
        length = queries.document_name_and_length(conn, document_id)
        if length is None:
            raise InvalidOperation(f"there is no document with id {document_id}")
        coverage: dict[int, Coverage] = {}
        for turn in turns:
            code_id = by_key.get(turn.key)
            if code_id is None or turn.end <= turn.start:
                continue
            if not turn.end <= length[1]:
                raise InvalidOperation(f"a turn lies outside {length[0]!r}; find the speakers "
                                       "again")
            if code_id not in coverage:
                coverage[code_id] = Coverage(queries.code_spans(conn, document_id, code_id))
            if coverage[code_id].covers(turn.start, turn.end):
                covered += 1
                continue
            rows.append({"guid": "", "document_id": document_id, "code_id": code_id,
                         "coder_id": coder_id, "start": turn.start, "end": turn.end, "memo": "",
                         "created_at": created_at})
    for row, guid in zip(rows, new_guids(len(rows)), strict=True):
        row["guid"] = guid
    return SpeakerCodingResult(parent, code_ids, journal.insert_many("codings", rows), covered,
                               added)


def turn_texts(text: str, turns: Iterable[Turn]) -> list[str]:
    """What each turn says (for previews and tests)."""
    return [text[turn.start:turn.end] for turn in turns]
