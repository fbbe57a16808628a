"""Atomic writes: an interrupted write leaves no file and keeps the old one."""

from __future__ import annotations

import pytest

from impactlib._io import atomic_path, write_text


def test_interrupted_write_leaves_old_file_and_no_temporary(tmp_path):
    target = tmp_path / "brief.html"
    write_text(target, "vanha")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_text("puoli")
            raise RuntimeError("interrupted")
    assert target.read_text() == "vanha"
    assert [p.name for p in tmp_path.iterdir()] == ["brief.html"]


def test_rerun_overwrites_cleanly(tmp_path):
    target = tmp_path / "sub" / "a.txt"
    write_text(target, "1")
    write_text(target, "2")
    assert target.read_text() == "2"
    assert oct(target.stat().st_mode & 0o777) in ("0o644", "0o664", "0o666", "0o600")
