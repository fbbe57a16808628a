"""Everything real held about one area: its grants, hand-over rule, cooperation, associations.

Part of :mod:`impactlib.countyfacts`; re-exported there. Own data (a ``cooperation`` table)
come before the published facts; an item found in neither is *unknown*, never "no".

Examples
--------
>>> published_facts("15").cooperation_origin
'published'
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .. import regions
from ..labels import COOPERATION_ITEMS
from ..model import STRING
from ..sources import counties as _src
from .grants import (
    KEY,
    AreaComparison,
    compare_areas,
    grant_changes,
    grants_per_inhabitant,
    newest_first,
    share_of_applied,
)

__all__ = ["cooperation", "CountyFacts", "published_facts"]


def cooperation(county: str, own: pd.DataFrame | None = None,
                published: pd.DataFrame | None = None) -> pd.DataFrame:
    """The cooperation structures of one area, item by item: own data first, then published.

    Parameters
    ----------
    county : str
        County code.
    own : pandas.DataFrame, optional
        A group's own record (the ``cooperation`` table of a :class:`~impactlib.Dataset`:
        ``county, item, status, since, source``, optionally ``description``). Its rows for
        the county are used ahead of the published facts.
    published : pandas.DataFrame, optional
        Default :func:`impactlib.sources.counties.cooperation_structures`.

    Returns
    -------
    pandas.DataFrame
        One row per item of :data:`impactlib.labels.COOPERATION_ITEMS`, in that order:
        ``county, item, status`` (``yes``, ``no``, ``unknown``), ``since, description,
        source, origin`` — ``own`` (the group's data), ``published`` (the bundled facts) or
        ``not_found`` (in neither: status ``unknown``, never "no").

    Examples
    --------
    >>> c = cooperation("15")
    >>> c[["item", "status", "origin"]].to_numpy().tolist()[:3]
    [['coordinator', 'yes', 'published'], ['cooperation_body', 'yes', 'published'], ['written_plan', 'yes', 'published']]
    >>> c.set_index("item").loc["premises_offered", ["status", "origin"]].tolist()
    ['unknown', 'not_found']
    >>> own = pd.DataFrame({"county": ["15"], "item": ["premises_offered"], "status": ["no"],
    ...                     "since": [pd.NA], "source": ["oma selvitys 2026"]})
    >>> cooperation("15", own).set_index("item").loc["premises_offered", ["status", "origin"]].tolist()
    ['no', 'own']
    """
    pub = _src.cooperation_structures() if published is None else published
    parts = []
    if own is not None and len(own):
        o = own[own["county"].astype(str) == county]
        desc = o["description"] if "description" in o.columns else pd.Series(pd.NA, index=o.index)
        parts.append(pd.DataFrame({"item": o["item"].astype(str), "status": o["status"].astype(str),
                                   "since": o["since"], "description": desc, "source": o["source"],
                                   "origin": "own"}))
    p = pub[pub["county"].astype(str) == county]
    parts.append(pd.DataFrame({"item": p["item"].astype(str), "status": p["status"].astype(str),
                               "since": p["since"], "description": p["description_fi"],
                               "source": p["source"], "origin": "published"}))
    found = pd.concat([x.astype(object) for x in parts], ignore_index=True).drop_duplicates("item")
    full = pd.DataFrame({"item": list(COOPERATION_ITEMS)}).merge(found, on="item", how="left")
    none = full["origin"].isna()
    full.loc[none, "status"] = "unknown"
    full.loc[none, "origin"] = "not_found"
    full.insert(0, "county", county)
    out = full[["county", "item", "status", "since", "description", "source", "origin"]]
    return out.astype({c: STRING for c in out.columns})


@dataclass(frozen=True)
class CountyFacts:
    """Everything real the library holds about one area, for a brief or a notebook.

    Attributes
    ----------
    county : str
    grants : pandas.DataFrame
        The area's published grant figures (:func:`impactlib.sources.counties.county_grants`
        rows, all measures) with ``population``, ``eur_per_inhabitant``,
        ``share_of_applied`` and ``share_precision`` where computable; newest first.
    changes : pandas.DataFrame
        :func:`grant_changes` of the area (like with like only).
    comparison : AreaComparison or None
        :func:`compare_areas`.
    handover_rule : pandas.Series or None
        The area's row of :func:`impactlib.sources.counties.handover_rules`.
    cooperation : pandas.DataFrame
        :func:`cooperation` (own data first).
    associations : pandas.DataFrame
        The area's rows of :func:`impactlib.sources.counties.sote_associations`.
    """

    county: str
    grants: pd.DataFrame
    changes: pd.DataFrame
    comparison: AreaComparison | None
    handover_rule: pd.Series | None
    cooperation: pd.DataFrame
    associations: pd.DataFrame

    @property
    def cooperation_origin(self) -> str:
        """``own``, ``published``, ``own_and_published`` or ``none``: where the structures
        listed come from."""
        used = set(self.cooperation.loc[self.cooperation["origin"] != "not_found", "origin"])
        if used == {"own", "published"}:
            return "own_and_published"
        return used.pop() if used else "none"

    @property
    def has_any(self) -> bool:
        """True when anything real is held about the area (a grant figure, a rule, a
        structure found or an association count)."""
        return bool(len(self.grants) or self.handover_rule is not None
                     or (self.cooperation["origin"] != "not_found").any() or len(self.associations))


def published_facts(county: str, *, cooperation_own: pd.DataFrame | None = None) -> CountyFacts:
    """All real facts the library holds about one area.

    Parameters
    ----------
    county : str
        County code (``"15"``) or name (:func:`impactlib.regions.find_county`).
    cooperation_own : pandas.DataFrame, optional
        The group's own ``cooperation`` table, used ahead of the published structures.

    Returns
    -------
    CountyFacts

    Examples
    --------
    >>> f = published_facts("Kainuu")
    >>> f.grants[["year", "measure", "amount_eur"]].to_numpy().tolist()
    [[2023, 'granted', 122200.0], [2023, 'budget', 150000.0]]
    >>> f.has_any, published_facts("10").has_any   # Kymenlaakso: nothing found
    (True, False)
    """
    code = regions.find_county(str(county))
    g = _src.county_grants()
    mine = g[g["county"] == code]
    per = grants_per_inhabitant(mine)[KEY + ["population", "eur_per_inhabitant"]]
    share = share_of_applied(mine)[KEY + ["share_of_applied", "share_precision"]]
    rows = newest_first(mine.merge(per, on=KEY, how="left").merge(share, on=KEY, how="left")).reset_index(drop=True)
    changes = grant_changes(g)
    rules = _src.handover_rules()
    rule = rules[rules["county"] == code]
    assoc = _src.sote_associations()
    return CountyFacts(
        county=code,
        grants=rows,
        changes=changes[changes["county"] == code].reset_index(drop=True),
        comparison=compare_areas(code, g),
        handover_rule=rule.iloc[0] if len(rule) else None,
        cooperation=cooperation(code, cooperation_own),
        associations=assoc[assoc["area"] == code].reset_index(drop=True),
    )
