"""The validated-dataset cache: Parquet tables plus a JSON manifest, never pickle.

Loading a large dataset means parsing and validating every cell. When the user opts in
(``load_dataset(..., cache=True)``, ``impactlib validate --cache``), the validated tables are
kept in ``~/.cache/impactlib/datasets`` (or ``$IMPACTLIB_CACHE/datasets``) so that loading the
same files again is fast. The cache holds data, never code: each entry is a folder with one
Parquet file per table (read with pyarrow, which cannot run code) and a ``manifest.json`` with
the provenance and warnings, so a file planted in the cache folder can at worst be a wrong
table, never a program. An entry is keyed by the SHA-256 of

* the input's resolved path (two folders with the same bytes are separate entries, each with
  its own source),
* every input file's SHA-256, the provenance arguments and ``dataset.json``,
* the library's validation code and reference tables (a new release never reuses an entry).

Nothing is written unless the caller asked for it; :func:`clear` (``impactlib cache clear``)
removes every entry.

Examples
--------
>>> import tempfile, os
>>> os.environ["IMPACTLIB_CACHE"] = tempfile.mkdtemp()
>>> clear()
0
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from .. import model

__all__ = ["MANIFEST", "cache_dir", "clear", "entry_key", "fetch", "store"]

#: Name of the manifest file of a cache entry.
MANIFEST = "manifest.json"
_FORMAT = 1
_CODE = ("model.py", "validation.py", "_validated.py", "_row_rules.py", "dataset.py", "regions.py", "identity.py",
         "errors.py", "sources/tables.py", "sources/cache.py", "sources/xlsx.py", "sources/limits.py")
_DATA = ("regions/municipalities.csv", "regions/counties.csv", "instruments.csv")


def cache_dir() -> Path:
    """Folder of the dataset cache (``$IMPACTLIB_CACHE/datasets`` or ``~/.cache/impactlib/datasets``)."""
    return Path(os.environ.get("IMPACTLIB_CACHE", Path.home() / ".cache" / "impactlib")) / "datasets"


def entry_key(path: Path, files: dict, source, licence, meta) -> str:
    """SHA-256 key of a cache entry: input path, file hashes, provenance and library code."""
    h = hashlib.sha256()
    h.update(str(Path(path).resolve()).encode("utf-8") + b"\0")
    for name in sorted(files):
        h.update(f"{name}\0{files[name]}\n".encode())
    h.update(json.dumps([source, licence, meta], sort_keys=True, default=str).encode())
    pkg = Path(__file__).resolve().parents[1]
    for f in _CODE:
        h.update((pkg / f).read_bytes())
    for f in _DATA:
        h.update((pkg / "data" / f).read_bytes())
    return h.hexdigest()


def store(key: str, ds, warnings_text: str = "") -> Path | None:
    """Write a validated dataset as a cache entry (atomically: a complete folder or nothing).

    Returns the entry folder, or None when the cache folder cannot be written (a read-only
    home folder only costs speed).
    """
    root = cache_dir()
    target = root / key
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
        try:
            for name, df in ds.tables().items():
                df.to_parquet(tmp / f"{name}.parquet", engine="pyarrow", index=False)
            strings = {name: {c: df[c].dtype.storage for c in df.columns
                              if isinstance(df[c].dtype, pd.StringDtype)}
                       for name, df in ds.tables().items()}
            manifest = {"format": _FORMAT, "key": key, "tables": list(ds.tables()), "strings": strings,
                        "provenance": ds.provenance.to_dict(), "warnings": warnings_text}
            (tmp / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, default=str), "utf-8")
            if target.exists():
                shutil.rmtree(target)
            os.replace(tmp, target)
        finally:
            if tmp.exists():
                shutil.rmtree(tmp, ignore_errors=True)
    except OSError:
        return None
    return target


def fetch(key: str):
    """The cached dataset and its warnings text, or None on a miss or a damaged entry.

    Only ``manifest.json`` (JSON) and ``<table>.parquet`` files named by the manifest are read;
    anything else in the folder is ignored.
    """
    from .._validated import mark_validated
    from ..dataset import Dataset, Provenance

    entry = cache_dir() / key
    try:
        manifest = json.loads((entry / MANIFEST).read_text("utf-8"))
        if manifest.get("format") != _FORMAT or manifest.get("key") != key:
            return None
        if set(manifest["tables"]) != set(model.TABLE_ORDER):
            return None
        tables = {}
        for name in model.TABLE_ORDER:
            df = pd.read_parquet(entry / f"{name}.parquet", engine="pyarrow")
            df.attrs.clear()
            for col, storage in manifest["strings"][name].items():  # the same string storage as stored
                df[col] = df[col].astype(pd.StringDtype(storage))
            tables[name] = mark_validated(df, name)
        p = dict(manifest["provenance"])
        p["notes"] = tuple(p.get("notes") or ())
        prov = Provenance(**{k: v for k, v in p.items() if k in Provenance.__dataclass_fields__})
    except (OSError, ValueError, KeyError, TypeError):
        return None
    except Exception:  # pyarrow's own errors on a damaged file: rebuild the entry
        return None
    return Dataset(**tables, provenance=prov), manifest.get("warnings", "")


def clear() -> int:
    """Remove every cache entry; returns how many there were."""
    root = cache_dir()
    if not root.exists():
        return 0
    n = sum(1 for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    shutil.rmtree(root)
    return n
