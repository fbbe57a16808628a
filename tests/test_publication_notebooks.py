"""The notebooks and the briefs of one ``make briefs`` run, checked as one publication
(issue 11): a count the notebooks show must be the count the briefs show (or hidden in both),
and with the notebooks' cells added no hidden count can be worked out.

The notebook tables are made here with the same library calls and the same formatter
(``i18n.tables.format_wide``) as notebooks 01 (associations by kind and county) and 02 (the
hand-over of municipal grants by county); their cells are read back from the formatted text,
as a reader would, and added to the briefs' :class:`impactlib.publication.Publication` under
the briefs' own cell names. ``Publication.add`` refuses a cell published as two different
things, and :func:`impactlib.publication.check` bounds every hidden cell.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from impactlib import brief, field, labels, model, regions
from impactlib import continuity as c
from impactlib.i18n.tables import column, format_table, format_wide
from impactlib.publication import UNSTATED, check

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def protected(demo):
    return list(brief.prepare_run(data=demo).values())  # what render_all publishes


def _count(cell: str):
    """A published cell as the reader sees it: a count, or the marker."""
    cell = cell.replace("\xa0", " ").strip()
    if cell in ("<5", "x"):
        return cell
    m = re.match(r"^([\d ]+)", cell)
    assert m, cell
    return int(m.group(1).replace(" ", ""))


def _codes() -> dict:
    names = {regions.county_name(code): code for code in regions.counties()["code"]}
    names["koko maa"] = "all"
    return names


def _add_wide(pub, table: str, wide, order, label_of) -> int:
    codes = _codes()
    added = 0
    for _, row in wide.iterrows():
        area = codes[row.iloc[0]]
        for code in order:
            pub.add(f"{table}|{area}|{code}", _count(row[label_of(code)]))
            added += 1
    return added


def test_notebook_tables_agree_with_the_briefs_and_reveal_nothing(demo, protected):
    pub = brief.publication_of(protected)
    n_before = len(pub.cells)
    kinds = brief.run_table(protected, "kinds")  # as notebook 01 makes it
    wide = format_wide(kinds, index=column("area", "county", "area"),
                       columns=column("code", "code", codes="kind"),
                       value=column(("n", "share"), "count_pct", "associations_share"),
                       total=column("n_area", "count", "associations"), groups="area",
                       order=list(model.KINDS), withheld="hidden")
    added = _add_wide(pub, "kinds", wide, list(model.KINDS), lambda k: model.label("kind", k))
    ho = brief.run_table(protected, "handover")  # as notebook 02 makes it
    ho = ho[ho["group"] != "all"]
    wide = format_wide(ho, index=column("group", "county", "area"),
                       columns=column("outcome", "code", codes="handover_outcome"),
                       value=column(("n", "share"), "count_pct"),
                       total=column("n_group", "count", "associations"), groups="group",
                       order=list(c.HANDOVER_OUTCOMES), withheld="hidden")
    added += _add_wide(pub, "handover", wide, list(c.HANDOVER_OUTCOMES),
                       lambda o: c.HANDOVER_OUTCOMES[o][0])
    assert added >= 22 * 3 + 22 * 5
    # the notebooks' cells are the briefs' cells: nothing new was published...
    assert len(pub.cells) == n_before
    # ...and the whole set still protects every hidden count
    report = check(pub)
    assert report["protected"].all(), report[~report["protected"]]


def test_a_notebook_showing_what_a_brief_hides_is_caught(demo, protected):
    pub = brief.publication_of(protected)
    hidden = next(name for name, v in pub.cells.items() if name.startswith("fields|") and v in ("<5", "x"))
    true = int(field.association_counts(demo.organisations, by="category", county=hidden.split("|")[1])
               .query(f"area == '{hidden.split('|')[1]}' and code == '{hidden.split('|')[2]}'")["n"].iloc[0])
    with pytest.raises(ValueError, match="published as"):
        pub.add(hidden, true)


def _column_cells(pub, table: str, formatted, label_col: str, count_col: str, codes: dict) -> dict:
    """Add a one-column count table (``category → count``) read back from its formatted text;
    returns category → cell name."""
    names = {}
    for _, row in formatted.iterrows():
        name = pub.add(f"{table}|all|{codes[row[label_col]]}", _count(row[count_col]))
        names[codes[row[label_col]]] = name
    return names


def test_notebook_05_sales_at_the_reform_join_the_briefs(demo, protected):
    """Notebook 05 shows, per area, every outcome of the associations that sold to
    municipalities the year before the reform, with their number; the briefs state three of
    those outcomes and the number. The run's ledger holds the whole table, and the notebook
    takes it from the run (``brief.run_table``): its cells are the briefs' cells, so with the
    notebook no hidden count can be worked out."""
    from impactlib import market

    pub = brief.publication_of(protected)
    n_before = len(pub.cells)
    published = brief.run_table(protected, "market")  # as notebook 05 makes it
    by_county = published[published["group"] != "all"]
    wide = format_wide(by_county, index=column("group", "county", "area"),
                       columns=column("outcome", "code", codes="sales_transition"),
                       value=column(("n", "share"), "count_pct"),
                       total=column("n_group", "count", "associations"), groups="group",
                       order=list(market.SALES_TRANSITIONS), withheld="hidden")
    outcomes = list(market.SALES_TRANSITIONS)
    added = _add_wide(pub, "market", wide, outcomes, lambda o: labels.label("sales_transition", o))
    for _, row in wide.iterrows():
        pub.add(f"market|{_codes()[row.iloc[0]]}|total", _count(row.iloc[1]))
    assert added == 22 * len(outcomes)
    assert len(pub.cells) == n_before  # the notebook's cells are the briefs' cells
    report = check(pub)
    assert report["protected"].all(), report[~report["protected"]]


def test_the_notebook_05_table_made_on_its_own_would_reveal_a_count(demo):
    """Why notebook 05 takes the run's table: the same table suppressed on its own (each
    area's row) beside briefs that state their three outcomes by the sentence rule alone (as
    before) lets a reader work out hidden counts on the demo data."""
    from impactlib import market
    from impactlib.publication import Publication

    alone = market.transition_summary(market.sales_transition(demo.funding, demo.organisations),
                                      by="county")
    alone = alone[alone["group"].isin(list(regions.counties()["code"]))]
    pub = Publication()
    for area, rows in alone.groupby("group"):
        n = int(rows["n_group"].iloc[0])
        parts = [pub.add(f"market|{area}|{r.outcome}", ("<5" if 0 < r.n < 5 else "x") if r.hidden else r.n)
                 for r in rows.itertuples()]
        pub.relate(pub.add(f"market|{area}|total", n), parts)
        for r in rows.itertuples():  # the sentence rule: "k (p %)" unless k or n − k is 1–4
            if r.outcome in ("moved_county", "replaced_vouchers", "lost") and r.n >= 5 and n - r.n >= 5:
                pub.merge(f"market|{area}|{r.outcome}", int(r.n))
    report = check(pub)
    assert not report["protected"].all()


def test_notebook_01_profile_and_03_evidence_levels_join_the_briefs(demo, protected):
    """Notebook 01's field profile of its default area beside the whole country (the briefs'
    own cells), and notebook 03's evidence levels of all activities (a table of its own, its
    shares of an unstated total): published together with the briefs, nothing hidden can be
    worked out."""
    from impactlib import effectiveness as eff

    pub = brief.publication_of(protected)
    n_before = len(pub.cells)
    home = field.org_county(demo.organisations)
    county = (field.KESKI_SUOMI_COUNTY if (home == field.KESKI_SUOMI_COUNTY).any()
              else home.value_counts().index[0])
    cats = next(ctx for ctx in protected if ctx.county == county).categories  # as notebook 01
    wide = format_wide(cats, index=column("code", "code", "category", codes="category"),
                       columns=column("area", "county", "area"), value=column(("n", "share"), "count_pct"),
                       groups="area", withheld="hidden")
    label = {model.label("category", c): c for c in model.CATEGORIES}
    areas = {regions.county_name(county): county, "koko maa": "all"}
    for _, row in wide.iterrows():
        for title, area in areas.items():
            pub.add(f"fields|{area}|{label[row.iloc[0]]}", _count(row[title]))
    assert len(pub.cells) == n_before  # the profile is the briefs' cells, shown alike

    effects = eff.activity_effects(demo.activities, demo.outcomes, demo.outcome_summaries, vtype="AV")
    levels = eff.evidence_level(demo.activities, effects[effects.poolable])
    dist = levels.groupby("nesta_level").size().rename("activities").reset_index()
    dist["share"] = dist.activities / dist.activities.sum()
    shown = format_table(dist, [column("nesta_level", "code", "Nestan taso", codes="nesta_level"),
                                column(("activities", "share"), "count_pct", "activities")])
    codes = {labels.label("nesta_level", lv): lv for lv in dist["nesta_level"]}
    cells = _column_cells(pub, "nb03_levels", shown, "Nestan taso", shown.columns[1], codes)
    pub.add("nb03_levels|all|total", UNSTATED)
    pub.relate("nb03_levels|all|total", list(cells.values()))
    for lv, name in cells.items():  # "k (p %)": each shown share bounds the unstated total
        if not isinstance(pub.cells[name], str):
            share = float(dist.set_index("nesta_level").loc[lv, "share"])
            pub.relate_share(name, "nb03_levels|all|total", share, 1)
    report = check(pub)
    assert report["protected"].all(), report[~report["protected"]]


def test_notebook_01_with_a_county_parameter_withholds_what_the_briefs_withhold(demo, protected, tmp_path):
    """A user runs notebook 01 for Etelä-Karjala (``county="11"``), whose brief withholds the
    field "employment" (see test_publication_briefs): the notebook's profile hides it too, and
    its finding names no hidden field."""
    import nbformat
    import papermill as pm

    ctx = next(c for c in protected if c.county == "11")
    cats = ctx.categories
    assert cats.loc[(cats["area"] == "11") & (cats["code"] == "employment"), "hidden"].all()
    nb = Path(__file__).resolve().parents[1] / "notebooks" / "01_field_overview.ipynb"
    out = tmp_path / "01.ipynb"
    pm.execute_notebook(str(nb), str(out), parameters={"county": "11"}, kernel_name="python3",
                        progress_bar=False, cwd=str(nb.parent))
    texts = []
    for cell in nbformat.read(out, as_version=4).cells:
        for o in cell.get("outputs", []):
            texts.append(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")))
    profile = next(t for t in texts if "Etelä-Karjala" in t and "työllisyys" in t and "koko maa" in t)
    header, *rows = profile.splitlines()
    assert header.split()[-1] == "Etelä-Karjala", header
    row = next(line for line in rows if "työllisyys" in line)
    assert row.split()[-1] == "x", row  # Etelä-Karjala's column: withheld, as in its brief
    finding = next(t for t in texts if "poikkeaa koko maasta eniten" in t)
    assert "toimialalla työllisyys" not in finding


def test_on_the_small_dataset_the_notebook_tables_and_briefs_reveal_nothing():
    """The adversarial small dataset (three areas, many counts of 1–4): the tables notebooks
    01, 02 and 05 take from the run, formatted as they show them, join the briefs' cells
    exactly and leave every hidden count protected."""
    import impactlib
    from impactlib import market

    small = impactlib.load_dataset(Path(__file__).resolve().parent / "data" / "small_dataset")
    run = list(brief.prepare_run(data=small).values())
    pub = brief.publication_of(run)
    n_before = len(pub.cells)
    specs = {  # table: (group column, code column, codes, total column, codes list name)
        "kinds": ("area", "code", list(model.KINDS), "n_area", "kind"),
        "handover": ("group", "outcome", list(c.HANDOVER_OUTCOMES), "n_group", "handover_outcome"),
        "market": ("group", "outcome", list(market.SALES_TRANSITIONS), "n_group", "sales_transition"),
    }
    added = {}
    for table, (group, code, order, total, codes) in specs.items():
        t = brief.run_table(run, table)
        t = t[t[group] != "all"]
        wide = format_wide(t, index=column(group, "county", "area"),
                           columns=column(code, "code", codes=codes),
                           value=column(("n", "share"), "count_pct"),
                           total=column(total, "count", "associations"), groups=group,
                           order=order, withheld="hidden")
        added[table] = _add_wide(pub, table, wide, order, lambda k, codes=codes: labels.label(codes, k))
    # kinds for every area; the hand-over and sales where the small data have grants and sellers
    assert added["kinds"] == 22 * 3 and added["handover"] >= 5 and added["market"] >= 5
    assert len(pub.cells) == n_before
    hidden = [v for v in pub.cells.values() if v in ("<5", "x")]
    assert len(hidden) > 50  # an adversarial case: many hidden counts to protect
    report = check(pub)
    assert report["protected"].all(), report[~report["protected"]]


def _notebook_outputs(path) -> list[str]:
    import nbformat

    texts = []
    for cell in nbformat.read(path, as_version=4).cells:
        for o in cell.get("outputs", []):
            texts.append(o.get("text", "") + str(o.get("data", {}).get("text/plain", "")))
    return texts


def test_notebook_03_reach_hides_a_small_area_and_states_no_total(tmp_path):
    """The small dataset with one area whose activities recorded 3 participations in the
    snapshot year: the briefs say "fewer than five", notebook 03's reach table hides the count
    (and one more beside it), and its finding gives no total. The briefs' and the notebook's
    counts proved together leave the hidden count protected; with the total stated (as the
    notebook did before) it is pinned to 3."""
    import shutil

    import pandas as pd
    import papermill as pm

    import impactlib
    from impactlib import effectiveness as eff
    from impactlib.publication import Publication

    data = tmp_path / "small"
    shutil.copytree(Path(__file__).resolve().parent / "data" / "small_dataset", data)
    path = data / "DEMO_keksitty_pieni_activities.csv"
    acts = pd.read_csv(path, dtype=str, keep_default_na=False)
    year = str(impactlib.load_dataset(Path(__file__).resolve().parent / "data" / "small_dataset")
               .snapshot_year())
    here = (regions.area_counties(acts["area"].replace("", None)) == "20").fillna(False).to_numpy() \
        & (acts["year"] == year).to_numpy()
    assert here.sum() >= 2
    idx = acts.index[here]
    acts.loc[idx, ["participants", "contacts"]] = "0"
    acts.loc[idx[0], ["participants", "contacts"]] = "3"
    acts.to_csv(path, index=False)
    ds = impactlib.load_dataset(data)
    r = eff.reach(ds.activities, by="county", organisations=ds.organisations)
    r = r[r["year"] == int(year)].set_index("county")["participants"]
    assert r["20"] == 3 and (r.drop("20") >= 5).all()

    nb = Path(__file__).resolve().parents[1] / "notebooks" / "03_effectiveness_evidence.ipynb"
    out = tmp_path / "03.ipynb"
    pm.execute_notebook(str(nb), str(out), parameters={"data": str(data)}, kernel_name="python3",
                        progress_bar=False, cwd=str(nb.parent))
    texts = _notebook_outputs(out)
    table = next(t for t in texts if "osallistumisia" in t and "Kainuu" in t)
    finding = next(t for t in texts if "tuhatta asukasta kohden vähiten" in t)
    assert "yhteismäärää ei kerrota" in finding and str(int(r.sum())) not in finding.replace("\xa0", "")
    assert "Keski-Pohjanmaa" not in finding  # no rate of the hidden area

    # the proof: each area's count as its brief states it and as the notebook shows it
    run = brief.prepare_run(data=ds)
    pub = Publication()
    shown_nb = {}
    for line in table.splitlines()[1:]:
        cells = re.split(r"\s{2,}", line.strip())  # index, area, activities, participations, …
        shown_nb[_codes()[cells[1]]] = _count(cells[3])
    assert shown_nb["20"] == "<5" and sum(v == "x" for v in shown_nb.values()) >= 1  # Kainuu
    for area, ctx in run.items():
        n = int(ctx.reach_numbers.loc[area, "participants"])
        pub.add(f"reach|{area}|participants", "<5" if n < 5 else n)
        if area in shown_nb:  # the notebook's rows: the areas with activities
            pub.merge(f"reach|{area}|participants", shown_nb[area])
    assert set(shown_nb) <= set(run)
    assert check(pub)["protected"].all()
    # the total the notebook used to state, with the areas adding up to it: 3 is pinned
    pub.add("reach|all|total", int(r.sum()))
    pub.relate("reach|all|total", [f"reach|{a}|participants" for a in run])
    assert not check(pub)["protected"].all()


def _access_producers(ds, run, *, withheld: bool = True) -> dict:
    """Notebook 05's table of access to procurement, as the notebook makes it: the number of
    service producers per area (the briefs' count of that kind), read back as a reader sees it."""
    from impactlib import market

    f = ds.funding
    years = (regions.REFORM_YEAR, int(f["year"].max()))
    acc = market.producer_access(f, ds.organisations, years=years).sort_values("group")
    kinds = brief.run_table(run, "kinds")
    run_hidden = kinds[kinds["code"] == "service_provider"].set_index("area")["hidden"]
    acc["withheld"] = acc["group"].map(run_hidden).fillna(False).astype(bool)
    shown = format_table(acc, [column("group", "county", "area"),
                               column("n_producers", "count", "associations"),
                               column("n_lots", "count", "k")],
                         withheld="withheld" if withheld else None)
    codes = _codes()
    return {codes[a]: _count(n) for a, n in zip(shown.iloc[:, 0], shown.iloc[:, 1], strict=True)
            if a in codes}


@pytest.mark.parametrize("which", ["demo", "small"])
def test_notebook_05_producers_by_area_are_the_briefs_counts(demo, protected, which):
    """Notebook 05's access table shows each area's number of service producers, which the
    briefs show as a kind of association: the notebook hides what the run hides, so its cells
    join the briefs' cells and every hidden count stays protected. On the small dataset the
    table suppressed on its own would show a count the run withholds."""
    import impactlib

    if which == "demo":
        ds, run = demo, protected
    else:
        ds = impactlib.load_dataset(Path(__file__).resolve().parent / "data" / "small_dataset")
        run = list(brief.prepare_run(data=ds).values())
    pub = brief.publication_of(run)
    n_before = len(pub.cells)
    cells = _access_producers(ds, run)
    assert len(cells) >= 3
    for area, v in cells.items():
        pub.merge(f"kinds|{area}|service_provider", v)
    assert len(pub.cells) == n_before
    report = check(pub)
    assert report["protected"].all(), report[~report["protected"]]
    if which == "small":  # a count the run withholds (here by hand): hidden in the notebook too
        from impactlib.brief import ledger

        ctx = next(c for c in run if c.county == "12")
        ledger.withhold(ctx, [("kinds", "service_provider")])
        assert _access_producers(ds, run)["12"] == "x"
        assert _access_producers(ds, run, withheld=False)["12"] == 9  # the table on its own
