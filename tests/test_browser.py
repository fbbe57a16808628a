"""A rendered brief looked at as a person would: in headless Chromium.

The page must load with no console messages at all (the brief has no scripts,
so any message is an error: a script, a blocked resource, a CSP report), its
five figures must be in the DOM as embedded PNGs *and painted on the screen*
(the screenshot holds the colours only the figures use), and it must print on
two A4 pages, as must the fullest brief (``tools/print_pages.py`` prints all 44).
A screenshot is kept in ``build/browser/``.

Skips with a clear reason where Chromium is absent (Debian: ``apt-get install
chromium``; CI installs it).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest

from impactlib import brief
from impactlib.plots import OUTCOME_COLOURS

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "build" / "browser"
CHROMIUM = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))
                 if p), None)
pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="headless Chromium not found (Debian: apt-get install chromium); this test renders a "
           "brief in a real browser to check console errors, figures and print pages")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]
# a figure colour counts as painted when this many screen pixels are within COLOUR_TOL of it
MIN_PIXELS = 300
COLOUR_TOL = 0.02  # per channel, 0–1 scale: anti-aliased edges are excluded, flat fills kept


def _run(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=180, check=False)


def _console(stderr: str) -> list[str]:
    """Console messages Chromium logs with ``--enable-logging=stderr --v=0``."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line]


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    """The Keski-Suomi brief: the one tests/test_brief.py rendered, or a fresh one."""
    base = tmp_path_factory.getbasetemp()
    stem = brief.brief_filename("15", "fi")
    ready = base / "briefs" / f"{stem}.html"
    if ready.exists():
        return ready
    return brief.render("15", out=base / "browser-brief", docx=False, date="2026-01-15")["html"]


def test_loads_without_console_messages_and_shows_its_figures(page, tmp_path):
    res = _run(["--enable-logging=stderr", "--v=0", "--virtual-time-budget=5000", "--dump-dom",
                page.as_uri()], tmp_path / "profile")
    assert res.returncode == 0, res.stderr[-2000:]
    assert _console(res.stderr) == []
    dom = res.stdout
    imgs = re.findall(r"<img [^>]*>", dom)
    assert len(imgs) == 5  # field, funding, hand-over, dependence, service producers (issue 13)
    assert all('src="data:image/png;base64,' in i and 'alt="' in i for i in imgs)
    assert "Sote-järjestöjen näyttökooste: Keski-Suomen hyvinvointialue" in dom

    SHOTS.mkdir(parents=True, exist_ok=True)
    shot = SHOTS / f"{page.stem}.png"
    res = _run([f"--screenshot={shot}", "--window-size=1000,3400", page.as_uri()],
               tmp_path / "profile2")
    assert res.returncode == 0 and shot.exists(), res.stderr[-2000:]
    from matplotlib.image import imread

    img = imread(shot)[..., :3]
    for name in ("continued_municipality", "lost"):  # used only by the hand-over figure
        rgb = np.array([int(OUTCOME_COLOURS[name][i:i + 2], 16) / 255 for i in (1, 3, 5)])
        close = (np.abs(img - rgb) <= COLOUR_TOL).all(axis=2).sum()
        assert close >= MIN_PIXELS, (name, int(close))


@pytest.fixture(scope="module")
def fullest(tmp_path_factory) -> Path:
    """The Pirkanmaa brief in Finnish: the fullest one (the longest published facts and the most
    activity types), so the last to fit on two pages (tools/print_pages.py checks all 44)."""
    out = tmp_path_factory.mktemp("fullest")
    return brief.render("08", out=out, docx=False, date="2026-01-15")["html"]


@pytest.mark.parametrize("which", ["page", "fullest"])
def test_prints_on_two_a4_pages(which, request, tmp_path):
    page = request.getfixturevalue(which)
    pdf = tmp_path / "brief.pdf"
    res = _run(["--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()],
               tmp_path / "profile")
    assert res.returncode == 0 and pdf.exists(), res.stderr[-2000:]
    data = pdf.read_bytes()
    pages = re.findall(rb"/Type\s*/Page(?!s)", data)
    assert len(pages) == 2
    boxes = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", data)
    assert boxes and all(abs(float(w) - 595.92) < 1.5 and abs(float(h) - 842.88) < 1.5
                         for w, h in boxes)  # A4 = 210 × 297 mm = 595 × 842 pt


def test_console_check_can_fail(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html><body><script>undefinedFunction()</script></body></html>")
    res = _run(["--enable-logging=stderr", "--v=0", "--dump-dom", bad.as_uri()], tmp_path / "p")
    assert any("undefinedFunction" in line for line in _console(res.stderr))
