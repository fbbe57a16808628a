"""Benchmark of the briefs: import time, one brief warm in process, all 22, one via papermill.

Run with ``make bench`` (or ``.venv/bin/python benchmarks/bench_briefs.py``). Prints a table
and writes it to ``build/bench/briefs.csv`` and ``build/bench/briefs.md``. Speed is measured
here, never asserted in the tests; the targets (issue 8) are printed beside the figures:

* ``import impactlib`` at most 0.5 s (a fresh interpreter, median of 5);
* one brief, HTML + DOCX, at most 5 s *warm*: in a process that has already rendered one
  brief (modules imported, demo data read), rendering another county from scratch (its own
  context, whole-country results included);
* all 22 briefs at most 60 s: ``impactlib brief --all`` end to end in a fresh process.

For comparison it also times one brief through the brief notebook and papermill
(``impactlib brief --notebook``), the way every brief was made before issue 8.

Options: ``--quick`` skips the papermill run; ``--out DIR`` changes the output folder.
"""

from __future__ import annotations

import argparse
import csv
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATE = "2026-01-15"


def _python() -> str:
    return sys.executable


def _cli() -> str:
    exe = Path(sys.executable).with_name("impactlib")
    return str(exe) if exe.exists() else "impactlib"


def time_import(repeats: int = 5) -> float:
    """Median seconds of ``import impactlib`` in a fresh interpreter."""
    code = "import time; t = time.perf_counter(); import impactlib; print(time.perf_counter() - t)"
    runs = [float(subprocess.run([_python(), "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(repeats)]
    return statistics.median(runs)


def time_one_brief(tmp: Path, counties=("15", "90", "20")) -> tuple[float, float]:
    """(cold, warm) seconds of one brief with HTML + DOCX in this process; warm is the median
    over ``counties`` after a first brief has been rendered."""
    t0 = time.perf_counter()
    from impactlib import brief

    brief.render("Keski-Suomi", out=tmp / "cold", date=DATE)
    cold = time.perf_counter() - t0
    warm = []
    for c in counties:
        t = time.perf_counter()
        brief.render(c, out=tmp / "warm", date=DATE)
        warm.append(time.perf_counter() - t)
    return cold, statistics.median(warm)


def time_cli(args: list[str]) -> float:
    """Seconds of one ``impactlib`` command in a fresh process (end to end)."""
    env = {**os.environ, "MPLBACKEND": "agg"}
    t = time.perf_counter()
    subprocess.run([_cli(), *args], check=True, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=str(ROOT / "build" / "bench"))
    p.add_argument("--quick", action="store_true", help="skip the papermill run")
    args = p.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "agg")
    rows = []
    with tempfile.TemporaryDirectory(prefix="impactlib-bench-") as tmp:
        tmp = Path(tmp)
        rows.append(("import impactlib", time_import(), 0.5))
        cold, warm = time_one_brief(tmp)
        rows.append(("one brief, HTML + DOCX, warm (in process)", warm, 5.0))
        rows.append(("one brief, HTML + DOCX, first in a process", cold, None))
        rows.append(("impactlib brief --county Keski-Suomi (CLI, fresh process)",
                     time_cli(["brief", "--county", "Keski-Suomi", "--out", str(tmp / "cli1")]), None))
        rows.append(("impactlib brief --all: 22 briefs + index (CLI, fresh process)",
                     time_cli(["brief", "--all", "--out", str(tmp / "all")]), 60.0))
        if not args.quick:
            rows.append(("impactlib brief --notebook: one brief through papermill (CLI)",
                         time_cli(["brief", "--county", "Keski-Suomi", "--notebook",
                                   "--out", str(tmp / "nb")]), None))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    cpus = os.cpu_count()
    with open(out / "briefs.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["measure", "seconds", "target_seconds", "meets_target", "cpus"])
        for name, sec, target in rows:
            w.writerow([name, f"{sec:.2f}", "" if target is None else f"{target:g}",
                        "" if target is None else str(sec <= target).lower(), cpus])
    lines = [f"| Measure ({cpus} CPU cores) | Seconds | Target |", "|---|---:|---:|"]
    for name, sec, target in rows:
        mark = "" if target is None else f"≤ {target:g} s {'✓' if sec <= target else '✗'}"
        lines.append(f"| {name} | {sec:.2f} | {mark} |")
    table = "\n".join(lines) + "\n"
    (out / "briefs.md").write_text(table, encoding="utf-8")
    print(table)
    print(f"written: {out / 'briefs.csv'}, {out / 'briefs.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
