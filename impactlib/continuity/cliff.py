"""Project cliff (*hankkeen jälkeinen pudotus*): STEA projects that end with no STEA follow-up.

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2019, 2020, 2022],
...                   "source": ["stea_project"] * 2 + ["fundraising"],
...                   "funder": ["STEA", "STEA", "own"], "amount_eur": [9e4, 9e4, 1e3],
...                   "grant_id": ["C-1", "C-1", None]})
>>> project_cliff(f)[["grant_id", "end", "cliff"]]
  grant_id   end  cliff
0      C-1  2020   True
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._util import check_funding, year_window
from ..disclosure import THRESHOLD, suppression_mask
from .attributes import attach_organisation
from .spells import spell_numbers

__all__ = ["project_cliff", "cliff_summary"]


def project_cliff(
    funding: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    project_source: str = "stea_project",
    follow_up: Sequence[str] = ("stea_targeted", "stea_general"),
    window: tuple[int, int] | None = None,
) -> pd.DataFrame:
    """Project cliff (*hankkeen jälkeinen pudotus*): STEA projects that end with no STEA follow-up.

    A STEA project grant (C) ends in its last funded year; it falls off a
    *cliff* when the association gets no STEA targeted (Ak) or general (Ay)
    operating grant in the following year.

    Parameters
    ----------
    funding : pandas.DataFrame
    organisations : pandas.DataFrame, optional
        Adds ``kind`` and ``county`` (home county) of the association.
    project_source : str, default "stea_project"
    follow_up : list of str, default ``("stea_targeted", "stea_general")``
        Sources that count as continuing funding the year after.
    window : (int, int), optional
        Observation window; default all years in the table.

    Returns
    -------
    pandas.DataFrame
        One row per project: ``org_id, grant_id, start, end, years,
        amount_eur, last_amount_eur, followed_by, new_project_next, cliff``
        (+ ``kind, county``).

        A project is identified by its ``grant_id``; rows without one are
        grouped into spells of consecutive years of the association's
        project money. ``followed_by`` is the follow-up source with the
        most euros the year after (``<NA>``: none); ``new_project_next``
        whether another project grant starts that year (not counted as a
        follow-up); ``cliff`` is ``<NA>`` when the project ends in the last
        observed year (what follows is not yet known), and projects already
        running in the first observed year are kept with their observed
        start.

    Notes
    -----
    For project :math:`p` of association :math:`j` ending in year :math:`e`:
    :math:`\\mathrm{cliff}_p = [\\sum_{s \\in \\mathrm{follow\\ up}} a_{j,s,e+1} = 0]`.

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 4 + ["0116297-6"] * 3,
    ...     "year": [2019, 2020, 2021, 2022, 2019, 2020, 2022],
    ...     "source": ["stea_project"] * 2 + ["stea_targeted"] * 2 + ["stea_project"] * 2
    ...               + ["fundraising"],
    ...     "funder": ["STEA"] * 6 + ["own"], "amount_eur": [9e4, 9e4, 7e4, 7e4, 5e4, 5e4, 1e3],
    ...     "grant_id": ["C-1", "C-1", "Ak-1", "Ak-1", "C-2", "C-2", None]})
    >>> project_cliff(f)[["org_id", "grant_id", "end", "followed_by", "cliff"]]
          org_id grant_id   end    followed_by  cliff
    0  0112038-9      C-1  2020  stea_targeted  False
    1  0116297-6      C-2  2020           <NA>   True
    """
    f, first, last = year_window(check_funding(funding), window)
    money = f["amount_eur"] > 0
    keep = [c for c in ("org_id", "year", "amount_eur", "grant_id") if c in f.columns]
    p = f.loc[(f["source"] == project_source) & money, keep]  # only the columns needed
    cols = ["org_id", "grant_id", "start", "end", "years", "amount_eur", "last_amount_eur",
            "followed_by", "new_project_next", "cliff"]
    if p.empty:
        out = pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
        return out if organisations is None else attach_organisation(out, organisations,
                                                                      columns=["kind", "county"])
    gid = p["grant_id"] if "grant_id" in p.columns else pd.Series(pd.NA, index=p.index, dtype="string")
    gid = gid.astype("string").str.strip().replace("", pd.NA)
    p["grant_id"] = gid
    # rows without a grant id: spells of consecutive years of the association's project money
    nog = p[gid.isna()].groupby(["org_id", "year"], sort=True)["amount_eur"].sum().reset_index()
    if len(nog):
        nog["grant_id"] = "(spell " + pd.Series(
            spell_numbers([nog["org_id"]], nog["year"], 0), index=nog.index).astype(str) + ")"
    withg = p[gid.notna()].groupby(["org_id", "grant_id", "year"], sort=True)["amount_eur"].sum()
    y = pd.concat([withg.reset_index(), nog], ignore_index=True).sort_values(
        ["org_id", "grant_id", "year"], kind="mergesort")
    g = y.groupby(["org_id", "grant_id"], sort=True)
    out = g.agg(start=("year", "min"), end=("year", "max"), years=("year", "size"),
                amount_eur=("amount_eur", "sum"), last_amount_eur=("amount_eur", "last"))
    out = out.reset_index()
    fu = f.loc[f["source"].isin(list(follow_up)) & money, ["org_id", "year", "source", "amount_eur"]]
    fu = fu.groupby(["org_id", "year", "source"])["amount_eur"].sum().reset_index()
    fu = fu.sort_values(["org_id", "year", "amount_eur", "source"],
                        ascending=[True, True, False, True], kind="mergesort")
    best = fu.drop_duplicates(["org_id", "year"]).set_index(["org_id", "year"])["source"]
    nxt = pd.MultiIndex.from_arrays([out["org_id"], out["end"] + 1])
    out["followed_by"] = pd.array(best.reindex(nxt).to_numpy(), dtype="string")
    starts = out.groupby(["org_id", "start"]).size()
    out["new_project_next"] = starts.reindex(nxt).fillna(0).to_numpy() > 0
    observed = (out["end"] < last).to_numpy()
    cliff = out["followed_by"].isna().to_numpy()
    out["cliff"] = pd.array(np.where(observed, cliff, None), dtype="boolean")
    for c in ("start", "end", "years"):
        out[c] = out[c].astype("int64")
    out["grant_id"] = out["grant_id"].astype("string")
    out = out[cols]
    if organisations is not None:
        out = attach_organisation(out, organisations, columns=["kind", "county"])
    return out


def cliff_summary(cliffs: pd.DataFrame, *, by: str | None = "county") -> pd.DataFrame:
    """Project cliffs per year the projects ended (and per county or kind).

    Parameters
    ----------
    cliffs : pandas.DataFrame
        Output of :func:`project_cliff` (with ``organisations`` for ``by``).
    by : {"county", "kind", None}

    Returns
    -------
    pandas.DataFrame
        ``group, end, n_ended, n_cliff, n_followed, share_cliff, cliff_eur,
        hidden`` — projects ending in year ``end`` (whose next year is
        observed), how many had no STEA follow-up and how many had one, the
        share without, and the project euros of their last year; ``hidden``
        marks rows small-cell suppression hides (``n_cliff`` or
        ``n_followed`` from 1 to 4: either reveals the other). For people:
        ``disclosure.suppress(t, ["n_ended", "n_cliff", "n_followed"],
        across=True, dependent=["share_cliff", "cliff_eur"])``.

    Examples
    --------
    >>> c = pd.DataFrame({"end": [2020] * 6, "cliff": [True] * 4 + [False] * 2,
    ...                   "last_amount_eur": [10.0] * 6})
    >>> cliff_summary(c, by=None)[["end", "n_ended", "n_cliff", "share_cliff", "cliff_eur"]]
        end  n_ended  n_cliff  share_cliff  cliff_eur
    0  2020        6        4     0.666667       40.0
    """
    for c in ("end", "cliff", "last_amount_eur"):
        if c not in cliffs.columns:
            raise ValueError(f"expected the table returned by project_cliff(); column '{c}' is missing")
    d = cliffs[cliffs["cliff"].notna()].copy()
    if by is None:
        d["group"] = "all"
    else:
        if by not in d.columns:
            raise ValueError(f"by={by!r} is not a column (pass organisations to project_cliff)")
        d["group"] = d[by].astype("string").fillna("unknown").astype(str)
    d["_c"] = d["cliff"].astype(bool)
    d["_ce"] = d["last_amount_eur"].where(d["_c"], 0.0)
    g = d.groupby(["group", "end"], sort=True)
    out = pd.DataFrame({"n_ended": g.size(), "n_cliff": g["_c"].sum(),
                        "cliff_eur": g["_ce"].sum()}).reset_index()
    out["n_cliff"] = out["n_cliff"].astype("int64")
    out["share_cliff"] = out["n_cliff"] / out["n_ended"]
    out["end"] = out["end"].astype("int64")
    out["n_followed"] = out["n_ended"] - out["n_cliff"]
    # n_ended = n_cliff + n_followed: hide cliff and followed counts together (complementary)
    if out.empty:
        out["hidden"] = pd.Series(dtype=bool)
    else:
        prim, sec = suppression_mask(out, ["n_cliff", "n_followed"], threshold=THRESHOLD,
                                     across=True, groups=["group", "end"])
        small = ((out["n_ended"] > 0) & (out["n_ended"] < THRESHOLD)).to_numpy()
        out["hidden"] = (prim | sec).any(axis=1).to_numpy() | small
    return out[["group", "end", "n_ended", "n_cliff", "n_followed", "share_cliff", "cliff_eur",
                "hidden"]]
