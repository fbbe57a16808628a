"""Draw the README figure (docs/handover_demo.png) from the synthetic demo data.

Run: ``.venv/bin/python docs/make_readme_figure.py``. Uses only library functions.
"""

from pathlib import Path

import matplotlib

matplotlib.use("agg")
import matplotlib.pyplot as plt  # noqa: E402

import impactlib  # noqa: E402
from impactlib import continuity, plots  # noqa: E402

ds = impactlib.load_demo()
summary = continuity.handover_summary(continuity.handover(ds.funding, ds.organisations))
with plots.house_style():
    fig, ax = plt.subplots(figsize=(8, 5.5))
    plots.plot_handover(summary, lang="en", ax=ax, synthetic=ds.synthetic)
    fig.tight_layout()
    fig.savefig(Path(__file__).with_name("handover_demo.png"), dpi=110, metadata={"Software": None})
