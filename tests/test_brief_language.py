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
