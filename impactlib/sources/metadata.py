"""``dataset.json``, the provenance sidecar of a data folder, read and checked (issue 11).

Read with :mod:`json` within a size limit and checked against :data:`METADATA_SCHEMA`: every
wrong key reported at once (a boolean must be ``true``/``false``, not ``"yes"``), never a
traceback. Unknown keys are kept.

Examples
--------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp())
>>> _ = (d / "dataset.json").write_text('{"source": "X", "synthetic": "yes"}')
>>> read(d)[1]
[('synthetic', 'yes', 'synthetic must be true or false')]
"""

from __future__ import annotations

import json
import re
from pathlib import Path

__all__ = ["METADATA_SCHEMA", "read"]

MAX_BYTES = 1_000_000

#: The schema of ``dataset.json``: key → (accepted types, what it must be).
METADATA_SCHEMA: dict[str, tuple[tuple[type, ...], str]] = {
    "source": ((str,), "text"), "licence": ((str,), "text"), "date": ((str,), "a date such as 2026-12-02"),
    "synthetic": ((bool,), "true or false"), "url": ((str, type(None)), "text or null"),
    "seed": ((int,), "a whole number"), "files": ((dict,), "an object of file name → SHA-256"),
}


def read(folder: Path) -> tuple[dict, list[tuple[str | None, str | None, str]]]:
    """The folder's ``dataset.json`` (``{}`` when absent) and its problems as (key, value, why)."""
    p = Path(folder) / "dataset.json"
    if not p.exists():
        return {}, []
    with open(p, "rb") as fh:
        data = fh.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        return {}, [(None, None, f"larger than {MAX_BYTES:,} bytes")]
    try:
        meta = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return {}, [(None, None, f"not valid JSON ({str(exc)[:60]})")]
    if not isinstance(meta, dict):
        return {}, [(None, None, "not a JSON object")]
    probs = []
    for key, value in meta.items():
        if key not in METADATA_SCHEMA:
            continue
        types, what = METADATA_SCHEMA[key]
        ok = isinstance(value, types) and not (bool not in types and isinstance(value, bool))
        if ok and key == "date":
            ok = re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None
        if ok and key == "files":
            ok = all(isinstance(k, str) and isinstance(v, str) for k, v in value.items())
        if not ok:
            probs.append((key, str(value)[:60], f"{key} must be {what}"))
    return meta, probs
