"""notebooks/05_service_producers.ipynb is parameterised like the brief: papermill runs it with
``year``, and the findings it prints are the library's numbers for that year."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from impactlib import market
from impactlib.i18n import fmt_pct

NB = Path(__file__).resolve().parents[1] / "notebooks" / "05_service_producers.ipynb"


def _text(nb) -> str:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                out.append(o["text"])
    return "".join(out)


def test_parameters_cell_first():
    nb = nbformat.read(NB, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "parameters" in code[0].metadata.get("tags", [])
    assert "data = None" in code[0].source and "year = None" in code[0].source
    assert "Löydös" in _text(nb)  # stored executed


@pytest.mark.slow
def test_papermill_run_with_a_year(tmp_path, demo):
    import papermill

    out = tmp_path / "05.ipynb"
    papermill.execute_notebook(str(NB), str(out), parameters={"year": 2024}, kernel_name="python3",
                               cwd=str(NB.parent), progress_bar=False, log_output=False)
    text = _text(nbformat.read(out, as_version=4))
    assert "Tarkasteluvuosi 2024" in text
    sh = market.sales_summary(market.sales_share(demo.funding), by=()).set_index("year")
    assert f"vuonna 2024 palvelumyynti oli {fmt_pct(sh.loc[2024, 'sales_share'])}" in text


@pytest.mark.slow
def test_data_without_the_reform_years_is_refused_in_words(tmp_path):
    """Data that starts after the reform cannot show the hand-over: the notebook says so in its
    first code cell (in the chosen language) instead of failing later on a missing year."""
    import hashlib
    import json
    import shutil

    import pandas as pd
    import papermill

    small = NB.parents[1] / "tests" / "data" / "small_dataset"
    data = tmp_path / "after_reform"
    shutil.copytree(small, data)
    funding = data / "DEMO_keksitty_pieni_funding.csv"
    rows = pd.read_csv(funding, dtype=str, keep_default_na=False)
    rows[rows["year"].astype(int) >= 2023].to_csv(funding, index=False)
    meta = json.loads((data / "dataset.json").read_text(encoding="utf-8"))
    meta["files"][funding.name] = hashlib.sha256(funding.read_bytes()).hexdigest()
    (data / "dataset.json").write_text(json.dumps(meta), encoding="utf-8")

    with pytest.raises(papermill.PapermillExecutionError) as err:
        papermill.execute_notebook(str(NB), str(tmp_path / "05.ipynb"),
                                   parameters={"data": str(data), "lang": "en"},
                                   kernel_name="python3", cwd=str(NB.parent), progress_bar=False)
    assert err.value.ename == "ValueError"
    assert "the funding years 2022 and 2023" in err.value.evalue
    assert "funding years are 2023–" in err.value.evalue
