"""The command line: impactlib validate | template | demo."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from impactlib import cli

ROOT = Path(__file__).resolve().parents[1]


def test_validate_demo_prints_summary(capsys):
    assert cli.main(["validate", str(ROOT / "impactlib" / "data" / "demo")]) == 0
    out = capsys.readouterr().out
    assert "valid / kelvollinen" in out and "DEMO — keksitty aineisto" in out
    assert "funding" in out and "2015–2025" in out and "Keski-Suomi" in out


def test_validate_bad_folder_lists_every_problem_and_exits_1(tmp_path, capsys):
    (tmp_path / "organisations.csv").write_text(
        "org_id;name;municipality;kind;category\n0112038-8;X;999;volunteer;other\n", encoding="utf-8")
    (tmp_path / "funding.csv").write_text(
        "org_id;year;source;funder;amount_eur;basis\n0112038-8;2023;fundraising;own;-1;collected\n",
        encoding="utf-8")
    assert cli.main(["validate", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "[ytunnus]" in err and "[municipality_code]" in err and "[range]" in err
    assert "organisations.csv, row 2, column org_id" in err


def test_console_script_entry_point(tmp_path):
    exe = Path(sys.executable).with_name("impactlib")
    r = subprocess.run([str(exe), "validate", str(tmp_path / "nothing")], capture_output=True, text=True)
    assert r.returncode == 1 and "no such file" in r.stderr


def test_demo_command_writes_to_a_folder(tmp_path, capsys, monkeypatch):
    import impactlib.demo as d

    calls = {}
    monkeypatch.setattr(d, "write_demo", lambda out, seed: calls.update(out=out, seed=seed) or {"x.csv": "ab"})
    assert cli.main(["demo", "--out", str(tmp_path), "--seed", "5"]) == 0
    assert calls == {"out": tmp_path, "seed": 5}
