"""What the benchmark scripts share: rows against budgets, medians over fresh processes, the
table they print, the ``--json`` rows :mod:`run_all` collects, and projects built once.

A script measures in *fresh processes* by running itself again: ``python SCRIPT --child NAME
ARG...`` calls the script's ``CHILDREN[NAME](*ARGS)``, which prints one JSON object of figures
(seconds unless named otherwise); :func:`fresh_medians` runs that several times and returns the
median of each figure. So module loading, cold caches and the garbage collector count, as they
do for a user.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CACHE_ENV = "GLOCAL_BENCH_CACHE"  # a folder where built projects are kept between scripts


@dataclass
class Row:
    """One line of a benchmark table. ``key`` names the budget it answers (see run_all)."""

    key: str
    operation: str
    seconds: float | None
    budget: float | None = None
    note: str = ""

    @property
    def verdict(self) -> str:
        if self.seconds is None:
            return self.note or "not measured"
        if self.budget is None:
            return ""
        return "ok" if self.seconds <= self.budget else "OVER"


def child_main(children: dict[str, Callable[..., dict]]) -> bool:
    """Run ``--child NAME ARG...`` if that is what was asked (and print its figures)."""
    if len(sys.argv) < 3 or sys.argv[1] != "--child":
        return False
    figures = children[sys.argv[2]](*sys.argv[3:])
    print("FIGURES " + json.dumps(figures))
    return True


def fresh_medians(script: str | Path, name: str, *args: str, runs: int = 5) -> dict[str, float]:
    """Median of each figure of ``CHILDREN[name](*args)`` over ``runs`` fresh processes."""
    collected: dict[str, list[float]] = {}
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, str(script), "--child", name, *args],
            capture_output=True, text=True, env=env, cwd=ROOT,
        )
        if result.returncode != 0:
            raise RuntimeError(f"{name} failed:\n{result.stdout}\n{result.stderr}")
        line = next(x for x in result.stdout.splitlines() if x.startswith("FIGURES "))
        for key, value in json.loads(line[len("FIGURES "):]).items():
            collected.setdefault(key, []).append(value)
    return {key: statistics.median(values) for key, values in collected.items()}


def wall_medians(command: Sequence[str], runs: int = 5, cwd: Path | None = None,
                 before: Callable[[], object] | None = None) -> float:
    """Median wall time of running ``command`` (a fresh process each time), in seconds."""
    import time

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    times = []
    for _ in range(runs):
        if before is not None:
            before()
        start = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, env=env, cwd=cwd or ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cache_folder() -> Path:
    """Where built projects are kept: ``$GLOCAL_BENCH_CACHE`` (run_all sets it, so the scripts
    share them), else a temporary folder of this process."""
    folder = os.environ.get(CACHE_ENV)
    if not folder:
        folder = tempfile.mkdtemp(prefix="glocal-bench-")
        os.environ[CACHE_ENV] = folder
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


def built(name: str, build: Callable[[Path], object]) -> Path:
    """The project ``name`` in the cache folder, built by ``build(path)`` the first time."""
    path = cache_folder() / name
    if not path.exists():
        partial = path.with_name(f".{path.name}.building")
        for leftover in partial.parent.glob(partial.name + "*"):
            leftover.unlink()
        build(partial)
        for suffix in ("-wal", "-shm"):
            side = partial.with_name(partial.name + suffix)
            if side.exists() and side.stat().st_size:
                raise RuntimeError(f"{partial} was not closed")
            side.unlink(missing_ok=True)
        partial.rename(path)
    return path


def machine() -> str:
    """Cores and load: what every figure depends on."""
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores, load average {load} (1, 5, 15 min)"


def arguments(description: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--json", action="store_true", help="print rows as JSON (run_all)")
    parser.add_argument("--runs", type=int, default=5, help="fresh processes per figure")
    return parser.parse_args()


def report(rows: list[Row], as_json: bool) -> int:
    """Print the rows (a table, or JSON lines); 1 if a figure is over its budget."""
    if as_json:
        for row in rows:
            print("ROW " + json.dumps(asdict(row)))
    else:
        print(machine())
        width = max(len(row.operation) for row in rows)
        print(f"{'operation':<{width}} | seconds | budget | verdict | note")
        print(f"{'-' * width}-|---------|--------|---------|-----")
        for row in rows:
            seconds = "" if row.seconds is None else f"{row.seconds:7.3f}"
            budget = "" if row.budget is None else f"{row.budget:6.3g}"
            note = row.note if row.seconds is not None else ""
            print(f"{row.operation:<{width}} | {seconds:>7} | {budget:>6} | {row.verdict:<7} |"
                  f" {note}".rstrip())
    return 1 if any(row.verdict == "OVER" for row in rows) else 0
