"""A rendered brief looked at as a person would: in headless Chromium.

The page must load with no console messages at all (the brief has no scripts,
so any message is an error: a script, a blocked resource, a CSP report), its
five figures must be in the DOM as embedded PNGs *and painted on the screen*
(the screenshot holds the colours only the figures use), and it must print on
two A4 pages, as must the fullest brief (``tools/print_pages.py`` prints all 44).
At 400 px the page reflows without sideways scrolling, and axe-core (the accessibility engine
of Deque, from npm) finds no serious or critical violation at 400 px nor at 1000 px. A
screenshot is kept in ``build/browser/``.

Skips with a clear reason where Chromium is absent (Debian: ``apt-get install
chromium``; CI installs it); the accessibility check also skips where axe-core is absent
(``npm install --prefix build/axe axe-core@4.14.1``; ``make test`` and CI install it where npm is).
"""

from __future__ import annotations

import html as htmlmod
import json
import os
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
AXE = Path(os.environ.get("IMPACTLIB_AXE")
           or ROOT / "build" / "axe" / "node_modules" / "axe-core" / "axe.min.js")
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


# The probe runs inside the page once it has loaded: the page's scroll and client width, and
# axe-core's violations. The demo watermark is left out of axe's run: WCAG 1.4.3 sets no contrast
# for pure decoration, and the same words open the brief as text at full contrast.
PROBE = """<script>@AXE@</script><script>
window.addEventListener('load', function () {
  var d = document.documentElement, sw = d.scrollWidth, cw = d.clientWidth;
  axe.run({exclude: [['.demo-banner']]}, {resultTypes: ['violations']}).then(function (r) {
    var text = JSON.stringify({scrollWidth: sw, clientWidth: cw, violations: r.violations.map(
      function (v) { return {id: v.id, impact: v.impact, help: v.help, n: v.nodes.length,
        nodes: v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); })}; })});
    var doc = window.parent.document, out = doc.createElement('pre');
    out.id = 'probe-@NAME@'; out.textContent = text; doc.body.appendChild(out);
  });
});
</script>"""


def _probe_many(pages: dict[str, str], width: int, tmp_path: Path) -> dict[str, dict]:
    """Load each page (name → HTML) in its own frame ``width`` CSS pixels wide (headless windows
    are at least 500 px), all in one browser run, with the probe; return what it found per
    page."""
    if not AXE.exists():
        pytest.skip(f"axe-core not found at {AXE} (npm install --prefix build/axe axe-core@4.14.1, "
                    "or set IMPACTLIB_AXE); this test checks the brief's accessibility")
    axe = AXE.read_text(encoding="utf-8")
    tmp_path.mkdir(parents=True, exist_ok=True)
    frames = []
    for i, (name, html) in enumerate(pages.items()):
        inner = tmp_path / f"page{i}.html"
        probe = PROBE.replace("@NAME@", str(i)).replace("@AXE@", axe)
        inner.write_text(html.replace("</body>", probe + "</body>"), encoding="utf-8")
        frames.append(f'<iframe title="{name}" src="{inner.name}" style="width:{width}px;'
                      'height:900px;border:0;display:block"></iframe>')
    outer = tmp_path / "frame.html"
    outer.write_text('<!DOCTYPE html><html lang="en"><title>frame</title><body style="margin:0">'
                     + "".join(frames) + "</body></html>", encoding="utf-8")
    res = _run(["--allow-file-access-from-files", "--window-size=1100,1000",
                f"--virtual-time-budget={30000 * len(pages)}", "--dump-dom", outer.as_uri()],
               tmp_path / "profile")
    found = {}
    for i, name in enumerate(pages):
        m = re.search(rf'<pre id="probe-{i}">(.*?)</pre>', res.stdout, re.S)
        assert m, (name, res.stderr[-2000:])
        found[name] = json.loads(htmlmod.unescape(m.group(1)))
    return found


def _probe(html: str, width: int, tmp_path: Path) -> dict:
    return _probe_many({"page": html}, width, tmp_path)["page"]


@pytest.mark.parametrize("width", [400, 1000])
def test_reflows_at_400_px_and_axe_finds_no_serious_violation(page, width, tmp_path):
    found = _probe(page.read_text(encoding="utf-8"), width, tmp_path)
    assert found["clientWidth"] <= width
    if width <= 600:  # reflows: no sideways scrolling of the page itself (WCAG 1.4.10)
        assert found["scrollWidth"] <= found["clientWidth"], found["scrollWidth"]
    serious = [v for v in found["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], serious


@pytest.mark.slow
@pytest.mark.parametrize("width", [400, 1000])
def test_all_22_briefs_reflow_and_pass_axe(rendered, width, tmp_path):
    """The same checks on every Finnish demo brief the session rendered (issue 14), the 22
    pages in one browser run."""
    pages = {code: p["html"].read_text(encoding="utf-8") for code, p in rendered["paths"].items()}
    assert len(pages) == 22
    found = _probe_many(pages, width, tmp_path)
    bad = {}
    for code, f in found.items():
        wide = width <= 600 and f["scrollWidth"] > f["clientWidth"]
        serious = [v for v in f["violations"] if v["impact"] in ("serious", "critical")]
        if wide or serious or f["clientWidth"] > width:
            bad[code] = (f["scrollWidth"], f["clientWidth"], serious)
    assert bad == {}


def test_the_accessibility_probe_can_fail(tmp_path):
    """A page with faint text, an image without alt text and a wide line fails, also as one of
    several frames of a run (a good page beside it)."""
    bad = ('<!DOCTYPE html><html><head><title>t</title></head><body><main>'
           '<p style="color:#ccc;background:#fff">faint text</p><img src="x.png">'
           '<div style="width:900px;white-space:nowrap">wide</div></main></body></html>')
    found = _probe(bad, 400, tmp_path)
    assert found["scrollWidth"] > found["clientWidth"]
    ids = {v["id"] for v in found["violations"] if v["impact"] in ("serious", "critical")}
    assert {"color-contrast", "image-alt", "html-has-lang"} <= ids, ids
    good = ('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body><main>'
            '<p>plain text</p></main></body></html>')
    both = _probe_many({"good": good, "bad": bad}, 400, tmp_path / "two")
    assert [v["id"] for v in both["good"]["violations"] if v["impact"] in ("serious", "critical")] == []
    assert both["bad"]["scrollWidth"] > both["bad"]["clientWidth"]
    assert {"color-contrast", "image-alt"} <= {v["id"] for v in both["bad"]["violations"]}

