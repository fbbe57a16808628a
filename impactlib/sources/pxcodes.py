"""Codes shared by the Statistics Finland readers (internal).

How StatFin names its dimensions and categories in Finnish, Swedish and English
(years, areas, ages, sexes, contents), and how they map to the population frame
of :mod:`impactlib.population`. Used by :mod:`~impactlib.sources.jsonstat`,
:mod:`~impactlib.sources.pxcsv` and :mod:`~impactlib.sources.statfin`; the names
are not part of the public API.

Examples
--------
>>> area_code("KU091"), age_code("100 -"), sex_code("Naiset")
('091', '100+', 'female')
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

#: Symbols PxWeb writes for values that are missing or confidential.
MISSING_SYMBOLS = frozenset({".", "..", "...", "....", "-", "", "x", "X"})

TOTAL_WORDS = {"sss", "yhteensä", "totalt", "total", "kaikki", "all", "koko maa"}
SEX_WORDS = {
    "sss": "total", "yhteensä": "total", "totalt": "total", "total": "total",
    "1": "male", "miehet": "male", "män": "male", "males": "male", "men": "male",
    "2": "female", "naiset": "female", "kvinnor": "female", "females": "female",
    "women": "female",
}
COUNTRY_WORDS = {"koko maa", "hela landet", "whole country", "sss", "suomi", "finland"}



def dim_kind(name: str, label: str, role: dict) -> str | None:
    n, lab = name.casefold(), str(label).casefold()
    if name in role.get("time", []) or n.startswith("timeperiod") or n in ("vuosi", "år", "year", "tid") or lab in ("vuosi", "år", "year"):
        return "year"
    if name in role.get("geo", []) or n.startswith("alue") or n.startswith("kunta") or n in ("område", "area", "region") or lab in ("alue", "område", "area", "kunta", "kommun"):
        return "area"
    if n.startswith("ika") or n.startswith("ikä") or n in ("ålder", "age") or lab in ("ikä", "ålder", "age"):
        return "age"
    if n.startswith("sukupuoli") or n in ("kön", "sex", "gender") or lab in ("sukupuoli", "kön", "sex"):
        return "sex"
    if name in role.get("metric", []) or n in ("contentscode", "tiedot", "uppgifter", "information") or lab in ("tiedot", "uppgifter", "information"):
        return "content"
    return None
def is_population_content(code: str) -> bool:
    """``vaesto``, ``vaerak-vaesto``, ``vaesto_e24`` … but not ``vaesto_osuus`` (a share)."""
    c = str(code).casefold()
    return re.search(r"(^|[-_])(vaesto|väestö)($|_e\d+$)", c) is not None
def map_unique(values: pd.Series, fn) -> pd.Series:
    """Apply ``fn`` to each distinct value (categories are few) and map back."""
    uniq = pd.unique(values.astype(object))
    table = {u: fn(u) for u in uniq}
    return values.astype(object).map(table)
def area_code(code) -> str:
    s = str(code).strip()
    if re.fullmatch(r"KU\d{3}", s):
        return s[2:]
    if re.fullmatch(r"\d{3}", s):
        return s
    if s.casefold() in COUNTRY_WORDS:
        return "SSS"
    return s
def age_code(code, where: str = "") -> str:
    s = " ".join(str(code).split())
    low = s.casefold()
    if low in TOTAL_WORDS:
        return "total"
    if re.fullmatch(r"\d+", s):
        return str(int(s))
    m = re.fullmatch(r"(\d+)\s*(?:-|–|\+|and over|och äldre|vuotta täyttäneet|-\s*v\.?)", s)
    if m:
        return f"{int(m.group(1))}+"
    m = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", s)
    if m:
        a, b = int(m.group(1)), int(m.group(2))
        if a > b:
            raise ValueError(f"{where}age group {s!r} runs backwards")
        return f"{a}-{b}"
    raise ValueError(
        f"{where}cannot read the age {s!r}; expected a single year (0, 005), a group "
        "(20-24), an open group (100-, 100 -, 80+) or a total (SSS, Yhteensä)"
    )
def sex_code(code, where: str = "") -> str:
    s = str(code).strip().casefold()
    if s in SEX_WORDS:
        return SEX_WORDS[s]
    raise ValueError(
        f"{where}cannot read the sex {code!r}; expected SSS/1/2 or Yhteensä/Miehet/Naiset"
    )
def finish_population(out: pd.DataFrame, values: pd.Series, where: str) -> pd.DataFrame:
    num = pd.to_numeric(values, errors="coerce").astype("float64")
    frac = num.notna() & (num != np.floor(num.fillna(0)))
    if frac.any():
        raise ValueError(
            f"{where}population counts must be whole numbers; found e.g. "
            f"{num[frac].iloc[0]!r} — is this a population table?"
        )
    out["population"] = pd.array(num.round().to_numpy(), dtype="Int64") if len(num) else pd.array([], dtype="Int64")
    return out.reset_index(drop=True)
