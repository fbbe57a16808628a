"""Evidence briefs per wellbeing services county (*näyttökooste hyvinvointialueelle*).

A brief is the parameterised notebook ``impactlib/templates/brief.ipynb`` (papermill
``parameters`` cell: ``county, lang, data, year, date``) executed with
papermill and turned into

* a **self-contained HTML page** (no code, figures embedded as PNG with
  their labels as ``alt`` text, no scripts or external files; prints on two
  A4 pages, with the demo mark on every page for synthetic data), and
* an **editable Word file (DOCX)** written with ``python-docx``.

Why DOCX and not PDF: a development group (*kehittäjäryhmä, järjestöareena,
kumppanuuspöytä*) edits the brief before it goes to the county — adds its
own paragraph, removes a section, attaches it to minutes. ``python-docx`` is
pure Python from PyPI alone (only ``lxml``), while good PDF writers need
system libraries (WeasyPrint: Pango; wkhtmltopdf, LaTeX) or lay out text by
hand (ReportLab). A PDF is one click away from the HTML page in any browser
(print → save as PDF), and the page's print style fits it on two A4 pages.

The notebook holds no logic: every number, sentence, table and figure comes
from the section functions here (:func:`header_section`, :func:`field_section`
…), which call the indicator modules (:mod:`impactlib.field`,
:mod:`impactlib.continuity`, :mod:`impactlib.effectiveness`), pass every table
through :mod:`impactlib.disclosure` and write sentences from the templates in
:mod:`impactlib.i18n`. Each section displays itself as a list of blocks
(heading, paragraph, list, figure, table); a block carries its content as
HTML for the page and as JSON (``application/vnd.impactlib.block+json``) from
which the DOCX is built, so both files come from one executed notebook.

Writes are atomic (:mod:`impactlib._io`): an interrupted run leaves no
half-written file and a rerun overwrites cleanly.

Examples
--------
From the command line::

    impactlib brief --county "Keski-Suomi"            # Finnish HTML + DOCX into build/briefs
    impactlib brief --county "Mellersta Finland" --lang en
    impactlib brief --all --out build/briefs           # all 22 areas, with a progress bar
    impactlib notebooks --out build/notebooks          # the curated notebooks as HTML

In Python (what the notebook does):

>>> ctx = prepare("keski-suomi", lang="en")
>>> ctx.county, ctx.name
('15', 'Central Finland')
>>> sec = field_section(ctx)
>>> sec.title
'The association field'
"""

from __future__ import annotations

import base64
import contextlib
import datetime as _dt
import html as _html
import io
import json
import os
import re
import sys
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import numpy as np
import pandas as pd

from . import _paths, model, regions
from . import continuity as cont
from . import effectiveness as eff
from . import field as fld
from ._io import atomic_path, write_text
from .disclosure import SECONDARY, is_small, suppress, suppress_share
from .i18n import (
    HIDDEN,
    SMALL,
    county_in,
    fmt_cell,
    fmt_ci,
    fmt_count,
    fmt_eur,
    fmt_meur,
    fmt_number,
    fmt_pct,
    sentence,
    t,
)

__all__ = [
    "NOTEBOOK",
    "NOTEBOOKS_DIR",
    "BLOCK_MIME",
    "SECTIONS",
    "Block",
    "Section",
    "BriefContext",
    "NATIONAL",
    "prepare",
    "header_section",
    "field_section",
    "reach_section",
    "funding_section",
    "handover_section",
    "dependence_section",
    "effectiveness_section",
    "limits_section",
    "provenance_section",
    "brief_filename",
    "render",
    "render_all",
    "notebook_html",
    "notebook_docx",
    "curated_notebooks",
    "render_notebooks",
    "add_cli",
]

#: Folder of the curated notebooks (:func:`impactlib._paths.notebooks_dir`).
NOTEBOOKS_DIR = _paths.notebooks_dir()
#: The parameterised brief notebook (a template inside the package).
NOTEBOOK = _paths.TEMPLATES_DIR / "brief.ipynb"
#: MIME type of the JSON form of a block (read back to build the DOCX).
BLOCK_MIME = "application/vnd.impactlib.block+json"
#: Sections of a brief, in order (each a ``<name>_section`` function).
SECTIONS = ("header", "field", "reach", "funding", "handover", "dependence", "effectiveness",
            "limits", "provenance")

_FTE_DECIMALS = 2
_THEME_ORDER = list(model.THEMES)


# ---------------------------------------------------------------------------
# Blocks and sections
# ---------------------------------------------------------------------------


def _esc(text) -> str:
    return _html.escape(str(text), quote=True)


@dataclass
class Block:
    """One piece of a brief: a heading, a paragraph, a list, a figure or a table.

    Attributes
    ----------
    kind : {"heading", "paragraph", "list", "figure", "table"}
    text : str
        Heading or paragraph text; for a figure its caption.
    level : int
        Heading level (1 = the brief's title).
    style : str
        Paragraph style: ``lead``, ``question``, ``finding``, ``note``,
        ``meta``.
    items : list of str
        List items.
    png : bytes
        The figure as PNG.
    alt : str
        The figure's text (title, labels, legend) for screen readers and
        for the disclosure scan.
    columns : list of str
        Table header.
    rows : list of list of str
        Table cells, already formatted and suppressed.
    count_columns : list of int
        Columns holding counts of people or associations.
    count_rows : list of int
        Rows whose value cells (all but the first column) are such counts.
    additive : str
        ``"columns"`` when the rows add up to a total (complementary
        suppression applies down each count column), else ``""``.
    """

    kind: str
    text: str = ""
    level: int = 2
    style: str = "finding"
    items: list = field(default_factory=list)
    png: bytes = b""
    alt: str = ""
    columns: list = field(default_factory=list)
    rows: list = field(default_factory=list)
    count_columns: list = field(default_factory=list)
    count_rows: list = field(default_factory=list)
    additive: str = ""

    def to_json(self) -> dict:
        """The block as JSON (no PNG: the figure travels in ``image/png``)."""
        d = {"type": self.kind}
        if self.kind == "heading":
            d.update(text=self.text, level=self.level)
        elif self.kind == "paragraph":
            d.update(text=self.text, style=self.style)
        elif self.kind == "list":
            d.update(items=list(self.items), style=self.style)
        elif self.kind == "figure":
            d.update(caption=self.text, alt=self.alt, layout=self.style)
        elif self.kind == "table":
            d.update(caption=self.text, columns=list(self.columns), rows=[list(r) for r in self.rows],
                     count_columns=list(self.count_columns), count_rows=list(self.count_rows),
                     additive=self.additive)
        return d

    def to_html(self) -> str:
        """The block as an HTML fragment (tables: ``class="count"`` on count cells)."""
        if self.kind == "heading":
            lv = min(max(self.level, 1), 4)
            return f'<h{lv} class="brief-h{lv}">{_esc(self.text)}</h{lv}>'
        if self.kind == "paragraph":
            return f'<p class="brief-{self.style}">{_esc(self.text)}</p>'
        if self.kind == "list":
            items = "".join(f"<li>{_esc(i)}</li>" for i in self.items)
            return f'<ul class="brief-{self.style}">{items}</ul>'
        if self.kind == "table":
            cc = set(self.count_columns)
            head = "".join(f'<th class="{"count" if j in cc else ("num" if j else "label")}">'
                           f"{_esc(c)}</th>" for j, c in enumerate(self.columns))
            body = []
            cr = set(self.count_rows)
            for i, r in enumerate(self.rows):
                cells = "".join(
                    f'<td class="{"count" if j in cc or (j and i in cr) else ("num" if j else "label")}">'
                    f"{_esc(v)}</td>" for j, v in enumerate(r))
                body.append(f"<tr>{cells}</tr>")
            add = f' data-additive="{self.additive}"' if self.additive else ""
            cap = f"<caption>{_esc(self.text)}</caption>" if self.text else ""
            return (f'<table class="brief-table"{add}>{cap}<thead><tr>{head}</tr></thead>'
                    f'<tbody>{"".join(body)}</tbody></table>')
        if self.kind == "figure":
            b64 = base64.b64encode(self.png).decode("ascii")
            cap = f"<figcaption>{_esc(self.text)}</figcaption>" if self.text else ""
            return (f'<figure class="brief-figure brief-{self.style}"><img '
                    f'src="data:image/png;base64,{b64}" alt="{_esc(self.alt)}">{cap}</figure>')
        raise ValueError(f"unknown block kind {self.kind!r}")

    def to_text(self) -> str:
        """Plain text (what ``text/plain`` shows and nbval compares)."""
        if self.kind == "heading":
            return "#" * self.level + " " + self.text
        if self.kind == "paragraph":
            return self.text
        if self.kind == "list":
            return "\n".join(f"- {i}" for i in self.items)
        if self.kind == "figure":
            return f"[{self.text}]"
        widths = [max(len(str(c)), *(len(str(r[j])) for r in self.rows)) if self.rows else len(str(c))
                  for j, c in enumerate(self.columns)]
        lines = [self.text] if self.text else []
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(self.columns, widths, strict=True)))
        lines += ["  ".join(str(v).ljust(w) for v, w in zip(r, widths, strict=True)) for r in self.rows]
        return "\n".join(lines)

    def bundle(self) -> tuple[dict, dict]:
        """MIME bundle and metadata for :func:`IPython.display.display`."""
        data = {"text/plain": self.to_text(), BLOCK_MIME: self.to_json()}
        meta = {}
        if self.kind == "figure":
            data["image/png"] = base64.b64encode(self.png).decode("ascii")
            meta = {"image/png": {"alt": self.alt}}
        else:
            data["text/html"] = self.to_html()
        return data, meta


@dataclass
class Section:
    """A section of a brief: its blocks, displayed in order in a notebook.

    Attributes
    ----------
    key : str
        One of :data:`SECTIONS`.
    title : str
    blocks : list of Block
    """

    key: str
    title: str
    blocks: list

    def _ipython_display_(self) -> None:
        from IPython.display import display

        for b in self.blocks:
            data, meta = b.bundle()
            display(data, raw=True, metadata=meta)

    def text(self) -> str:
        """The section as plain text."""
        return "\n\n".join(b.to_text() for b in self.blocks)

    def __repr__(self) -> str:
        return f"<Section {self.key!r}: {self.title!r}, {len(self.blocks)} blocks>"


def _heading(text, level=2) -> Block:
    return Block("heading", text=text, level=level)


def _para(text, style="finding") -> Block:
    return Block("paragraph", text=text, style=style)


# ---------------------------------------------------------------------------
# Context: the data, the county, and everything computed once
# ---------------------------------------------------------------------------


def _latest_year(ds) -> int:
    years = set(pd.to_numeric(ds.funding["year"], errors="coerce").dropna().astype(int))
    acts = set(pd.to_numeric(ds.activities["year"], errors="coerce").dropna().astype(int))
    both = years & acts
    if both:
        return max(both)
    if years:
        return max(years)
    raise ValueError("the funding table has no years / rahoitustaulukossa ei ole vuosia")


@dataclass
class BriefContext:
    """The data and parameters of one brief, with its computations cached.

    Build with :func:`prepare`. Attributes ending in ``_all`` are for the
    whole country (all organiser areas), the others for the county.
    """

    ds: object
    county: str
    lang: str = "fi"
    year: int = 0
    date: str = ""
    data_label: str = ""

    # -- names -------------------------------------------------------------
    @property
    def name(self) -> str:
        """Short name of the county in the brief's language."""
        return regions.county_name(self.county, "en" if self.lang == "en" else "fi")

    @property
    def area(self) -> str:
        """"In the county" for sentences (:func:`impactlib.i18n.county_in`)."""
        return county_in(self.county, self.lang)

    @property
    def synthetic(self) -> bool:
        return bool(self.ds.synthetic)

    def t(self, fi: str, en: str) -> str:
        return t(fi, en, self.lang)

    def s(self, key: str, **values) -> str:
        return sentence(key, self.lang, **values)

    def pct(self, k, n, decimals: int = 1) -> str:
        """Share k/n for a sentence; "fewer than five" / "nearly all" when k or n − k is 1–4."""
        if n is None or not n or not np.isfinite(float(n)):
            return "–"
        if bool(is_small(k)[0]):
            return self.t("alle viisi", "fewer than five")
        if bool(is_small(float(n) - float(k))[0]):
            return self.t("kaikki paitsi alle viisi", "all but fewer than five")
        return fmt_pct(float(k) / float(n), decimals, self.lang)

    def pct_cell(self, k, n, decimals: int = 1) -> str:
        """Share k/n for a table cell (``x`` when hidden)."""
        if n is None or not n:
            return "–"
        return SECONDARY if bool(suppress_share(k, n)) else fmt_pct(float(k) / float(n), decimals,
                                                                    self.lang)

    def num(self, x, decimals: int = 1) -> str:
        return fmt_number(x, decimals, self.lang)

    # -- data --------------------------------------------------------------
    @cached_property
    def orgs(self) -> pd.DataFrame:
        return self.ds.organisations

    @cached_property
    def org_ids(self) -> set:
        oc = fld.org_county(self.orgs)
        return set(self.orgs.loc[oc.to_numpy() == self.county, "org_id"].astype(str))

    @cached_property
    def funding_c(self) -> pd.DataFrame:
        f = self.ds.funding
        return f[f["org_id"].astype(str).isin(self.org_ids)]

    @cached_property
    def activities_c(self) -> pd.DataFrame:
        a = self.ds.activities
        return a[a["org_id"].astype(str).isin(self.org_ids)]

    # -- field -------------------------------------------------------------
    @cached_property
    def kinds(self) -> pd.DataFrame:
        return fld.association_counts(self.orgs, by="kind", county=self.county)

    @cached_property
    def categories(self) -> pd.DataFrame:
        return fld.association_counts(self.orgs, by="category", county=self.county)

    @cached_property
    def staff(self) -> pd.DataFrame:
        return fld.staff_and_volunteers(self.orgs, county=self.county).set_index("area")

    # -- reach -------------------------------------------------------------
    @cached_property
    def reach(self) -> pd.DataFrame:
        a = self.ds.activities
        a = a[pd.to_numeric(a["year"], errors="coerce") == self.year]
        if a.empty:
            return pd.DataFrame()
        return eff.reach(a, by="county", organisations=self.orgs)

    # -- funding -----------------------------------------------------------
    @cached_property
    def mix_all(self) -> pd.DataFrame:
        return cont.mix_over_years(self.ds.funding)

    @cached_property
    def mix(self) -> pd.DataFrame:
        parts = [self.mix_all]
        if len(self.funding_c):
            parts.insert(0, cont.mix_over_years(self.funding_c).assign(group=self.county))
        return pd.concat(parts, ignore_index=True)

    @cached_property
    def handover(self) -> pd.DataFrame | None:
        years = set(pd.to_numeric(self.ds.funding["year"], errors="coerce").dropna().astype(int))
        if regions.REFORM_YEAR - 1 not in years or regions.REFORM_YEAR not in years:
            return None
        try:
            return cont.handover(self.ds.funding, self.orgs)
        except ValueError:
            return None

    @cached_property
    def handover_by_county(self) -> pd.DataFrame | None:
        return None if self.handover is None else cont.handover_summary(self.handover, by="county")

    @cached_property
    def handover_all(self) -> pd.DataFrame | None:
        return None if self.handover is None else cont.handover_summary(self.handover, by=None)

    @cached_property
    def handover_summary(self) -> pd.DataFrame | None:
        if self.handover is None:
            return None
        here = self.handover_by_county
        here = here[here["group"] == self.county]
        return pd.concat([here, self.handover_all], ignore_index=True)

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
        from .sources import stea

        until = 2027
        cuts = stea.announced_cuts(until=until).set_index("year")["total_meur"]
        base = min(max(self.year, int(cuts.index.min())), until)
        years = set(pd.to_numeric(self.ds.funding["year"], errors="coerce").dropna().astype(int))
        if base >= until or base not in years:
            return {"base": base, "until": until, "change": None}
        return {"base": base, "until": until, "change": float(cuts[until] / cuts[base] - 1.0)}

    @cached_property
    def scenario_by_county(self) -> pd.DataFrame | None:
        """Cut scenario summaries by county and (group ``all``) for the whole country."""
        plan = self.cut_plan
        if plan["change"] is None:
            return None
        change = {s: plan["change"] for s in ("stea_general", "stea_targeted", "stea_project")}
        sc = cont.scenario(self.ds.funding, change, organisations=self.orgs, year=plan["base"],
                           threshold=0.10)
        return pd.concat([cont.scenario_summary(sc, by="county"), cont.scenario_summary(sc, by=None)],
                         ignore_index=True)

    @cached_property
    def scenario(self) -> pd.DataFrame | None:
        sc = self.scenario_by_county
        return None if sc is None else sc[sc["group"].isin([self.county, "all"])]

    @cached_property
    def cliffs(self) -> pd.DataFrame:
        return cont.project_cliff(self.ds.funding, self.orgs)

    # -- effectiveness -----------------------------------------------------
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
        return eff.pool_by(ok, ["theme", "effect_type"]).assign(area=area) if len(ok) else None

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
        a = self.ds.activities
        a = a[pd.to_numeric(a["year"], errors="coerce") == self.year]
        if a.empty:
            return pd.DataFrame(columns=["activity_id", "org_id", "nesta_level", "next_step"])
        e = self.effects
        lv = eff.evidence_level(a, e[e["poolable"].astype(bool)], lang=self.lang)
        return lv.assign(org_id=a.drop_duplicates("activity_id")["org_id"].astype(str).to_numpy())

    @cached_property
    def trend(self):
        """Pooled pre/post change of the comparison groups (change without the activity)."""
        o = self.ds.outcomes
        if o is None or o.empty or "group" not in o.columns:
            return None
        comp = o[o["group"] == "comparison"]
        if comp.empty:
            return None
        pp = eff.prepost(comp)
        pp = pp[np.isfinite(pp["smcr"].to_numpy(dtype=float))
                & (pp["smcr_var"].to_numpy(dtype=float) > 0) & (pp["n_pairs"] >= 3)]
        if len(pp) < 2:
            return None
        return eff.pool(pp["smcr"], pp["smcr_var"])

    # -- whole-country results shared between briefs --------------------------
    def _national_key(self) -> dict:
        return {"sha256": self.ds.provenance.sha256, "year": self.year, "lang": self.lang,
                "n_orgs": len(self.orgs), "n_funding": len(self.ds.funding)}

    def save_national(self, path) -> Path:
        """Compute the whole-country results once and pickle them for other briefs.

        The same for every county (:data:`NATIONAL`); :func:`render_all` does
        this once and passes the file to each brief (``national`` parameter),
        so 22 briefs do not repeat the whole-country work. The file is keyed by
        the data's SHA-256, row counts, year and language and ignored when they
        differ.
        """
        import pickle

        state = {"key": self._national_key(), "values": {n: getattr(self, n) for n in NATIONAL}}
        with atomic_path(path, suffix=".pkl") as tmp:
            tmp.write_bytes(pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL))
        return Path(path)

    def load_national(self, path) -> bool:
        """Use whole-country results saved by :meth:`save_national`; False when they do not fit."""
        import pickle

        state = pickle.loads(Path(path).read_bytes())
        if state.get("key") != self._national_key():
            return False
        self.__dict__.update(state["values"])
        return True


#: Whole-country results that do not depend on the county (see :meth:`BriefContext.save_national`).
NATIONAL = ("reach", "mix_all", "handover", "handover_by_county", "handover_all", "concentration",
            "dependence_all", "cut_plan", "scenario_by_county", "cliffs", "effects", "pooled_all",
            "levels", "trend")


def prepare(
    county: str,
    *,
    lang: str = "fi",
    data=None,
    year: int | None = None,
    date: str | None = None,
    national=None,
) -> BriefContext:
    """Load the data and set up one brief.

    Parameters
    ----------
    county : str
        A county code (``"15"``) or name in Finnish, Swedish or English,
        matched case-insensitively (:func:`impactlib.regions.find_county`;
        a ``ValueError`` lists close matches when nothing matches).
    lang : {"fi", "en"}
    data : str or Path or Dataset, optional
        A folder of CSV files or a workbook (:func:`impactlib.load_dataset`),
        or a loaded :class:`~impactlib.Dataset`; default the bundled demo data.
    year : int, optional
        Year of the snapshot figures (reach, dependence, evidence levels);
        default the last year with both funding and activity data.
    date : str, optional
        Date printed on the brief (ISO 8601); default the data's date.
    national : str or Path, optional
        Whole-country results saved by :meth:`BriefContext.save_national`
        for the same data, year and language (what :func:`render_all` passes
        to each brief); ignored when they do not fit.

    Returns
    -------
    BriefContext
    """
    from .dataset import Dataset

    if lang not in ("fi", "en"):
        raise ValueError(f"lang must be 'fi' or 'en', got {lang!r}")
    code = regions.find_county(str(county))
    if data is None:
        from .demo import load_demo

        ds, label = load_demo(), ""
    elif isinstance(data, Dataset):
        ds, label = data, ""
    else:
        from .sources.tables import load_dataset

        ds, label = load_dataset(data), Path(data).name
    y = _latest_year(ds) if year is None else int(year)
    ctx = BriefContext(ds=ds, county=code, lang=lang, year=y,
                       date=str(date or ds.provenance.date or ""), data_label=label)
    if national is not None and Path(national).exists():
        ctx.load_national(national)
    return ctx


# ---------------------------------------------------------------------------
# Figures
# ---------------------------------------------------------------------------


def _figure(width: float, height: float, ncols: int = 1):
    """A figure in the house style, without pyplot (nothing is shown by itself)."""
    from matplotlib.figure import Figure

    from .plots import house_style

    with house_style():
        fig = Figure(figsize=(width, height), dpi=100)
        axes = [fig.add_subplot(1, ncols, i + 1) for i in range(ncols)]
    return fig, axes


def _figure_texts(fig) -> str:
    from matplotlib.text import Text

    seen, out = set(), []
    for txt in fig.findobj(Text):
        s = txt.get_text().strip()
        if s and txt.get_visible() and s not in seen:
            seen.add(s)
            out.append(s)
    return " · ".join(out)


def _figure_block(fig, caption: str, layout: str = "full") -> Block:
    """PNG of a figure (150 dpi) with its texts as alt text; ``layout`` "full" or "half" width."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=150, bbox_inches="tight", pad_inches=0.05,
                metadata={"Software": None})
    alt = caption + " — " + _figure_texts(fig)
    return Block("figure", text=caption, png=buf.getvalue(), alt=alt, style=layout)


# ---------------------------------------------------------------------------
# Sections
# ---------------------------------------------------------------------------


def _area_row(table: pd.DataFrame, area: str, code: str) -> pd.Series:
    r = table[(table["area"] == area) & (table["code"] == code)]
    return r.iloc[0]


def _per1000_area(ctx: BriefContext, area: str) -> tuple[int, float]:
    k = ctx.kinds[ctx.kinds["area"] == area]
    n = int(k["n"].sum())
    pop = float(k["population"].iloc[0])
    return n, 1000.0 * n / pop


def _rate(ctx, n, rate, decimals=2) -> str:
    return HIDDEN[ctx.lang == "en"] if is_small(n)[0] else ctx.num(rate, decimals)


def _rate_cell(ctx, n, rate, decimals=2) -> str:
    return SECONDARY if is_small(n)[0] else ctx.num(rate, decimals)


def _key_figures(ctx: BriefContext) -> Block:
    rows = []
    n_c, r_c = _per1000_area(ctx, ctx.county)
    n_a, r_a = _per1000_area(ctx, fld.ALL)
    rows.append([ctx.t("Sote-järjestöjä", "Sote associations"), fmt_count(n_c, ctx.lang),
                 fmt_count(n_a, ctx.lang)])
    rows.append([ctx.t("Järjestöjä / 1 000 asukasta", "Associations per 1,000 inhabitants"),
                 _rate_cell(ctx, n_c, r_c), _rate_cell(ctx, n_a, r_a)])
    st = ctx.staff
    known = st["n_paid_staff"] + st["n_no_paid_staff"]
    rows.append([ctx.t("Palkattua henkilöstöä, % järjestöistä", "With paid staff, % of associations"),
                 ctx.pct_cell(st.loc[ctx.county, "n_paid_staff"], known[ctx.county]),
                 ctx.pct_cell(st.loc[fld.ALL, "n_paid_staff"], known[fld.ALL])])
    rows.append([ctx.t("Vapaaehtoisia / 1 000 asukasta", "Volunteers per 1,000 inhabitants"),
                 _rate_cell(ctx, n_c, st.loc[ctx.county, "volunteers_per_1000"], 1),
                 _rate_cell(ctx, n_a, st.loc[fld.ALL, "volunteers_per_1000"], 1)])
    r = _reach_numbers(ctx)
    if r is not None:
        rows.append([ctx.t(f"Osallistumisia / 1 000 asukasta ({ctx.year})",
                           f"Participations per 1,000 inhabitants ({ctx.year})"),
                     _rate_cell(ctx, r["participants"], r["per1000"], 0),
                     _rate_cell(ctx, r["participants_all"], r["per1000_all"], 0)])
        rows.append([ctx.t(f"Vapaaehtoistyö, htv / 1 000 asukasta ({ctx.year})",
                           f"Volunteer work, FTE per 1,000 inhabitants ({ctx.year})"),
                     _rate_cell(ctx, r["k"], r["fte1000"], _FTE_DECIMALS),
                     _rate_cell(ctx, r["k_all"], r["fte1000_all"], _FTE_DECIMALS)])
    hs = ctx.handover_summary
    if hs is not None:
        cells = []
        for g in (ctx.county, "all"):
            part = hs[hs["group"] == g]
            k = int(part.loc[part["outcome"] == "lost", "n"].sum())
            cells.append(ctx.pct_cell(k, int(part["n_group"].iloc[0])) if len(part) else "–")
        ry = regions.REFORM_YEAR
        rows.append([ctx.t(f"Kunnan avustus loppui {ry}, %", f"Municipal grant lost in {ry}, %"),
                     *cells])
    dep = ctx.dependence
    if dep is not None:
        cells = []
        for g in (ctx.county, "all"):
            d = dep[dep["group"] == g]
            k = int(d.loc[d["band"].isin(["90_100", "single"]), "n"].sum())
            cells.append(ctx.pct_cell(k, int(d["n"].sum())) if len(d) else "–")
        rows.append([ctx.t(f"≥ 90\u00a0% ulkopuolisesta rahoituksesta yhdeltä rahoittajalta ({ctx.year})",
                           f"≥ 90% of outside funding from one funder ({ctx.year})"), *cells])
    sc = ctx.scenario
    if sc is not None:
        cells = []
        for g in (ctx.county, "all"):
            d = sc[sc["group"] == g]
            cells.append(ctx.pct_cell(int(d["n_losing"].iloc[0]), int(d["n"].iloc[0]))
                         if len(d) else "–")
        rows.append([ctx.t(f"Menettäisi > 10\u00a0% rahoituksestaan STEA-leikkauksissa (→ {ctx.cut_plan['until']})",
                           f"Would lose > 10% of funding in the STEA cuts (→ {ctx.cut_plan['until']})"),
                     *cells])
    lv = ctx.levels
    if len(lv):
        cells = []
        for part in (lv[lv["org_id"].isin(ctx.org_ids)], lv):
            cells.append(ctx.pct_cell(int((part["nesta_level"] >= 3).sum()), len(part))
                         if len(part) else "–")
        rows.append([ctx.t(f"Toiminnoista näytön tasolla 3–5 ({ctx.year})",
                           f"Activities at evidence level 3–5 ({ctx.year})"), *cells])
    return Block("table", text=ctx.t("Tunnusluvut", "Key figures"),
                 columns=[ctx.t("Tunnusluku", "Indicator"), ctx.name, ctx.t("Koko maa", "Whole country")],
                 rows=rows, count_rows=[0])


def header_section(ctx: BriefContext) -> Section:
    """Title, what the brief is, and the key figures beside the whole country."""
    title = ctx.t(f"Sote-järjestöjen näyttökooste: {regions.county_name(ctx.county, 'fi', short=False)}",
                  f"Evidence brief on sote associations: {regions.county_name(ctx.county, 'en', short=False)}")
    blocks = [_heading(title, 1)]
    if ctx.synthetic:
        blocks.append(_para(ctx.t("DEMO — keksitty aineisto: luvut eivät kuvaa todellisia järjestöjä.",
                                  "DEMO — synthetic data: the figures describe no real association."),
                            "demo"))
    blocks.append(_para(ctx.t(f"Päiväys {ctx.date} · vertailu koko maahan · aineisto: {ctx.ds.provenance.source}",
                              f"Date {ctx.date} · compared with the whole country · data: "
                              f"{ctx.ds.provenance.source}"), "meta"))
    blocks.append(_para(ctx.s("intro", area=ctx.area), "lead"))
    blocks.append(_key_figures(ctx))
    return Section("header", title, blocks)


def field_section(ctx: BriefContext) -> Section:
    """The association field: how many, by kind and category, paid staff and volunteers."""
    title = ctx.t("Järjestökenttä", "The association field")
    blocks = [_heading(title),
              _para(ctx.t("Kuinka monta sote-järjestöä alueella on, minkä tyyppisiä ja millä toimialoilla, "
                          "ja kuinka moni toimii vapaaehtoisvoimin?",
                          "How many sote associations does the area have, of which kinds and fields, and how "
                          "many run on volunteers alone?"), "question")]
    n_c, r_c = _per1000_area(ctx, ctx.county)
    n_a, r_a = _per1000_area(ctx, fld.ALL)
    text = [ctx.s("field_total", area=ctx.area, n=n_c, per1000=_rate(ctx, n_c, r_c),
                  per1000_all=_rate(ctx, n_a, r_a))]
    k = ctx.kinds
    vals = {}
    for area, suffix in ((ctx.county, ""), (fld.ALL, "_all")):
        for code, key in (("volunteer", "volunteer"), ("intermediate", "intermediate"),
                          ("service_provider", "service")):
            r = _area_row(k, area, code)
            vals[key + suffix] = (HIDDEN[ctx.lang == "en"] if r["hidden"]
                                  else fmt_pct(r["share"], 1, ctx.lang))
    text.append(ctx.s("field_kinds", **vals))
    cat = ctx.categories
    here = cat[(cat["area"] == ctx.county) & ~cat["hidden"]]
    if len(here):
        top = here.sort_values(["n", "code"], ascending=[False, True]).iloc[0]
        text.append(ctx.s("field_largest", category=model.label("category", top["code"], ctx.lang),
                          share=fmt_pct(top["share"], 1, ctx.lang)))
    st = ctx.staff
    known = st["n_paid_staff"] + st["n_no_paid_staff"]
    text.append(ctx.s(
        "field_staff",
        paid=ctx.pct(st.loc[ctx.county, "n_paid_staff"], known[ctx.county]),
        paid_all=ctx.pct(st.loc[fld.ALL, "n_paid_staff"], known[fld.ALL]),
        fte=_rate(ctx, n_c, st.loc[ctx.county, "staff_fte_per_1000"], 2),
        fte_all=_rate(ctx, n_a, st.loc[fld.ALL, "staff_fte_per_1000"], 2),
        vol=_rate(ctx, n_c, st.loc[ctx.county, "volunteers_per_1000"], 1),
        vol_all=_rate(ctx, n_a, st.loc[fld.ALL, "volunteers_per_1000"], 1)))
    fig, (ax,) = _figure(4.4, 3.2)
    fld.plot_profile(cat, areas=[ctx.county, fld.ALL], lang=ctx.lang, ax=ax, synthetic=ctx.synthetic,
                     title=ctx.t("Yhdistykset toimialoittain", "Associations by field"))
    ax.set_yticklabels([lab.get_text() for lab in ax.get_yticklabels()], fontsize=8.5)
    fig.subplots_adjust(left=0.42, bottom=0.2, right=0.97)
    blocks.append(_figure_block(fig, ctx.t(f"Toimialat: {ctx.name} ja koko maa",
                                           f"Fields: {ctx.name} and the whole country"), "half"))
    blocks.append(_para(" ".join(text)))
    return Section("field", title, blocks)


def _half_width_bars(ctx: BriefContext, fig, ax, title: str | None = None) -> None:
    """Lay out a two-bar county/country figure for half the page width (no statistics)."""
    import textwrap

    ax.set_yticklabels([lab.get_text().replace(ctx.t("kaikki", "all"), ctx.t("koko maa", "whole country"))
                        .replace(" (n = ", "\n(n = ") for lab in ax.get_yticklabels()], fontsize=9)
    if title:
        ax.set_title(textwrap.fill(title, 44), loc="left", fontsize=10)
    ax.set_xlabel(textwrap.fill(ax.get_xlabel(), 60), fontsize=7.5)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.4, -0.5), ncol=2, fontsize=8,
              frameon=False, handlelength=1.2, labelspacing=0.3)
    fig.subplots_adjust(left=0.25, bottom=0.5, top=0.84)


def _reach_numbers(ctx: BriefContext) -> dict | None:
    r = ctx.reach
    if r is None or r.empty:
        return None
    here = r[r["county"].astype(str) == ctx.county]
    pop_all = float(regions.county_population().sum())
    tot = r[["n_activities", "participants", "volunteer_hours", "cost_eur"]].astype(float).sum()
    fte_h = float(r["fte_hours"].iloc[0])
    out = {
        "k_all": int(tot["n_activities"]),
        "participants_all": int(tot["participants"]),
        "per1000_all": 1000.0 * tot["participants"] / pop_all,
        "fte1000_all": 1000.0 * tot["volunteer_hours"] / fte_h / pop_all,
        "cpp_all": tot["cost_eur"] / tot["participants"] if tot["participants"] else np.nan,
        "fte_hours": fte_h,
    }
    if here.empty:
        out.update(k=0, participants=0, per1000=np.nan, hours=0.0, fte=0.0, fte1000=np.nan,
                   cost=0.0, cpp=np.nan)
    else:
        h = here.iloc[0]
        out.update(k=int(h["n_activities"]), participants=int(h["participants"]),
                   per1000=float(h["participants_per_1000"]), hours=float(h["volunteer_hours"]),
                   fte=float(h["volunteer_fte"]),
                   fte1000=1000.0 * float(h["volunteer_fte"]) / float(h["population"]),
                   cost=float(h["cost_eur"]), cpp=float(h["cost_per_participant"]))
    return out


def reach_section(ctx: BriefContext) -> Section:
    """Reach and volunteer input per 1,000 inhabitants, beside the whole country."""
    title = ctx.t("Tavoittavuus ja vapaaehtoistyö", "Reach and volunteer input")
    blocks = [_heading(title),
              _para(ctx.t("Kuinka paljon alueelle suunnattu toiminta tavoittaa asukkaita ja paljonko "
                          "vapaaehtoiset tekevät työtä?",
                          "How many inhabitants do the activities aimed at the area reach, and how much "
                          "do volunteers give?"), "question")]
    r = _reach_numbers(ctx)
    if r is None or r["k"] == 0:
        blocks.append(_para(ctx.s("reach_none", year=str(ctx.year))))
        return Section("reach", title, blocks)
    small = bool(is_small(r["participants"])[0])
    text = [ctx.s("reach", year=str(ctx.year), k=r["k"], participants=r["participants"],
                  per1000=_rate(ctx, r["participants"], r["per1000"], 0),
                  per1000_all=ctx.num(r["per1000_all"], 0))]
    if not small:
        text.append(ctx.s("reach_volunteers", hours=ctx.num(r["hours"], 0), fte=ctx.num(r["fte"], 1),
                          fte1000=ctx.num(r["fte1000"], _FTE_DECIMALS),
                          fte1000_all=ctx.num(r["fte1000_all"], _FTE_DECIMALS),
                          fte_hours=ctx.num(r["fte_hours"], 0)))
        text.append(ctx.s("reach_cost", cost=fmt_meur(r["cost"], 2, ctx.lang),
                          cpp=fmt_eur(r["cpp"], 0, ctx.lang), cpp_all=fmt_eur(r["cpp_all"], 0, ctx.lang)))
    blocks.append(_para(" ".join(text)))
    return Section("reach", title, blocks)


def _mix_share(ctx, mix: pd.DataFrame, group: str, year: int, code: str) -> str:
    d = mix[(mix["group"].astype(str) == group) & (mix["year"] == year) & (mix["code"] == code)]
    if d.empty:
        return fmt_pct(0.0, 1, ctx.lang)
    r = d.iloc[0]
    if bool(r["hidden"]):
        return HIDDEN[ctx.lang == "en"]
    return fmt_pct(r["share"], 1, ctx.lang)


def funding_section(ctx: BriefContext) -> Section:
    """Funding by source over the years, county beside the whole country."""
    title = ctx.t("Rahoitus lähteittäin", "Funding by source")
    blocks = [_heading(title),
              _para(ctx.t("Mistä alueen yhdistysten raha tulee, ja miten rakenne muuttui uudistuksessa?",
                          "Where does the money of the area's associations come from, and how did the mix "
                          "change with the reform?"), "question")]
    mix = ctx.mix
    here = mix[mix["group"].astype(str) == ctx.county]
    if here.empty:
        blocks.append(_para(ctx.t("Aineistossa ei ole alueen yhdistysten rahoitusta.",
                                  "The data hold no funding of the area's associations.")))
        return Section("funding", title, blocks)
    years = sorted(int(y) for y in here["year"].unique())
    totals = here.groupby("year")["total"].first()
    n_orgs = ctx.funding_c.groupby("year")["org_id"].nunique()
    text = []
    if not is_small(n_orgs.get(years[0], 0))[0] and not is_small(n_orgs.get(years[-1], 0))[0]:
        text.append(ctx.s("funding_total", first=str(years[0]), last=str(years[-1]),
                          first_eur=fmt_meur(totals[years[0]], 1, ctx.lang),
                          last_eur=fmt_meur(totals[years[-1]], 1, ctx.lang)))
    ry = regions.REFORM_YEAR
    if ry - 1 in years and ry in years:
        text.append(ctx.s(
            "funding_reform", before=str(ry - 1), reform=str(ry),
            mun_before=_mix_share(ctx, mix, ctx.county, ry - 1, "municipality"),
            mun_after=_mix_share(ctx, mix, ctx.county, ry, "municipality"),
            county_after=_mix_share(ctx, mix, ctx.county, ry, "county"),
            mun_after_all=_mix_share(ctx, mix, "all", ry, "municipality"),
            county_after_all=_mix_share(ctx, mix, "all", ry, "county")))
    last = min(ctx.year, years[-1])
    if last - 1 in years:
        text.append(ctx.s(
            "funding_stea", prev=str(last - 1), last=str(last),
            stea_prev=_mix_share(ctx, mix, ctx.county, last - 1, "stea"),
            stea_last=_mix_share(ctx, mix, ctx.county, last, "stea"),
            stea_prev_all=_mix_share(ctx, mix, "all", last - 1, "stea"),
            stea_last_all=_mix_share(ctx, mix, "all", last, "stea")))
    fig, (ax,) = _figure(4.4, 3.0)
    from .plots import plot_funding_mix

    plot_funding_mix(mix, group=ctx.county, lang=ctx.lang, ax=ax, synthetic=ctx.synthetic)
    ax.set_title(ctx.t(f"Rahoitusrakenne: {ctx.name}", f"Funding mix: {ctx.name}"), loc="left",
                 fontsize=10)
    ax.set_xticks(years)
    ax.set_xticklabels([f"{y % 100:02d}" if i else str(y) for i, y in enumerate(years)], fontsize=8)
    ax.tick_params(axis="y", labelsize=8)
    ax.set_ylabel("")
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.45, -0.12), ncol=3, fontsize=7.5,
              frameon=False)
    fig.subplots_adjust(left=0.13, bottom=0.36, top=0.9, right=0.98)
    blocks.append(_figure_block(fig, ctx.t(f"Rahoitusrakenne vuosittain: {ctx.name}",
                                           f"Funding mix by year: {ctx.name}"), "half"))
    blocks.append(_para(" ".join(text)))
    return Section("funding", title, blocks)


def handover_section(ctx: BriefContext) -> Section:
    """What happened to municipal grants when the county took over (2022→2023)."""
    ry = regions.REFORM_YEAR
    title = ctx.t(f"Kuntien avustukset siirrossa {ry - 1}→{ry}",
                  f"Municipal grants at the {ry - 1}→{ry} hand-over")
    blocks = [_heading(title),
              _para(ctx.t("Kun järjestämisvastuu siirtyi hyvinvointialueelle, jatkoiko kunta avustustaan, "
                          "ottiko alue sen hoitaakseen, pienenikö se vai loppuiko se?",
                          "When the county took over, did the municipality continue its grant, did the county "
                          "take it over, was it reduced or lost?"), "question")]
    hs = ctx.handover_summary
    here = None if hs is None else hs[hs["group"] == ctx.county]
    if here is None or here.empty or int(here["n_group"].iloc[0]) == 0:
        blocks.append(_para(ctx.s("handover_none", before=str(ry - 1))))
        return Section("handover", title, blocks)
    shown = suppress(hs, ["n"], dependent=["share", "before_eur", "after_eur"], groups="group")
    sh = shown[shown["group"] == ctx.county].set_index("outcome")
    sa = shown[shown["group"] == "all"].set_index("outcome")
    hid = HIDDEN[ctx.lang == "en"]

    def _share(s, o):
        v = s.loc[o, "share"]
        return hid if isinstance(v, str) else fmt_pct(v, 1, ctx.lang)

    n = int(here["n_group"].iloc[0])
    text = [ctx.s("handover_n", before=str(ry - 1), reform=str(ry), n=n,
                  continued=_share(sh, "continued_municipality"), taken=_share(sh, "taken_over_county"),
                  split=_share(sh, "split"), reduced=_share(sh, "reduced"), lost=_share(sh, "lost"),
                  lost_all=_share(sa, "lost"))]
    allr = hs[hs["group"] == "all"]
    if not is_small(n)[0]:
        text.append(ctx.s("handover_eur", before=str(ry - 1), reform=str(ry),
                          kept=fmt_pct(here["after_eur"].sum() / here["before_eur"].sum(), 1, ctx.lang),
                          kept_all=fmt_pct(allr["after_eur"].sum() / allr["before_eur"].sum(), 1,
                                           ctx.lang)))
    ho = ctx.handover
    lost = ho[(ho["county"] == ctx.county) & (ho["outcome"] == "lost") & ho["outcome_next"].notna()]
    if len(lost):
        back = int((lost["outcome_next"] != "lost").sum())
        text.append(ctx.s("handover_back", back=ctx.pct(back, len(lost)), next=str(ry + 1)))
    from .plots import plot_handover

    fig, (ax,) = _figure(4.6, 2.45)
    plot_handover(hs.assign(group=hs["group"].astype(str)), lang=ctx.lang, ax=ax,
                  synthetic=ctx.synthetic, reform_year=ry)
    _half_width_bars(ctx, fig, ax)
    blocks.append(_figure_block(fig, ctx.t(f"Kuntien avustusten jatko {ry}: {ctx.name} ja koko maa",
                                           f"Municipal grants in {ry}: {ctx.name} and the whole country"),
                                "half"))
    blocks.append(_para(" ".join(text)))
    return Section("handover", title, blocks)


def dependence_section(ctx: BriefContext) -> Section:
    """Dependence on one funder, exposure to the announced STEA cuts, project cliffs."""
    title = ctx.t("Riippuvuus ja leikkausten vaikutus", "Dependence and exposure to cuts")
    blocks = [_heading(title),
              _para(ctx.t("Kuinka moni yhdistys on yhden rahoittajan varassa, ja mitä ilmoitetut "
                          "STEA-leikkaukset tekisivät?",
                          "How many associations depend on one funder, and what would the announced STEA "
                          "cuts do?"), "question")]
    text = []
    dep = ctx.dependence
    if dep is not None and (dep["group"] == ctx.county).any():
        d = dep[dep["group"] == ctx.county]
        a = dep[dep["group"] == "all"]
        high = ["90_100", "single"]
        text.append(ctx.s("dependence", year=str(ctx.year), n=int(d["n"].sum()),
                          high=ctx.pct(int(d.loc[d["band"].isin(high), "n"].sum()), int(d["n"].sum())),
                          high_all=ctx.pct(int(a.loc[a["band"].isin(high), "n"].sum()), int(a["n"].sum()))))
        from .plots import plot_dependence

        fig, (ax,) = _figure(4.6, 2.45)
        plot_dependence(dep, lang=ctx.lang, ax=ax, synthetic=ctx.synthetic)
        _half_width_bars(ctx, fig, ax, ctx.t(
            f"Suurimman rahoittajan osuus ulkopuolisesta rahoituksesta {ctx.year}",
            f"Largest funder's share of outside funding in {ctx.year}"))
        blocks.append(_figure_block(fig, ctx.t(
            f"Suurimman rahoittajan osuus ulkopuolisesta rahoituksesta {ctx.year}",
            f"Largest funder's share of outside funding in {ctx.year}"), "half"))
    plan = ctx.cut_plan
    sc = ctx.scenario
    if sc is None:
        text.append(ctx.s("cuts_none", base=str(plan["base"]), until=str(plan["until"])))
    else:
        d = sc[sc["group"] == ctx.county]
        a = sc[sc["group"] == "all"]
        if len(d):
            n = int(d["n"].iloc[0])
            text.append(ctx.s(
                "cuts", until=str(plan["until"]), base=str(plan["base"]),
                cut=fmt_pct(plan["change"], 1, ctx.lang),
                losing=ctx.pct(int(d["n_losing"].iloc[0]), n),
                losing_all=ctx.pct(int(a["n_losing"].iloc[0]), int(a["n"].iloc[0])),
                eur=(HIDDEN[ctx.lang == "en"] if is_small(n)[0]
                     else fmt_meur(-float(d["change_eur"].iloc[0]), 2, ctx.lang))))
    pc = ctx.cliffs
    done = pc[pc["cliff"].notna()]
    if len(done):
        here = done[done["county"].astype(str) == ctx.county]
        if len(here):
            text.append(ctx.s("cliff", first=str(int(done["end"].min())), last=str(int(done["end"].max())),
                              share=ctx.pct(int(here["cliff"].astype(bool).sum()), len(here)),
                              share_all=ctx.pct(int(done["cliff"].astype(bool).sum()), len(done))))
    blocks.append(_para(" ".join(text)))
    return Section("dependence", title, blocks)


def _effect_text(ctx, row) -> str:
    if row is None:
        return "–"
    return f"{ctx.num(row['estimate'], 2)} ({fmt_ci(row['ci_low'], row['ci_high'], 2, ctx.lang)})"


def effectiveness_section(ctx: BriefContext) -> Section:
    """Effects of activities pooled by theme, against the whole country, and evidence levels."""
    title = ctx.t("Vaikuttavuusnäyttö", "Evidence of effectiveness")
    blocks = [_heading(title),
              _para(ctx.t("Mitä mittaukset kertovat toiminnan vaikutuksista, ja kuinka vahvaa näyttö on?",
                          "What do measurements say about the effects of the activities, and how strong is "
                          "the evidence?"), "question")]
    e = ctx.effects_c
    text = []
    if not len(e):
        text.append(ctx.s("effects_no_data"))
    else:
        yrs = pd.to_numeric(e["year"], errors="coerce").dropna().astype(int)
        k_comp = int((e["effect_type"] == "ppc").sum())
        text.append(ctx.s("effects_n", first=str(yrs.min()), last=str(yrs.max()), k=len(e),
                          k_comp=k_comp if not is_small(len(e) - k_comp)[0]
                          else ctx.t("kaikki paitsi alle viisi", "all but fewer than five")))
    p = ctx.pooled
    rows = []
    for theme in _THEME_ORDER:
        def get(area, et, theme=theme):
            r = p[(p["area"] == area) & (p["theme"] == theme) & (p["effect_type"] == et)]
            return None if r.empty or pd.isna(r["k"].iloc[0]) else r.iloc[0]

        pp, pc_, pa = get(ctx.county, "smcr"), get(ctx.county, "ppc"), get(fld.ALL, "ppc")
        if pp is None and pc_ is None and pa is None:
            continue
        rows.append({"theme": model.label("theme", theme, ctx.lang), "_theme": theme,
                     "k_pp": 0 if pp is None else int(pp["k"]), "pp": _effect_text(ctx, pp),
                     "k_ppc": 0 if pc_ is None else int(pc_["k"]), "ppc": _effect_text(ctx, pc_),
                     "_ppc_est": np.nan if pc_ is None else float(pc_["estimate"]),
                     "all": _effect_text(ctx, pa)})
    if rows:
        tab = pd.DataFrame(rows)
        shown = suppress(tab, ["k_pp", "k_ppc"], dependent={"k_pp": ["pp"], "k_ppc": ["ppc"]})
        cells = [[r["theme"], fmt_cell(r["k_pp"], "count", lang=ctx.lang), r["pp"],
                  fmt_cell(r["k_ppc"], "count", lang=ctx.lang), r["ppc"], r["all"]]
                 for _, r in shown.iterrows()]
        blocks.append(Block(
            "table",
            text=ctx.t("Yhdistetty vaikutus keskihajonnan yksiköissä (95 %:n luottamusväli); k = toimintoja",
                       "Pooled effect in standard deviations (95% CI); k = activities"),
            columns=[ctx.t("Toimintamuoto", "Theme"), "k", ctx.t("Alku–loppu", "Before–after"), "k",
                     ctx.t("Vertailuryhmään verrattu", "Against comparison group"),
                     ctx.t("Koko maa, vertailuryhmään", "Whole country, against comparison")],
            rows=cells, count_columns=[1, 3], additive="columns"))
        ok = shown[~shown["k_ppc"].astype(str).isin([SMALL, SECONDARY]) & (tab["k_ppc"] >= 5)]
        ok = ok.assign(_est=tab.loc[ok.index, "_ppc_est"])
        if len(ok):
            best = ok.sort_values("_est", ascending=False).iloc[0]
            allrow = p[(p["area"] == fld.ALL) & (p["theme"] == best["_theme"]) & (p["effect_type"] == "ppc")]
            est_all = ctx.num(allrow["estimate"].iloc[0], 2) if len(allrow) else "–"
            prow = p[(p["area"] == ctx.county) & (p["theme"] == best["_theme"])
                     & (p["effect_type"] == "ppc")].iloc[0]
            text.append(ctx.s("effects_best", theme=model.label("theme", best["_theme"], ctx.lang),
                              estimate=ctx.num(prow["estimate"], 2),
                              ci=fmt_ci(prow["ci_low"], prow["ci_high"], 2, ctx.lang),
                              estimate_all=est_all))
        else:
            text.append(ctx.s("effects_none"))
    lv = ctx.levels
    here = lv[lv["org_id"].isin(ctx.org_ids)]
    if len(here):
        gaps = here.loc[here["next_step"] != "", "next_step"].value_counts()
        gap = (gaps.sort_index().sort_values(ascending=False, kind="mergesort").index[0]
               if len(gaps) else "–")
        text.append(ctx.s("levels", year=str(ctx.year),
                          l2=ctx.pct(int((here["nesta_level"] >= 2).sum()), len(here)),
                          l3=ctx.pct(int((here["nesta_level"] >= 3).sum()), len(here)),
                          l2_all=ctx.pct(int((lv["nesta_level"] >= 2).sum()), len(lv)),
                          l3_all=ctx.pct(int((lv["nesta_level"] >= 3).sum()), len(lv)), gap=gap))
    a = ctx.ds.activities
    a = a[pd.to_numeric(a["year"], errors="coerce") == ctx.year]
    if len(a) and {"feedback_respondents", "feedback_helped"} <= set(a.columns):
        fh = eff.felt_help(a.assign(_area=np.where(a["org_id"].astype(str).isin(ctx.org_ids),
                                                   ctx.county, "other")), by="_area")
        fh = fh.set_index("_area")
        tot_r, tot_h = int(fh["respondents"].sum()), int(fh["helped"].sum())
        if ctx.county in fh.index and tot_r:
            r_, h_ = int(fh.loc[ctx.county, "respondents"]), int(fh.loc[ctx.county, "helped"])
            if r_:
                text.append(ctx.s("felt_help", share=ctx.pct(h_, r_), share_all=ctx.pct(tot_h, tot_r)))
    blocks.append(_para(" ".join(text)))
    return Section("effectiveness", title, blocks)


def limits_section(ctx: BriefContext) -> Section:
    """What the data cannot show, with the numbers that make it concrete."""
    title = ctx.t("Mitä aineisto ei kerro", "What the data cannot show")
    items = []
    e = ctx.effects_c
    trend = ctx.trend
    if len(e) and trend is not None:
        items.append(ctx.s("limit_prepost", share=ctx.pct(int((e["design"] == "pre_post").sum()), len(e)),
                           trend=ctx.num(trend.estimate, 2)))
    items.append(ctx.s("limit_participations"))
    a = ctx.activities_c
    a = a[pd.to_numeric(a["year"], errors="coerce") == ctx.year]
    n_act, n_all = int(a["org_id"].nunique()), len(ctx.org_ids)
    items.append(ctx.s("limit_reporting", n=n_all,
                       n_act=n_act if not is_small(n_all - n_act)[0]
                       else ctx.t("kaikista paitsi alle viidestä", "all but fewer than five")))
    items.append(ctx.s("limit_county_money"))
    items.append(ctx.s("limit_cuts"))
    items.append(ctx.s("limit_disclosure"))
    if ctx.synthetic:
        items.append(ctx.s("limit_demo"))
    return Section("limits", title, [_heading(title), Block("list", items=items, style="limits")])


def provenance_section(ctx: BriefContext) -> Section:
    """Data source and licence, the data's SHA-256, the library version and the date."""
    from . import __version__

    pv = ctx.ds.provenance
    title = ctx.t("Tietolähteet", "Sources")
    cmd = f"impactlib brief --county {ctx.county} --lang {ctx.lang} --year {ctx.year}"
    if ctx.data_label:
        cmd += f" --data {ctx.data_label}"
    items = [
        ctx.t(f"Aineisto: {pv.source}. Lisenssi: {pv.licence}. Aineiston päiväys: {pv.date or '–'}.",
              f"Data: {pv.source}. Licence: {pv.licence}. Data date: {pv.date or '–'}."),
        ctx.t(f"Aineiston SHA-256: {pv.sha256}", f"SHA-256 of the data: {pv.sha256}"),
        ctx.t(f"Laskettu: impactlib {__version__}, {ctx.date}. Toista: {cmd}",
              f"Computed with impactlib {__version__} on {ctx.date}. Reproduce: {cmd}"),
        ctx.t("Väestö 31.12.2022 ja aluejako 2023: Tilastokeskus (CC BY 4.0). STEA-leikkaukset: "
              "STEA, Kysymyksiä ja vastauksia STEA-avustuksista (2024). Menetelmät: vaikutuskoot "
              "Morris (2008) ja Becker (1988), yhdistäminen REML (Viechtbauer 2010), näytön tasot "
              "Nesta (Puttick & Ludlow 2013).",
              "Population 31.12.2022 and the 2023 classification: Statistics Finland (CC BY 4.0). STEA "
              "cuts: STEA, Kysymyksiä ja vastauksia STEA-avustuksista (2024). Methods: effect sizes "
              "Morris (2008) and Becker (1988), pooling by REML (Viechtbauer 2010), evidence levels "
              "Nesta (Puttick & Ludlow 2013)."),
    ]
    return Section("provenance", title, [_heading(title), Block("list", items=items, style="meta")])


# ---------------------------------------------------------------------------
# HTML and DOCX from an executed brief notebook
# ---------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 10mm 11mm 10mm 11mm; }
:root { --ink: #1a1a1a; --muted: #555; --line: #d0d0d0; --accent: #0072B2; --demo: #b00020; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink); }
body { max-width: 190mm; margin: 0 auto; padding: 5mm 4mm; font-size: 8.6pt; line-height: 1.3; }
h1.brief-h1 { font-size: 14pt; margin: 0 0 1mm 0; color: var(--accent); }
h2.brief-h2 { font-size: 10pt; margin: 2mm 0 0.4mm 0; border-bottom: 1px solid var(--line);
  break-after: avoid; page-break-after: avoid; overflow: hidden; clear: both; }
p { margin: 0.4mm 0 1mm 0; }
p.brief-meta, ul.brief-meta { color: var(--muted); font-size: 7.2pt; line-height: 1.25; }
p.brief-question { font-style: italic; color: var(--muted); margin-top: 0; overflow: hidden; }
p.brief-demo { color: var(--demo); font-weight: bold; margin: 0; }
ul { margin: 0.4mm 0 0.8mm 0; padding-left: 4.5mm; }
ul.brief-limits { columns: 2; column-gap: 6mm; font-size: 8pt; }
ul.brief-limits li { break-inside: avoid; margin-bottom: 0.5mm; }
ul.brief-meta { word-break: break-word; overflow-wrap: anywhere; }
figure.brief-figure { margin: 0.5mm 0; break-inside: avoid; page-break-inside: avoid; }
figure.brief-full { clear: both; }
figure.brief-half { float: right; width: 50%; margin: 0 0 0.5mm 3mm; }
figure.brief-figure img { width: 100%; height: auto; display: block; }
figure.brief-figure figcaption { display: none; }
table.brief-table { border-collapse: collapse; width: 100%; font-size: 7.8pt; margin: 0.8mm 0 1.2mm 0;
  break-inside: avoid; page-break-inside: avoid; clear: both; }
table.brief-table caption { caption-side: top; text-align: left; font-weight: bold; font-size: 8.2pt;
  padding-bottom: 0.4mm; }
table.brief-table th, table.brief-table td { border-bottom: 1px solid var(--line); padding: 0.3mm 1.4mm;
  vertical-align: top; }
table.brief-table th { text-align: left; background: #f2f2f2; }
table.brief-table td.num, table.brief-table td.count, table.brief-table th.num,
table.brief-table th.count { text-align: right; white-space: nowrap; }
.demo-banner { position: fixed; top: 40%; left: 0; right: 0; text-align: center; color: var(--demo);
  opacity: 0.13; font-size: 30pt; font-weight: bold; transform: rotate(-28deg); z-index: 10;
  pointer-events: none; white-space: nowrap; }
.output_area, .output_subarea, .output, .output_wrapper, .cell, .inner_cell { margin: 0; padding: 0; }
div.cell { display: block; break-inside: avoid; page-break-inside: avoid; }
@media print { body { padding: 0; max-width: none; } }
@media screen { body { font-size: 10.5pt; max-width: 200mm; } table.brief-table { font-size: 9.5pt; }
  p.brief-meta, ul.brief-meta { font-size: 8.5pt; } ul.brief-limits { font-size: 9.5pt; } }
"""

_NB_CSS = """
body { max-width: 60rem; margin: 0 auto; padding: 1rem; font-family: "DejaVu Sans", Arial, sans-serif;
  font-size: 14px; line-height: 1.45; color: #1a1a1a; }
div.input_area, pre { background: #f6f8fa; border: 1px solid #e1e4e8; border-radius: 3px;
  padding: 0.4rem 0.6rem; overflow-x: auto; font-size: 12.5px; }
div.output_text pre, div.output_stream pre, div.output_subarea pre { background: none; border: none;
  padding: 0.2rem 0; white-space: pre-wrap; overflow-wrap: anywhere; }
div.output_png img, div.output_subarea img { max-width: 100%; height: auto; }
table { border-collapse: collapse; font-size: 12.5px; margin: 0.5rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: 0.2rem 0.5rem; text-align: right; }
div.prompt { display: none; }
div.cell { margin-bottom: 0.6rem; }
.demo-banner { position: fixed; top: 0; right: 0; background: #b00020; color: #fff; font-weight: bold;
  font-size: 12px; padding: 0.2rem 0.6rem; z-index: 10; }
"""

_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="impactlib {version}">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
{banner}
<main>
{body}
</main>
</body>
</html>
"""


def _banner(synthetic: bool) -> str:
    from .plots import DEMO_MARK

    return f'<div class="demo-banner" role="note">{_esc(DEMO_MARK)}</div>' if synthetic else ""


def notebook_html(nb, *, title: str, lang: str = "fi", synthetic: bool = False,
                  code: bool = False) -> str:
    """A self-contained HTML page from an executed notebook (nbconvert, ``basic`` template).

    Parameters
    ----------
    nb : nbformat.NotebookNode
        An executed notebook.
    title : str
        Page title.
    lang : {"fi", "en"}
        Language of the page (``<html lang>``).
    synthetic : bool
        Add the fixed "DEMO" banner (repeated on every printed page).
    code : bool, default False
        Keep code cells and markdown cells (the curated notebooks); a brief
        shows outputs only.

    Returns
    -------
    str
        The page: inline CSS, images as ``data:`` URIs, no scripts and no
        external resources.
    """
    from nbconvert import HTMLExporter
    from pygments.formatters import HtmlFormatter

    from . import __version__

    exporter = HTMLExporter(template_name="basic", exclude_input=not code,
                            exclude_input_prompt=True, exclude_output_prompt=True,
                            exclude_markdown=not code, exclude_raw=True)
    body, _ = exporter.from_notebook_node(_figures_as_html(nb))
    css = _NB_CSS + HtmlFormatter(style="default").get_style_defs(".highlight") if code else _CSS
    return _PAGE.format(lang=lang, title=_esc(title), css=css, banner=_banner(synthetic), body=body,
                        version=_esc(__version__))


def _figures_as_html(nb):
    """A copy of the notebook whose figure blocks also carry their ``<figure>`` HTML.

    The stored notebook keeps figures as ``image/png`` only (nbval does not
    compare images); the page needs the block's own markup (layout class,
    ``alt`` text), so it is added here, on a copy, just before export.
    """
    import copy

    nb = copy.deepcopy(nb)
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            block = data.get(BLOCK_MIME)
            if isinstance(block, dict) and block.get("type") == "figure" and "image/png" in data:
                fig = Block("figure", text=block.get("caption", ""), alt=block.get("alt", ""),
                            style=block.get("layout", "full"),
                            png=base64.b64decode(data["image/png"]))
                data["text/html"] = fig.to_html()
    return nb


def _blocks(nb) -> list[tuple[dict, bytes]]:
    """The brief's blocks (JSON and PNG bytes) from the outputs of an executed notebook."""
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            data = o.get("data", {})
            if BLOCK_MIME in data:
                png = base64.b64decode(data["image/png"]) if "image/png" in data else b""
                block = data[BLOCK_MIME]
                out.append((dict(block) if not isinstance(block, str) else json.loads(block), png))
    return out


def notebook_docx(nb, target, *, title: str, synthetic: bool = False, footer: str = "",
                  date: str = "") -> Path:
    """Write an editable Word file (DOCX) of an executed brief notebook, atomically.

    Built with ``python-docx`` from the blocks the notebook displayed (their
    JSON form), so the DOCX holds exactly the text, tables and figures of
    the HTML page. A4 portrait; the demo mark is in the page header (every
    page) for synthetic data; figures carry their labels as alternative
    text.

    Parameters
    ----------
    nb : nbformat.NotebookNode
    target : str or Path
    title : str
        Document title (file properties).
    synthetic : bool
    footer : str
        Text of the page footer (source, SHA-256, version).
    date : str
        ISO date for the document properties.

    Returns
    -------
    Path
    """
    from docx import Document
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, RGBColor

    from .plots import DEMO_MARK

    doc = Document()
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Cm(21.0), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(1.8)
    sec.top_margin, sec.bottom_margin = Cm(1.6), Cm(1.5)
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10)
    if synthetic:
        hp = sec.header.paragraphs[0]
        hp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = hp.add_run(DEMO_MARK)
        run.bold = True
        run.font.size = Pt(9)
        run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
    if footer:
        fp = sec.footer.paragraphs[0]
        run = fp.add_run(footer)
        run.font.size = Pt(7)
        run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    width = sec.page_width - sec.left_margin - sec.right_margin
    for block, png in _blocks(nb):
        kind = block["type"]
        if kind == "heading":
            doc.add_heading(block["text"], level=max(0, min(int(block["level"]) - 1, 3)))
        elif kind == "paragraph":
            p = doc.add_paragraph()
            run = p.add_run(block["text"])
            style = block.get("style", "finding")
            if style == "question":
                run.italic = True
            elif style in ("meta", "note"):
                run.font.size = Pt(8)
                run.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
            elif style == "demo":
                run.bold = True
                run.font.color.rgb = RGBColor(0xB0, 0x00, 0x20)
        elif kind == "list":
            for item in block["items"]:
                p = doc.add_paragraph(style="List Bullet")
                run = p.add_run(item)
                if block.get("style") == "meta":
                    run.font.size = Pt(8)
        elif kind == "figure":
            doc.add_picture(io.BytesIO(png), width=width)
            shape = doc.inline_shapes[-1]
            shape._inline.docPr.set("descr", block.get("alt", ""))
            shape._inline.docPr.set("title", block.get("caption", ""))
        elif kind == "table":
            cols, rows = block["columns"], block["rows"]
            if block.get("caption"):
                cp = doc.add_paragraph()
                r = cp.add_run(block["caption"])
                r.bold = True
                r.font.size = Pt(9)
            tab = doc.add_table(rows=len(rows) + 1, cols=len(cols))
            tab.style = "Light List Accent 1"
            tab.alignment = WD_TABLE_ALIGNMENT.CENTER
            for j, c in enumerate(cols):
                cell = tab.rows[0].cells[j]
                cell.text = ""
                run = cell.paragraphs[0].add_run(str(c))
                run.bold = True
                run.font.size = Pt(8.5)
            for i, r in enumerate(rows, start=1):
                for j, v in enumerate(r):
                    cell = tab.rows[i].cells[j]
                    cell.text = ""
                    run = cell.paragraphs[0].add_run(str(v))
                    run.font.size = Pt(8.5)
                    if j > 0:
                        cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    props = doc.core_properties
    props.title = title
    props.author = "impactlib"
    props.comments = footer[:255]
    if date:
        try:
            d = _dt.datetime.fromisoformat(date)
            props.created = props.modified = d
        except ValueError:
            pass
    with atomic_path(target, suffix=".docx") as tmp:
        doc.save(str(tmp))
    return Path(target)


# ---------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------


def _slug(text: str) -> str:
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def brief_filename(county: str, lang: str = "fi") -> str:
    """File name stem of a brief: ``15-keski-suomi-fi``.

    Examples
    --------
    >>> brief_filename("90", "en")
    '90-helsinki-en'
    """
    code = regions.find_county(county)
    return f"{code}-{_slug(regions.county_name(code, 'fi'))}-{lang}"


def _today() -> str:
    """Today's date, or the date of ``SOURCE_DATE_EPOCH`` (reproducible builds)."""
    sde = os.environ.get("SOURCE_DATE_EPOCH")
    if sde and sde.isdigit():
        return _dt.datetime.fromtimestamp(int(sde), _dt.UTC).date().isoformat()
    return _dt.date.today().isoformat()


def _kernel_env() -> None:
    os.environ.setdefault("MPLBACKEND", "agg")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")


@contextlib.contextmanager
def _kernel_chatter_held_back():
    """Catch what kernel processes write straight to file descriptor 2.

    Kernels log start-up lines (e.g. about their transport); they are kept in
    a temporary file and printed only when the block fails, so a progress bar
    stays readable.
    """
    sys.stderr.flush()
    with tempfile.TemporaryDirectory(prefix="impactlib-kernel-") as tmp:
        log = Path(tmp) / "kernel.log"
        saved = os.dup(2)
        try:
            with open(log, "wb") as fh:
                os.dup2(fh.fileno(), 2)
                try:
                    yield
                finally:
                    os.dup2(saved, 2)
        except Exception:
            sys.stderr.write(log.read_text(encoding="utf-8", errors="replace"))
            raise
        finally:
            os.close(saved)


def _execute(parameters: dict, cwd: Path):
    """Run the brief notebook with papermill; the kernel's own start-up chatter is kept back."""
    import nbformat
    import papermill as pm

    _kernel_env()
    with tempfile.TemporaryDirectory(prefix="impactlib-brief-") as tmp:
        out = Path(tmp) / "brief.ipynb"
        with _kernel_chatter_held_back():
            pm.execute_notebook(str(NOTEBOOK), str(out), parameters=parameters,
                                kernel_name="python3", progress_bar=False, log_output=False,
                                cwd=str(cwd), start_timeout=120)
        return nbformat.read(out, as_version=4)


def render(
    county: str,
    *,
    lang: str = "fi",
    data=None,
    year: int | None = None,
    out="build/briefs",
    docx: bool = True,
    date: str | None = None,
    national=None,
) -> dict[str, Path]:
    """Render one brief: execute the notebook, write the HTML page and the DOCX.

    Parameters
    ----------
    county : str
        Code or name (Finnish, Swedish, English; case-insensitive).
    lang : {"fi", "en"}
    data : str or Path, optional
        Data folder or workbook; default the bundled demo data.
    year : int, optional
        Snapshot year (default the last year with funding and activities).
    out : str or Path, default "build/briefs"
    docx : bool, default True
        Also write the editable DOCX.
    date : str, optional
        Date printed on the brief (default today, or ``SOURCE_DATE_EPOCH``).
    national : str or Path, optional
        Precomputed whole-country results (see :meth:`BriefContext.save_national`).

    Returns
    -------
    dict
        ``{"html": path, "docx": path}`` (``docx`` only when written).

    Raises
    ------
    ValueError
        For an unknown county (listing close matches) or language.
    impactlib.DataError
        When the data break the rules of the data model (every problem listed).
    """
    if lang not in ("fi", "en"):
        raise ValueError(f"lang must be 'fi' or 'en', got {lang!r}")
    code = regions.find_county(county)
    if data is not None:
        from .sources.tables import load_dataset

        load_dataset(data)  # every problem in the data reported here, before a kernel starts
    out = Path(out)
    date = date or _today()
    params = {"county": code, "lang": lang, "data": None if data is None else str(Path(data).resolve()),
              "year": year, "date": date,
              "national": None if national is None else str(Path(national).resolve())}
    nb = _execute(params, cwd=NOTEBOOK.parent)
    stem = brief_filename(code, lang)
    info = _brief_info(nb)
    title = info.get("title", stem)
    synthetic = bool(info.get("synthetic", False))
    html = notebook_html(nb, title=title, lang=lang, synthetic=synthetic)
    paths = {"html": write_text(out / f"{stem}.html", html)}
    if docx:
        paths["docx"] = notebook_docx(nb, out / f"{stem}.docx", title=title, synthetic=synthetic,
                                      footer=info.get("footer", ""), date=date)
    return paths


def _brief_info(nb) -> dict:
    """Title, demo flag and footer of an executed brief (from its blocks)."""
    info = {}
    for block, _ in _blocks(nb):
        if block["type"] == "heading" and block.get("level") == 1 and "title" not in info:
            info["title"] = block["text"]
        if block["type"] == "paragraph" and block.get("style") == "demo":
            info["synthetic"] = True
        if block["type"] == "list" and block.get("style") == "meta":
            info["footer"] = " · ".join(i for i in block["items"][:3])
    return info


def _render_job(args: tuple) -> tuple[str, dict]:
    county, kwargs = args
    return county, render(county, **kwargs)


def render_all(
    *,
    lang: str = "fi",
    data=None,
    year: int | None = None,
    out="build/briefs",
    docx: bool = True,
    date: str | None = None,
    jobs: int | None = None,
    progress: bool = True,
    counties=None,
) -> dict[str, dict]:
    """Render the briefs of all 22 organiser areas (in parallel processes), with an index page.

    Parameters
    ----------
    lang, data, year, out, docx, date
        As in :func:`render`.
    jobs : int, optional
        Parallel processes (default the number of CPU cores).
    progress : bool, default True
        Show a tqdm progress bar.
    counties : list of str, optional
        Only these (default all 22).

    Returns
    -------
    dict
        County code -> the paths :func:`render` returned.
    """
    from concurrent.futures import ProcessPoolExecutor, as_completed
    from multiprocessing import get_context

    codes = [regions.find_county(c) for c in counties] if counties else list(regions.counties()["code"])
    date = date or _today()
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(codes)))
    results: dict[str, dict] = {}
    bar = None
    scratch = tempfile.TemporaryDirectory(prefix="impactlib-national-")
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(codes), desc="briefs", unit="brief", file=sys.stderr)
    try:
        # whole-country results once, not once per brief
        national = prepare(codes[0], lang=lang, data=data, year=year).save_national(
            Path(scratch.name) / "national.pkl")
        kwargs = {"lang": lang, "data": data, "year": year, "out": out, "docx": docx, "date": date,
                  "national": national}
        if jobs == 1:
            for c in codes:
                results[c] = render(c, **kwargs)
                if bar is not None:
                    bar.update(1)
        else:
            with ProcessPoolExecutor(max_workers=jobs, mp_context=get_context("spawn")) as pool:
                futures = [pool.submit(_render_job, (c, kwargs)) for c in codes]
                for fut in as_completed(futures):
                    c, paths = fut.result()
                    results[c] = paths
                    if bar is not None:
                        bar.update(1)
    finally:
        if bar is not None:
            bar.close()
        scratch.cleanup()
    _write_index(Path(out), {c: results[c] for c in codes}, lang=lang)
    return {c: results[c] for c in codes}


def _write_index(out: Path, results: dict, *, lang: str) -> Path:
    rows = []
    for code, paths in results.items():
        name = regions.county_name(code, "en" if lang == "en" else "fi")
        links = " · ".join(f'<a href="{_esc(p.name)}">{k.upper()}</a>' for k, p in paths.items())
        rows.append(f"<tr><td>{_esc(code)}</td><td>{_esc(name)}</td><td>{links}</td></tr>")
    title = t("Näyttökoosteet hyvinvointialueittain", "Evidence briefs by wellbeing services county", lang)
    body = (f"<h1>{_esc(title)}</h1><table class=\"brief-table\"><thead><tr><th>"
            f"{_esc(t('Koodi', 'Code', lang))}</th><th>{_esc(t('Alue', 'Area', lang))}</th><th>"
            f"{_esc(t('Tiedostot', 'Files', lang))}</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    from . import __version__

    page = _PAGE.format(lang=lang, title=_esc(title), css=_CSS, banner="", body=body,
                        version=_esc(__version__))
    return write_text(out / ("index.html" if lang == "fi" else f"index-{lang}.html"), page)


def curated_notebooks() -> list[Path]:
    """The curated notebooks: ``notebooks/NN_*.ipynb`` (the brief template is not one of them).

    Examples
    --------
    >>> [p.name for p in curated_notebooks()][:1]
    ['00_quickstart.ipynb']
    """
    return sorted(p for p in NOTEBOOKS_DIR.glob("[0-9][0-9]_*.ipynb"))


def render_notebooks(out="build/notebooks", *, execute: bool = True, progress: bool = True,
                     timeout: int = 900) -> list[Path]:
    """Execute the curated notebooks on the bundled data and write them as HTML pages.

    Parameters
    ----------
    out : str or Path, default "build/notebooks"
    execute : bool, default True
        Run each notebook afresh (nbclient, kernel ``python3``, working
        folder ``notebooks/``); ``False`` converts the stored outputs.
    progress : bool
    timeout : int
        Seconds per cell.

    Returns
    -------
    list of Path
        The HTML pages written (atomically).
    """
    import nbformat
    from nbclient import NotebookClient

    _kernel_env()
    paths = []
    nbs = curated_notebooks()
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=len(nbs), desc="notebooks", unit="nb", file=sys.stderr)
    try:
        for p in nbs:
            nb = nbformat.read(p, as_version=4)
            if execute:
                with _kernel_chatter_held_back():
                    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                   resources={"metadata": {"path": str(NOTEBOOKS_DIR)}}).execute()
            title = next((c.source.splitlines()[0].lstrip("# ").strip() for c in nb.cells
                          if c.cell_type == "markdown" and c.source.strip()), p.stem)
            html = notebook_html(nb, title=title, lang="fi", synthetic=True, code=True)
            paths.append(write_text(Path(out) / f"{p.stem}.html", html))
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return paths


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------


def _cmd_brief(args) -> int:
    import time

    if not args.all and not args.county:
        print("give --county NAME or --all / anna --county NIMI tai --all", file=sys.stderr)
        return 2
    try:
        if args.all:
            t0 = time.perf_counter()
            res = render_all(lang=args.lang, data=args.data, year=args.year, out=args.out,
                             docx=not args.no_docx, jobs=args.jobs)
            print(f"wrote / kirjoitettu: {len(res)} briefs into {args.out} "
                  f"({time.perf_counter() - t0:.0f} s)")
        else:
            t0 = time.perf_counter()
            paths = render(args.county, lang=args.lang, data=args.data, year=args.year, out=args.out,
                           docx=not args.no_docx)
            for p in paths.values():
                print(f"wrote / kirjoitettu: {p}")
            print(f"({time.perf_counter() - t0:.1f} s)")
    except ValueError as exc:  # unknown county or language; DataError lists every problem
        print(str(exc), file=sys.stderr)
        return 2
    except Exception as exc:
        from papermill.exceptions import PapermillExecutionError

        if not isinstance(exc, PapermillExecutionError):
            raise
        print(f"the brief failed / kooste epäonnistui: {exc.ename}: {exc.evalue}", file=sys.stderr)
        return 1
    return 0


def _cmd_notebooks(args) -> int:
    paths = render_notebooks(args.out, execute=not args.no_execute)
    for p in paths:
        print(f"wrote / kirjoitettu: {p}")
    return 0


def add_cli(sub) -> None:
    """Register the ``brief`` and ``notebooks`` subcommands on an argparse subparsers object."""
    b = sub.add_parser("brief", help="render evidence briefs per wellbeing services county / "
                                     "näyttökoosteet hyvinvointialueittain")
    b.add_argument("--county", help="county name (fi/sv/en) or code, e.g. 'Keski-Suomi' or 15")
    b.add_argument("--all", action="store_true", help="all 22 areas / kaikki 22 aluetta")
    b.add_argument("--lang", choices=["fi", "en"], default="fi")
    b.add_argument("--data", help="data folder or .xlsx workbook (default: bundled demo data)")
    b.add_argument("--year", type=int, help="snapshot year (default: latest in the data)")
    b.add_argument("--out", default="build/briefs", help="output folder (default build/briefs)")
    b.add_argument("--jobs", type=int, help="parallel processes with --all (default: CPU cores)")
    b.add_argument("--no-docx", action="store_true", help="HTML only")
    b.set_defaults(func=_cmd_brief)
    n = sub.add_parser("notebooks", help="run the curated notebooks into HTML / muistiot HTML:ksi")
    n.add_argument("--out", default="build/notebooks")
    n.add_argument("--no-execute", action="store_true", help="convert the stored outputs as they are")
    n.set_defaults(func=_cmd_notebooks)
