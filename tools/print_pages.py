"""Print every county brief to PDF in headless Chromium and count its A4 pages.

A brief is meant for two A4 pages (``tests/test_browser.py`` checks the fullest ones). This
script checks all of them: it renders the 22 areas in Finnish and English (HTML only) into
``--out``, prints each to PDF with Chromium's own print engine and reports the page counts.
The exit status is 1 when any brief prints on more than ``--pages`` pages.

Usage::

    python tools/print_pages.py --out build/print          # all 44 briefs
    python tools/print_pages.py --county 08 --lang fi       # one brief

Needs Chromium (Debian: ``apt-get install chromium``); it takes about two minutes for 44.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--no-pdf-header-footer"]


def count_pages(pdf: Path) -> int:
    """Pages of a PDF Chromium wrote (its page objects, as tests/test_browser.py counts them)."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=Path("build/print"))
    ap.add_argument("--county", action="append", help="area code or name (default: all 22)")
    ap.add_argument("--lang", choices=["fi", "en"], action="append")
    ap.add_argument("--pages", type=int, default=2, help="most pages allowed (default 2)")
    args = ap.parse_args(argv)
    chromium = next((p for p in map(shutil.which, ("chromium", "chromium-browser", "google-chrome"))
                     if p), None)
    if chromium is None:
        print("Chromium not found (Debian: apt-get install chromium)", file=sys.stderr)
        return 2

    from impactlib import brief, regions

    codes = [regions.find_county(c) for c in args.county] if args.county else list(regions.counties()["code"])
    langs = args.lang or ["fi", "en"]
    args.out.mkdir(parents=True, exist_ok=True)
    over, counts = [], {}
    with tempfile.TemporaryDirectory() as profile:
        for code in codes:
            for lang in langs:
                html = brief.render(code, lang=lang, out=args.out, docx=False)["html"]
                pdf = html.with_suffix(".pdf")
                subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}",
                                f"--print-to-pdf={pdf}", html.resolve().as_uri()],
                               capture_output=True, timeout=180, check=True)
                n = count_pages(pdf)
                counts[n] = counts.get(n, 0) + 1
                print(f"{n} pages  {pdf.name}")
                if n > args.pages:
                    over.append(pdf.name)
    print("; ".join(f"{c} briefs on {n} pages" for n, c in sorted(counts.items())))
    if over:
        print(f"more than {args.pages} pages: {', '.join(over)}", file=sys.stderr)
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
