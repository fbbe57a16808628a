"""Notebook 04 (the counties' published grants) runs with its papermill parameters and records
the values the library computes: own cooperation data first, a chosen grant year."""

from __future__ import annotations

import json

import pytest

from impactlib import _paths


@pytest.mark.slow
def test_parameters_year_and_own_data(tmp_path):
    papermill = pytest.importorskip("papermill")
    data = tmp_path / "oma"
    data.mkdir()
    (data / "organisations.csv").write_text(
        "org_id,name,municipality,kind,category\n0112038-9,Omaiset ry,179,volunteer,carers\n", encoding="utf-8")
    (data / "funding.csv").write_text(
        "org_id,year,source,funder,amount_eur,basis\n0112038-9,2023,county,15,1000,collected\n", encoding="utf-8")
    (data / "cooperation.csv").write_text(
        "county,item,status,since,source\n15,premises_offered,yes,2024,Aluehallitus 12.3.2024 § 45\n",
        encoding="utf-8")
    out = tmp_path / "04.ipynb"
    papermill.execute_notebook(str(_paths.notebooks_dir() / "04_county_grants.ipynb"), str(out),
                               parameters={"data": str(data), "year": 2023}, kernel_name="python3",
                               progress_bar=False)
    nb = json.loads(out.read_text(encoding="utf-8"))
    text = "\n".join("".join(o.get("text", "")) + "".join(o.get("data", {}).get("text/plain", ""))
                     for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", []))
    # section 5 with year=2023: Kainuu 122 200 € / 70 521 inhabitants, 4th of the 4 areas
    kainuu = next(line for line in text.splitlines() if "Kainuu" in line and "/ 4" in line)
    assert "1,73" in kainuu and "alle" in kainuu
    # every area is compared on its 2023 figures: Varsinais-Suomi was the highest of the four,
    # Länsi-Uusimaa published nothing for 2023 (unknown, not compared)
    assert any("Varsinais-Suomi" in line and "1 / 4" in line for line in text.splitlines())
    assert any("Länsi-Uusimaa" in line and "ei vertailukelpoista lukua" in line for line in text.splitlines())
    # the group's own cooperation row comes first and is named as the source
    ks = next(line for line in text.splitlines() if line.startswith("Keski-Suomi "))
    assert "oma + julkaistu" in ks
