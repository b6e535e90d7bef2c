"""Benchmark: extract ~5 MB of prose from .txt and .docx (not collected by pytest).

Run: python tests/benchmarks/bench_import.py

The budgets (DESIGN.md, "Performance") are for the whole import including storage and the search
index, so extraction should take well under half of each.
"""

from __future__ import annotations

import os
import random
import sys
import tempfile
import time
from pathlib import Path

import docx

from glocal_annotator.importers import extract

TARGET_BYTES = 5 * 1024 * 1024
BUDGETS = {".txt": 0.15, ".docx": 0.5}

WORDS = [
    "the", "community", "local", "global", "market", "identity", "culture", "hybrid", "brand",
    "food", "festival", "women", "water", "river", "policy", "village", "town", "migrants",
    "music", "language", "school", "tradition", "modern", "network", "family", "farmers",
    "cooperative", "tourism", "heritage", "media", "youth", "elders", "ritual", "exchange",
    "economy", "change", "said", "we", "they", "it", "was", "is", "were", "because", "although",
    "however", "often", "never", "always", "perhaps", "really",
]
NON_ASCII = ["café", "naïve", "Zürich", "São Paulo", "Kraków", "façade", "crème", "Ñuñoa",
             "全球本土化", "العولمة", "глокализация", "👩🏽‍🔬", "e\u0301", "“quoted”", "—"]


def make_paragraphs(rng: random.Random, target_bytes: int) -> list[str]:
    """Paragraphs of 1 to 15 sentences; about one word in 25 is non-ASCII."""
    paragraphs: list[str] = []
    size = 0
    while size < target_bytes:
        sentences = []
        for _ in range(rng.randint(1, 15)):
            words = [rng.choice(NON_ASCII) if rng.random() < 0.04 else rng.choice(WORDS)
                     for _ in range(rng.randint(4, 30))]
            sentences.append(" ".join(words).capitalize() + rng.choice(".!?"))
        paragraph = " ".join(sentences)
        paragraphs.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 1
    return paragraphs


def write_docx(paragraphs: list[str], path: Path, rng: random.Random, many_runs: bool) -> None:
    """With ``many_runs``, like a real Word file: several runs per paragraph, some bold or italic
    (about 5x the XML elements of one run per paragraph, the layout DESIGN.md's figures used)."""
    document = docx.Document()
    for text in paragraphs:
        if not many_runs:
            document.add_paragraph(text)
            continue
        paragraph = document.add_paragraph()
        words = text.split(" ")
        start = 0
        while start < len(words):
            end = start + rng.randint(3, 40)
            run = paragraph.add_run(" ".join(words[start:end]) + (" " if end < len(words) else ""))
            run.bold = rng.random() < 0.1
            run.italic = rng.random() < 0.1
            start = end
    document.save(path)


def best_of(runs: int, path: Path) -> tuple[float, int]:
    best = float("inf")
    characters = 0
    for _ in range(runs):
        start = time.perf_counter()
        result = extract(path)
        best = min(best, time.perf_counter() - start)
        characters = len(result.text)
    return best, characters


def main() -> int:
    rng = random.Random(2024)
    paragraphs = make_paragraphs(rng, TARGET_BYTES)
    text = "\n".join(paragraphs)
    with tempfile.TemporaryDirectory() as tmp:
        txt = Path(tmp) / "prose.txt"
        txt.write_text(text, encoding="utf-8")
        runs = Path(tmp) / "runs.docx"
        write_docx(paragraphs, runs, rng, many_runs=True)
        plain = Path(tmp) / "plain.docx"
        write_docx(paragraphs, plain, rng, many_runs=False)
        print(f"{len(text):,} characters, {len(paragraphs):,} paragraphs, "
              f"{txt.stat().st_size / 2**20:.1f} MB as UTF-8; load average "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs\n")
        print(f"{'operation':<36} | {'seconds':>7} | {'budget':>6}")
        print(f"{'-' * 36}-|-{'-' * 7}-|-{'-' * 6}")
        over = False
        for label, path in (("extract .txt", txt),
                            ("extract .docx, several runs/para", runs),
                            ("extract .docx, one run/para", plain)):
            seconds, characters = best_of(3, path)
            if characters != len(text):
                print(f"  {label}: extracted {characters:,} characters, expected "
                      f"{len(text):,}", file=sys.stderr)
                over = True
            budget = BUDGETS[path.suffix]
            over |= seconds > budget / 2
            print(f"{label:<36} | {seconds:7.3f} | {budget:6.2f}")
    print("\nbudget = whole import incl. storage; extraction should stay under half of it")
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
