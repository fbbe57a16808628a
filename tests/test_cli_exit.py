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
