"""One exit-status convention for every command, output paths checked before any work, and
interruptions that leave no mixed or half-written output (issue 11)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from impactlib import cli

SMALL = Path(__file__).resolve().parent / "data" / "small_dataset"


def _run(*args, **kw):
    return subprocess.run([sys.executable, "-m", "impactlib.cli", *args], capture_output=True,
                          text=True, **kw)


def test_help_documents_the_exit_codes():
    r = _run("--help")
    assert r.returncode == 0
    for code in cli.EXIT_CODES:
        assert f"{code:>3}  " in r.stdout


def test_out_pointing_at_a_file_fails_before_any_work(tmp_path, monkeypatch):
    from impactlib import brief, demo

    def no_work(*a, **k):
        raise AssertionError("work started before the output path was checked")

    for mod, name in ((brief, "render_all"), (brief, "render"), (demo, "load_demo")):
        monkeypatch.setattr(mod, name, no_work)
    f = tmp_path / "briefs"
    f.write_text("not a folder")
    assert cli.main(["brief", "--all", "--out", str(f)]) == cli.EXIT_OUTPUT
    assert f.read_text() == "not a folder"  # untouched
    assert cli.main(["notebooks", "--out", str(f)]) == cli.EXIT_OUTPUT


def test_template_target_that_is_a_folder(tmp_path):
    assert cli.main(["template", str(tmp_path)]) == cli.EXIT_OUTPUT


def test_data_problems_exit_1_for_validate_and_brief(tmp_path, capsys):
    import shutil

    d = tmp_path / "d"
    shutil.copytree(SMALL, d)
    f = next(d.glob("*_funding.csv"))
    lines = f.read_text().splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("amount_eur")] = "inf"
    lines[1] = ",".join(cells)
    f.write_text("\n".join(lines) + "\n")
    assert cli.main(["validate", str(d)]) == cli.EXIT_DATA
    assert cli.main(["brief", "--county", "Kainuu", "--data", str(d), "--out", str(tmp_path / "o")]) \
        == cli.EXIT_DATA
    err = capsys.readouterr().err
    assert "not_finite" in err and "Traceback" not in err


def test_unknown_county_is_a_usage_error(tmp_path):
    assert cli.main(["brief", "--county", "Atlantis", "--out", str(tmp_path)]) == cli.EXIT_USAGE


@pytest.mark.skipif(os.name != "posix", reason="POSIX signals")
@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_interrupted_brief_run_stops_promptly_and_leaves_no_mixed_set(tmp_path, sig):
    out = tmp_path / "briefs"
    # the bundled demo: the small test dataset's briefs would let hidden counts be worked out
    # across its three areas, so brief --all refuses it (exit 4) before writing anything
    p = subprocess.Popen([sys.executable, "-m", "impactlib.cli", "brief", "--all",
                          "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "MPLBACKEND": "agg"})
    for _ in range(1200):  # wait (at most about 4 minutes) for the first brief
        if list(out.glob("*.docx")) or p.poll() is not None:
            break
        time.sleep(0.2)
    p.send_signal(sig)
    _, err = p.communicate(timeout=120)  # stops, rather than rendering the remaining areas
    assert p.returncode == cli.EXIT_INTERRUPTED, err
    html = {f.stem for f in out.glob("*.html")}
    docx = {f.stem for f in out.glob("*.docx")}
    assert html == docx and html  # every brief complete: no HTML without its DOCX
    assert not [f for f in out.iterdir() if f.name.startswith(".")]  # no staging left behind


def _children(pid: int) -> set[int]:
    try:
        return {int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()}
    except OSError:
        return set()


def _alive(pid: int) -> bool:
    """A process that runs (a zombie waiting to be reaped has stopped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc to see the kernel")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_interrupted_notebooks_run_exits_130_and_stops_its_kernel(tmp_path, sig):
    """Issue 11: SIGTERM during ``impactlib notebooks`` printed nbclient's traceback (the kernel
    it had shut down, then an AssertionError in its clean-up) and exited 1. Now: exit 130, one
    line, the kernel process gone, only complete pages in the output folder."""
    out = tmp_path / "nb"
    p = subprocess.Popen([sys.executable, "-m", "impactlib.cli", "notebooks", "--out", str(out)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                         env={**os.environ, "MPLBACKEND": "agg"})
    kernels: set[int] = set()
    for _ in range(1500):  # the first page written, and a kernel running the second notebook
        kernels = _children(p.pid)
        if (out.exists() and any(out.glob("*.html")) and kernels) or p.poll() is not None:
            break
        time.sleep(0.1)
    assert kernels, "no kernel was seen running"
    time.sleep(1.0)
    p.send_signal(sig)
    _, err = p.communicate(timeout=120)
    assert p.returncode == cli.EXIT_INTERRUPTED, err
    assert "Traceback" not in err and "interrupted" in err
    for _ in range(100):  # the kernel was shut down with the run
        if not any(_alive(k) for k in kernels):
            break
        time.sleep(0.1)
    assert not any(_alive(k) for k in kernels)
    assert all(f.suffix == ".html" and not f.name.startswith(".") for f in out.iterdir())


@pytest.mark.parametrize("args", [["--county", "Ahvenanmaa"], ["--county", "Åland"],
                                  ["--county", "13", "--year", "1800"]])
def test_aland_and_a_year_without_data_are_usage_errors(tmp_path, args, capsys):
    """Issue 11: Åland (outside the sote reform) and the year 1800 rendered briefs. Now exit 2,
    a message saying why, and nothing written."""
    out = tmp_path / "b"
    assert cli.main(["brief", *args, "--out", str(out), "--no-docx"]) == cli.EXIT_USAGE
    err = capsys.readouterr().err
    assert ("outside the sote reform" in err) or ("no funding data for 1800" in err and "2015" in err)
    assert not out.exists() or not any(out.iterdir())
