"""The command line: impactlib validate | template | demo | brief | notebooks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

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


def test_brief_errors_exit_2_and_write_nothing(tmp_path, capsys):
    assert cli.main(["brief", "--county", "Keski-Suom", "--out", str(tmp_path)]) == 2
    assert "Tarkoititko: Keski-Suomi" in capsys.readouterr().err
    assert cli.main(["brief", "--out", str(tmp_path)]) == 2
    assert "--county" in capsys.readouterr().err
    assert cli.main(["brief", "--all", "--notebook", "--out", str(tmp_path)]) == 2
    assert "--notebook" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(SystemExit):
        cli.main(["brief", "--county", "15", "--lang", "sv"])


def test_brief_reports_bad_data_before_writing(tmp_path, capsys):
    bad = tmp_path / "aineisto"
    bad.mkdir()
    (bad / "organisations.csv").write_text("org_id,name\n123,x\n", encoding="utf-8")
    # one convention: data problems exit 1, in brief as in validate
    status = cli.main(["brief", "--county", "15", "--data", str(bad), "--out", str(tmp_path / "o")])
    assert status == cli.EXIT_DATA
    err = capsys.readouterr().err
    assert "ongelma" in err and "problem" in err and "organisations.csv" in err
    assert not (tmp_path / "o").exists()


def test_brief_writes_one_county(tmp_path, capsys):
    assert cli.main(["brief", "--county", "Kainuu", "--lang", "en", "--no-docx",
                     "--out", str(tmp_path)]) == 0
    assert [p.name for p in tmp_path.iterdir()] == ["20-kainuu-en.html"]
    assert "20-kainuu-en.html" in capsys.readouterr().out


def test_every_subcommand_is_defined_here():
    parser = cli.build_parser()
    commands = {"validate": cli._cmd_validate, "template": cli._cmd_template, "demo": cli._cmd_demo,
                "brief": cli._cmd_brief, "notebooks": cli._cmd_notebooks}
    extra = {"template": ["x.xlsx"]}
    for name, func in commands.items():
        assert parser.parse_args([name, *extra.get(name, [])]).func is func, name
    args = parser.parse_args(["brief", "--county", "15", "--notebook", "--no-docx"])
    assert (args.county, args.notebook, args.no_docx, args.all) == ("15", True, True, False)
    from impactlib import brief

    assert brief.add_cli is cli.add_cli  # the pinned name of impactlib.brief

