"""The curated notebooks run on a user's own data through their papermill parameters (issue 10).

Every notebook in ``notebooks/`` has a cell tagged ``parameters`` with ``data = None`` and
``year = None``; run with ``data`` set to a second, much smaller valid dataset
(``tests/data/small_dataset``, written by ``tools/make_small_dataset.py``: three areas, years up to
2024 where the demo runs to 2025), each notebook must execute without an error. The stored,
executed notebooks on the demo data are checked cell by cell by nbval (``make test``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
SMALL = ROOT / "tests" / "data" / "small_dataset"
YEAR_LITERAL = re.compile(r"(?<![\d.,])20[12]\d(?![\d])")


def _cells(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["cells"]


def _code(cell: dict) -> str:
    return "".join(cell["source"])


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 6


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_parameters_cell(path):
    cells = [c for c in _cells(path) if c["cell_type"] == "code"]
    tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: one cell tagged 'parameters' expected"
    src = _code(tagged[0])
    assert re.search(r"^data = None$", src, re.M) and re.search(r"^year = None$", src, re.M), src
    assert cells.index(tagged[0]) == 0, f"{path.name}: the parameters cell must come before any code"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_hard_coded_years_in_code(path):
    """Years come from ``year`` or the data; a year literal may appear only in a comment."""
    found = []
    for i, cell in enumerate(_cells(path)):
        if cell["cell_type"] != "code":
            continue
        for line in _code(cell).splitlines():
            code = line.split("#", 1)[0]
            if YEAR_LITERAL.search(code):
                found.append((i, line.strip()))
    assert not found, f"{path.name}: hard-coded years {found}"


def test_small_dataset_is_valid_and_differs_from_demo():
    import impactlib

    small = impactlib.load_dataset(SMALL)
    demo = impactlib.load_demo()
    assert small.synthetic
    assert small.snapshot_year() < demo.snapshot_year()
    assert len(small.organisations) < len(demo.organisations) / 20
    assert small.org_county().nunique() == 3


def _executed_texts(nb) -> list[str]:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.get("output_type") == "error":
                raise AssertionError(f"{o['ename']}: {o['evalue']}")
            if "text" in o:
                out.append(o["text"])
            out.extend(str(v) for k, v in o.get("data", {}).items() if k.startswith("text/"))
    return out


@pytest.fixture(scope="module")
def kernel_name():
    pytest.importorskip("papermill")
    return "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_runs_on_small_dataset(path, tmp_path, kernel_name, monkeypatch):
    import papermill as pm

    monkeypatch.setenv("MPLBACKEND", "agg")
    out = tmp_path / path.name
    # in English: the stored notebooks (nbval) are Finnish, so both languages are run
    nb = pm.execute_notebook(str(path), str(out), parameters={"data": str(SMALL), "lang": "en"},
                             kernel_name=kernel_name, progress_bar=False, cwd=str(ROOT / "notebooks"))
    texts = "\n".join(_executed_texts(nb))
    assert texts
    # tables and findings follow the language parameter (issue 10)
    assert "Löydös" not in texts and "yhdistyksiä" not in texts and "keskihajontaa" not in texts
    if "Löydös" in path.read_text(encoding="utf-8"):
        assert "Finding:" in texts
    if path.stem.startswith("00"):  # the run used the small dataset, not the demo
        assert "organisations=162" in texts and "organisations=10,000" not in texts


#: Wordings issue 10 found wrong, and the notebook that had them.
WITHDRAWN = {
    "01_field_overview": ["Eniten asukaslukuun nähden niitä on alueella {regions.county_name(high['code'])}"
                          " \"\n    f\"({fmt_number(high['per_1000'], 2)}), vähiten"],
    "02_funding_continuity": ["tasan jaettuina", "how much more likely", "ninety = {"],
    "03_effectiveness_evidence": ["Edullisin luotettava parannus", "a result, not a gap",
                                  "comp_change = eff.prepost("],
}


@pytest.mark.parametrize("stem", sorted(WITHDRAWN))
def test_withdrawn_wordings_are_gone(stem):
    text = (ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8")
    for phrase in WITHDRAWN[stem]:
        assert phrase not in text, f"{stem}: {phrase!r}"


#: What a notebook must not do itself (issue 10): suppress or format table cells by hand, or type a
#: finding; tables go through i18n.tables.format_table / format_wide and findings through the
#: sentence catalogue (i18n.sentence), in the language of the ``lang`` parameter.
HAND_MADE = {
    "disclosure.suppress(": "suppression outside the one table formatter",
    "fmt_cell(": "cells formatted by hand",
    ".map(fmt_": "cells formatted by hand",
    'print(f"Löydös': "a finding typed in the notebook",
    'print(f"Havainto': "a finding typed in the notebook",
    ".round(": "numbers rounded for display by hand",
}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_tables_and_findings_come_from_the_library(path):
    cells = [c for c in _cells(path) if c["cell_type"] == "code"]
    src = "\n".join(_code(c) for c in cells)
    found = {why for pat, why in HAND_MADE.items() if pat in src}
    assert not found, f"{path.name}: {sorted(found)}"
    assert "format_table(" in src or "format_wide(" in src
    params = _code(next(c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])))
    assert re.search(r'^lang = "fi"$', params, re.M), f"{path.name}: no lang parameter"


def test_hand_made_check_can_fail():
    """The pattern list above catches the notebooks' old way (a copy of notebook 01 before
    issue 10: suppress, map each cell through a formatter, print an f-string finding)."""
    old = ('shown = disclosure.suppress(by_county, ["n"], dependent=["share", "per_1000"])\n'
           'shown.assign(osuus=shown["share"].map(lambda v: fmt_cell(v, "pct")))\n'
           'print(f"Löydös: aineistossa on {fmt_count(n)} sote-järjestöä")')
    assert {why for pat, why in HAND_MADE.items() if pat in old} == {
        "suppression outside the one table formatter", "cells formatted by hand",
        "a finding typed in the notebook"}


def test_notebooks_use_the_library_for_what_briefs_compute():
    """Same function for the same figure: one-funder dependence, comparison trend, area ranking,
    STEA exposure."""
    src = {p.stem: "".join(_code(c) for c in _cells(p) if c["cell_type"] == "code") for p in NOTEBOOKS}
    assert "c.one_funder_share(" in src["02_funding_continuity"]
    assert "c.stea_exposure(" in src["02_funding_continuity"]
    assert "c.proportional_hazards(" in src["02_funding_continuity"]
    assert "eff.comparison_trend(" in src["03_effectiveness_evidence"]
    assert "rates.rate_extremes(" in src["01_field_overview"]
