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

Each figure is given as wall-clock seconds and as CPU seconds (user + system of this process
or of the command's processes): on a shared machine the wall clock grows with the load of
others, the CPU time much less. The 1-minute load average at the start is recorded too.

Options: ``--quick`` skips the papermill run; ``--out DIR`` changes the output folder.
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
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


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def time_import(repeats: int = 5) -> tuple[float, float]:
    """Median (wall, CPU) seconds of ``import impactlib`` in a fresh interpreter."""
    code = ("import time; t = time.perf_counter(); c = time.process_time(); import impactlib; "
            "print(time.perf_counter() - t, time.process_time() - c)")
    runs = [tuple(map(float, subprocess.run([_python(), "-c", code], capture_output=True,
                                            text=True, check=True).stdout.split()))
            for _ in range(repeats)]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def time_one_brief(tmp: Path, counties=("15", "90", "20")) -> tuple[tuple, tuple]:
    """(wall, CPU) seconds of one brief with HTML + DOCX in this process: the first one (cold)
    and the median over ``counties`` after it (warm)."""
    t0, c0 = time.perf_counter(), time.process_time()
    from impactlib import brief

    brief.render("Keski-Suomi", out=tmp / "cold", date=DATE)
    cold = (time.perf_counter() - t0, time.process_time() - c0)
    warm = []
    for c in counties:
        t, cpu = time.perf_counter(), time.process_time()
        brief.render(c, out=tmp / "warm", date=DATE)
        warm.append((time.perf_counter() - t, time.process_time() - cpu))
    return cold, (statistics.median(w[0] for w in warm), statistics.median(w[1] for w in warm))


def time_cli(args: list[str]) -> tuple[float, float]:
    """(wall, CPU) seconds of one ``impactlib`` command in a fresh process (end to end; CPU of
    the command and every process it starts, e.g. a kernel)."""
    env = {**os.environ, "MPLBACKEND": "agg"}
    t, c = time.perf_counter(), _children_cpu()
    subprocess.run([_cli(), *args], check=True, env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - t, _children_cpu() - c


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=str(ROOT / "build" / "bench"))
    p.add_argument("--quick", action="store_true", help="skip the papermill run")
    args = p.parse_args(argv)
    os.environ.setdefault("MPLBACKEND", "agg")
    load = os.getloadavg()[0]
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
        w.writerow(["measure", "seconds", "cpu_seconds", "target_seconds", "meets_target", "cpus",
                    "load_average"])
        for name, (sec, cpu), target in rows:
            w.writerow([name, f"{sec:.2f}", f"{cpu:.2f}", "" if target is None else f"{target:g}",
                        "" if target is None else str(sec <= target).lower(), cpus, f"{load:.2f}"])
    lines = [f"| Measure ({cpus} CPU cores, load average {load:.1f} at the start) | Seconds | "
             "CPU seconds | Target |", "|---|---:|---:|---:|"]
    for name, (sec, cpu), target in rows:
        mark = "" if target is None else f"≤ {target:g} s {'✓' if sec <= target else '✗'}"
        lines.append(f"| {name} | {sec:.2f} | {cpu:.2f} | {mark} |")
    table = "\n".join(lines) + "\n"
    (out / "briefs.md").write_text(table, encoding="utf-8")
    print(table)
    print(f"written: {out / 'briefs.csv'}, {out / 'briefs.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
