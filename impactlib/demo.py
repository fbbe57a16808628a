"""The synthetic demo dataset (*demo — keksitty aineisto*) and its generator.

The bundled demo data in ``data/demo/`` are **invented**: about 10,000
associations in all 22 organiser areas (21 wellbeing services counties and
Helsinki) in proportion to population, with funding 2015–2025, activities
2023–2025 and participant-level outcome scores. No row describes a real
association or person. The data are realistic enough for every analysis in
impactlib to show something, and the parameters planted in them are module
constants here (documented in ``data/demo/README.md``, which the generator
writes) so that tests can check that the estimators recover them.

Regenerate with ``impactlib demo`` (or ``make demo``); the output
is byte-identical for the same seed (``tests/test_demo.py`` checks the
SHA-256 of every file).

Examples
--------
>>> ds = load_demo()
>>> ds.synthetic
True
>>> ds.organisations["kind"].value_counts(normalize=True).round(1).to_dict()
{'volunteer': 0.6, 'intermediate': 0.3, 'service_provider': 0.1}
"""

from __future__ import annotations

import functools
import gzip
import io
import json
from pathlib import Path

import numpy as np
import pandas as pd

from . import demo_funding, demo_market, demo_outcomes, model, regions
from ._io import write_bytes, write_text
from .demo_funding import (
    CATEGORY_SHARES,
    HANDOVER_OUTCOMES,
    HANDOVER_RATES,
    KIND_SHARES,
    N_ASSOCIATIONS,
    STEA_CUT_2025,
    YEARS,
)
from .demo_outcomes import (
    ACTIVITY_YEARS,
    DROPOUT,
    INSTRUMENT_NORMS,
    PREPOST_R,
    SECULAR_TREND,
    SELECTION_AGE,
    SELECTION_SHIFT,
    TAU,
    TRUE_EFFECTS,
    simulate_prepost,
)

__all__ = [
    "SEED",
    "YEARS",
    "ACTIVITY_YEARS",
    "N_ASSOCIATIONS",
    "CATEGORY_SHARES",
    "KIND_SHARES",
    "HANDOVER_RATES",
    "HANDOVER_OUTCOMES",
    "STEA_CUT_2025",
    "TRUE_EFFECTS",
    "TAU",
    "SECULAR_TREND",
    "PREPOST_R",
    "INSTRUMENT_NORMS",
    "DEMO_DIR",
    "FILE_PREFIX",
    "generate",
    "simulate_prepost",
    "write_demo",
    "load_demo",
    "scale_dataset",
]

#: Seed of the bundled demo data.
SEED = 20230101
#: Folder of the bundled demo data and the prefix of every file in it.
DEMO_DIR = regions.DATA_DIR / "demo"
FILE_PREFIX = "DEMO_keksitty_"


def generate(seed: int = SEED) -> dict[str, pd.DataFrame]:
    """Generate the demo tables (and the planted truths) deterministically.

    Returns
    -------
    dict of pandas.DataFrame
        ``organisations, funding, activities, outcomes, outcome_summaries``
        and the tables of planted truth: ``planted_handover`` (association →
        planted hand-over outcome), ``planted_effects`` (measured activity
        → its true δ), ``planted_sales`` and ``planted_market`` (service
        producers: see :mod:`impactlib.demo_market`).
    """
    rng = np.random.default_rng(seed)
    org = demo_funding.organisations(rng)
    fund, planted = demo_funding.funding(rng, org)
    acts, outc, summ, truth = demo_outcomes.activities(rng, org, fund)
    # sales of services (issue 13): a random stream of their own, so nothing above changes
    sales, company, market = demo_market.generate_sales(np.random.default_rng([seed, 13]), org)
    fund = pd.concat([fund[~fund["source"].isin(model.SALES_SOURCES)], sales], ignore_index=True)
    fund = fund.sort_values(list(model.TABLES["funding"].key), kind="stable", na_position="first")
    fund = fund[model.column_names("funding")].reset_index(drop=True)
    orgs = org[model.column_names("organisations")[:9]].merge(company, on="org_id", how="left")
    return {
        "organisations": orgs[model.column_names("organisations")],
        "funding": fund,
        "activities": acts,
        "outcomes": outc,
        "outcome_summaries": summ,
        "planted_handover": planted[["org_id", "org_county", "planted_outcome"]].sort_values("org_id").reset_index(drop=True),
        "planted_effects": truth.sort_values("activity_id").reset_index(drop=True),
        **market,
    }


_FILES = {
    "organisations": "organisations.csv",
    "funding": "funding.csv.gz",
    "activities": "activities.csv.gz",
    "outcomes": "outcomes.csv.gz",
    "outcome_summaries": "outcome_summaries.csv",
    "planted_handover": "planted_handover.csv",
    "planted_effects": "planted_effects.csv",
    "planted_sales": "planted_sales.csv",
    "planted_market": "planted_market.csv",
}


def _csv_bytes(df: pd.DataFrame, gz: bool, float_format: str | None = None) -> bytes:
    text = df.to_csv(index=False, lineterminator="\n", float_format=float_format)
    data = text.encode("utf-8")
    if not gz:
        return data
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, compresslevel=9, mtime=0) as fh:
        fh.write(data)
    return buf.getvalue()


def write_demo(folder: str | Path = DEMO_DIR, seed: int = SEED) -> dict[str, str]:
    """Generate the demo data and write it into ``folder`` (atomically, file by file).

    Writes the tables as ``DEMO_keksitty_<table>.csv[.gz]``, the planted
    truths (``DEMO_keksitty_planted_*.csv``, not read by :func:`load_demo`),
    ``dataset.json`` (provenance and SHA-256 of every file) and ``README.md``
    (the planted parameters).

    Returns
    -------
    dict
        File name → SHA-256.
    """
    import hashlib

    folder = Path(folder)
    tables = generate(seed)
    sums = {}
    for name, fname in _FILES.items():
        # planted truths are derived by floating-point sums whose last bit depends on the
        # machine's SIMD paths: 10 significant digits keep them byte-identical everywhere
        data = _csv_bytes(tables[name], fname.endswith(".gz"),
                          "%.10g" if name.startswith("planted_") else None)
        target = folder / (FILE_PREFIX + fname)
        write_bytes(target, data)
        sums[target.name] = hashlib.sha256(data).hexdigest()
    meta = {
        "source": "impactlib demo — keksitty aineisto / synthetic data (impactlib.demo, seed "
        f"{seed})",
        "licence": "CC0 1.0 (synthetic data)",
        "date": "2026-11-23",
        "synthetic": True,
        "url": None,
        "seed": seed,
        "files": sums,
    }
    write_text(folder / "dataset.json", json.dumps(meta, indent=2, ensure_ascii=False) + "\n")
    write_text(folder / "README.md", _readme(tables, seed))
    return sums


def _readme(tables: dict, seed: int) -> str:
    lines = [
        "# Demo data — keksitty aineisto / synthetic data",
        "",
        "**Every row in this folder is invented.** No row describes a real association or person; the",
        "business IDs come from the unused range 9000000–9999999 and every name starts with `Demo-`.",
        f"Generated by `impactlib/demo.py` with seed {seed} (`make demo` or `impactlib demo`);",
        "regenerating gives byte-identical files (`tests/test_demo.py` checks the SHA-256 in",
        "`dataset.json`). Licence: CC0 1.0.",
        "",
        "| file | rows | what |",
        "|---|---|---|",
    ]
    what = {
        "organisations": "associations in the 22 organiser areas, in proportion to population 31.12.2022",
        "funding": f"funding {YEARS[0]}–{YEARS[-1]} by source and funder",
        "activities": f"activities {ACTIVITY_YEARS[0]}–{ACTIVITY_YEARS[-1]}",
        "outcomes": "participant-level pre/post (and follow-up) scores, pseudonymous",
        "outcome_summaries": "the same as n/mean/SD for activities that report only summaries",
        "planted_handover": "planted truth: the hand-over outcome drawn for each association (not part of the data model)",
        "planted_effects": "planted truth: the true effect δ of each measured activity (not part of the data model)",
        "planted_sales": "planted truth: each service producer's reform outcome, company and buyer structure (not part of the data model)",
        "planted_market": "planted truth: market parameters per county and overall (not part of the data model)",
    }
    for name, fname in _FILES.items():
        lines.append(f"| `{FILE_PREFIX}{fname}` | {len(tables[name]):,} | {what[name]} |")
    lines += ["", "## Planted parameters", "",
              "All of them are constants in `impactlib/demo.py`; tests check that the estimators recover them.", "",
              "### Associations", "",
              f"- About {N_ASSOCIATIONS:,} associations, allocated to counties by population 31.12.2022; within a county the",
              "  county centre gets 45 % and the other municipalities share the rest equally (synthetic weighting).",
              "- Category shares follow the published Keski-Suomi profile of about 500 sote associations:", ""]
    lines += [f"  - {model.label('category', c, 'en')}: {s:.1%}" for c, s in CATEGORY_SHARES.items()]
    lines += ["", "- Kind (intermediate, service producer) probabilities by category; the rest are volunteer-based:", ""]
    lines += [f"  - {model.label('category', c, 'en')}: {p[0]:.0%}, {p[1]:.0%}" for c, p in KIND_SHARES.items()]
    lines += ["", "- Most associations have no paid staff (90 % of volunteer-based, 40 % of intermediate ones).",
              "- About 1 % were founded in 2023–2024, after the reform.", "",
              "### Funding", "",
              f"- Years {YEARS[0]}–{YEARS[-1]}. Own fundraising for all; free premises from the home municipality for 30 %;",
              "  municipal grants before 2023 for 50 % (volunteer), 70 % (intermediate), 40 % (service producers), some",
              "  from a second municipality of the same county, with 5 % random gap years; foundations, other, and for",
              "  employment associations other state and EU money; sales (procurement, vouchers, personal budgets) for",
              "  service producers (see *Sales of services* below).",
              "- STEA general (Ay) and targeted (Ak) grants for larger associations; projects (C) of 2–4 years; 35 % of",
              "  projects ending are followed by a targeted grant next year, the rest end with nothing (project cliff).",
              f"- STEA cut in 2025: every STEA grant × {1 + STEA_CUT_2025:.2f} (≈ {STEA_CUT_2025:.0%}), and half as many new projects.",
              "- Pertunmaa (588) merged into Mäntyharju (507) in 2025: its grants change funder code.", "",
              "### Hand-over of municipal grants 2022→2023 (per association, by home county)", "",
              "Definitions: continued = the same municipality pays 90–110 % of its 2022 amount; taken over = the county",
              "pays 90–110 %; split = both pay, together 90–110 %; reduced = 30–65 % of the 2022 amount, from the",
              "municipality or the county; lost = nothing from either in 2023 (30 % of these get a county grant in 2024).",
              "",
              "| county | " + " | ".join(HANDOVER_OUTCOMES) + " |",
              "|---|" + "---|" * len(HANDOVER_OUTCOMES)]
    for c, rates in HANDOVER_RATES.items():
        lines.append(f"| {c} {regions.county_name(c)} | " + " | ".join(f"{rates[o]:.2f}" for o in HANDOVER_OUTCOMES) + " |")
    lines += ["", "These county profiles are invented to make the analysis show differences; they are not estimates.", ""]
    lines += demo_market.readme_lines()
    lines += ["",
              "### Effects (activities with outcome measurements)", "",
              "True standardised mean change δ per activity theme and instrument, in the improvement direction,",
              "standardised by the pre-test SD (metafor `SMCR`), before the secular trend:", "",
              "| theme | instrument | δ |", "|---|---|---|"]
    for t, d in TRUE_EFFECTS.items():
        for i, v in d.items():
            lines.append(f"| {t} | {i} | {v:.2f} |")
    lines += ["", f"- Each measured activity's own δ is drawn around its theme's value with SD τ = {TAU}.",
              f"- Secular trend (improvement without the activity, in comparison groups too): {SECULAR_TREND} SD;",
              "  a pre/post design therefore estimates δ + trend; difference-in-differences estimates δ.",
              f"- Pre/post correlation ρ = {PREPOST_R}; {DROPOUT:.0%} of participants drop out before the post measurement.",
              f"- Non-randomised comparison designs: participants start {SELECTION_SHIFT} SD worse off and {SELECTION_AGE:g} years",
              "  older than their comparison group; age does not affect scores. Each group regresses to its",
              "  own mean, so difference-in-differences is unbiased, and weighting on the pre score is biased",
              f"  by (1 − ρ) · {SELECTION_SHIFT} SD (Lord's paradox).",
              "- 20 % of measured activities have a follow-up measurement where half of the effect remains.",
              "- 30 % of measured activities report only summaries (`outcome_summaries`).",
              "- Scores are rounded to whole points and clipped to the instrument's range, which shrinks standardised",
              "  effects slightly (under 3 % for UCLA3, less for the others).",
              "- Instrument norms (mean, SD) in the demo population: "
              + "; ".join(f"{k} {v[0]:g}, {v[1]:g}" for k, v in INSTRUMENT_NORMS.items()) + ".", ""]
    return "\n".join(lines)


@functools.lru_cache(maxsize=2)
def _load_cached(folder: str):
    from .sources.tables import load_dataset

    return load_dataset(folder, cache=True)  # synthetic bundled data: cached as Parquet


def load_demo(folder: str | Path = DEMO_DIR):
    """Load the bundled synthetic demo dataset (validated).

    The dataset is read once per process and cached; every call returns a
    copy of each table, so callers may modify what they get.

    Returns
    -------
    Dataset
        With ``synthetic == True``.
    """
    from dataclasses import replace

    ds = _load_cached(str(Path(folder).resolve()))
    return replace(ds, **{k: v.copy() for k, v in ds.tables().items()})


def scale_dataset(ds, k: int):
    """The dataset ``k`` times over: each association copied ``k − 1`` times with its funding,
    activities and outcomes, under new identifiers; deterministic, for benchmarks.

    Copy ``j`` of an association gets a new valid Y-tunnus (first digit ``9 − j``, the check
    digit as :func:`impactlib.model.ytunnus_check_digit` computes it; the demo's own ids all
    start with 9), and its activities, participants and grants the suffix ``~j``. Everything
    else (areas, amounts, scores) is the same, so shares, rates and effect sizes of the scaled
    data equal those of the original while every table is ``k`` times as long. Copy 0 is the
    original. The 10× demo takes a few seconds.

    Parameters
    ----------
    ds : Dataset
    k : int
        The factor, 1–10 (1 returns the dataset as it is).

    Returns
    -------
    Dataset
        With the provenance of ``ds`` (still synthetic) and ``k`` × its rows.

    Examples
    --------
    >>> ds = load_demo()
    >>> big = scale_dataset(ds, 2)
    >>> len(big.funding) == 2 * len(ds.funding), big.organisations["org_id"].is_unique
    (True, True)
    """
    from dataclasses import replace

    k = int(k)
    if k < 1:
        raise ValueError(f"k must be a whole number of at least 1, got {k}")
    if k == 1:
        return ds
    orgs = ds.organisations
    ids = orgs["org_id"].astype(str).tolist()

    if k > 10 or len(ids) * 50 > 1_000_000:
        raise ValueError("scale_dataset makes at most 10 copies of at most 20 000 associations")

    # the weights of the Y-tunnus check digit (Finnish Tax Administration), as in
    # model.ytunnus_check_digit; tests/test_demo_scale.py checks every new id with it
    weights = np.array([7, 9, 10, 5, 8, 4, 2], dtype=np.int64)

    def new_ids(j: int) -> np.ndarray:
        # copy j: first digit 9 − j, then the association's position × 50 (+ up to 49 to the
        # first body that has a check digit), so copies never meet each other or the originals;
        # the check digit as in ytunnus_check_digit, for all associations at once
        body = np.full(len(ids), -1, dtype=np.int64)
        digit = np.zeros(len(ids), dtype=np.int64)
        base = (9 - j) % 10 * 1_000_000 + np.arange(len(ids), dtype=np.int64) * 50
        for m in range(50):
            todo = body < 0
            if not todo.any():
                break
            cand = base[todo] + m
            digits = cand[:, None] // 10 ** np.arange(6, -1, -1, dtype=np.int64) % 10
            r = digits @ weights % 11
            ok = r != 1
            idx = np.flatnonzero(todo)[ok]
            body[idx], digit[idx] = cand[ok], np.where(r[ok] == 0, 0, 11 - r[ok])
        return np.array([f"{b:07d}-{d}" for b, d in zip(body.tolist(), digit.tolist(), strict=True)],
                        dtype=object)

    def suffixed(col: pd.Series, j: int) -> pd.Series:
        return col.astype("string") + f"~{j}"

    # where each row's association is among the organisations (once; -1: not there)
    index = pd.Index(ids)
    where = {"organisations": np.arange(len(ids))}
    for name in ("funding", "activities"):
        where[name] = index.get_indexer(getattr(ds, name)["org_id"].astype(str))

    def with_ids(table: pd.DataFrame, name: str, new: np.ndarray) -> pd.Series:
        at = where[name]
        vals = np.where(at >= 0, new[np.maximum(at, 0)], None) if len(at) else new[:0]
        return pd.Series(vals, index=table.index, dtype=object).astype(table["org_id"].dtype)

    parts: dict[str, list] = {n: [] for n in ("organisations", "funding", "activities", "outcomes",
                                              "outcome_summaries")}
    for j in range(k):
        if j == 0:  # copy 0 is the original
            for name in parts:
                parts[name].append(getattr(ds, name))
            continue
        new = new_ids(j)
        o = orgs.copy()
        o["org_id"] = with_ids(orgs, "organisations", new)
        parts["organisations"].append(o)
        f = ds.funding.copy()
        f["org_id"] = with_ids(ds.funding, "funding", new)
        if "grant_id" in f:
            f["grant_id"] = suffixed(f["grant_id"], j).astype(ds.funding["grant_id"].dtype)
        parts["funding"].append(f)
        a = ds.activities.copy()
        if len(a):
            a["org_id"] = with_ids(ds.activities, "activities", new)
            a["activity_id"] = suffixed(a["activity_id"], j).astype(ds.activities["activity_id"].dtype)
        parts["activities"].append(a)
        for name in ("outcomes", "outcome_summaries"):
            t = getattr(ds, name).copy()
            if len(t):
                t["activity_id"] = suffixed(t["activity_id"], j).astype(getattr(ds, name)["activity_id"].dtype)
                if "participant_id" in t:
                    t["participant_id"] = suffixed(t["participant_id"], j).astype(t["participant_id"].dtype)
            parts[name].append(t)
    out = {n: pd.concat(v, ignore_index=True) for n, v in parts.items()}
    if not out["organisations"]["org_id"].is_unique:  # pragma: no cover - checked by the tests
        raise AssertionError("scaled organisation ids collide")
    return replace(ds, **out)
