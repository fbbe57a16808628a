"""Fuzzing the loader and ``validate`` (issue 11): whatever the bytes, only a DataError.

Hypothesis mutates the small dataset's files (bytes flipped, inserted and cut, cells replaced
by hostile text, files gzipped or truncated) and, separately, its tables as DataFrames passed
through the API. Every example must load or fail with :class:`impactlib.DataError` (warnings
allowed); any other exception is a bug. Examples are bounded so that the test runs in CI.
"""

from __future__ import annotations

import gzip
import warnings
from pathlib import Path

import pytest

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import impactlib  # noqa: E402
from impactlib import DataError  # noqa: E402

SMALL = Path(__file__).resolve().parent / "data" / "small_dataset"
FILES = {p.name: p.read_bytes() for p in SMALL.glob("*.csv")}
# keep the examples small: the first rows of each table
HEADS = {name: b"\n".join(data.splitlines()[:40]) + b"\n" for name, data in FILES.items()}
HOSTILE = ["inf", "-1e308", "NaN", "12.500", "1,5", "=cmd|'/c calc'!A1", "\x00", "\x07", "131052-308T",
           "\"", "\"\"", ";", ",", "\t", "ä" * 40, "0" * 400, "-", "", " ", "1e30", "True", "2.12.2026",
           "\ufeff", "\r", "\u202e", "9" * 25]

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _load(folder: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            impactlib.load_dataset(folder)
        except DataError as err:
            assert err.problems, "a DataError names its problems"
            str(err)  # and can be printed


mutation = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 10_000), st.integers(0, 255)),
    st.tuples(st.just("insert"), st.integers(0, 10_000), st.binary(min_size=1, max_size=20)),
    st.tuples(st.just("cut"), st.integers(0, 10_000), st.integers(1, 200)),
    st.tuples(st.just("cell"), st.integers(1, 39), st.sampled_from(HOSTILE)),
    st.tuples(st.just("gzip"), st.integers(0, 5000), st.just(b"")),
)


def _apply(data: bytes, op) -> tuple[bytes, bool]:
    kind, a, b = op
    if kind == "flip" and data:
        i = a % len(data)
        return data[:i] + bytes([b]) + data[i + 1:], False
    if kind == "insert":
        i = a % (len(data) + 1)
        return data[:i] + b + data[i:], False
    if kind == "cut" and data:
        i = a % len(data)
        return data[:i] + data[i + b:], False
    if kind == "cell":
        lines = data.split(b"\n")
        if a < len(lines) and lines[a]:
            cells = lines[a].split(b",")
            cells[a % len(cells)] = b.encode("utf-8", "surrogatepass")
            lines[a] = b",".join(cells)
        return b"\n".join(lines), False
    if kind == "gzip":
        z = gzip.compress(data, mtime=0)
        return (z[: a % (len(z) + 1)] if a % 3 else z), True
    return data, False


@SETTINGS
@given(target=st.sampled_from(sorted(HEADS)), ops=st.lists(mutation, min_size=1, max_size=4))
def test_mutated_files_give_only_data_errors(tmp_path_factory, target, ops):
    d = tmp_path_factory.mktemp("fuzz")
    for name, data in HEADS.items():
        (d / name).write_bytes(data)
    data, gz = HEADS[target], False
    for op in ops:
        data, z = _apply(data, op)
        gz = gz or z
        if z:
            break
    (d / target).unlink()
    (d / (target + ".gz" if gz else target)).write_bytes(data)
    before = {p.name: p.read_bytes() for p in d.iterdir()}
    _load(d)
    assert {p.name: p.read_bytes() for p in d.iterdir()} == before  # input never modified


@SETTINGS
@given(column=st.sampled_from(["amount_eur", "year", "org_id", "source", "funder", "grant_id"]),
       value=st.one_of(st.sampled_from(HOSTILE), st.floats(allow_nan=True, allow_infinity=True),
                       st.integers(min_value=-(10**30), max_value=10**30), st.booleans(), st.none()),
       row=st.integers(0, 30))
def test_hostile_cells_through_the_api_give_only_data_errors(column, value, row):
    from dataclasses import replace

    ds = _small()
    f = ds.funding.copy()
    f[column] = f[column].astype(object)
    f.iloc[row % len(f), f.columns.get_loc(column)] = value
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            impactlib.validate(replace(ds, funding=f, origins={}))
        except DataError as err:
            assert err.problems


_CACHE = {}


def _small():
    if "ds" not in _CACHE:
        _CACHE["ds"] = impactlib.load_dataset(SMALL)
    return _CACHE["ds"]


def test_fuzz_inputs_exist():
    assert len(HEADS) == 5 and all(len(v) > 100 for v in HEADS.values())
