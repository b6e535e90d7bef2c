"""Long random sequences of operations, undone and redone: the file always returns to exactly
the state it had at that step (losing or changing a coding on the way would show here)."""

from __future__ import annotations

import random

import pytest

from glocal_annotator.errors import GlocalError
from tests.projects import MIXED_TEXT, add_text, empty_project


def _state(project) -> tuple:
    conn = project.conn
    return tuple(
        tuple(conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall())
        for table in ("codes", "codings", "coders", "documents")
    )


def _random_operation(project, rng: random.Random):
    documents = [d.id for d in project.documents()]
    codes = [c.id for c in project.codes()]
    codings = [c.id for c in project.codings()]
    length = {d.id: d.characters for d in project.documents()}
    choice = rng.randrange(10)
    if choice <= 3 and codes:
        document = rng.choice(documents)
        start = rng.randrange(0, length[document] - 1)
        end = rng.randrange(start + 1, min(length[document], start + 60) + 1)
        return project.add_coding(document, rng.choice(codes), start, end,
                                  coder=rng.choice(["ana", "ben"]))
    if choice == 4 and codings:
        return project.remove_coding(rng.choice(codings))
    if choice == 5 and codings:
        return project.set_coding_memo(rng.choice(codings), f"memo {rng.random():.3f}")
    if choice == 6:
        parent = rng.choice([None, *codes])
        return project.add_code(f"code {rng.randrange(10_000)}", parent)
    if choice == 7 and len(codes) > 1:
        return project.move_code(rng.choice(codes), rng.choice([None, *codes]),
                                 rng.randrange(0, 4))
    if choice == 8 and len(codes) > 1:
        source, target = rng.sample(codes, 2)
        return project.merge_codes(source, target)
    if choice == 9 and len(codes) > 2:
        return project.delete_code(rng.choice(codes))
    return project.rename_code(rng.choice(codes), f"renamed {rng.randrange(10_000)}") if codes \
        else project.add_code("first")


@pytest.mark.parametrize("seed", range(6))
def test_random_operations_undo_and_redo_exactly(tmp_path, seed):
    rng = random.Random(seed)
    with empty_project(tmp_path, f"seq{seed}.glocal") as project:
        add_text(project, "mixed.txt", MIXED_TEXT)
        add_text(project, "plain.txt", "The global chain sells rice burgers.\n" * 5)
        a, b, c, d = (project.add_code(name).result for name in ("A", "B", "C", "D"))
        plain = project.find_document("plain.txt").id
        states = [_state(project)]
        changes = []
        # every kind at least once, then at random
        for step in (
            lambda: project.add_coding(plain, b, 0, 10),
            lambda: project.add_coding(plain, c, 4, 20, coder="ana"),
            lambda: project.move_code(c, a, 0),
            lambda: project.merge_codes(b, a),
            lambda: project.delete_code(d),
            lambda: project.delete_code(c),
        ):
            changes.append(step())
            states.append(_state(project))
        while len(changes) < 80:
            try:
                change = _random_operation(project, rng)
            except GlocalError:  # refused (a name clash, a cycle ...): nothing changed
                assert _state(project) == states[-1]
                continue
            changes.append(change)
            states.append(_state(project))
        inverses = []
        for step in range(len(changes) - 1, -1, -1):
            inverses.append(changes[step].undo())
            assert _state(project) == states[step], f"undo of step {step} ({changes[step]})"
        for step, inverse in enumerate(reversed(inverses), start=1):
            inverse.undo()
            assert _state(project) == states[step], f"redo of step {step}"
        assert project.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert project.conn.execute("PRAGMA foreign_key_check").fetchall() == []
