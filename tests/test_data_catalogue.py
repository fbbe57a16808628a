"""Every bundled fact file is catalogued with its source, and its bytes match the catalogue."""

from __future__ import annotations

import hashlib

import pandas as pd

from impactlib.regions import DATA_DIR


def test_every_fact_file_is_catalogued_and_unchanged():
    cat = pd.read_csv(DATA_DIR / "catalogue.csv", dtype=str, keep_default_na=False)
    assert (cat["producer"] != "").all() and (cat["licence"] != "").all()
    for row in cat.itertuples(index=False):
        digest = hashlib.sha256((DATA_DIR / row.path).read_bytes()).hexdigest()
        assert digest == row.sha256, f"{row.path} changed: update data/catalogue.csv deliberately"
    listed = set(cat["path"])
    on_disk = {
        p.relative_to(DATA_DIR).as_posix()
        for p in DATA_DIR.rglob("*.csv")
        if not p.relative_to(DATA_DIR).as_posix().startswith("demo/") and p.name != "catalogue.csv"
    }
    assert on_disk == listed, f"uncatalogued or missing fact files: {on_disk ^ listed}"
