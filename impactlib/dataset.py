"""The :class:`Dataset`: the four tables of the data model plus provenance.

Examples
--------
>>> from impactlib import load_demo
>>> ds = load_demo()
>>> ds.synthetic, ds.validated
(True, True)
>>> sorted(ds.tables())[:2]
['activities', 'funding']
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from . import model, regions

__all__ = ["Provenance", "Dataset", "sha256_file", "org_county"]


def org_county(organisations: pd.DataFrame, *, by_org: bool = False) -> pd.Series:
    """Wellbeing services county of each association's home municipality.

    The one place where the county of an association is decided: every
    indicator, table and brief that needs it calls this function
    (:meth:`Dataset.org_county`, :func:`impactlib.field.org_county`,
    :func:`impactlib.continuity.attach_organisation`,
    :func:`impactlib.effectiveness.reach`).

    Parameters
    ----------
    organisations : pandas.DataFrame
        The ``organisations`` table (its ``municipality`` column: 3-digit
        Statistics Finland codes; ``org_id`` for ``by_org``).
    by_org : bool, default False
        Index the result by ``org_id`` (the first row of an association
        listed twice) instead of by the rows of ``organisations``.

    Returns
    -------
    pandas.Series of str (dtype ``string``), named ``county``
        2-digit county codes of the 2023 classification
        (:func:`impactlib.regions.county_of`; a municipality merged away
        since 2013 counts in the county of its successor, Helsinki is
        ``"90"``); ``<NA>`` where the municipality is missing or unknown.

    Examples
    --------
    >>> orgs = pd.DataFrame({"org_id": ["0112038-9", "0116297-6"], "municipality": ["179", "999"]})
    >>> c = org_county(orgs, by_org=True)
    >>> c["0112038-9"], bool(c.isna()["0116297-6"])
    ('15', True)
    """
    need = ["municipality", "org_id"] if by_org else ["municipality"]
    missing = [c for c in need if c not in organisations.columns]
    if missing:
        raise ValueError("the organisations table has no column(s) " + ", ".join(map(repr, missing))
                         + " / järjestötaulukosta puuttuu sarake: " + ", ".join(missing))
    orgs = organisations.drop_duplicates("org_id") if by_org else organisations
    county = regions.county_of(orgs["municipality"].astype("string[pyarrow]"))
    index = pd.Index(orgs["org_id"], name="org_id") if by_org else orgs.index
    return pd.Series(county.to_numpy(), index=index, dtype=county.dtype, name="county")


def sha256_file(path: str | Path) -> str:
    """SHA-256 of a file's bytes, as 64 hex digits."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass(frozen=True)
class Provenance:
    """Where a dataset comes from (printed in every brief).

    Attributes
    ----------
    source : str
        Producer and title, e.g. ``"Keski-Suomen järjestökysely 2024"``.
    licence : str
        Licence of the data, e.g. ``"CC BY 4.0"``.
    date : str
        Date the data were published, generated or read (ISO 8601).
    files : dict of str to str
        File name → SHA-256 of each input file.
    synthetic : bool
        True for the synthetic demo data (*keksitty aineisto*).
    url : str, optional
    notes : tuple of str
        What the reader detected (encoding, separator, decimal mark) and
        anything else worth knowing.
    """

    source: str = "in-memory tables"
    licence: str = "unknown"
    date: str = ""
    files: dict[str, str] = field(default_factory=dict)
    synthetic: bool = False
    url: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def sha256(self) -> str:
        """One SHA-256 over all input files (name and hash, sorted by name)."""
        h = hashlib.sha256()
        for name in sorted(self.files):
            h.update(f"{name}\0{self.files[name]}\n".encode())
        return h.hexdigest()

    def to_dict(self) -> dict:
        """Return the provenance as a JSON-ready dict (with the combined ``sha256``)."""
        return {
            "source": self.source,
            "licence": self.licence,
            "date": self.date,
            "url": self.url,
            "synthetic": self.synthetic,
            "sha256": self.sha256,
            "files": dict(sorted(self.files.items())),
            "notes": list(self.notes),
        }

    def __str__(self) -> str:
        mark = " [DEMO — keksitty aineisto / synthetic data]" if self.synthetic else ""
        return (
            f"{self.source}{mark}; licence {self.licence}; date {self.date}; "
            f"SHA-256 {self.sha256[:16]}…"
        )


@dataclass
class Dataset:
    """The tables of the data model and their provenance.

    Build one with :func:`impactlib.load_dataset` (files) or
    :func:`impactlib.load_demo` (bundled synthetic data), or directly from
    DataFrames and then call :func:`impactlib.validate`.

    Attributes
    ----------
    organisations, funding, activities, outcomes, outcome_summaries : pandas.DataFrame
        The tables (see :mod:`impactlib.model`); missing optional tables are
        empty frames with the right columns.
    provenance : Provenance
    origins : dict
        Table → (file label, row numbers as a spreadsheet user counts them),
        used to name file and row in error messages.
    """

    organisations: pd.DataFrame
    funding: pd.DataFrame
    activities: pd.DataFrame = field(default_factory=lambda: model.empty_table("activities"))
    outcomes: pd.DataFrame = field(default_factory=lambda: model.empty_table("outcomes"))
    outcome_summaries: pd.DataFrame = field(
        default_factory=lambda: model.empty_table("outcome_summaries")
    )
    provenance: Provenance = field(default_factory=Provenance)
    origins: dict = field(default_factory=dict, repr=False)

    @property
    def synthetic(self) -> bool:
        """True for the synthetic demo data."""
        return self.provenance.synthetic

    @property
    def validated(self) -> bool:
        """True when every table was returned by :func:`impactlib.validate` (or a loader).

        Each table carries the mark of the validation (see
        :mod:`impactlib._validated`): indicator functions given these tables
        check only their columns and dtypes. Replacing a table with a frame
        built by hand drops the mark.
        """
        from ._validated import is_validated

        return all(is_validated(df, name) for name, df in self.tables().items())

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables by name."""
        return {name: getattr(self, name) for name in model.TABLE_ORDER}

    def summary(self) -> pd.DataFrame:
        """Rows, years and areas per table (what ``impactlib validate`` prints).

        Returns
        -------
        pandas.DataFrame
            One row per table: ``table, rows, first_year, last_year,
            associations, counties``.
        """
        county = self.org_county()
        rows = []
        for name, df in self.tables().items():
            years = df["year"] if "year" in df else pd.Series(dtype="Int64")
            if "org_id" in df:
                orgs = df["org_id"]
            elif "activity_id" in df and len(self.activities):
                orgs = df["activity_id"].map(self.activities.set_index("activity_id")["org_id"])
            else:
                orgs = pd.Series(dtype="string")
            rows.append(
                {
                    "table": name,
                    "rows": len(df),
                    "first_year": years.min() if len(years.dropna()) else pd.NA,
                    "last_year": years.max() if len(years.dropna()) else pd.NA,
                    "associations": orgs.nunique(),
                    "counties": orgs.map(county).nunique(),
                }
            )
        out = pd.DataFrame(rows)
        out[["first_year", "last_year"]] = out[["first_year", "last_year"]].astype("Int64")
        return out

    def org_county(self) -> pd.Series:
        """County code of each association's home municipality, indexed by ``org_id``.

        See :func:`org_county` (the one county-of-an-association helper).
        """
        return org_county(self.organisations, by_org=True)

    def snapshot_year(self) -> int:
        """The year of one-year figures: the last year with both funding and activity data.

        The default snapshot year of the briefs (reach, dependence on one funder, evidence
        levels): the last calendar year present in both the ``funding`` and the
        ``activities`` table, else the last year of ``funding``.

        Returns
        -------
        int

        Raises
        ------
        ValueError
            When the funding table holds no year.

        Examples
        --------
        >>> f = pd.DataFrame({"org_id": ["0112038-9"] * 3, "year": [2023, 2024, 2025]})
        >>> a = pd.DataFrame({"activity_id": ["A1", "A2"], "year": [2023, 2024]})
        >>> Dataset(organisations=pd.DataFrame(), funding=f, activities=a).snapshot_year()
        2024
        >>> Dataset(organisations=pd.DataFrame(), funding=f, activities=a.iloc[:0]).snapshot_year()
        2025
        """
        def years(table: pd.DataFrame) -> set[int]:
            return set(pd.to_numeric(table["year"], errors="coerce").dropna().astype(int))

        funded, active = years(self.funding), years(self.activities)
        if funded & active:
            return max(funded & active)
        if funded:
            return max(funded)
        raise ValueError("the funding table has no years / rahoitustaulukossa ei ole vuosia")

    def for_county(self, county: str) -> Dataset:
        """The part of the dataset whose associations are based in one county.

        Parameters
        ----------
        county : str
            County code (``"15"``), see :func:`impactlib.regions.find_county`.
        """
        oc = self.org_county()
        orgs = set(oc.index[oc == county])
        acts = self.activities[self.activities["org_id"].isin(orgs)]
        ids = set(acts["activity_id"])
        return replace(
            self,
            organisations=self.organisations[self.organisations["org_id"].isin(orgs)],
            funding=self.funding[self.funding["org_id"].isin(orgs)],
            activities=acts,
            outcomes=self.outcomes[self.outcomes["activity_id"].isin(ids)],
            outcome_summaries=self.outcome_summaries[self.outcome_summaries["activity_id"].isin(ids)],
            origins={},
        )

    def __repr__(self) -> str:
        sizes = ", ".join(f"{k}={len(v):,}" for k, v in self.tables().items())
        mark = " DEMO (synthetic)" if self.synthetic else ""
        return f"<Dataset{mark}: {sizes}; {self.provenance.source}>"


def read_metadata(folder: Path) -> dict:
    """Read ``dataset.json`` (a provenance sidecar) from a folder, if present."""
    p = folder / "dataset.json"
    if not p.exists():
        return {}
    return json.loads(p.read_text(encoding="utf-8"))
