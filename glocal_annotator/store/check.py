"""Is a project file healthy? SQLite's own checks and the app's rules, as a list of problems.

Two depths:

- :func:`open_problems`, run on every open (tens of milliseconds at 50,000 codings): every
  table, column, index, trigger and the search index present; every reference resolves
  (``PRAGMA foreign_key_check``); each coding's range lies inside its document's text; the code
  tree has no cycle; JSON columns parse to the right shape; every value has its column's type
  (a text stored as a blob is caught); the search data lists exactly the documents (schema
  version 2: one ``search_texts`` row per document, of the current fold version, and the
  ``search_fts`` index over them; version 1: ``documents_fts`` over the texts).
- :func:`full_problems`, for ``glocal-annotator check``: all of that, plus ``PRAGMA
  integrity_check`` (every page of the file), each document's character count against its
  text, each stored search form against the one its text makes now (version 2), and the
  search index's word counts against a fresh index of what it indexes, and each
  document-variable value against its variable's type (version 3).

Every problem is one line a user can read. A check that cannot even read its rows (a corrupt
page) is itself a problem, not an exception: the checks never raise ``sqlite3.DatabaseError``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass

from glocal_annotator.store.check_variables import KIND as VARIABLE_KIND
from glocal_annotator.store.check_variables import unfit_variables
from glocal_annotator.store.expected import (
    SEARCH_FORMS_TABLE,
    Column,
    data_tables,
    expected_schema,
    has_search_forms,
    search_index,
)
from glocal_annotator.store.schema import TABLE_COLUMNS
from glocal_annotator.text_forms.equivalence import FOLD_VERSION
from glocal_annotator.wording import agreeing, plural

#: at most this many problems of one kind are listed; the rest are counted
LISTED_PER_KIND = 20

_SINGULAR = {
    "project_info": "project setting",
    "coders": "coder",
    "documents": "document",
    "codes": "code",
    "codings": "coding",
    "memos": "memo",
    "variables": "variable",
    "variable_values": "variable value",
    "document_sets": "document set",
    "document_set_members": "document set membership",
}


def _thing(table: str) -> str:
    return _SINGULAR.get(table, table)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a project file.

    ``kind``: file (corrupt pages), schema, reference, range, tree, json, type, index
    (the search index) or variable (a document-variable value that does not fit its
    variable's type, or a variable whose type or choices cannot be read: the user fixes it
    with ``var set`` or ``var edit``, no salvage needed). ``derived``: the problem is only
    in what can be rebuilt from the rest (the search index, an index or a trigger), so
    rebuilding repairs it and no work is lost.
    """

    kind: str
    message: str
    derived: bool = False


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._counts: dict[str, int] = {}
        self._seen: set[str] = set()

    def add(self, kind: str, message: str, derived: bool = False) -> None:
        if message in self._seen:  # found by two checks
            return
        self._seen.add(message)
        count = self._counts.get(kind, 0) + 1
        self._counts[kind] = count
        if count <= LISTED_PER_KIND:
            self.problems.append(Problem(kind, message, derived))

    def finish(self) -> list[Problem]:
        for kind, count in self._counts.items():
            if count > LISTED_PER_KIND:
                derived = all(p.derived for p in self.problems if p.kind == kind)
                self.problems.append(
                    Problem(kind, f"... and {count - LISTED_PER_KIND} more {kind} problems",
                            derived)
                )
        return self.problems

    def guarded(self, what: str, check: Callable[[], None], kind: str = "file") -> None:
        """Run ``check``; if the file cannot be read for it, that is the problem (derived
        when it is the search index's)."""
        try:
            check()
        except sqlite3.DatabaseError as error:
            self.add(kind, f"{what} could not be read: {error}", kind == "index")


def _present(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT name, type FROM main.sqlite_master"))


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f'PRAGMA main.table_info("{table}")')}


def _usable_tables(conn: sqlite3.Connection, version: int) -> dict[str, set[str]]:
    """Data tables that are present with every expected column."""
    try:
        present = _present(conn)
    except sqlite3.DatabaseError:
        return {}
    usable: dict[str, set[str]] = {}
    for name, item in data_tables(version).items():
        if present.get(name) != "table":
            continue
        try:
            columns = _columns(conn, name)
        except sqlite3.DatabaseError:
            continue
        if {c.name for c in item.columns} <= columns:
            usable[name] = columns
    return usable


# -- the checks ------------------------------------------------------------------------------


def _schema(conn: sqlite3.Connection, version: int, found: _Collector) -> None:
    present = _present(conn)
    expected = expected_schema(version)
    index = search_index(version)
    for name, item in expected.items():
        kind = present.get(name)
        if kind is None:
            if name == index:
                found.add("index", "the search index is missing", derived=True)
            elif name == SEARCH_FORMS_TABLE:
                found.add("index", f"the search forms table ({name}) is missing",
                          derived=True)
            elif name.startswith(index):
                if index in present:
                    found.add("index", f"part of the search index ({name}) is missing",
                              derived=True)
            elif item.derived:
                if item.table in present:  # else the missing table is the problem
                    found.add("schema", f"the {item.kind} {name} is missing", derived=True)
            else:
                found.add("schema", f"the {name} table is missing")
            continue
        if kind != item.kind:
            found.add("schema", f"{name} is a {kind} where a {item.kind} belongs", item.derived)
            continue
        if item.columns:
            missing = [c.name for c in item.columns if c.name not in _columns(conn, name)]
            if missing:
                plural = "s" if len(missing) > 1 else ""
                found.add("index" if name == SEARCH_FORMS_TABLE else "schema",
                          f"the {name} table has no {', '.join(missing)} column{plural}",
                          item.derived)


def _references(conn: sqlite3.Connection, tables: dict[str, set[str]], found: _Collector,
                skip: tuple[str, ...] = ()) -> None:
    """``PRAGMA foreign_key_check``, table by table (but those in ``skip``)."""
    for table in tables:
        if table in skip:
            continue
        keys = {row[0]: (row[2], row[3]) for row in conn.execute(
            f'PRAGMA main.foreign_key_list("{table}")')}
        if not keys:
            continue
        if any(parent not in tables for parent, _column in keys.values()):
            continue  # its parent table is missing: reported as such
        for row in conn.execute(f'PRAGMA main.foreign_key_check("{table}")'):
            _child, rowid, parent, key_id = row
            column = keys[key_id][1]
            value = conn.execute(
                f'SELECT "{column}" FROM main."{table}" WHERE rowid = ?', (rowid,)
            ).fetchone()
            shown = value[0] if value else "?"
            found.add("reference", f"{_thing(table)} {rowid} refers to {_thing(parent)} "
                      f"{shown}, which does not exist")


_LENGTHS = "temp.glocal_check_lengths"


def _documents(conn: sqlite3.Connection, tables: dict[str, set[str]], found: _Collector) -> None:
    """Each document's page list and metadata parse to the right shape, in one pass (their
    columns follow the text, so reading them walks its pages: once is enough), and keep each
    document's character count in a temporary table for :func:`_codings`."""
    conn.execute(f"DROP TABLE IF EXISTS {_LENGTHS}")
    conn.execute(f"CREATE TABLE {_LENGTHS} (id INTEGER PRIMARY KEY, characters)")
    if "documents" not in tables:
        return
    rows = conn.execute(
        "SELECT id, characters, "
        "CASE WHEN typeof(page_starts) = 'text' AND json_valid(page_starts) "
        "     THEN json_type(page_starts) END, "
        "CASE WHEN json_valid(page_starts) AND json_type(page_starts) = 'array' THEN "
        "     (SELECT count(*) FROM json_each(page_starts) WHERE type != 'integer') END, "
        "CASE WHEN typeof(metadata) = 'text' AND json_valid(metadata) "
        "     THEN json_type(metadata) END "
        "FROM documents"
    ).fetchall()
    conn.executemany(f"INSERT INTO {_LENGTHS} VALUES (?, ?)", [row[:2] for row in rows])
    for document_id, _characters, pages, not_positions, metadata in rows:
        if pages is None:
            found.add("json", f"document {document_id}: its page list is not valid JSON")
        elif pages != "array":
            found.add("json", f"document {document_id}: its page list is not a JSON list")
        elif not_positions:
            found.add("json", f"document {document_id}: its page list holds something other "
                      "than character positions")
        if metadata is None:
            found.add("json", f"document {document_id}: its metadata is not valid JSON")
        elif metadata != "object":
            found.add("json", f"document {document_id}: its metadata is not a JSON object")


def _codings(conn: sqlite3.Connection, version: int, tables: dict[str, set[str]],
             found: _Collector) -> None:
    """Every coding in one pass: its values have their types, it refers to a document, code
    and coder that exist, and its range lies inside its document's text (character counts
    from :func:`_documents`, so no document's text is read again)."""
    if not {"codings", "documents", "codes", "coders"} <= tables.keys():
        return
    columns = [c for c in data_tables(version)["codings"].columns
               if c.declared in ("TEXT", "INTEGER")]
    types = " OR ".join(f'typeof(c."{c.name}") NOT IN ({_allowed(c)})' for c in columns)
    stored = ", ".join(f'typeof(c."{c.name}")' for c in columns)
    rows = conn.execute(
        'SELECT c.id, c.document_id, c.code_id, c.coder_id, c.start, c."end", '
        f"d.id IS NULL, k.id IS NULL, r.id IS NULL, d.characters, {types}, {stored} "
        f"FROM main.codings c LEFT JOIN {_LENGTHS} d ON d.id = c.document_id "
        "LEFT JOIN main.codes k ON k.id = c.code_id "
        "LEFT JOIN main.coders r ON r.id = c.coder_id "
        f"WHERE d.id IS NULL OR k.id IS NULL OR r.id IS NULL OR {types} "
        'OR NOT (c.start >= 0 AND c."end" > c.start AND c."end" <= d.characters)'
    )
    for row in rows:
        (coding_id, document_id, code_id, coder_id, start, end, no_document, no_code,
         no_coder, characters, bad_type) = row[:11]
        for missing, thing, value in ((no_document, "document", document_id),
                                      (no_code, "code", code_id), (no_coder, "coder", coder_id)):
            if missing:
                found.add("reference", f"coding {coding_id} refers to {thing} {value}, which "
                          "does not exist")
        if bad_type:
            _report_types("codings", coding_id, columns, row[11:], found)
        elif not no_document and not (0 <= start < end <= characters):
            found.add("range", f"coding {coding_id} covers [{start}, {end}), outside its "
                      f"document {document_id} of {plural(characters, 'character')}")


def _report_types(table: str, key: object, columns: list[Column], stored: tuple,
                  found: _Collector) -> None:
    for column, kind in zip(columns, stored, strict=True):
        wanted = column.declared.lower()
        if kind == wanted or (kind == "null" and not column.not_null):
            continue
        shown = {"blob": "a blob", "null": "empty (NULL)"}.get(kind, f"a {kind}")
        found.add("type", f"{_thing(table)} {key}: its {column.name} is stored as {shown}, "
                  f"not as {wanted}")


def _tree(conn: sqlite3.Connection, tables: dict[str, set[str]], found: _Collector) -> None:
    if "codes" not in tables:
        return
    parents = dict(conn.execute("SELECT id, parent_id FROM codes"))
    state: dict[int, int] = {}  # 1: on the current path, 2: known to reach the top
    for start in parents:
        path: list[int] = []
        node = start
        while node is not None and node in parents and state.get(node) != 2:
            if state.get(node) == 1:
                cycle = path[path.index(node):] + [node]
                shown = " → ".join(str(n) for n in cycle)
                found.add("tree", f"code {node} is its own ancestor ({shown})")
                break
            state[node] = 1
            path.append(node)
            node = parents[node]
        for visited in path:
            state[visited] = 2


def _types(conn: sqlite3.Connection, version: int, tables: dict[str, set[str]],
           found: _Collector, skip: tuple[str, ...] = ()) -> None:
    """Every value has its column's type (reading only the rows' headers)."""
    for name, item in data_tables(version).items():
        if name not in tables or name in skip:
            continue
        columns = [c for c in item.columns if c.declared in ("TEXT", "INTEGER")]
        if not columns:
            continue
        key = "key" if name == "project_info" else "rowid"
        condition = " OR ".join(f'typeof("{c.name}") NOT IN ({_allowed(c)})' for c in columns)
        selected = ", ".join(f'typeof("{c.name}")' for c in columns)
        rows = conn.execute(f'SELECT {key}, {selected} FROM main."{name}" WHERE {condition}')
        for row in rows:
            _report_types(name, row[0], columns, row[1:], found)


def _allowed(column: Column) -> str:
    wanted = f"'{column.declared.lower()}'"
    return wanted if column.not_null else wanted + ", 'null'"


def _forms_usable(conn: sqlite3.Connection, version: int) -> bool:
    """Schema ``version`` keeps search forms and their table has every column."""
    return has_search_forms(version) and set(TABLE_COLUMNS[SEARCH_FORMS_TABLE]) <= _columns(
        conn, SEARCH_FORMS_TABLE)


def _index_in_step(conn: sqlite3.Connection, version: int, tables: dict[str, set[str]],
                   found: _Collector) -> None:
    """The search data lists exactly the documents: for version 2 one search forms row per
    document (of the current fold version) and the index over them; for version 1 the index
    over the documents' texts."""
    present = _present(conn)
    if "documents" not in tables:
        return
    index = search_index(version)
    if has_search_forms(version):
        if not _forms_usable(conn, version):
            return  # reported by the schema check
        missing, extra, older = conn.execute(
            "SELECT (SELECT count(*) FROM main.documents d WHERE typeof(d.text) = 'text' AND "
            f"NOT EXISTS (SELECT 1 FROM main.{SEARCH_FORMS_TABLE} s "
            "WHERE s.document_id = d.id)), "
            f"(SELECT count(*) FROM main.{SEARCH_FORMS_TABLE} s WHERE NOT EXISTS "
            "(SELECT 1 FROM main.documents d WHERE d.id = s.document_id)), "
            f"(SELECT count(*) FROM main.{SEARCH_FORMS_TABLE} WHERE version IS NOT ?)",
            (FOLD_VERSION,),
        ).fetchone()
        if missing or extra or older:
            found.add("index", f"the search forms are out of step with the documents "
                      f"({missing} missing, {extra} of documents that are gone, {older} made "
                      "by another version)", derived=True)
        source, key = f"main.{SEARCH_FORMS_TABLE}", "document_id"
    else:
        source, key = "main.documents", "id"
    if present.get(index) != "table" or f"{index}_docsize" not in present:
        return
    conn.execute(f"SELECT rowid FROM main.{index} WHERE {index} MATCH 'a' LIMIT 1")
    missing = conn.execute(
        f"SELECT count(*) FROM (SELECT {key} FROM {source} EXCEPT "
        f"SELECT id FROM main.{index}_docsize)").fetchone()[0]
    extra = conn.execute(
        f"SELECT count(*) FROM (SELECT id FROM main.{index}_docsize EXCEPT "
        f"SELECT {key} FROM {source})").fetchone()[0]
    if missing or extra:
        found.add("index", f"the search index is out of step with the documents ({missing} "
                  f"not in it, {extra} in it that are gone)", derived=True)


def _run(conn: sqlite3.Connection, version: int, found: _Collector) -> None:
    found.guarded("the list of tables", lambda: _schema(conn, version, found))
    tables = _usable_tables(conn, version)
    try:
        found.guarded("the documents' page lists and metadata",
                      lambda: _documents(conn, tables, found))
        found.guarded("the codings", lambda: _codings(conn, version, tables, found))
    finally:
        with suppress(sqlite3.Error):
            conn.execute(f"DROP TABLE IF EXISTS {_LENGTHS}")
    found.guarded("the references between rows",
                  lambda: _references(conn, tables, found, skip=("codings",)))
    found.guarded("the code tree", lambda: _tree(conn, tables, found))
    covered = ("codings",) if {"codings", "documents", "codes", "coders"} <= tables.keys() \
        else ()
    found.guarded("the stored values", lambda: _types(conn, version, tables, found, covered))
    found.guarded("the search index", lambda: _index_in_step(conn, version, tables, found), "index")


def open_problems(conn: sqlite3.Connection, version: int) -> list[Problem]:
    """The quick checks run on every open (see the module notes); [] when healthy."""
    found = _Collector()
    _run(conn, version, found)
    return found.finish()


def full_problems(conn: sqlite3.Connection, version: int) -> list[Problem]:
    """Every check, for ``glocal-annotator check`` (see the module notes); [] when healthy.
    Reads every page of the file: about 0.3 s per 40 MB. Writes nothing to the file (the
    fresh index it compares against lives in memory)."""
    found = _Collector()

    def integrity() -> None:
        for (lines,) in conn.execute("PRAGMA main.integrity_check"):
            for line in str(lines).splitlines():
                if line not in ("ok", "*** in database main ***"):
                    found.add("file", f"the file is corrupt: {line}")

    found.guarded("the file's pages", integrity)
    _run(conn, version, found)
    found.guarded("the references between rows",
                  lambda: _references(conn, _usable_tables(conn, version), found))
    tables = _usable_tables(conn, version)
    found.guarded("the documents' texts", lambda: _lengths(conn, tables, found))
    found.guarded("the stored texts", lambda: _utf8(conn, version, tables, found))
    found.guarded("the search index", lambda: _index_words(conn, version, tables, found), "index")
    found.guarded("the variable values", lambda: _variables(conn, tables, found))
    return found.finish()


def _variables(conn: sqlite3.Connection, tables: dict[str, set[str]], found: _Collector) -> None:
    """Each stored document-variable value against its variable's type
    (:mod:`glocal_annotator.store.check_variables`)."""
    if {"variables", "variable_values", "documents"} <= tables.keys():
        for message in unfit_variables(conn):
            found.add(VARIABLE_KIND, message)


def _lengths(conn: sqlite3.Connection, tables: dict[str, set[str]], found: _Collector) -> None:
    """Each document's character count against its text, counted in code points as Python
    counts them (SQLite's length() stops at a NUL character)."""
    if "documents" not in tables:
        return
    rows = conn.execute(
        "SELECT id, characters, CAST(text AS BLOB) FROM documents WHERE typeof(text) = 'text'"
    )
    for document_id, characters, data in rows:
        length = len(data.decode("utf-8", "replace"))
        if length != characters:
            found.add("range", f"document {document_id} says it has "
                      f"{plural(characters, 'character')} "
                      f"but its text has {length}")


def _utf8(conn: sqlite3.Connection, version: int, tables: dict[str, set[str]],
          found: _Collector) -> None:
    """Every text is valid UTF-8 (a damaged page can leave bytes that are not, which Python
    then cannot read)."""
    for name, item in data_tables(version).items():
        if name not in tables:
            continue
        key = "key" if name == "project_info" else "rowid"
        for column in (c.name for c in item.columns if c.declared == "TEXT"):
            rows = conn.execute(
                f'SELECT {key}, CAST("{column}" AS BLOB) FROM main."{name}" '
                f"WHERE typeof(\"{column}\") = 'text'"
            )
            for row_key, data in rows:
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError as error:
                    found.add("type", f"{_thing(name)} {row_key}: its {column} is not valid "
                              f"UTF-8 (from byte {error.start})")


def _index_words(conn: sqlite3.Connection, version: int, tables: dict[str, set[str]],
                 found: _Collector) -> None:
    """Compare the index's word count of each document with a fresh index (of the texts in
    version 1, of the stored folded forms in version 2), and in version 2 each stored search
    form with the one its document's text makes now (fold version and folded text)."""
    present = _present(conn)
    if "documents" not in tables:
        return
    from glocal_annotator.store.search_index import TOKENIZE, fresh_search_forms

    forms = has_search_forms(version)
    if forms:
        if not _forms_usable(conn, version):
            return
        stale = 0
        stored = f"SELECT version, folded FROM main.{SEARCH_FORMS_TABLE} WHERE document_id = ?"
        for row in fresh_search_forms(conn):
            have = conn.execute(stored, (row["document_id"],)).fetchone()
            if have is not None and (have[0] != row["version"] or have[1] != row["folded"]):
                stale += 1
        if stale:
            found.add("index", f"the search forms of {plural(stale, 'document')} do not match "
                      f"{agreeing(stale, 'its text', 'their texts')}", derived=True)
        filling = (f"SELECT document_id, folded FROM main.{SEARCH_FORMS_TABLE} "
                   "WHERE typeof(folded) = 'text'")
    else:
        filling = "SELECT id, text FROM main.documents WHERE typeof(text) = 'text'"
    index = search_index(version)
    if f"{index}_docsize" not in present:
        return
    scratch = "temp.glocal_check_fts"
    conn.execute(f"DROP TABLE IF EXISTS {scratch}")
    conn.execute(f"CREATE VIRTUAL TABLE {scratch} USING fts5(text, content='', "
                 f"tokenize='{TOKENIZE}')")
    try:
        conn.execute(f"INSERT INTO {scratch}(rowid, text) {filling}")
        differ = conn.execute(
            f"SELECT count(*) FROM main.{index}_docsize s "
            f"JOIN {scratch}_docsize f ON f.id = s.id WHERE f.sz != s.sz"
        ).fetchone()[0]
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {scratch}")
    if differ:
        found.add("index", "the search index does not match the "
                  f"{agreeing(differ, 'text', 'texts')} of {plural(differ, 'document')}",
                  derived=True)


def summary(problems: list[Problem]) -> str:
    """The first problem, and how many more: for a one-line message."""
    first = problems[0].message
    more = len(problems) - 1
    return first if not more else f"{first}; and {more} more problem{'s' * (more > 1)}"
