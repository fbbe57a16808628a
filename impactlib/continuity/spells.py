"""Funding spells (*rahoitussuhteet*) and interruptions (*katkokset*).

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2019, 2020, 2022],
...                   "source": ["municipality"] * 3, "funder": ["179"] * 3,
...                   "amount_eur": [100.0, 100.0, 50.0]})
>>> spells(f)[["start", "end", "length"]]
   start   end  length
0   2019  2020       2
1   2022  2022       1
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from .._util import (
    check_funding,
    dense,
    group_sums,
    map_values,
    mapped_codes,
    recode_values,
    source_scheme,
    text_codes,
    year_window,
)
from ._mixfast import interruptions_on_codes
from .attributes import municipal_successors

__all__ = ["spells", "interruptions"]


def spell_numbers(keys: list[pd.Series], year: pd.Series, gap_tolerance: int) -> np.ndarray:
    """Spell number of each row of a frame sorted by keys and year (rows = funded years)."""
    new = np.zeros(len(year), dtype=bool)
    if len(year):
        new[0] = True
    for k in keys:
        a = pd.factorize(k)[0]  # integer codes: no Arrow string is turned into a Python object
        new[1:] |= a[1:] != a[:-1]
    y = year.to_numpy()
    new[1:] |= (y[1:] - y[:-1]) > gap_tolerance + 1
    return np.cumsum(new)


def spells(
    funding: pd.DataFrame,
    *,
    by: str = "funder",
    gap_tolerance: int = 0,
    window: tuple[int, int] | None = None,
    recode: Mapping[str, str] | str | None = None,
    scheme: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Funding spells (*rahoitussuhteet*): continuous runs of years one funder funds one association.

    Parameters
    ----------
    funding : pandas.DataFrame
        The ``funding`` table.
    by : {"funder", "source", "source_group"}
        The other party of the relationship: an individual funder (default),
        a source code, or a source group.
    gap_tolerance : int, default 0
        Years without money that do not end a spell: with 1, funding in
        2019 and 2021 but not 2020 is one spell 2019–2021 (length 3,
        ``years_funded`` 2).
    window : (int, int), optional
        The observation window (first, last year). Default: the first and
        last year in the table.
    recode : dict or "municipal_mergers", optional
        Map funder codes before building spells, for a funder that changed
        its code. ``"municipal_mergers"`` maps municipalities merged since
        2013 to their successor (:func:`municipal_successors`). By default a
        changed code ends one spell and starts another.
    scheme : dict, optional
        Source -> group (default :data:`impactlib.model.SOURCE_GROUPS`), for
        ``by="source_group"`` and the ``source_group`` column.

    Returns
    -------
    pandas.DataFrame
        One row per spell: ``org_id, <by>, start, end, length, amount_eur,
        censored, truncated, years_funded, first_amount_eur, last_amount_eur,
        source_group, spell_id``.

        ``start``, ``end``
            first and last funded year; ``length`` = end − start + 1 years
            (including tolerated gaps);
        ``amount_eur``, ``first_amount_eur``, ``last_amount_eur``
            euros over the spell, in its first and in its last year;
        ``censored``
            right-censored: the spell may still be running, because it
            reaches the last ``gap_tolerance`` + 1 years of the window;
        ``truncated``
            left-truncated: it may have started before the window (it
            starts within the first ``gap_tolerance`` + 1 years), so its
            true start and length are unknown;
        ``source_group``
            the group of the source with the most euros in the spell
            (*funder type*);
        ``spell_id``
            running number 1, 2, … in the sort order ``org_id, <by>, start``.

    Notes
    -----
    A year :math:`t` is funded by funder :math:`f` for association :math:`j`
    when :math:`a_{jft} > 0`. Funded years :math:`t_1 < t_2 < \\dots` of one
    pair are cut into spells where :math:`t_{k+1} - t_k > g + 1`,
    :math:`g` the gap tolerance. With window :math:`[F, L]`:

    .. math::

        \\mathrm{censored} = [\\mathrm{end} \\ge L - g], \\qquad
        \\mathrm{truncated} = [\\mathrm{start} \\le F + g].

    Spells partition the funded years: each funded year of a pair belongs to
    exactly one spell. Computed with sorted grouped sums on integer codes of
    the text columns (pandas groupby when a key is categorical or missing).

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 4, "year": [2019, 2020, 2022, 2023],
    ...                   "source": ["municipality"] * 4, "funder": ["179"] * 4,
    ...                   "amount_eur": [100.0, 100.0, 50.0, 60.0]})
    >>> spells(f, window=(2018, 2024))[["funder", "start", "end", "length", "amount_eur",
    ...                                 "censored", "truncated"]]
      funder  start   end  length  amount_eur  censored  truncated
    0    179   2019  2020       2       200.0     False      False
    1    179   2022  2023       2       110.0     False      False
    >>> spells(f, gap_tolerance=1, window=(2018, 2024))[["start", "end", "length",
    ...                                                 "years_funded", "censored"]]
       start   end  length  years_funded  censored
    0   2019  2023       5             4      True
    """
    if by not in ("funder", "source", "source_group"):
        raise ValueError(f"by must be 'funder', 'source' or 'source_group', got {by!r}")
    if int(gap_tolerance) != gap_tolerance or gap_tolerance < 0:
        raise ValueError(f"gap_tolerance must be a whole number of years ≥ 0, got {gap_tolerance!r}")
    gap_tolerance = int(gap_tolerance)
    f, first, last = year_window(check_funding(funding), window)
    groups, _ = source_scheme(scheme)
    if recode is not None:
        mapping = municipal_successors() if recode == "municipal_mergers" else dict(recode)
        f["funder"] = recode_values(f["funder"], mapping)
    f = f[f["amount_eur"] > 0]
    out = _spells_on_codes(f, by, groups, gap_tolerance)
    if out is None:  # a categorical key or missing values: grouped pandas operations
        out = _spells_grouped(f.assign(source_group=map_values(f["source"], groups)), by,
                              gap_tolerance)
    out["length"] = out["end"] - out["start"] + 1
    out["censored"] = out["end"] >= last - gap_tolerance
    out["truncated"] = out["start"] <= first + gap_tolerance
    out = out.reset_index()
    for c in ("start", "end", "length", "years_funded"):
        out[c] = out[c].astype("int64")
    out[by] = out[by].astype("string")
    out["source_group"] = out["source_group"].astype("string")
    cols = ["org_id", by, "start", "end", "length", "amount_eur", "censored", "truncated",
            "years_funded", "first_amount_eur", "last_amount_eur", "source_group", "spell_id"]
    out = out[cols]
    out.attrs["window"] = (first, last)
    out.attrs["gap_tolerance"] = gap_tolerance
    return out


def _spells_grouped(f: pd.DataFrame, by: str, gap_tolerance: int) -> pd.DataFrame:
    """The spells of funded rows ``f`` by spell_id, before the flags (grouped pandas operations)."""
    keys = ["org_id", by]
    gy = f.groupby([*keys, "year"], sort=True)
    y = gy["amount_eur"].sum().reset_index()
    y["spell_id"] = spell_numbers([y["org_id"], y[by]], y["year"], gap_tolerance)
    # y is sorted by org_id, <by>, year, so each spell is a run of rows: the text columns are
    # taken from the run's first row (no per-row Python objects), the numbers summed by spell_id
    sid = y["spell_id"].to_numpy()
    head = np.flatnonzero(np.r_[True, sid[1:] != sid[:-1]]) if len(sid) else np.zeros(0, dtype=int)
    g = y.groupby("spell_id", sort=True)
    out = g.agg(start=("year", "min"), end=("year", "max"), amount_eur=("amount_eur", "sum"),
                years_funded=("year", "size"), first_amount_eur=("amount_eur", "first"),
                last_amount_eur=("amount_eur", "last"))
    out.insert(0, by, y[by].array.take(head))
    out.insert(0, "org_id", y["org_id"].array.take(head))
    if by == "source_group":
        out["source_group"] = out[by]
    elif any(isinstance(f[k].dtype, pd.CategoricalDtype) for k in keys):
        # categorical keys: y also holds the unobserved combinations, so join on the keys
        sg = f.groupby([*keys, "year", "source_group"])["amount_eur"].sum().reset_index()
        sg = sg.merge(y[[*keys, "year", "spell_id"]], on=[*keys, "year"])
        sg = sg.groupby(["spell_id", "source_group"])["amount_eur"].sum().reset_index()
        sg = sg.sort_values(["spell_id", "amount_eur", "source_group"],
                            ascending=[True, False, True], kind="mergesort")
        out["source_group"] = sg.drop_duplicates("spell_id").set_index("spell_id")["source_group"]
    else:
        # euros per spell and source group, summed in the same two steps and order as a join on
        # the keys would (per association, funder, year and group, then per spell), on integers
        row = gy.ngroup().to_numpy(dtype=float)  # the row of y each funding row was summed into
        sg_code, sg_names = pd.factorize(f["source_group"], sort=True)
        ok = ~np.isnan(row) & (row >= 0) & (sg_code >= 0)  # rows with a missing key are in no spell
        sg = pd.DataFrame({"row": row[ok].astype(np.int64), "sg": sg_code[ok],
                           "amount_eur": f["amount_eur"].to_numpy()[ok]})
        sg = sg.groupby(["row", "sg"], sort=True)["amount_eur"].sum().reset_index()
        sg["spell_id"] = sid[sg["row"].to_numpy()]
        sg = sg.groupby(["spell_id", "sg"], sort=True)["amount_eur"].sum().reset_index()
        sg = sg.sort_values(["spell_id", "amount_eur", "sg"], ascending=[True, False, True], kind="mergesort")
        top = sg.drop_duplicates("spell_id").set_index("spell_id")["sg"]
        out["source_group"] = pd.Series(np.asarray(sg_names, dtype=object)[top.to_numpy()],
                                        index=top.index).reindex(out.index)
    return out


def _spells_on_codes(f: pd.DataFrame, by: str, groups: dict, gap_tolerance: int):
    """:func:`_spells_grouped` on integer codes: the same rows and floats (None: not plain text).

    Euros are summed as pandas sums them (:func:`impactlib._util.group_sums`):
    per association, <by> and year in row order, those per spell, and per
    spell and source group in the same two steps as :func:`_spells_grouped`.
    """
    org, src = text_codes(f["org_id"]), text_codes(f["source"])
    grp = None if src is None else mapped_codes(*src, groups)
    key = grp if by == "source_group" else src if by == "source" else text_codes(f["funder"])
    if org is None or key is None or grp is None:
        return None
    year, amt, nk, ng = f["year"].to_numpy(), f["amount_eur"].to_numpy(), len(key[1]), len(grp[1])
    y0, ny = int(year.min()), int(year.max() - year.min()) + 1
    pairs, inv = dense(org[0] * nk + key[0], len(org[1]) * nk)  # association and <by>
    k, inv = dense(inv * ny + (year - y0), len(pairs) * ny)
    ya, pair, yy = group_sums(inv, amt, len(k)), k // ny, k % ny + y0
    new = np.r_[True, (pair[1:] != pair[:-1]) | (yy[1:] - yy[:-1] > gap_tolerance + 1)]
    sid = np.cumsum(new) - 1
    head, n = np.flatnonzero(new), int(sid[-1]) + 1
    tail = np.r_[head[1:], len(k)] - 1
    rk, rinv = dense(inv * ng + grp[0], len(k) * ng)  # per row of y and source group
    sk, sinv = dense(sid[rk // ng] * ng + rk % ng, n * ng)  # per spell and source group
    sa = group_sums(sinv, group_sums(rinv, amt, len(rk)), len(sk))
    most = np.full(n, -np.inf)
    np.maximum.at(most, sk // ng, sa)
    top = sk[sa == most[sk // ng]]  # by spell and group code: the first of the largest
    top = top[np.diff(top // ng, prepend=-1) != 0] % ng
    return pd.DataFrame({
        "org_id": org[1].take(pairs[pair[head]] // nk), by: key[1].take(pairs[pair[head]] % nk),
        "start": yy[head], "end": yy[tail], "amount_eur": group_sums(sid, ya, n),
        "years_funded": tail - head + 1, "first_amount_eur": ya[head], "last_amount_eur": ya[tail],
        "source_group": np.asarray(grp[1], dtype=object)[top]},
        index=pd.RangeIndex(1, n + 1, name="spell_id"))


def spell_key(sp: pd.DataFrame) -> str:
    for k in ("funder", "source", "source_group"):
        if k in sp.columns:
            return k
    raise ValueError("spells must be the output of spells(): no funder/source column")


def check_spells(sp: pd.DataFrame) -> None:
    if not isinstance(sp, pd.DataFrame):
        raise TypeError("expected the table returned by spells()")
    need = ["org_id", "start", "end", "length", "censored", "truncated", "first_amount_eur",
            "last_amount_eur"]
    missing = [c for c in need if c not in sp.columns]
    if missing:
        hint = " (this looks like the funding table: pass spells(funding) instead)" if (
            "amount_eur" in sp.columns and "year" in sp.columns) else ""
        raise ValueError("expected the table returned by spells(); missing columns: "
                         + ", ".join(missing) + hint)


def interruptions(spells: pd.DataFrame) -> pd.DataFrame:
    """Interruptions (*katkokset*): spells that end before the data do, and whether they resumed.

    Parameters
    ----------
    spells : pandas.DataFrame
        Output of :func:`spells`.

    Returns
    -------
    pandas.DataFrame
        One row per ended (not right-censored) spell: ``org_id, <by>,
        start, end, stop_year, lost_eur, resumed, resumed_year, gap_years,
        resumed_eur, source_group``.

        ``stop_year``
            the first year without money (end + 1);
        ``lost_eur``
            euros the funder paid in the spell's last year, which it did
            not pay in ``stop_year``;
        ``resumed``, ``resumed_year``, ``gap_years``
            whether the same funder funded the association again later,
            when, and how many years without money came in between;
        ``resumed_eur``
            euros in the first year of the next spell.

    Notes
    -----
    For a spell ending in year :math:`e` with last-year euros :math:`a_e`:
    lost € :math:`= a_e` in year :math:`e + 1`; gap = next start − e − 1. Computed on
    integer codes of the text keys with NumPy (a stable sort, :func:`numpy.lexsort`); with
    pandas (a sort and shifts) when a key is categorical or has missing values.

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2019, 2020, 2023],
    ...                   "source": ["foundation"] * 3, "funder": ["F1"] * 3,
    ...                   "amount_eur": [100.0, 120.0, 80.0]})
    >>> i = interruptions(spells(f, window=(2018, 2023)))   # 2023: still running
    >>> i[["end", "stop_year", "lost_eur", "resumed", "resumed_year", "gap_years"]]
        end  stop_year  lost_eur  resumed  resumed_year  gap_years
    0  2020       2021     120.0     True          2023          2
    """
    check_spells(spells)
    key = spell_key(spells)
    cols = ["org_id", key, "start", "end", "stop_year", "lost_eur", "resumed", "resumed_year",
            "gap_years", "resumed_eur"]
    if "source_group" in spells.columns and key != "source_group":
        cols.append("source_group")
    fast = interruptions_on_codes(spells, key, [*cols[:4], "last_amount_eur", *cols[10:]])
    if fast is not None:  # on integer codes: the same rows, order and values
        return fast[cols]
    sp = spells.sort_values(["org_id", key, "start"], kind="mergesort").reset_index(drop=True)
    same = (sp["org_id"].shift(-1) == sp["org_id"]) & (sp[key].shift(-1) == sp[key])
    nxt_start = sp["start"].shift(-1).where(same)
    out = sp[~sp["censored"].astype(bool)].copy()
    nxt = nxt_start[out.index]
    out["stop_year"] = (out["end"] + 1).astype("int64")
    out["lost_eur"] = out["last_amount_eur"]
    out["resumed"] = nxt.notna().to_numpy()
    out["resumed_year"] = nxt.astype("Int64")
    out["gap_years"] = (nxt - out["end"] - 1).astype("Int64")
    out["resumed_eur"] = sp["first_amount_eur"].shift(-1)[out.index].where(out["resumed"])
    return out[cols].reset_index(drop=True)
