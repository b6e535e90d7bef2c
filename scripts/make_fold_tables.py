"""Write ``glocal_annotator/text_forms/_tables.py``: the characters that search folding handles
one by one, for the Unicode version of the Python that runs this script.

    python scripts/make_fold_tables.py
"""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from glocal_annotator.text_forms.equivalence import compute_tables, ranges_class  # noqa: E402

TEMPLATE = '''"""Made by scripts/make_fold_tables.py; do not edit (see text_forms/equivalence.py).
"""

UNICODE_VERSION = {version!r}
# Characters folded one by one (their forms differ from the bulk replace-and-casefold passes).
SPECIAL = (
{special}
)
# Characters that normalisation may join to the character before them.
COMBINING = (
{combining}
)
'''


def _escape(character: str) -> str:
    code_point = ord(character)
    if code_point < 0x80:
        return character
    return f"\\U{code_point:08x}" if code_point > 0xFFFF else f"\\u{code_point:04x}"


def _wrapped(body: str, width: int = 88) -> str:
    """The class body as adjacent string literals of escapes, never splitting one."""
    out: list[str] = []
    current = ""
    for piece in map(_escape, body):
        if len(current) + len(piece) > width:
            out.append(current)
            current = ""
        current += piece
    if current:
        out.append(current)
    return "\n".join(f'    "{line}"' for line in out)


def main() -> None:
    special, combining = compute_tables()
    text = TEMPLATE.format(
        version=unicodedata.unidata_version,
        special=_wrapped(ranges_class(special)),
        combining=_wrapped(ranges_class(combining)),
    )
    target = ROOT / "glocal_annotator" / "text_forms" / "_tables.py"
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target} ({len(special)} special, {len(combining)} combining characters)")


if __name__ == "__main__":
    main()
