"""Applying a codebook import plan (:class:`~.codebook_merge_plan.ImportPlan`).

Planning (matching a codebook to the project's codes) lives in :mod:`.codebook_merge_plan`; this
module only writes the plan's adds and updates through the :mod:`.codebook` operations. Only
``Project.apply_codebook_plan`` calls it.
"""

from __future__ import annotations

from glocal_annotator.errors import CodebookError
from glocal_annotator.model import CODE_TEXT_FIELDS
from glocal_annotator.operations import codebook as code_ops
from glocal_annotator.operations.codebook_merge_plan import (
    ADD,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    field_text,
    fingerprint,
)
from glocal_annotator.refi.colors import parse_color
from glocal_annotator.store import queries
from glocal_annotator.store.journal import Journal


def apply_plan(journal: Journal, plan: ImportPlan) -> dict[str, int]:
    """Carry out ``plan`` (updates, then every add in one pass) inside the caller's transaction;
    linear in the plan's size (a 5,000-code codebook in well under a second).

    Returns ``{"added", "updated", "unchanged"}`` counts. Raises :class:`CodebookError` if the
    codebook changed since the plan was made.
    """
    apply_items(journal, plan)
    counts = plan.counts()
    return {"added": counts[ADD], "updated": counts[UPDATE], "unchanged": counts[UNCHANGED]}


def apply_items(journal: Journal, plan: ImportPlan) -> dict[int, int]:
    """Carry out ``plan`` as :func:`apply_plan` does; return the code id of every item (added
    or matched), by the item's index in ``plan.items``."""
    if plan.fingerprint != fingerprint(queries.codes(journal.conn)):
        raise CodebookError(
            "The codebook changed after this import was previewed; preview it again. "
            "Nothing was imported."
        )
    new_ids: dict[int, int] = {}
    specs: list[code_ops.NewCode] = []
    spec_of_item: dict[int, int] = {}  # plan item index -> index in specs
    for index, item in enumerate(plan.items):
        if item.code_id is not None:
            new_ids[index] = item.code_id
        if item.action == ADD:
            parent_index = spec_of_item.get(item.parent_item) if item.parent_item is not None \
                else None
            spec_of_item[index] = len(specs)
            specs.append(code_ops.NewCode(
                item.name,
                parent_id=None if parent_index is not None else item.parent_id,
                parent_index=parent_index,
                color=parse_color(item.node.color),
                guid=item.guid,
                fields={
                    "codable": bool(item.node.codable),
                    **{name: field_text(getattr(item.node, name)) for name in CODE_TEXT_FIELDS},
                },
            ))
        elif item.action == UPDATE:
            assert item.code_id is not None
            changes = dict(item.changes)
            if "name" in changes:
                code_ops.rename_code(journal, item.code_id, changes.pop("name"))
            if "color" in changes:
                code_ops.recolor_code(journal, item.code_id, changes.pop("color"))
            if changes:
                code_ops.update_code_fields(journal, item.code_id, **changes)
    ids = code_ops.add_codes(journal, specs)  # one pass over the codebook for every new code
    for index, spec_index in spec_of_item.items():
        new_ids[index] = ids[spec_index]
    return new_ids
