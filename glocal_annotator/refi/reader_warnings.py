"""What the common REFI-QDA readers drop from a codebook we write, said before they drop it.

Checked against QualCoder's importer (``src/qualcoder/refi.py``, 2024-2025), the most used free
reader, and its database: a code name is unique in its ``code_name`` table (an import of a second
code of the same name is dropped, and the codings meant for it go to the first), and a folder
(``isCodable="false"``, a QualCoder category) can only sit inside another folder, never inside a
code (QualCoder puts a category under a code at the top level, so the tree is flattened there).
The REFI-QDA standard allows both; this app allows both. Pure: a codebook in, lines out.
"""

from __future__ import annotations

from glocal_annotator.model import Codebook, CodebookNode


def reader_warnings(codebook: Codebook) -> list[str]:
    """One line for each thing a common reader will not keep: code names used more than once
    (compared case-insensitively, with surrounding spaces ignored) and folders inside codable
    codes. Empty when the codebook travels whole."""
    warnings: list[str] = []
    names: dict[str, list[str]] = {}
    folders_in_codes: list[str] = []
    stack: list[tuple[CodebookNode, CodebookNode | None]] = [
        (node, None) for node in reversed(codebook.codes)
    ]
    while stack:
        node, parent = stack.pop()
        names.setdefault(" ".join(node.name.split()).casefold(), []).append(node.name)
        if not node.codable and parent is not None and parent.codable:
            folders_in_codes.append(f"{node.name!r} in {parent.name!r}")
        stack.extend((child, node) for child in reversed(node.children))
    repeated = [found for found in names.values() if len(found) > 1]
    if repeated:
        shown = ", ".join(f"{found[0]!r} ({len(found)} codes)" for found in repeated[:10])
        more = f" and {len(repeated) - 10} more" if len(repeated) > 10 else ""
        warnings.append(
            f"QualCoder needs unique code names and will keep only one code of each of these "
            f"names, putting the others' codings on it: {shown}{more}. Rename them first to keep "
            "them apart."
        )
    if folders_in_codes:
        shown = ", ".join(folders_in_codes[:10])
        more = f" and {len(folders_in_codes) - 10} more" if len(folders_in_codes) > 10 else ""
        warnings.append(
            f"QualCoder cannot put a folder (a code that is not codable) inside a codable code, "
            f"so it will not keep these where they are: {shown}{more}. Make the parent a folder "
            "or the folder codable first."
        )
    return warnings
