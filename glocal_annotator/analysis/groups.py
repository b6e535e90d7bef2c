"""Groups of documents to compare or filter by: document sets and the values of a document
variable, as ``label -> document ids``.

They are read through ``Project.document_sets()`` and ``Project.variable_groups(name)`` (the
document variables and sets of issue 12). On a project object without them this module says so
with one line (:class:`~glocal_annotator.errors.GlocalError`) rather than fail.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping

from glocal_annotator.errors import GlocalError, NotFound
from glocal_annotator.project import Project
from glocal_annotator.suggest import did_you_mean

UNAVAILABLE = "document sets and variables are not available in this version"


def document_sets(project: Project) -> dict[str, frozenset[int]]:
    """Set name -> the ids of its documents. Raises GlocalError when sets are unavailable."""
    read = getattr(project, "document_sets", None)
    if read is None:
        raise GlocalError(UNAVAILABLE)
    return {name: frozenset(ids) for name, ids in read().items()}


def variable_groups(project: Project, name: str) -> dict[str, frozenset[int]]:
    """A variable's values (as text) -> the ids of the documents with that value (``""``: no
    value). Raises GlocalError when variables are unavailable, NotFound for an unknown one (as
    the project says)."""
    read = getattr(project, "variable_groups", None)
    if read is None:
        raise GlocalError(UNAVAILABLE)
    return {value: frozenset(ids) for value, ids in read(name).items()}


def pick(groups: Mapping[str, Collection[int]], wanted: str, what: str) -> frozenset[int]:
    """The documents of the group named ``wanted`` (case ignored). Raises NotFound with the
    names there are."""
    for label, ids in groups.items():
        if label.casefold() == wanted.strip().casefold():
            return frozenset(ids)
    raise NotFound(f"there is no {what} {wanted!r}" + did_you_mean(wanted, list(groups)))


def filtered_documents(project: Project, document_ids: Iterable[int] | None,
                       sets: Iterable[str] = (), variables: Iterable[str] = ()
                       ) -> list[int] | None:
    """The documents a filter keeps: ``document_ids`` (None: any), in any of the ``sets``
    named, and for each variable of ``variables`` (``KEY=VALUE`` items; several values of one
    key: any of them) with one of its values. None when nothing filters. Raises GlocalError
    for a malformed item or when sets/variables are unavailable, NotFound for unknown names."""
    kept: set[int] | None = None if document_ids is None else set(document_ids)
    sets = list(sets)
    if sets:
        all_sets = document_sets(project)
        chosen = set().union(*(pick(all_sets, name, "document set") for name in sets))
        kept = chosen if kept is None else kept & chosen
    values: dict[str, list[str]] = {}
    for item in variables:
        key, equals, value = item.partition("=")
        if not equals or not key.strip():
            raise GlocalError(f"write a variable filter as KEY=VALUE, not {item!r}")
        values.setdefault(key.strip(), []).append(value.strip())
    for key, wanted in values.items():
        groups = variable_groups(project, key)
        chosen = set().union(*(pick(groups, value, f"value of {key}") for value in wanted))
        kept = chosen if kept is None else kept & chosen
    return None if kept is None else sorted(kept)
