"""The validated-dataset cache (issue 11): opt-in, Parquet + JSON, never pickle, keyed by path."""

from __future__ import annotations

import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from impactlib import load_dataset
from impactlib.sources import cache

SMALL = Path(__file__).resolve().parent / "data" / "small_dataset"


@pytest.fixture
def cache_root(tmp_path, monkeypatch):
    root = tmp_path / "cache"
    monkeypatch.setenv("IMPACTLIB_CACHE", str(root))
    return root / "datasets"


def _copy_without_sidecar(target: Path) -> Path:
    target.mkdir(parents=True)
    for p in SMALL.glob("*.csv"):
        shutil.copy(p, target / p.name)
    return target


def test_nothing_written_unless_asked(cache_root):
    load_dataset(SMALL)
    assert not cache_root.exists()
    r = subprocess.run([sys.executable, "-m", "impactlib.cli", "validate", str(SMALL)],
                       capture_output=True, text=True, env={**__import__("os").environ})
    assert r.returncode == 0, r.stderr
    assert not cache_root.exists()


def test_round_trip_is_identical_and_validated(cache_root):
    a = load_dataset(SMALL, cache=True)
    entries = list(cache_root.iterdir())
    assert len(entries) == 1
    assert sorted(p.suffix for p in entries[0].iterdir()) == [".json"] + [".parquet"] * 6
    b = load_dataset(SMALL, cache=True)
    assert b.validated and b.provenance == a.provenance
    for name, df in a.tables().items():
        pd.testing.assert_frame_equal(df, b.tables()[name])


def test_no_pickle_is_ever_read(cache_root, monkeypatch, tmp_path):
    load_dataset(SMALL, cache=True)
    entry = next(cache_root.iterdir())
    marker = tmp_path / "code-ran"

    class Evil:
        def __reduce__(self):
            return (Path.write_text, (marker, "pwned"))

    for name in ("funding.pkl", "dataset.pkl", "organisations.parquet.pkl"):
        (entry / name).write_bytes(pickle.dumps(Evil()))
    (cache_root / f"{entry.name}.pkl").write_bytes(pickle.dumps(Evil()))  # the old pickle layout
    monkeypatch.setattr(pickle, "load", lambda *a, **k: pytest.fail("pickle.load called"))
    monkeypatch.setattr(pickle, "loads", lambda *a, **k: pytest.fail("pickle.loads called"))
    ds = load_dataset(SMALL, cache=True)
    assert ds.validated and not marker.exists()
    src = (Path(cache.__file__).parent / "tables.py").read_text() + Path(cache.__file__).read_text()
    assert "import pickle" not in src


def test_same_bytes_in_two_folders_keep_their_own_source(cache_root, tmp_path):
    a = _copy_without_sidecar(tmp_path / "aineisto_a")
    b = _copy_without_sidecar(tmp_path / "aineisto_b")
    da = load_dataset(a, cache=True)
    db = load_dataset(b, cache=True)
    assert da.provenance.source == "aineisto_a"
    assert db.provenance.source == "aineisto_b"
    assert len(list(cache_root.iterdir())) == 2


def test_damaged_entry_is_rebuilt(cache_root):
    first = load_dataset(SMALL, cache=True)
    entry = next(cache_root.iterdir())
    (entry / "funding.parquet").write_bytes(b"not parquet")
    again = load_dataset(SMALL, cache=True)
    pd.testing.assert_frame_equal(first.funding, again.funding)


def test_cache_clear_command(cache_root):
    load_dataset(SMALL, cache=True)
    from impactlib.cli import main

    assert main(["cache", "clear"]) == 0
    assert not cache_root.exists()
    assert cache.clear() == 0
