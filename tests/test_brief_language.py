"""Finnish a reader accepts in the briefs (issue 14, the sentences it quotes).

Each phrase below was quoted in the issue as wrong Finnish (or English and code in the Finnish
brief); none may appear in any section of the demo briefs rendered here.
"""

from __future__ import annotations

import re

import pytest

from impactlib import brief
from impactlib.brief.sections import build_sections

WITHDRAWN_FI = [
    re.compile(r"\d tuhatta asukasta kohden"),        # "213 tuhatta asukasta kohden" reads as 213 000
    re.compile(r"Palkattua henkilöstöä on \d"),         # "… on 33,5 % yhdistyksistä"
    re.compile(r"kunta jatkoi avustusta \d"),
    re.compile(r"Suurin toimiala on "),
    re.compile(r"Oma varainhankinta ei ole rahoittaja"),
    re.compile(r"tasan kaikille|tasan jaettu"),
    re.compile(r"Yleisin puuttuva askel"),
    re.compile(r"Vertailuryhmään verrattu\b"),
    re.compile(r"\b20\d\d-\d\d-\d\d\b"),                # ISO dates
    re.compile(r"synthetic data|seed 20230101"),        # English and code in the Finnish text
]


def _texts(sections, *, skip=("provenance",)) -> list[str]:
    out = []
    for s in sections:
        if s.key in skip:  # the provenance footer names the source and command as they are
            continue
        for b in s.blocks:
            if b.kind in ("paragraph", "heading"):
                out.append(b.text)
            elif b.kind == "list":
                out.extend(b.items)
            elif b.kind == "table":
                out.append(b.text)
                out.extend(" | ".join(map(str, r)) for r in [b.columns, *b.rows])
            elif b.kind == "figure":
                out.append(b.text)
    return out


@pytest.fixture(scope="module")
def national(demo):
    return brief.prepare("15", data=demo)


@pytest.mark.parametrize("county", ["15", "18", "90", "01", "20"])
def test_quoted_finnish_is_gone(national, county):
    ctx = national if county == "15" else national.for_county(county)
    texts = _texts(build_sections(ctx))
    for pattern in WITHDRAWN_FI:
        hits = [t for t in texts if pattern.search(t)]
        assert not hits, (county, pattern.pattern, hits[:2])


def test_english_brief_has_english_dates(demo):
    ctx = brief.prepare("20", data=demo, lang="en")
    texts = " ".join(_texts(build_sections(ctx), skip=()))
    assert not re.search(r"\b20\d\d-\d\d-\d\d\b", texts)
    assert re.search(r"\b\d{1,2} (January|February|March|April|May|June|July|August|September|October|"
                     r"November|December) 20\d\d\b", texts)


def test_no_english_anywhere_in_a_finnish_demo_brief(national):
    """Not in the provenance footer, the figures' alternative texts or the page's demo mark
    either (issue 14: "synthetic data", "seed 20230101"): the demo data are named in Finnish."""
    from impactlib.brief.html import brief_page

    ctx = national.for_county("20")
    secs = build_sections(ctx)
    texts = _texts(secs, skip=()) + [b.alt for s in secs for b in s.blocks if b.kind == "figure"]
    page = brief_page(secs, title="t", lang="fi", synthetic=True)
    for text in [*texts, page]:
        assert not re.search(r"synthetic|seed \d", text), text[:120]
    assert any("keksitty demoaineisto" in t for t in texts)


def test_counts_stand_beside_the_percentages(national):
    """The hand-over sentence gives each outcome's count before its share (issue 14: "32,2 %
    loppui kokonaan" for 19 of 59): recomputed here from the grant-level hand-over table, with
    whole percentages when fewer than 100 grants are the base."""
    from impactlib.i18n import fmt_pct

    for code in ("15", "20"):
        ctx = national if code == "15" else national.for_county(code)
        text = next(b.text for b in brief.handover_section(ctx).blocks
                    if b.kind == "paragraph" and b.style != "question")
        ho = ctx.handover[ctx.handover["county"] == code]
        n = len(ho)
        for outcome in ("continued_municipality", "taken_over_county", "lost"):
            k = int((ho["outcome"] == outcome).sum())
            assert k >= 5
            assert f"{k} ({fmt_pct(k / n, 1 if n >= 100 else 0)})" in text, (code, outcome)
