"""The README stays true to the command line: every command it shows exists and every command
that exists is shown."""

from __future__ import annotations

import argparse
import re
import shlex
from pathlib import Path

from glocal_annotator.cli import build_parser

README = Path(__file__).resolve().parents[1] / "README.md"


def _commands(parser: argparse.ArgumentParser, words: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            names = {id(sub): name for name, sub in reversed(action.choices.items())}
            for sub_id, name in names.items():  # aliases once, by their first name
                sub = action.choices[name]
                assert id(sub) == sub_id
                yield (*words, name)
                yield from _commands(sub, (*words, name))


def _readme_lines() -> list[str]:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## The command line") : text.index("## Where things live")]
    blocks = re.findall(r"```bash\n(.*?)```", section, flags=re.S)
    joined = "\n".join(blocks).replace("\\\n", " ")
    return [line.strip() for line in joined.splitlines() if line.strip()]


def test_every_command_is_in_the_readme():
    shown = " ".join(_readme_lines())
    missing = [
        " ".join(words)
        for words in _commands(build_parser())
        if words != ("gui",)
        and f"glocal-annotator {' '.join(words)} " not in shown + " "
    ]
    assert missing == []


def test_every_readme_command_parses():
    parser = build_parser()
    checked = 0
    for line in _readme_lines():
        if not line.startswith("glocal-annotator ") or "[" in line.split()[1]:
            continue
        # leave out optional parts ([...]) and repeat marks (...), as a user would
        cleaned = re.sub(r"\[[^\]]*\](\.\.\.)?", "", line)
        args = shlex.split(cleaned, comments=True)[1:]
        if "|" in " ".join(args):
            continue
        parser.parse_args(args)  # SystemExit (a failure here) on anything argparse refuses
        checked += 1
    assert checked >= 20
