"""THL Sotkanet REST API 1.1: indicator data, regions and indicator metadata.

Sotkanet (``https://sotkanet.fi``) is THL's indicator bank of Finnish
welfare and health statistics. Its REST API 1.1 answers in JSON:

``/rest/1.1/json?indicator=<id>&years=<y>&genders=total``
    indicator data: a list of ``{indicator, region, year, gender, value,
    absValue}`` → :func:`read_data`;
``/rest/1.1/regions``
    all regions: ``{id, code, category, title {fi, sv, en}, memberOf, uri}``
    → :func:`read_regions`;
``/rest/1.1/indicators/<id>``
    one indicator's metadata (title, description, unit …) →
    :func:`read_indicator_metadata`.

Data rows name a region by Sotkanet's **internal id** (Helsinki is ``46``),
not by the municipality or county code; :func:`read_regions` gives the code
of every id, and :func:`county_region_ids` the bundled table of the 21
wellbeing services counties, Helsinki and Åland (``data/sotkanet/``).

Downloads are separate, explicit calls (``download_*``), cached on disk by
:func:`impactlib.sources.download.fetch`; reading never touches the network.

Source and licence: THL Sotkanet, CC BY 4.0 ("Tietolähde: Sotkanet / THL").

Examples
--------
>>> rows = [{"indicator": 127, "region": 46, "year": 2023, "gender": "total",
...          "value": 674500}]
>>> read_data(rows)
   indicator  region  year gender     value  abs_value
0        127      46  2023  total  674500.0        NaN
"""

from __future__ import annotations

import functools
import html
import json
import re
import urllib.parse
from html.parser import HTMLParser

import pandas as pd

from ..regions import DATA_DIR
from .download import fetch, json_source

__all__ = [
    "BASE_URL",
    "read_data",
    "read_regions",
    "read_indicator_metadata",
    "html_to_text",
    "county_region_ids",
    "download_data",
    "download_regions",
    "download_indicator_metadata",
]

#: Base address of the Sotkanet REST API, version 1.1.
BASE_URL = "https://sotkanet.fi/rest/1.1"

_GENDERS = ("total", "male", "female")
_LANGS = ("fi", "sv", "en")


def _records(obj, label: str, what: str) -> list:
    if isinstance(obj, dict):
        raise ValueError(
            f"{label}: expected a JSON list of {what} records (a Sotkanet /rest/1.1 response), "
            f"got an object with keys {sorted(obj)[:6]}"
        )
    if not isinstance(obj, list):
        raise ValueError(f"{label}: expected a JSON list of {what} records")
    bad = [i for i, r in enumerate(obj) if not isinstance(r, dict)]
    if bad:
        raise ValueError(f"{label}: record {bad[0] + 1} is not a JSON object")
    return obj


def _require(frame: pd.DataFrame, keys: list[str], label: str, what: str) -> None:
    missing = [k for k in keys if k not in frame.columns]
    if missing:
        raise ValueError(
            f"{label}: {what} records lack the keys {missing} (expected {keys}); is this the "
            f"right Sotkanet endpoint?"
        )
    for k in keys:
        if frame[k].isna().any():
            i = int(frame[k].isna().to_numpy().argmax())
            raise ValueError(f"{label}: record {i + 1} has no {k!r}")


def _whole(series: pd.Series, label: str, key: str) -> pd.Series:
    num = pd.to_numeric(series, errors="coerce")
    bad = num.isna() & series.notna() | (num.notna() & (num != num.round()))
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise ValueError(f"{label}: record {i + 1}: {key} {series.iloc[i]!r} is not a whole number")
    return num.astype("Int64")


def read_data(source) -> pd.DataFrame:
    """Read Sotkanet indicator data (``/rest/1.1/json`` response).

    Parameters
    ----------
    source : str, Path, bytes, or list of dict
        A file, the bytes of a response, or the parsed JSON list.

    Returns
    -------
    pandas.DataFrame
        Columns ``indicator, region, year`` (``Int64``; ``region`` is the
        Sotkanet internal region id), ``gender`` (``total``/``male``/``female``),
        ``value`` (the indicator value in the indicator's unit, ``float64``)
        and ``abs_value`` (the absolute count behind a rate, ``float64``; NaN
        where the response has none, e.g. for indicator 127 whose value is
        itself a count).

    Raises
    ------
    ValueError
        Naming the file and the record when a key is missing or a value has
        the wrong type.

    Notes
    -----
    Values may come as numbers or as text with a decimal comma; both are
    read. Built on pandas.

    References
    ----------
    .. [1] THL. *Sotkanet REST API 1.1*. https://sotkanet.fi/sotkanet/fi/ohje
       (licence CC BY 4.0).

    Examples
    --------
    >>> read_data([{"indicator": 171, "region": 46, "year": 2023, "gender": "total",
    ...             "value": "8,6", "absValue": 57877}])
       indicator  region  year gender  value  abs_value
    0        171      46  2023  total    8.6    57877.0
    """
    obj, label = json_source(source, "Sotkanet data")
    recs = _records(obj, label, "data")
    cols = ["indicator", "region", "year", "gender", "value", "abs_value"]
    if not recs:
        return pd.DataFrame(
            {
                "indicator": pd.Series(dtype="Int64"),
                "region": pd.Series(dtype="Int64"),
                "year": pd.Series(dtype="Int64"),
                "gender": pd.Series(dtype="string"),
                "value": pd.Series(dtype="float64"),
                "abs_value": pd.Series(dtype="float64"),
            }
        )
    raw = pd.DataFrame.from_records(recs)
    _require(raw, ["indicator", "region", "year", "gender", "value"], label, "data")
    out = pd.DataFrame(index=raw.index)
    for k in ("indicator", "region", "year"):
        out[k] = _whole(raw[k], label, k)
    out["gender"] = raw["gender"].astype("string").str.lower()
    bad = ~out["gender"].isin(_GENDERS)
    if bad.any():
        i = int(bad.to_numpy().argmax())
        raise ValueError(f"{label}: record {i + 1}: gender {raw['gender'].iloc[i]!r} is not one of {_GENDERS}")
    for src, dst in (("value", "value"), ("absValue", "abs_value")):
        if src not in raw:
            out[dst] = float("nan")
            continue
        txt = raw[src].astype("string").str.replace(",", ".", regex=False).str.strip()
        num = pd.to_numeric(txt, errors="coerce")
        wrong = num.isna() & raw[src].notna()
        if wrong.any():
            i = int(wrong.to_numpy().argmax())
            raise ValueError(f"{label}: record {i + 1}: {src} {raw[src].iloc[i]!r} is not a number")
        out[dst] = num.astype("float64")
    return out[cols].reset_index(drop=True)


def read_regions(source) -> pd.DataFrame:
    """Read Sotkanet regions (``/rest/1.1/regions`` response).

    Parameters
    ----------
    source : str, Path, bytes, or list of dict

    Returns
    -------
    pandas.DataFrame
        Columns ``region`` (internal id, ``Int64``), ``code`` (official code
        as text, e.g. ``"049"`` for a municipality, ``"01"`` for a region),
        ``category`` (``KUNTA``, ``MAAKUNTA``, ``HYVINVOINTIALUE`` …),
        ``title_fi, title_sv, title_en``, ``member_of`` (tuple of the ids of
        the regions it belongs to), ``county`` (2-digit wellbeing services
        county code of the region, from ``member_of`` or, for a county
        itself, its id, via :func:`county_region_ids`; ``<NA>`` if none) and
        ``uri``.

    Examples
    --------
    >>> read_regions([{"id": 46, "code": "091", "category": "KUNTA",
    ...                "title": {"fi": "Helsinki", "sv": "Helsingfors", "en": "Helsinki"},
    ...                "memberOf": [488, 960]}])[["region", "code", "title_sv", "county"]]
       region code     title_sv county
    0      46  091  Helsingfors     90
    """
    obj, label = json_source(source, "Sotkanet regions")
    recs = _records(obj, label, "region")
    raw = pd.DataFrame.from_records(recs) if recs else pd.DataFrame(columns=["id", "code", "category"])
    _require(raw, ["id", "code", "category"], label, "region")
    out = pd.DataFrame(index=raw.index)
    out["region"] = _whole(raw["id"], label, "id")
    out["code"] = raw["code"].astype("string")
    out["category"] = raw["category"].astype("string")
    titles = raw["title"] if "title" in raw else pd.Series([None] * len(raw), index=raw.index)
    for lang in _LANGS:
        out[f"title_{lang}"] = titles.map(lambda t, lang=lang: t.get(lang) if isinstance(t, dict) else None).astype("string")
    members = raw["memberOf"] if "memberOf" in raw else pd.Series([None] * len(raw), index=raw.index)
    out["member_of"] = members.map(lambda m: tuple(int(x) for x in m) if isinstance(m, list) else ())
    ids = county_region_ids()
    by_id = pd.Series(ids["county"].to_numpy(), index=ids["region"].astype("int64").to_numpy())
    long = out["member_of"].explode().dropna()
    via_member = long.astype("int64").map(by_id).dropna()
    via_member = via_member[~via_member.index.duplicated()]
    own = out["region"].astype("Int64").map(by_id)
    out["county"] = own.fillna(via_member.reindex(out.index)).astype("string")
    out["uri"] = (raw["uri"] if "uri" in raw else pd.Series([None] * len(raw), index=raw.index)).astype("string")
    return out.reset_index(drop=True)


class _Text(HTMLParser):
    _BREAKS = {"br", "p", "div", "li", "ul", "ol", "tr", "h1", "h2", "h3", "h4"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self._BREAKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag):
        if tag in self._BREAKS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        self.parts.append(data)


def html_to_text(text) -> str | None:
    """Strip HTML from a Sotkanet description: tags removed, breaks kept as new lines.

    Parameters
    ----------
    text : str or None

    Returns
    -------
    str or None
        Plain text; runs of spaces collapsed, blank lines collapsed to one,
        entities decoded. ``None`` and text that is only whitespace give
        ``None``.

    Notes
    -----
    Uses the standard library's :class:`html.parser.HTMLParser`, which
    tolerates the unclosed and unquoted tags Sotkanet descriptions contain.

    Examples
    --------
    >>> html_to_text("Ks. myös:<br><br />- Kuolleisuus (186) ")
    'Ks. myös:\\n- Kuolleisuus (186)'
    >>> html_to_text("<p>Indikaattori &amp; <a href='x'>linkki</A>.</p>")
    'Indikaattori & linkki.'
    >>> html_to_text(" ") is None
    True
    """
    if text is None or (isinstance(text, float) and text != text):
        return None
    p = _Text()
    p.feed(str(text))
    p.close()
    s = html.unescape("".join(p.parts)).replace("\r", "\n").replace("\u00a0", " ")
    lines = [" ".join(line.split()) for line in s.split("\n")]
    s = re.sub(r"\n{2,}", "\n", "\n".join(lines)).strip()
    return s or None


def _lang(obj, key: str, lang: str):
    v = obj.get(key)
    return v.get(lang) if isinstance(v, dict) else None


def read_indicator_metadata(source) -> pd.DataFrame:
    """Read Sotkanet indicator metadata (``/rest/1.1/indicators/<id>`` responses).

    Parameters
    ----------
    source : str, Path, bytes, dict, or list
        One indicator record (the API response), a list of them, or a
        wrapper ``{"indicators": {"<id>": record, …}}`` as written by
        scripts that fetch several indicators.

    Returns
    -------
    pandas.DataFrame
        One row per indicator: ``indicator`` (``Int64``); ``title_fi,
        title_sv, title_en``; ``description_*``, ``interpretation_*``,
        ``limits_*``, ``notices_*`` (fi, sv, en; HTML stripped to plain text,
        see :func:`html_to_text`); ``organization_fi, organization_en``;
        ``unit`` (primary value type code, e.g. ``PER100000``, ``PER10000``, ``PROS`` = per cent),
        ``unit_fi, unit_en``; ``decimals``; ``range_start, range_end``
        (years with data); ``data_updated`` (date text); ``sources_fi`` (the
        titles of the underlying statistics, ``"; "``-separated).

    Examples
    --------
    >>> rec = {"id": 186, "title": {"fi": "Kuolleisuus / 100 000 asukasta",
    ...        "en": "Mortality per 100 000 inhabitants"},
    ...        "description": {"fi": "Kuolleet.<br><br /><p id=x>THL.</p>"},
    ...        "primaryValueType": {"code": "PER100000"}, "range": {"start": 1990, "end": 2024},
    ...        "organization": {"title": {"fi": "Tilastokeskus"}}}
    >>> m = read_indicator_metadata(rec)
    >>> int(m.loc[0, "indicator"]), m.loc[0, "unit"], int(m.loc[0, "range_end"])
    (186, 'PER100000', 2024)
    >>> m.loc[0, "description_fi"]
    'Kuolleet.\\nTHL.'
    """
    obj, label = json_source(source, "Sotkanet indicator metadata")
    if isinstance(obj, dict) and isinstance(obj.get("indicators"), dict):
        recs = list(obj["indicators"].values())
    elif isinstance(obj, dict):
        recs = [obj]
    elif isinstance(obj, list):
        recs = obj
    else:
        raise ValueError(f"{label}: expected indicator metadata as a JSON object or list")
    rows = []
    for i, r in enumerate(recs):
        if not isinstance(r, dict) or "id" not in r or "title" not in r:
            raise ValueError(
                f"{label}: record {i + 1} is not Sotkanet indicator metadata (expected keys "
                "'id' and 'title' as in /rest/1.1/indicators/<id>)"
            )
        row = {"indicator": r["id"]}
        for lang in _LANGS:
            row[f"title_{lang}"] = _lang(r, "title", lang)
        for key in ("description", "interpretation", "limits", "notices"):
            for lang in _LANGS:
                row[f"{key}_{lang}"] = html_to_text(_lang(r, key, lang))
        org = r.get("organization") or {}
        row["organization_fi"] = _lang(org, "title", "fi")
        row["organization_en"] = _lang(org, "title", "en")
        pvt = r.get("primaryValueType") or {}
        row["unit"] = pvt.get("code")
        row["unit_fi"] = _lang(pvt, "title", "fi")
        row["unit_en"] = _lang(pvt, "title", "en")
        row["decimals"] = r.get("decimals")
        rng = r.get("range") or {}
        row["range_start"] = rng.get("start")
        row["range_end"] = rng.get("end")
        row["data_updated"] = r.get("data-updated")
        srcs = [_lang(s, "title", "fi") for s in (r.get("sources") or []) if isinstance(s, dict)]
        row["sources_fi"] = "; ".join(s for s in srcs if s) or None
        rows.append(row)
    out = pd.DataFrame(rows)
    for k in ("indicator", "decimals", "range_start", "range_end"):
        out[k] = _whole(out[k], label, k) if len(out) else pd.Series(dtype="Int64")
    text_cols = [c for c in out.columns if c not in ("indicator", "decimals", "range_start", "range_end")]
    out[text_cols] = out[text_cols].astype("string")
    return out


@functools.lru_cache(maxsize=1)
def _county_ids() -> pd.DataFrame:
    df = pd.read_csv(
        DATA_DIR / "sotkanet" / "county_region_ids.csv",
        dtype={"county": "string", "code_old": "string", "name_fi": "string"},
        keep_default_na=False,
        na_values={"region_old": [""], "code_old": [""]},
    )
    df["region"] = df["region"].astype("Int64")
    df["region_old"] = df["region_old"].astype("Int64")
    return df


def county_region_ids() -> pd.DataFrame:
    """Sotkanet region ids of the 21 wellbeing services counties, Helsinki and Åland.

    Returns
    -------
    pandas.DataFrame
        23 rows: ``county`` (2-digit code as in :mod:`impactlib.regions`),
        ``region`` (current Sotkanet region id, 956–978), ``region_old``
        (the earlier id, 877–898; ``<NA>`` for Åland), ``code_old``
        (the earlier Sotkanet code) and ``name_fi``.

    Notes
    -----
    Bundled facts from THL Sotkanet region metadata (``data/sotkanet/``,
    CC BY 4.0), checked against the copy in ``../shared/data`` by the tests.

    Examples
    --------
    >>> ids = county_region_ids()
    >>> int(ids.set_index("county").loc["15", "region"])
    965
    >>> len(ids)
    23
    """
    return _county_ids().copy()


# ---------------------------------------------------------------------------
# Downloads (explicit calls only)
# ---------------------------------------------------------------------------


def _url(path: str, params: list[tuple[str, object]] | None = None) -> str:
    q = f"?{urllib.parse.urlencode(params)}" if params else ""
    return f"{BASE_URL}/{path}{q}"


def download_data(indicator: int, *, years, genders=("total",), cache_dir=None, refresh: bool = False) -> pd.DataFrame:
    """Download one indicator's data from Sotkanet (explicit call; cached on disk).

    Parameters
    ----------
    indicator : int
        Sotkanet indicator id (e.g. 127 population 31.12.).
    years : iterable of int
    genders : iterable of {"total", "male", "female"}, default ("total",)
    cache_dir, refresh
        As in :func:`impactlib.sources.download.fetch`.

    Returns
    -------
    pandas.DataFrame
        As :func:`read_data`.

    Examples
    --------
    >>> d = download_data(127, years=[2022, 2023])  # doctest: +SKIP
    """
    years = [int(y) for y in years]
    genders = [str(g) for g in genders]
    if not years:
        raise ValueError("give at least one year")
    bad = [g for g in genders if g not in _GENDERS]
    if bad:
        raise ValueError(f"genders must be among {_GENDERS}, got {bad}")
    params = [("indicator", int(indicator))] + [("years", y) for y in years] + [("genders", g) for g in genders]
    return read_data(fetch(_url("json", params), cache_dir=cache_dir, refresh=refresh))


def download_regions(*, cache_dir=None, refresh: bool = False) -> pd.DataFrame:
    """Download all Sotkanet regions (explicit call; cached on disk); see :func:`read_regions`.

    Examples
    --------
    >>> r = download_regions()  # doctest: +SKIP
    """
    return read_regions(fetch(_url("regions"), cache_dir=cache_dir, refresh=refresh))


def download_indicator_metadata(indicators, *, cache_dir=None, refresh: bool = False) -> pd.DataFrame:
    """Download metadata of one or more indicators (explicit call; cached on disk).

    Parameters
    ----------
    indicators : int or iterable of int

    Returns
    -------
    pandas.DataFrame
        As :func:`read_indicator_metadata`, one row per indicator.

    Examples
    --------
    >>> m = download_indicator_metadata([186, 322])  # doctest: +SKIP
    """
    ids = [int(indicators)] if isinstance(indicators, int | str) else [int(i) for i in indicators]
    recs = [json.loads(fetch(_url(f"indicators/{i}"), cache_dir=cache_dir, refresh=refresh)) for i in ids]
    return read_indicator_metadata(recs)
