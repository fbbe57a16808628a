"""The association field: counts, staff and volunteers, per 1,000 inhabitants, the
published Keski-Suomi profile.

Counts are checked against an independent computation (``pandas.crosstab`` over
the municipality → county mapping read from Statistics Finland's own
classification file in ``../shared/data``) and per-1,000 rates against the
Sotkanet population series (indicator 127, 31.12.2022) from the same folder, not
against the bundled tables the library uses.
"""

from __future__ import annotations

import matplotlib
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from impactlib import field, model

matplotlib.use("agg")

# rates are ratios of integers and population sums: float rounding only
RTOL_EXACT = 1e-12


def _hand_orgs():
    return pd.DataFrame({
        "org_id": [f"{i:07d}-0" for i in range(8)],
        "municipality": ["179", "179", "179", "410", "091", "091", "091", "091"],
        "kind": ["volunteer", "volunteer", "intermediate", "volunteer", "service_provider",
                 "volunteer", "volunteer", "volunteer"],
        "category": ["older_people"] * 4 + ["carers", "youth", "youth", "other"],
        "staff_fte": [0.0, 0.0, 2.5, np.nan, 10.0, 0.0, 0.0, 1.0],
        "volunteers": [10, 20, 5, 0, 40, pd.NA, 8, 2],
        "members": [100, 50, 30, 20, 400, 10, 10, 5],
    })


# --- counts --------------------------------------------------------------------


def test_counts_by_kind_hand_worked():
    t = field.association_counts(_hand_orgs(), by="kind", county="15")
    ks = t[t["area"] == "15"].set_index("code")
    # Jyväskylä 179 and Laukaa 410 are in Keski-Suomi: 3 volunteer, 1 intermediate
    assert ks["n"].to_dict() == {"volunteer": 3, "intermediate": 1, "service_provider": 0}
    assert ks["n_area"].iloc[0] == 4
    assert_allclose(ks["share"].to_numpy(), [0.75, 0.25, 0.0], rtol=RTOL_EXACT)
    # 1 and 3 are small: the 1 is primary, the 3 primary too; zero stays shown
    assert ks["hidden"].tolist() == [True, True, False]
    whole = t[t["area"] == "all"].set_index("code")
    assert whole["n"].to_dict() == {"volunteer": 6, "intermediate": 1, "service_provider": 1}


def test_counts_list_every_code_with_zeros():
    t = field.association_counts(_hand_orgs(), by="category")
    assert t["code"].tolist() == list(model.CATEGORIES)
    assert t.set_index("code").loc["rescue", "n"] == 0


def test_counts_against_crosstab_on_demo(demo, county_key):
    orgs = demo.organisations
    county = orgs["municipality"].astype(str).map(county_key)  # Statistics Finland's own key
    ref = pd.crosstab(county, orgs["category"].astype(str))
    t = field.association_counts(orgs, by="category", county="each")
    got = t[t["area"] != "all"].pivot(index="area", columns="code", values="n")
    got = got.loc[ref.index, ref.columns]
    assert (got.to_numpy() == ref.to_numpy()).all()
    whole = t[t["area"] == "all"].set_index("code")["n"]
    assert (whole[ref.columns].to_numpy() == ref.sum().to_numpy()).all()


def test_per_1000_against_sotkanet_population(demo, county_key, county_population_2022):
    t = field.association_counts(demo.organisations, by="county").set_index("code")
    n = demo.organisations["municipality"].astype(str).map(county_key).value_counts()
    codes = list(t.index)
    assert_allclose(t.loc[codes, "population"], county_population_2022[codes], rtol=RTOL_EXACT)
    assert_allclose(t.loc[codes, "per_1000"], 1000 * n[codes] / county_population_2022[codes],
                    rtol=RTOL_EXACT)


def test_whole_country_population_is_the_22_areas(county_population_2022):
    t = field.association_counts(_hand_orgs(), by="kind")
    mainland = county_population_2022.drop("91").sum()  # Åland is outside the reform
    assert_allclose(t["population"].iloc[0], mainland, rtol=RTOL_EXACT)
    assert_allclose(t["per_1000"].sum(), 1000 * 8 / mainland, rtol=RTOL_EXACT)


def test_unknown_municipality_is_its_own_area():
    o = _hand_orgs().assign(municipality=["999"] + ["179"] * 7)
    t = field.association_counts(o, by="county").set_index("code")
    assert t.loc["unknown", "n"] == 1 and np.isnan(t.loc["unknown", "population"])


# --- staff and volunteers ----------------------------------------------------------


def test_staff_and_volunteers_hand_worked():
    s = field.staff_and_volunteers(_hand_orgs(), county=["15", "90"]).set_index("area")
    ks = s.loc["15"]
    # staff known for 3 of 4 (one NaN); paid: only the 2.5 FTE association
    assert (ks["n"], ks["n_paid_staff"], ks["n_no_paid_staff"], ks["n_staff_unknown"]) == (4, 1, 2, 1)
    assert_allclose(ks["share_paid_staff"], 1 / 3, rtol=RTOL_EXACT)
    assert ks["volunteers"] == 35.0 and ks["staff_fte"] == 2.5
    assert_allclose(ks["volunteers_per_fte"], 35 / 2.5, rtol=RTOL_EXACT)
    hel = s.loc["90"]
    assert hel["volunteers"] == 50.0 and hel["n_volunteers_unknown"] == 1
    assert bool(ks["hidden"]) and bool(hel["hidden"])  # 4 associations each


def test_staff_by_kind_has_no_population():
    s = field.staff_and_volunteers(_hand_orgs(), by="kind")
    assert s["population"].isna().all() and s["volunteers_per_1000"].isna().all()
    assert s.set_index("code").loc["volunteer", "n"] == 6


def test_staff_against_numpy_on_demo(demo, county_population_2022, county_key):
    o = demo.organisations
    s = field.staff_and_volunteers(o, county="each").set_index("area")
    county = o["municipality"].astype(str).map(county_key).to_numpy()
    staff = o["staff_fte"].to_numpy(dtype=float)
    vol = o["volunteers"].to_numpy(dtype=float, na_value=np.nan)
    for c in ("15", "90", "20"):
        m = county == c
        assert s.loc[c, "n_paid_staff"] == int((staff[m] > 0).sum())
        assert_allclose(s.loc[c, "volunteers_per_1000"],
                        1000 * np.nansum(vol[m]) / county_population_2022[c], rtol=RTOL_EXACT)
        assert_allclose(s.loc[c, "staff_fte_per_1000"],
                        1000 * np.nansum(staff[m]) / county_population_2022[c], rtol=RTOL_EXACT)


# --- the published Keski-Suomi profile ------------------------------------------------


def test_published_profile_is_documented():
    p = field.published_profile()
    assert set(p["source"]) <= set(field.KESKI_SUOMI_SOURCES)
    total = p.set_index("code").loc["total"]
    assert total["published_n"] == 500  # "noin 500 toimii sosiaali- ja terveysalalla" (KYT 2019)
    older = p.set_index("code").loc["older_people"]
    assert older["published_n"] == 100  # "Vanhus- ja eläkeläisyhdistyksiä on yhteensä noin sata"
    assert_allclose(older["published_share"], 0.2, rtol=RTOL_EXACT)
    assert set(p.loc[p["level"] == "category", "code"]) == set(model.CATEGORIES)
    for url_part in ("yhdistystori.fi",):
        assert all(url_part in s for s in field.KESKI_SUOMI_SOURCES.values())


def test_compare_published_against_value_counts(demo, county_key):
    c = field.compare_published(demo.organisations).set_index("code")
    here = demo.organisations[demo.organisations["municipality"].astype(str).map(county_key) == "15"]
    vc = here["category"].astype(str).value_counts()
    for cat in model.CATEGORIES:
        assert c.loc[cat, "n"] == vc.get(cat, 0)
        assert_allclose(c.loc[cat, "share"], vc.get(cat, 0) / len(here), rtol=RTOL_EXACT)
    assert c.loc["total", "n"] == len(here)
    assert c.loc["service_provider", "n"] == int((here["kind"] == "service_provider").sum())
    assert c.loc["no_paid_staff", "n"] == int((here["staff_fte"] == 0).sum())
    # the demo was planted on these shares: within 2 percentage points of each published one
    d = c["difference"].dropna()
    assert (d.abs() <= 0.02).all(), d
    assert c.loc[["carers", "rescue", "youth", "no_paid_staff"], "within_bounds"].all()


def test_compare_published_hand_worked():
    orgs = pd.DataFrame({"org_id": [f"x{i}" for i in range(20)], "municipality": ["179"] * 20,
                         "kind": ["volunteer"] * 18 + ["service_provider"] * 2,
                         "category": ["older_people"] * 4 + ["carers"] * 16,
                         "staff_fte": [0.0] * 5 + [1.0] * 15})
    c = field.compare_published(orgs).set_index("code")
    assert_allclose(c.loc["older_people", "difference"], 4 / 20 - 100 / 500, atol=1e-15)
    assert not c.loc["carers", "within_bounds"]  # 16 is not "under 10"
    assert not c.loc["no_paid_staff", "within_bounds"]  # 5 of 20 is not "most" of 500
    assert bool(c.loc["older_people", "hidden"]) and not bool(c.loc["carers", "hidden"])


# --- input checks and purity ------------------------------------------------------------


def test_bad_input_messages():
    with pytest.raises(ValueError, match="by must be"):
        field.association_counts(_hand_orgs(), by="colour")
    with pytest.raises(ValueError, match="puuttuu sarake"):
        field.association_counts(_hand_orgs().drop(columns="kind"), by="kind")
    with pytest.raises(ValueError, match="organisations table"):
        field.staff_and_volunteers([1, 2, 3])
    with pytest.raises(ValueError, match="exactly one positive 'total'"):
        field.published_profile(field.KESKI_SUOMI_PUBLISHED[1:])


def test_input_is_not_modified():
    o = _hand_orgs()
    before = o.copy()
    field.association_counts(o, by="category", county="each")
    field.staff_and_volunteers(o, by="kind", county="15")
    field.compare_published(o)
    pd.testing.assert_frame_equal(o, before)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["179", "410", "091", "049"]),
                          st.sampled_from(list(model.KINDS))), min_size=1, max_size=40))
def test_property_counts_add_up_and_hide_safely(rows):
    from impactlib import disclosure

    o = pd.DataFrame(rows, columns=["municipality", "kind"])
    t = field.association_counts(o, by="kind", county="each")
    for _, g in t.groupby("area"):
        assert g["n"].sum() == g["n_area"].iloc[0]
    whole = t[t["area"] == "all"]
    assert whole["n"].sum() == len(o)
    shown = disclosure.suppress(t, ["n"], groups="area")
    assert disclosure.recoverable_cells(shown, ["n"], groups="area") == []
    # the hidden column agrees with what suppress() hides
    assert (shown["n"].isin(["<5", "x"]).to_numpy() == t["hidden"].to_numpy()).all()


# --- figure -----------------------------------------------------------------------------


def test_plot_profile_hides_hidden_cells_and_marks_demo():
    import matplotlib.pyplot as plt

    t = field.association_counts(_hand_orgs(), by="category", county="15")
    ax = field.plot_profile(t, lang="en", synthetic=True)
    bars = [p for p in ax.patches]
    n_codes = len(model.CATEGORIES)
    county_bars = bars[:n_codes]  # drawn first: the county
    hidden = t[t["area"] == "15"]["hidden"].to_numpy()
    assert all(b.get_width() == 0 for b, h in zip(county_bars, hidden, strict=True) if h)
    texts = [x.get_text() for x in ax.figure.texts]
    assert any("synthetic data" in x for x in texts)
    assert any(" <5 / x" == x.get_text() for x in ax.texts)
    assert [lab.get_text() for lab in ax.get_legend().get_texts()] == ["Central Finland", "whole country"]
    plt.close("all")


def test_plot_profile_needs_counts():
    with pytest.raises(ValueError, match="association_counts"):
        field.plot_profile(pd.DataFrame({"area": ["all"]}))


# --- one county-of-an-association helper (impactlib.dataset.org_county) ------------------


def test_every_county_of_an_association_is_the_same(demo, county_key):
    from impactlib import continuity, dataset, effectiveness

    orgs = demo.organisations
    ref = orgs["municipality"].astype(str).map(county_key)  # Statistics Finland's own key
    one = dataset.org_county(orgs)
    assert one.index.equals(orgs.index) and (one.astype(str).to_numpy() == ref.to_numpy()).all()
    by_org = demo.org_county()
    assert by_org.index.equals(pd.Index(orgs["org_id"])) and (by_org.to_numpy() == one.to_numpy()).all()
    assert (field.org_county(orgs).to_numpy() == ref.to_numpy()).all()
    attached = continuity.attach_organisation(orgs[["org_id"]], orgs, columns=["county"])["county"]
    assert (attached.to_numpy() == ref.to_numpy()).all()
    # reach by county falls back to the home county of activities without an area
    acts = demo.activities.head(200).assign(area=None)
    r = effectiveness.reach(acts, by="county", organisations=orgs)
    home = acts["org_id"].map(dict(zip(orgs["org_id"], ref, strict=True)))
    expected = acts.groupby([home.to_numpy(), acts["year"].to_numpy()])["participants"].sum()
    got = r.set_index(["county", "year"])["participants"].astype(int)
    assert got.sort_index().to_dict() == expected.sort_index().astype(int).to_dict()


def test_unknown_home_municipality_has_no_county():
    from impactlib import dataset

    o = pd.DataFrame({"org_id": ["a", "b", "a"], "municipality": ["999", None, "179"]})
    c = dataset.org_county(o)
    assert c.isna().tolist() == [True, True, False]
    assert dataset.org_county(o, by_org=True).isna().to_dict() == {"a": True, "b": True}
    with pytest.raises(ValueError, match="municipality"):
        dataset.org_county(o.drop(columns="municipality"))


def test_association_rate_matches_an_independent_count(demo, county_key, county_population_2022):
    """Associations per 1,000 inhabitants, recomputed from Statistics Finland's own county key
    and its 2022 populations (Sotkanet series by municipality)."""
    t = field.association_rate(demo.organisations, county=["15", "20"]).set_index("area")
    county = demo.organisations["municipality"].astype(str).map(county_key)
    pop_all = county_population_2022.drop("91", errors="ignore").sum()
    assert list(t.index) == ["all", "15", "20"]
    for area, n, pop in (("15", (county == "15").sum(), county_population_2022["15"]),
                         ("20", (county == "20").sum(), county_population_2022["20"]),
                         ("all", county.notna().sum(), pop_all)):
        assert t.loc[area, "n"] == n
        assert_allclose(t.loc[area, "per_1000"], 1000 * n / pop, rtol=RTOL_EXACT)
    assert not t["hidden"].any()


def test_association_rate_hides_areas_of_one_to_four():
    orgs = pd.DataFrame({"org_id": ["a", "b", "c"], "municipality": ["179", "179", "091"]})
    t = field.association_rate(orgs, county="each").set_index("area")
    assert t.loc["15", "n"] == 2 and t.loc["15", "hidden"]
    assert t.loc["20", "n"] == 0 and not t.loc["20", "hidden"] and t.loc["20", "per_1000"] == 0
    assert len(t) == 23  # the whole country and the 22 areas
