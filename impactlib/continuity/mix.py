"""Funding mix (*rahoitusrakenne*), concentration, largest-funder dependence and volatility.

Examples
--------
>>> import pandas as pd
>>> f = pd.DataFrame({
...     "org_id": ["0112038-9"] * 4,
...     "year": [2021, 2021, 2022, 2023],
...     "source": ["municipality", "fundraising", "municipality", "county"],
...     "funder": ["179", "own", "179", "15"],
...     "amount_eur": [3000.0, 1000.0, 3000.0, 3000.0],
... })
>>> concentration(f, by="source")[["year", "total", "n", "hhi", "top"]]
   year   total  n    hhi           top
0  2021  4000.0  2  0.625  municipality
1  2022  3000.0  1  1.000  municipality
2  2023  3000.0  1  1.000        county
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from .. import _util, labels, model
from .._util import check_funding, hidden_cells, map_values, source_scheme, year_window
from . import _mixfast
from .attributes import attach_organisation

__all__ = [
    "SCHEME_NAME",
    "DEPENDENCE_BANDS",
    "funding_mix",
    "mix_over_years",
    "concentration",
    "dependence_bands",
    "ONE_FUNDER_BANDS",
    "one_funder_share",
    "volatility",
]

#: Name of the default source-group scheme, :data:`impactlib.model.SOURCE_GROUPS`.
SCHEME_NAME = "impactlib-2024"

#: Default bands of the largest funder's share for :func:`dependence_bands`:
#: code -> (lower bound inclusive, Finnish label, English label); the labels are those of
#: :data:`impactlib.labels.DEPENDENCE_BAND_LABELS`.
DEPENDENCE_BANDS: dict[str, tuple[float, str, str]] = {
    code: (lower, *labels.DEPENDENCE_BAND_LABELS[code])
    for code, lower in (("under_50", 0.0), ("50_75", 0.5), ("75_90", 0.75), ("90_100", 0.9),
                        ("single", 1.0))
}

#: Bands of :data:`DEPENDENCE_BANDS` that count as "90 % or more of the external funding from one
#: funder": the one definition of the briefs' key figure, their key messages and notebook 02.
ONE_FUNDER_BANDS: tuple[str, ...] = ("90_100", "single")

_TOL_SINGLE = 1e-12  # a share within this of 1 counts as "one funder" (float rounding)


def funding_mix(
    funding: pd.DataFrame,
    *,
    levels: Sequence[str] = ("source", "source_group"),
    scheme: Mapping[str, str] | None = None,
    scheme_name: str | None = None,
) -> pd.DataFrame:
    """Funding mix (*rahoitusrakenne*): each source's share of an association's yearly total.

    Parameters
    ----------
    funding : pandas.DataFrame
        The ``funding`` table.
    levels : sequence of {"source", "source_group"}
        Compute shares by single source code, by source group, or both
        (stacked in one long table with a ``level`` column).
    scheme : dict, optional
        Source code -> source group. Default :data:`impactlib.model.SOURCE_GROUPS`
        (scheme ``"impactlib-2024"``). Results by group depend on the scheme,
        so its name is returned in the ``scheme`` column.
    scheme_name : str, optional
        Name of a custom scheme (default ``"custom"``).

    Returns
    -------
    pandas.DataFrame
        One row per association, year, level and code with money: ``org_id,
        year, level, code, amount_eur, total, share, scheme``. ``amount_eur``
        and ``total`` in euros; ``share`` 0–1 (NaN where the year's total is
        0 €). Sorted by ``org_id, year, level, code``.

    Notes
    -----
    For association :math:`j`, year :math:`t` and source (group) :math:`i`
    with euros :math:`a_{ijt}`:

    .. math::

        s_{ijt} = \\frac{a_{ijt}}{\\sum_k a_{kjt}}, \\qquad \\sum_i s_{ijt} = 1.

    Computed with grouped sums on integer codes of the text columns (pandas
    groupby when a key column is categorical or has missing values).

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2024] * 3,
    ...                   "source": ["stea_general", "stea_project", "fundraising"],
    ...                   "funder": ["STEA", "STEA", "own"],
    ...                   "amount_eur": [6000.0, 2000.0, 2000.0]})
    >>> funding_mix(f, levels=["source_group"])[["code", "amount_eur", "share", "scheme"]]
       code  amount_eur  share          scheme
    0   own      2000.0    0.2  impactlib-2024
    1  stea      8000.0    0.8  impactlib-2024
    """
    f = check_funding(funding)
    groups, name = source_scheme(scheme, scheme_name, SCHEME_NAME)
    bad = [lv for lv in levels if lv not in ("source", "source_group")]
    if bad or not levels:
        raise ValueError(f"levels must be 'source' and/or 'source_group', got {list(levels)!r}")
    fast = _mixfast.mix_on_codes(f, levels, groups)
    if fast is not None:
        fast["scheme"] = name
        return fast
    f["source_group"] = map_values(f["source"], groups)
    parts = []
    for lv in levels:  # at most two levels
        g = f.groupby(["org_id", "year", lv], sort=True)["amount_eur"].sum().reset_index()
        g = g.rename(columns={lv: "code"})
        g.insert(2, "level", lv)
        parts.append(g)
    out = pd.concat(parts, ignore_index=True)
    tot = f.groupby(["org_id", "year"])["amount_eur"].sum().rename("total")
    out = out.join(tot, on=["org_id", "year"])
    out["share"] = out["amount_eur"] / out["total"]
    out.loc[out["total"] == 0, "share"] = np.nan
    out["scheme"] = name
    out = out.sort_values(["org_id", "year", "level", "code"], kind="mergesort")
    return out.reset_index(drop=True)


def mix_over_years(
    funding: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    by: str | None = None,
    key: str = "source_group",
    scheme: Mapping[str, str] | None = None,
    scheme_name: str | None = None,
    level: str | None = None,
) -> pd.DataFrame:
    """Funding mix of all associations together per year (optionally per county or kind).

    The euros of all associations (in each group) are added up per year and
    source (group); the share is of the group's yearly total. This is the
    table behind the stacked funding-mix figure
    (:func:`impactlib.plots.plot_funding_mix`).

    Parameters
    ----------
    funding : pandas.DataFrame
    organisations : pandas.DataFrame, optional
        Needed when ``by`` is given.
    by : {None, "county", "kind", "category"}, optional
        Split by an attribute of the association (county of its home
        municipality). ``None``: one group ``"all"``.
    key : {"source_group", "source"}
        What counts as one source of money: a source group (default) or a
        single source code.
    scheme, scheme_name
        As in :func:`funding_mix`.
    level : str, optional
        Deprecated name of ``key`` (warns): ``level=`` names confidence
        levels everywhere else in impactlib.

    Returns
    -------
    pandas.DataFrame
        ``group, year, code, amount_eur, total, share, n_orgs, hidden,
        scheme``: euros, share 0–1, number of associations receiving money
        from the code that year, and whether that count is hidden by
        small-cell suppression (within the group and year).

    Notes
    -----
    .. math::

        S_{igt} = \\frac{\\sum_{j \\in g} a_{ijt}}{\\sum_{j \\in g} \\sum_k a_{kjt}}

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9", "0112038-9"], "year": [2022, 2023],
    ...                   "source": ["municipality", "county"], "funder": ["179", "15"],
    ...                   "amount_eur": [100.0, 90.0]})
    >>> mix_over_years(f)[["year", "code", "share", "n_orgs", "hidden"]]
       year          code  share  n_orgs  hidden
    0  2022  municipality    1.0       1    True
    1  2023        county    1.0       1    True
    """
    f = check_funding(funding)
    groups, name = source_scheme(scheme, scheme_name, SCHEME_NAME)
    if level is not None:
        warnings.warn("mix_over_years(level=...) is deprecated; use key=... (level= is for "
                      "confidence levels)", DeprecationWarning, stacklevel=2)
        key = level
    if key not in ("source", "source_group"):
        raise ValueError(f"key must be 'source' or 'source_group', got {key!r}")
    org, src = _util.text_codes(f["org_id"]), _util.text_codes(f["source"])
    kc = src if key == "source" or src is None else _util.mapped_codes(*src, groups)
    fast, grp = org is not None and kc is not None, np.array(["all"], dtype=object)
    if by is not None:
        if organisations is None:
            raise ValueError(f"by={by!r} needs the organisations table")
        rows = pd.DataFrame({"org_id": org[1]}) if fast else f[["org_id"]]  # each one once
        grp = attach_organisation(rows, organisations, columns=[by])[by].fillna(
            "unknown").to_numpy()
    if fast:  # on integer codes: the same rows and sums (_util.group_sums)
        gc, grp = (np.zeros(len(f), dtype=np.int64), grp) if by is None else pd.factorize(
            grp, sort=True)
        (g, y, c), a, n = _util.keyed_sums(
            [(gc if by is None else gc[org[0]], grp), _util.year_codes(f["year"]), kc],
            f["amount_eur"].to_numpy(), org[0], len(org[1]))
        out = pd.DataFrame({"group": g, "year": y, "code": _util.column(c), "amount_eur": a,
                            "n_orgs": n})
    else:
        f["source_group"] = map_values(f["source"], groups)
        f["group"] = "all" if by is None else grp
        g = f.groupby(["group", "year", key], sort=True)
        out = g["amount_eur"].sum().rename("amount_eur").to_frame()
        pos = f[f["amount_eur"] > 0]
        out["n_orgs"] = pos.groupby(["group", "year", key])["org_id"].nunique()
        out["n_orgs"] = out["n_orgs"].fillna(0).astype("int64")
        out = out.reset_index().rename(columns={key: "code"})
    out["total"] = out.groupby(["group", "year"])["amount_eur"].transform("sum")
    out["share"] = out["amount_eur"] / out["total"]
    out.loc[out["total"] == 0, "share"] = np.nan
    out["gy"] = out["group"].astype(str) + "|" + out["year"].astype(str)
    out["hidden"] = hidden_cells(out, "n_orgs", "gy")
    out["scheme"] = name
    cols = ["group", "year", "code", "amount_eur", "total", "share", "n_orgs", "hidden", "scheme"]
    return out[cols].reset_index(drop=True)


def concentration(
    funding: pd.DataFrame,
    *,
    by: str = "source",
    scheme: Mapping[str, str] | None = None,
    exclude_sources: Sequence[str] = (),
) -> pd.DataFrame:
    """Revenue concentration (*rahoituksen keskittyneisyys*, HHI) and largest-funder dependence.

    Parameters
    ----------
    funding : pandas.DataFrame
        The ``funding`` table.
    by : {"source", "source_group", "funder"}
        What counts as one revenue source: a source code, a source group (see
        ``scheme``) or an individual funder (``funder`` column: one
        municipality, one county, ``"STEA"`` for all three STEA grant types,
        ``"own"`` for own fundraising, a foundation …). Use ``"funder"`` for
        largest-funder dependence (*riippuvuus yhdestä rahoittajasta*).
    scheme : dict, optional
        Source -> group for ``by="source_group"`` (default
        :data:`impactlib.model.SOURCE_GROUPS`).
    exclude_sources : list of str, optional
        Sources left out before anything is computed, e.g.
        ``["fundraising"]`` for dependence on *outside* funders only (own
        fundraising is then not counted as a funder). Default: none.

    Returns
    -------
    pandas.DataFrame
        One row per association and year: ``org_id, year, total, n, hhi,
        hhi_norm, n_eff, top, top_share, public_share``.

        ``total``
            euros that year; ``n`` number of sources with more than 0 €;
        ``hhi``
            Herfindahl–Hirschman index (0–1]; NaN when the total is 0 €;
        ``hhi_norm``
            normalised HHI 0–1; NaN for ``n`` ≤ 1, where the formula is 0/0
            (an association with one source has ``hhi`` = 1);
        ``n_eff``
            effective number of sources, 1/HHI;
        ``top``, ``top_share``
            the largest source and its share (ties: alphabetically first
            code);
        ``public_share``
            share of public money (:data:`impactlib.model.PUBLIC_SOURCES`:
            STEA, municipalities, counties, other state, EU), by source
            whatever ``by`` is.

    Notes
    -----
    With shares :math:`s_i = a_i / \\sum_k a_k` of the :math:`n` sources with
    money (Tuckman & Chang 1991, *revenue concentration index*):

    .. math::

        \\mathrm{HHI} = \\sum_{i=1}^{n} s_i^2, \\qquad \\frac{1}{n} \\le \\mathrm{HHI} \\le 1,
        \\qquad \\mathrm{HHI}^{*} = \\frac{\\mathrm{HHI} - 1/n}{1 - 1/n}\\ (n > 1),
        \\qquad n_{\\mathrm{eff}} = \\frac{1}{\\mathrm{HHI}}.

    Computed with grouped sums on integer codes of the text columns (pandas
    groupby when a key column is categorical or has missing values).

    References
    ----------
    Tuckman, H. P., & Chang, C. F. (1991). A methodology for measuring the
    financial vulnerability of charitable nonprofit organizations. *Nonprofit
    and Voluntary Sector Quarterly*, 20(4), 445–460.
    https://doi.org/10.1177/089976409102000407

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2024] * 3,
    ...                   "source": ["municipality", "municipality", "fundraising"],
    ...                   "funder": ["179", "410", "own"],
    ...                   "amount_eur": [5000.0, 3000.0, 2000.0]})
    >>> c = concentration(f, by="funder")
    >>> c[["n", "hhi", "hhi_norm", "n_eff", "top", "top_share", "public_share"]]
       n   hhi  hhi_norm     n_eff  top  top_share  public_share
    0  3  0.38      0.07  2.631579  179        0.5           0.8
    """
    f = check_funding(funding)
    if by not in ("source", "source_group", "funder"):
        raise ValueError(f"by must be 'source', 'source_group' or 'funder', got {by!r}")
    unknown = sorted(set(exclude_sources) - set(model.SOURCES))
    if unknown:
        raise ValueError("unknown source(s) in exclude_sources: " + ", ".join(unknown))
    if len(exclude_sources):
        f = f[~f["source"].isin(list(exclude_sources))]
    groups = source_scheme(scheme)[0] if by == "source_group" else None
    fast = _mixfast.concentration_on_codes(f, by, groups)
    if fast is not None:
        return fast
    if by == "source_group":
        f["source_group"] = map_values(f["source"], groups)
    keys = ["org_id", "year"]
    tot = f.groupby(keys, sort=True)["amount_eur"].sum().rename("total").to_frame()
    g = f.groupby([*keys, by], sort=False)["amount_eur"].sum().reset_index()
    g = g[g["amount_eur"] > 0]
    g = g.join(tot, on=keys)
    g["share"] = g["amount_eur"] / g["total"]
    g["share2"] = g["share"] ** 2
    agg = g.groupby(keys).agg(n=("share", "size"), hhi=("share2", "sum"))
    top = g.sort_values([*keys, "amount_eur", by], ascending=[True, True, False, True],
                        kind="mergesort").drop_duplicates(keys)
    top = top.set_index(keys)[[by, "share"]].rename(columns={by: "top", "share": "top_share"})
    pub = f[f["source"].isin(model.PUBLIC_SOURCES)].groupby(keys)["amount_eur"].sum()
    out = tot.join(agg).join(top)
    out["n"] = out["n"].fillna(0).astype("int64")
    out["hhi"] = out["hhi"].where(out["n"] > 0)
    inv_n = 1.0 / out["n"].where(out["n"] > 0)
    out["hhi_norm"] = ((out["hhi"] - inv_n) / (1.0 - inv_n)).where(out["n"] > 1)
    out["n_eff"] = 1.0 / out["hhi"]
    out["public_share"] = (pub.reindex(out.index).fillna(0.0) / out["total"]).where(out["total"] > 0)
    out["top"] = out["top"].astype("string")
    out = out.reset_index()
    cols = ["org_id", "year", "total", "n", "hhi", "hhi_norm", "n_eff", "top", "top_share",
            "public_share"]
    return out[cols]


def dependence_bands(
    conc: pd.DataFrame,
    organisations: pd.DataFrame | None = None,
    *,
    by: str | None = "kind",
    year: int | None = None,
    bands: Mapping[str, tuple[float, str, str]] | None = None,
) -> pd.DataFrame:
    """Distribution of largest-funder dependence (*riippuvuus suurimmasta rahoittajasta*) by group.

    Associations are counted in bands of the largest funder's share
    (``top_share`` from :func:`concentration`, best with ``by="funder"``) in
    one year. Shares rather than single values are shown so that no
    association can be picked out; cells of 1–4 associations are marked
    ``hidden``, and the band hidden so that they cannot be recovered from the
    group's total is a neighbouring band (``ordered`` suppression of
    :func:`impactlib.disclosure.suppression_mask`).

    Parameters
    ----------
    conc : pandas.DataFrame
        Output of :func:`concentration`.
    organisations : pandas.DataFrame, optional
        Needed when ``by`` is given.
    by : {"kind", "county", "category", None}
    year : int, optional
        Default: the last year in ``conc``.
    bands : dict, optional
        Code -> (lower bound, Finnish label, English label), increasing; the
        default is :data:`DEPENDENCE_BANDS` (the last band, ``single``, is
        exactly 100 %: all money from one funder).

    Returns
    -------
    pandas.DataFrame
        ``group, band, lower, n, share, hidden`` — ``n`` associations in the
        band, ``share`` of the group's associations (0–1).

    Examples
    --------
    >>> conc = pd.DataFrame({"org_id": ["a", "b", "c"], "year": [2024] * 3,
    ...                      "top_share": [1.0, 0.6, 0.3]})
    >>> dependence_bands(conc, by=None)[["band", "n", "share"]]
           band  n     share
    0  under_50  1  0.333333
    1     50_75  1  0.333333
    2     75_90  0  0.000000
    3    90_100  0  0.000000
    4    single  1  0.333333
    """
    for c in ("org_id", "year", "top_share"):
        if c not in conc.columns:
            raise ValueError(f"conc must be the output of concentration(); column '{c}' is missing")
    bands = dict(DEPENDENCE_BANDS if bands is None else bands)
    lowers = np.array([b[0] for b in bands.values()], dtype=float)
    if np.any(np.diff(lowers) <= 0):
        raise ValueError("band lower bounds must increase")
    y = int(conc["year"].max()) if year is None else int(year)
    d = conc[(conc["year"] == y) & conc["top_share"].notna()][["org_id", "top_share"]]
    if by is None:
        d = d.assign(group="all")
    else:
        if organisations is None:
            raise ValueError(f"by={by!r} needs the organisations table")
        d = attach_organisation(d, organisations, columns=[by]).rename(columns={by: "group"})
        d["group"] = d["group"].fillna("unknown")
    share = d["top_share"].to_numpy(dtype=float)
    # values within float rounding of 1 belong to the top band when it starts at 1
    share = np.where(np.abs(share - 1.0) <= _TOL_SINGLE, 1.0, share)
    idx = np.searchsorted(lowers, share, side="right") - 1
    codes = np.array(list(bands))
    d = d.assign(band=codes[np.clip(idx, 0, len(codes) - 1)])
    counts = d.groupby(["group", "band"]).size()
    full = pd.MultiIndex.from_product([sorted(d["group"].astype(str).unique()), list(bands)],
                                      names=["group", "band"])
    out = counts.reindex(full, fill_value=0).rename("n").reset_index()
    out["lower"] = out["band"].map({k: v[0] for k, v in bands.items()})
    out["share"] = out["n"] / out.groupby("group")["n"].transform("sum")
    # bands are ordered: a hidden band's complement is its neighbour, so that a figure can draw
    # the two merged in their place (issue 14: a large band hidden at the end of the bar)
    out["hidden"] = hidden_cells(out, "n", "group", ordered=True)
    return out[["group", "band", "lower", "n", "share", "hidden"]]


def one_funder_share(bands: pd.DataFrame, *, high: Sequence[str] = ONE_FUNDER_BANDS) -> pd.DataFrame:
    """Associations with at least 90 % of their external funding from one funder, by group.

    The definition of the briefs' key figure "≥ 90 % ulkopuolisesta rahoituksesta yhdeltä
    rahoittajalta" (:data:`ONE_FUNDER_BANDS` of :func:`dependence_bands`), for notebooks and
    briefs alike.

    Parameters
    ----------
    bands : pandas.DataFrame
        Output of :func:`dependence_bands` with the default bands.
    high : sequence of str
        Band codes counted as dependent on one funder.

    Returns
    -------
    pandas.DataFrame
        ``group, n, n_high, share`` — associations with funding in the year, those in the
        high bands, and their share (NaN for an empty group). Grouped sums with pandas.

    Examples
    --------
    >>> conc = pd.DataFrame({"org_id": ["a", "b", "c", "d"], "year": [2024] * 4,
    ...                      "top_share": [1.0, 0.95, 0.6, 0.3]})
    >>> one_funder_share(dependence_bands(conc, by=None))
      group  n  n_high  share
    0   all  4       2    0.5
    """
    missing = {"group", "band", "n"} - set(bands.columns)
    if missing:
        raise ValueError(f"bands must be the output of dependence_bands(); missing {sorted(missing)}")
    unknown = set(high) - set(bands["band"])
    if unknown:
        raise ValueError(f"band codes {sorted(unknown)} are not in bands (use the default bands)")
    d = bands.assign(high_n=bands["n"].where(bands["band"].isin(list(high)), 0))
    out = d.groupby("group", sort=False).agg(n=("n", "sum"), n_high=("high_n", "sum")).reset_index()
    out["share"] = out["n_high"] / out["n"].where(out["n"] > 0)
    return out


def volatility(
    funding: pd.DataFrame,
    *,
    window: tuple[int, int] | None = None,
    ddof: int = 1,
    missing_as_zero: bool = False,
) -> pd.DataFrame:
    """Funding volatility (*rahoituksen vaihtelu*): CV of yearly totals and the largest drop.

    Parameters
    ----------
    funding : pandas.DataFrame
    window : (int, int), optional
        First and last year to use (inclusive). Default: all years.
    ddof : int, default 1
        Delta degrees of freedom of the standard deviation (1: sample SD).
    missing_as_zero : bool, default False
        Count years between an association's first and last year without
        any funding row as 0 €. By default such years are *not observed*:
        they are left out of the CV, and no year-on-year change is computed
        across them.

    Returns
    -------
    pandas.DataFrame
        One row per association: ``org_id, first_year, last_year, years,
        mean_total, sd_total, cv, drop_eur, drop_eur_year, drop_pct,
        drop_pct_year``.

        ``years``
            number of years observed in the window;
        ``cv``
            coefficient of variation of yearly totals (NaN with fewer than
            ``ddof + 1`` years or a mean of 0 €);
        ``drop_eur``, ``drop_eur_year``
            largest fall from one year to the next in euros (0 if totals
            never fell) and the year of the lower total; NaN/``<NA>`` when
            no two consecutive years are observed;
        ``drop_pct``, ``drop_pct_year``
            largest relative fall (0–1, share of the earlier year's total)
            and its year.

    Notes
    -----
    With yearly totals :math:`T_t` over the observed years:

    .. math::

        \\mathrm{CV} = \\frac{\\mathrm{SD}(T)}{\\bar T}, \\qquad
        \\Delta^{\\mathrm{EUR}} = \\max_t\\,\\max(T_{t-1} - T_t, 0), \\qquad
        \\Delta^{\\%} = \\max_t \\frac{\\max(T_{t-1} - T_t, 0)}{T_{t-1}}.

    Computed on integer codes of ``org_id`` with NumPy, repeating pandas' grouped sum, mean
    and standard deviation step for step (grouped pandas operations when ``org_id`` is
    categorical or has missing values).

    Examples
    --------
    >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2022, 2023, 2024],
    ...                   "source": ["municipality"] * 3, "funder": ["179"] * 3,
    ...                   "amount_eur": [1000.0, 400.0, 1000.0]})
    >>> v = volatility(f)
    >>> v[["years", "mean_total", "cv", "drop_eur", "drop_eur_year", "drop_pct"]]
       years  mean_total        cv  drop_eur  drop_eur_year  drop_pct
    0      3       800.0  0.433013     600.0           2023       0.6
    """
    f, first, last = year_window(check_funding(funding), window)
    fast = _mixfast.volatility_on_codes(f, ddof, missing_as_zero)  # the same rows and floats
    if fast is not None:
        return fast
    t = f.groupby(["org_id", "year"], sort=True)["amount_eur"].sum().reset_index()
    if missing_as_zero:
        span = t.groupby("org_id")["year"].agg(["min", "max"])
        lens = (span["max"] - span["min"] + 1).to_numpy()
        org = np.repeat(span.index.to_numpy(), lens)
        start = np.repeat(span["min"].to_numpy(), lens)
        offs = np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens, lens)
        full = pd.DataFrame({"org_id": org, "year": start + offs})
        t = full.merge(t, on=["org_id", "year"], how="left").fillna({"amount_eur": 0.0})
    prev_year = t.groupby("org_id")["year"].shift()
    prev_tot = t.groupby("org_id")["amount_eur"].shift()
    consec = (t["year"] - prev_year) == 1
    fall = (prev_tot - t["amount_eur"]).clip(lower=0.0).where(consec)
    pct = (fall / prev_tot).where(consec & (prev_tot > 0))
    pct = pct.where(~(consec & (prev_tot == 0)), 0.0)  # nothing to lose from 0 €
    t = t.assign(fall=fall, pct=pct)
    g = t.groupby("org_id", sort=True)
    out = pd.DataFrame({
        "first_year": g["year"].min(),
        "last_year": g["year"].max(),
        "years": g["year"].size(),
        "mean_total": g["amount_eur"].mean(),
        "sd_total": g["amount_eur"].std(ddof=ddof),
    })
    out["cv"] = (out["sd_total"] / out["mean_total"]).where(out["mean_total"] > 0)
    out["drop_eur"] = g["fall"].max()
    out["drop_pct"] = g["pct"].max()
    for col, ycol in (("fall", "drop_eur_year"), ("pct", "drop_pct_year")):
        best = t[t[col] > 0].sort_values(["org_id", col, "year"], ascending=[True, False, True],
                                         kind="mergesort").drop_duplicates("org_id")
        out[ycol] = best.set_index("org_id")["year"].reindex(out.index).astype("Int64")
    out = out.reset_index()
    cols = ["org_id", "first_year", "last_year", "years", "mean_total", "sd_total", "cv",
            "drop_eur", "drop_eur_year", "drop_pct", "drop_pct_year"]
    return out[cols]
