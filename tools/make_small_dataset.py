"""Write the small test dataset ``tests/data/small_dataset/`` from the bundled demo data.

A second, much smaller valid dataset on which every curated notebook must run through its
papermill parameters (``tests/test_notebooks_papermill.py``). It is cut deterministically from
the synthetic demo: three areas (Etelä-Savo, Keski-Pohjanmaa, Kainuu), every third association of
them in ``org_id`` order, and the years up to 2024 only, so that the latest year differs from the
demo's and a notebook that hard-codes a year fails. It is synthetic and says so in its file names
and ``dataset.json``.

Run: ``.venv/bin/python tools/make_small_dataset.py`` (the output is byte-identical on rerun).
"""

from __future__ import annotations

import json
from pathlib import Path

import impactlib
from impactlib import demo

OUT = Path(__file__).resolve().parents[1] / "tests" / "data" / "small_dataset"
COUNTIES = ("12", "18", "20")
LAST_YEAR = 2024
PREFIX = "DEMO_keksitty_pieni_"


def build() -> dict:
    ds = impactlib.load_demo()
    oc = ds.org_county()
    orgs = ds.organisations[ds.organisations["org_id"].map(oc).isin(COUNTIES)]
    orgs = orgs.sort_values("org_id").iloc[::3]
    ids = set(orgs["org_id"])
    acts = ds.activities[ds.activities["org_id"].isin(ids) & (ds.activities["year"] <= LAST_YEAR)]
    act_ids = set(acts["activity_id"])
    return {
        "organisations": orgs,
        "funding": ds.funding[ds.funding["org_id"].isin(ids) & (ds.funding["year"] <= LAST_YEAR)],
        "activities": acts,
        "outcomes": ds.outcomes[ds.outcomes["activity_id"].isin(act_ids)],
        "outcome_summaries": ds.outcome_summaries[ds.outcome_summaries["activity_id"].isin(act_ids)],
    }


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    sums = {}
    for name, df in build().items():
        target = OUT / f"{PREFIX}{name}.csv"
        data = df.to_csv(index=False, lineterminator="\n").encode("utf-8")
        target.write_bytes(data)
        import hashlib

        sums[target.name] = hashlib.sha256(data).hexdigest()
    meta = {
        "source": "impactlib small test dataset — keksitty aineisto / synthetic data "
        f"(tools/make_small_dataset.py from the demo, seed {demo.SEED})",
        "licence": "CC0 1.0 (synthetic data)",
        "date": "2026-12-02",
        "synthetic": True,
        "url": None,
        "files": sums,
    }
    (OUT / "dataset.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {OUT}: " + ", ".join(f"{k} {v[:8]}" for k, v in sums.items()))


if __name__ == "__main__":
    main()
