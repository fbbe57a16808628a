"""The data and parameters of one brief: the county selected, library results cached.

:class:`BriefContext` does no arithmetic of its own. It picks the county's associations and
their rows, calls the indicator functions (:mod:`impactlib.field`,
:mod:`impactlib.continuity`, :mod:`impactlib.effectiveness`) once, and keeps their results
for the section builders (:mod:`impactlib.brief.sections`). Results that do not depend on
the county (:data:`NATIONAL`) are computed once and shared by the contexts of other counties
(:meth:`BriefContext.for_county`), so 22 briefs do not repeat the whole-country work.

Examples
--------
>>> ctx = prepare("keski-suomi", lang="en")
>>> ctx.county, ctx.name, ctx.year
('15', 'Central Finland', 2025)
>>> other = ctx.for_county("Kainuu")
>>> other.name, other.ds is ctx.ds
('Kainuu', True)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from .. import continuity as cont
from .. import effectiveness as eff
from .. import field as fld
from .. import market as mkt
from .. import regions
from ..dataset import org_county
from ..i18n import county_in, phrase, sentence, t

__all__ = ["NATIONAL", "BriefContext", "prepare"]

#: Whole-country results that do not depend on the county; shared by :meth:`BriefContext.for_county`.
NATIONAL = ("reach", "mix_all", "handover", "handover_by_county", "handover_all", "concentration",
            "dependence_all", "cut_plan", "scenario_by_county", "cliffs", "effects", "pooled_all",
            "levels", "trend", "exposure_all")


#: Whole-country results of the service-producer section (issue 13), shared the same way.
NATIONAL = NATIONAL + ("market_share_by_county", "market_channels_by_county",
                       "market_buyers_by_county", "market_transition_by_county")


def _in_year(table: pd.DataFrame, year: int) -> pd.DataFrame:
    return table[pd.to_numeric(table["year"], errors="coerce") == year]


@dataclass
class BriefContext:
    """The data and parameters of one brief, with the library results it needs cached.

    Build with :func:`prepare`. Attributes ending in ``_all`` are for the whole country
    (all organiser areas), the others for the county.

    Attributes
    ----------
    ds : Dataset
    county : str
        County code (``"15"``).
    lang : {"fi", "en"}
    year : int
        Snapshot year (reach, dependence, evidence levels).
    date : str
        Date printed on the brief.
    data_label : str
        Name of the data folder or workbook (for the "reproduce" line); empty for the demo.
    """

    ds: object
    county: str
    lang: str = "fi"
    year: int = 0
    date: str = ""
    data_label: str = ""
    #: Counts withheld by secondary suppression across the briefs of a run that no table's
    #: ``hidden`` column carries: ``(area, table, category)``, e.g. ``("20", "dependence",
    #: "high")``, the "≥ 90 % from one funder" count (:func:`impactlib.brief.ledger.withhold`).
    withheld: set = field(default_factory=set)

    def hides(self, area: str, table: str, category: str) -> bool:
        """True when the run withholds this count (:attr:`withheld`)."""
        return (str(area), table, category) in self.withheld

    # -- names and texts ----------------------------------------------------------------
    @property
    def name(self) -> str:
        """Short name of the county in the brief's language."""
        return regions.county_name(self.county, "en" if self.lang == "en" else "fi")

    @property
    def full_name(self) -> str:
        """Official name of the county in the brief's language."""
        return regions.county_name(self.county, "en" if self.lang == "en" else "fi", short=False)

    @property
    def area(self) -> str:
        """"In the county" for sentences (:func:`impactlib.i18n.county_in`)."""
        return county_in(self.county, self.lang)

    @property
    def synthetic(self) -> bool:
        """True for synthetic (demo) data."""
        return bool(self.ds.synthetic)

    def t(self, fi: str, en: str) -> str:
        """The Finnish or the English text (:func:`impactlib.i18n.t`)."""
        return t(fi, en, self.lang)

    def s(self, key: str, **values) -> str:
        """A sentence of the catalogue (:func:`impactlib.i18n.sentence`)."""
        return sentence(key, self.lang, **values)

    def p(self, key: str, **values) -> str:
        """A short text of the catalogue (:func:`impactlib.i18n.phrase`)."""
        return phrase(key, self.lang, **values)

    # -- the county's rows --------------------------------------------------------------
    @cached_property
    def orgs(self) -> pd.DataFrame:
        return self.ds.organisations

    @cached_property
    def org_ids(self) -> set:
        """Ids of the associations whose home municipality lies in the county
        (:func:`impactlib.dataset.org_county`)."""
        oc = org_county(self.orgs)
        return set(self.orgs.loc[(oc == self.county).to_numpy(), "org_id"].astype(str))

    @cached_property
    def funding_c(self) -> pd.DataFrame:
        f = self.ds.funding
        return f[f["org_id"].astype(str).isin(self.org_ids)]

    @cached_property
    def activities_c(self) -> pd.DataFrame:
        a = self.ds.activities
        return a[a["org_id"].astype(str).isin(self.org_ids)]

    @cached_property
    def activities_year(self) -> pd.DataFrame:
        """All activities of the snapshot year."""
        return _in_year(self.ds.activities, self.year)

    # -- field --------------------------------------------------------------------------
    @cached_property
    def kinds(self) -> pd.DataFrame:
        return fld.association_counts(self.orgs, by="kind", county=self.county)

    @cached_property
    def categories(self) -> pd.DataFrame:
        return fld.association_counts(self.orgs, by="category", county=self.county)

    @cached_property
    def staff(self) -> pd.DataFrame:
        return fld.staff_and_volunteers(self.orgs, county=self.county).set_index("area")

    @cached_property
    def associations(self) -> pd.DataFrame:
        """Associations per 1,000 inhabitants of the county and the whole country, indexed by
        area (:func:`impactlib.field.association_rate`)."""
        return fld.association_rate(self.orgs, county=self.county).set_index("area")

    # -- reach --------------------------------------------------------------------------
    @cached_property
    def reach(self) -> pd.DataFrame:
        a = self.activities_year
        return pd.DataFrame() if a.empty else eff.reach(a, by="county", organisations=self.orgs)

    @cached_property
    def reach_numbers(self) -> pd.DataFrame | None:
        """Reach of the county beside the whole country (:func:`impactlib.effectiveness.reach_summary`)."""
        return None if self.reach.empty else eff.reach_summary(self.reach, self.county)

    # -- funding ------------------------------------------------------------------------
    @cached_property
    def mix_all(self) -> pd.DataFrame:
        return cont.mix_over_years(self.ds.funding)

    @cached_property
    def mix(self) -> pd.DataFrame:
        """Funding mix by year: the county (group = code) above the whole country (``all``)."""
        parts = [self.mix_all]
        if len(self.funding_c):
            parts.insert(0, cont.mix_over_years(self.funding_c).assign(group=self.county))
        return pd.concat(parts, ignore_index=True)

    @cached_property
    def handover(self) -> pd.DataFrame | None:
        """The hand-over of every municipal grant; ``None`` when the data do not span the reform."""
        years = set(pd.to_numeric(self.ds.funding["year"], errors="coerce").dropna().astype(int))
        if not {regions.REFORM_YEAR - 1, regions.REFORM_YEAR} <= years:
            return None
        try:
            return cont.handover(self.ds.funding, self.orgs)
        except ValueError:  # no funding in the year before the reform or in the reform year
            return None

    @cached_property
    def handover_by_county(self) -> pd.DataFrame | None:
        return None if self.handover is None else cont.handover_summary(self.handover, by="county")

    @cached_property
    def handover_all(self) -> pd.DataFrame | None:
        return None if self.handover is None else cont.handover_summary(self.handover, by=None)

    @cached_property
    def handover_summary(self) -> pd.DataFrame | None:
        """Hand-over outcomes of the county (group = code) and the whole country (``all``)."""
        if self.handover is None:
            return None
        here = self.handover_by_county
        here = here[here["group"] == self.county]
        return pd.concat([here, self.handover_all], ignore_index=True)

    @cached_property
    def handover_kept(self) -> pd.Series | None:
        """Share of the municipal grant euros that continued, by group."""
        hs = self.handover_summary
        return None if hs is None else cont.handover_euros_kept(hs)

    @cached_property
    def concentration(self) -> pd.DataFrame:
        """Largest-funder dependence in the snapshot year (own fundraising left out)."""
        dep = cont.concentration(self.ds.funding, by="funder", exclude_sources=["fundraising"])
        return dep[dep["year"] == self.year]

    @cached_property
    def dependence_all(self) -> pd.DataFrame | None:
        dep = self.concentration
        return None if dep.empty else cont.dependence_bands(dep, by=None, year=self.year)

    @cached_property
    def dependence(self) -> pd.DataFrame | None:
        """Dependence bands of the county (group = code) and the whole country (``all``)."""
        if self.dependence_all is None:
            return None
        dep = self.concentration
        here = dep[dep["org_id"].astype(str).isin(self.org_ids)]
        parts = [self.dependence_all]
        if len(here):
            parts.insert(0, cont.dependence_bands(here, by=None, year=self.year).assign(
                group=self.county))
        return pd.concat(parts, ignore_index=True)

    @cached_property
    def cut_plan(self) -> dict:
        """Base year, last year and relative change of the announced STEA cuts."""
        return cont.stea_cut_plan(self.ds.funding, year=self.year)

    @cached_property
    def scenario_by_county(self) -> pd.DataFrame | None:
        """Cut scenario summaries by county and (group ``all``) for the whole country."""
        sc = cont.stea_cut_scenario(self.ds.funding, self.cut_plan, organisations=self.orgs)
        if sc is None:
            return None
        return pd.concat([cont.scenario_summary(sc, by="county"), cont.scenario_summary(sc, by=None)],
                         ignore_index=True)

    @cached_property
    def scenario(self) -> pd.DataFrame | None:
        sc = self.scenario_by_county
        return None if sc is None else sc[sc["group"].isin([self.county, "all"])]

    @cached_property
    def exposure_all(self) -> pd.DataFrame:
        """The STEA cut already made (2025) and the cuts announced after it, by county and for the
        whole country, each from its named base year (:func:`impactlib.continuity.stea_exposure`)."""
        return cont.stea_exposure(self.ds.funding, self.orgs, year=self.year)

    @cached_property
    def exposure(self) -> pd.DataFrame:
        """:attr:`exposure_all` of the county (group = code) and the whole country (``all``)."""
        e = self.exposure_all
        return e[e["group"].astype(str).isin([self.county, "all"])].reset_index(drop=True)

    @property
    def stea_made_meur(self) -> float:
        """The STEA cut already made in 2025, million euros (−79,5; :mod:`impactlib.sources.stea`)."""
        from ..sources import stea

        return float(stea.ANNOUNCED_CUTS_MEUR[min(stea.ANNOUNCED_CUTS_MEUR)])

    # -- published facts, key messages and questions -------------------------------------
    @cached_property
    def facts(self):
        """Real published facts about the area, the group's own cooperation sheet first
        (:func:`impactlib.countyfacts.published_facts`)."""
        from ..countyfacts import published_facts

        own = getattr(self.ds, "cooperation", None)
        return published_facts(self.county, cooperation_own=own if own is not None and len(own) else None)

    @cached_property
    def message_rows(self) -> pd.DataFrame:
        """The counts the key-message and question rules read (:func:`impactlib.messages.count_rows`)."""
        from ..messages import count_rows

        staff = self.staff.reset_index()
        rows = count_rows(self.county, handover=self.handover_summary, dependence=self.dependence,
                          kinds=self.kinds, staff=staff,
                          exposure=self.exposure if len(self.exposure) else None)
        if self.hides(self.county, "dependence", "high") or self.hides("all", "dependence", "high"):
            from ..messages import ONE_FUNDER

            rows = rows[rows["indicator"] != ONE_FUNDER].reset_index(drop=True)
        return rows

    @cached_property
    def stea_announced(self) -> dict | None:
        """The county's exposure to the announced cuts, for the rules (``k``, ``n``, base year …)."""
        e = self.exposure
        here = e[(e["part"] == "announced") & (e["group"].astype(str) == self.county)]
        every = e[(e["part"] == "announced") & (e["group"] == "all")]
        if here.empty or every.empty:
            return None
        h, a = here.iloc[0], every.iloc[0]
        return {"k": int(h["n_losing"]), "n": int(h["n"]), "k_all": int(a["n_losing"]),
                "n_all": int(a["n"]), "base_year": int(h["base_year"]), "end_year": int(h["end_year"]),
                "national_change": float(h["national_change"]),
                "threshold": float(self.exposure_all.attrs.get("threshold", 0.10))}

    @cached_property
    def sales_share(self) -> float | None:
        """Share of the county's associations' money from service sales in the snapshot year
        (funding mix, source group ``sales``); ``None`` when hidden or absent."""
        m = self.mix
        d = m[(m["group"].astype(str) == self.county) & (m["year"] == self.year) & (m["code"] == "sales")]
        if d.empty or bool(d["hidden"].iloc[0]):
            return None
        return float(d["share"].iloc[0])

    @cached_property
    def key_messages(self) -> list:
        """Three key messages by the rules of :func:`impactlib.messages.key_messages`."""
        from ..messages import key_messages

        return key_messages(self.message_rows, comparison=self.facts.comparison, stea=self.stea_announced)

    @cached_property
    def questions(self) -> list:
        """Four to six questions for the county by the rules of :func:`impactlib.messages.questions`."""
        from ..messages import questions

        return questions(self.message_rows, facts=self.facts, sales_share=self.sales_share,
                         stea=self.stea_announced)

    @cached_property
    def cliffs(self) -> pd.DataFrame:
        return cont.project_cliff(self.ds.funding, self.orgs)

    # -- service producers (impactlib.market) -------------------------------------------
    @cached_property
    def market_share_by_county(self) -> pd.DataFrame:
        """Sales share of income by county (``all``: the whole country) and kind in the snapshot
        year (:func:`impactlib.market.sales_summary`)."""
        sh = mkt.sales_share(self.ds.funding, rows=self.sales)
        y = (self.year, self.year)
        return pd.concat([mkt.sales_summary(sh, self.orgs, by=("county", "kind"), years=y),
                          mkt.sales_summary(sh, self.orgs, by=("kind",), years=y).assign(county=fld.ALL)],
                         ignore_index=True)

    @cached_property
    def sales(self) -> pd.DataFrame:
        """The sales rows of the funding table (:func:`impactlib.market.sales_rows`), computed
        once and given to every market indicator of the brief."""
        return mkt.sales_rows(self.ds.funding)

    @cached_property
    def market_channels_by_county(self) -> pd.DataFrame:
        """Public purchases by channel before and after the reform, by county and (``all``) for
        the whole country (:func:`impactlib.market.public_channels`)."""
        f = self.ds.funding
        return pd.concat([mkt.public_channels(f, self.orgs, by="county", rows=self.sales),
                          mkt.public_channels(f, self.orgs, by=None, rows=self.sales)],
                         ignore_index=True)

    @cached_property
    def market_buyers_by_county(self) -> pd.DataFrame:
        """The largest public buyer's share of an association's public purchases before and after
        the reform, by county and (``all``) for the whole country."""
        conc = mkt.buyer_concentration(self.ds.funding, rows=self.sales)
        m = ["top_public_of_public"]
        return pd.concat([mkt.concentration_change(conc, self.orgs, by="county", measures=m),
                          mkt.concentration_change(conc, measures=m)], ignore_index=True)

    @cached_property
    def market_transition_by_county(self) -> pd.DataFrame | None:
        """Public sales at the reform by county (of the buying municipalities) and (``all``) for
        the whole country; ``None`` when the data hold no sales to municipalities the year before."""
        try:
            tr = mkt.sales_transition(self.ds.funding, self.orgs, rows=self.sales)
        except ValueError:
            return None
        return pd.concat([mkt.transition_summary(tr, by="county"), mkt.transition_summary(tr, by=None)],
                         ignore_index=True)

    # -- effectiveness ------------------------------------------------------------------
    @cached_property
    def effects(self) -> pd.DataFrame:
        return eff.activity_effects(self.ds.activities, self.ds.outcomes, self.ds.outcome_summaries,
                                    vtype="AV")

    @cached_property
    def effects_c(self) -> pd.DataFrame:
        e = self.effects
        return e[e["org_id"].astype(str).isin(self.org_ids)]

    @staticmethod
    def _pool(e: pd.DataFrame, area: str) -> pd.DataFrame | None:
        ok = e[e["poolable"].astype(bool)]
        return (eff.pool_by(ok, ["theme", "effect_type"], knapp_hartung="truncated").assign(area=area)
                if len(ok) else None)

    @cached_property
    def claims(self) -> pd.DataFrame:
        """The county's pooled effects per theme with what may be said of them
        (:func:`impactlib.effectiveness.effect_table`: columns from the same activities, Knapp–Hartung
        truncated or three-level when an association runs several activities)."""
        return eff.effect_table(self.effects_c, by="theme", cluster="org_id")

    @cached_property
    def pooled_all(self) -> pd.DataFrame | None:
        return self._pool(self.effects, fld.ALL)

    @cached_property
    def pooled(self) -> pd.DataFrame:
        """Pooled effects per theme and effect type, county (area = code) and whole country."""
        parts = [p for p in (self._pool(self.effects_c, self.county), self.pooled_all) if p is not None]
        if not parts:
            return pd.DataFrame(columns=["area", "theme", "effect_type", "k", "estimate", "ci_low",
                                         "ci_high"])
        return pd.concat(parts, ignore_index=True)

    @cached_property
    def levels(self) -> pd.DataFrame:
        """Evidence level of each activity of the snapshot year, with its association."""
        a = self.activities_year
        if a.empty:
            return pd.DataFrame(columns=["activity_id", "org_id", "nesta_level", "next_step"])
        e = self.effects
        lv = eff.evidence_level(a, e[e["poolable"].astype(bool)], lang=self.lang)
        return lv.assign(org_id=a.drop_duplicates("activity_id")["org_id"].astype(str).to_numpy())

    @cached_property
    def felt_help(self) -> pd.DataFrame | None:
        """Felt help in the snapshot year: the county (``_area`` = code) against the others."""
        a = self.activities_year
        if not len(a) or not {"feedback_respondents", "feedback_helped"} <= set(a.columns):
            return None
        inside = a["org_id"].astype(str).isin(self.org_ids)
        return eff.felt_help(a.assign(_area=inside.map({True: self.county, False: "other"})),
                             by="_area").set_index("_area")

    @cached_property
    def trend(self):
        """Pooled pre/post change of the comparison groups (change without the activity)."""
        return eff.comparison_trend(self.ds.outcomes)

    # -- sharing whole-country results ----------------------------------------------------
    def national(self) -> dict:
        """The whole-country results (:data:`NATIONAL`), computed now if not yet."""
        return {n: getattr(self, n) for n in NATIONAL}

    def fits(self, other: BriefContext) -> bool:
        """True when ``other``'s whole-country results hold for this brief (same data, year
        and language)."""
        return other.ds is self.ds and other.year == self.year and other.lang == self.lang

    def for_county(self, county: str) -> BriefContext:
        """The context of another county on the same data, sharing the whole-country results.

        Parameters
        ----------
        county : str
            Code or name (:func:`impactlib.regions.find_county`).
        """
        ctx = BriefContext(ds=self.ds, county=brief_area(county), lang=self.lang,
                           year=self.year, date=self.date, data_label=self.data_label)
        ctx.__dict__.update(self.national())
        ctx.__dict__["orgs"] = self.orgs
        return ctx


def brief_area(county) -> str:
    """The code of an area that gets a brief: one of the 21 wellbeing services counties or
    Helsinki (:func:`impactlib.regions.counties`).

    Raises
    ------
    ValueError
        For a name nothing matches (close matches listed) and for Åland, which is outside the
        sote reform and has no wellbeing services county (issue 11: a brief was rendered).

    Examples
    --------
    >>> brief_area("Keski-Suomi")
    '15'
    >>> brief_area("Ahvenanmaa")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: Ahvenanmaa (91) is outside the sote reform ...
    """
    code = regions.find_county(str(county))
    areas = regions.counties()
    if code not in set(areas["code"]):
        name = regions.county_name(code)
        raise ValueError(
            f"{name} ({code}) is outside the sote reform and has no wellbeing services county: "
            "briefs cover the 21 wellbeing services counties and Helsinki / "
            f"{name} ei kuulu sote-uudistukseen eikä sillä ole hyvinvointialuetta: koosteet "
            "tehdään 21 hyvinvointialueelle ja Helsingille")
    return code


def _data_year(ds, year) -> int:
    """``year`` as an int when the funding table has data for it, else a ValueError naming the
    years it has (issue 11: a brief for 1800 was rendered from nothing)."""
    y = int(year)
    years = sorted({int(v) for v in pd.to_numeric(ds.funding["year"], errors="coerce").dropna()})
    if y not in years:
        span = f"{years[0]}–{years[-1]}" if years else "none"
        raise ValueError(f"no funding data for {y}; the data cover {span} / vuodelle {y} ei ole "
                         f"rahoitustietoja; aineisto kattaa vuodet {span}")
    return y


def prepare(
    county: str,
    *,
    lang: str = "fi",
    data=None,
    year: int | None = None,
    date: str | None = None,
    national: BriefContext | None = None,
) -> BriefContext:
    """Load the data and set up one brief.

    Parameters
    ----------
    county : str
        A county code (``"15"``) or name in Finnish, Swedish or English, matched
        case-insensitively (:func:`impactlib.regions.find_county`; a ``ValueError`` lists close
        matches when nothing matches).
    lang : {"fi", "en"}
    data : str or Path or Dataset, optional
        A folder of CSV files or a workbook (:func:`impactlib.load_dataset`), or a loaded
        :class:`~impactlib.Dataset`; default the bundled demo data.
    year : int, optional
        Year of the snapshot figures (reach, dependence, evidence levels); default the last
        year with both funding and activity data.
    date : str, optional
        Date printed on the brief (ISO 8601); default the data's date.
    national : BriefContext, optional
        A context of another county whose whole-country results are reused when they fit
        (same data object, year and language; :meth:`BriefContext.fits`).

    Returns
    -------
    BriefContext
    """
    from ..dataset import Dataset

    if lang not in ("fi", "en"):
        raise ValueError(f"lang must be 'fi' or 'en', got {lang!r}")
    code = brief_area(county)
    if national is not None and data is None:
        ds, label = national.ds, national.data_label
    elif data is None:
        from ..demo import load_demo

        ds, label = load_demo(), ""
    elif isinstance(data, Dataset):
        ds, label = data, ""
    else:
        from ..sources.tables import load_dataset

        ds, label = load_dataset(data), Path(data).name
    y = ds.snapshot_year() if year is None else _data_year(ds, year)
    ctx = BriefContext(ds=ds, county=code, lang=lang, year=y,
                       date=str(date or ds.provenance.date or ""), data_label=label)
    if national is not None and ctx.fits(national):
        ctx.__dict__.update(national.national())
    return ctx
