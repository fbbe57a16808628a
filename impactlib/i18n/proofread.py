"""Finnish proofreading of generated text with Voikko (issue 14).

Every Finnish sentence a brief prints is generated from the sentence catalogue, so a wrong case
ending or a misspelt compound repeats in 22 briefs. This module checks a page the way a Finnish
proofreader's first pass would, with the free Finnish language tool Voikko (libvoikko and its
``voikko-fi`` morphology; Debian ``apt-get install libvoikko1 voikko-fi``, Python binding
``pip install libvoikko``):

* :func:`page_texts` reads the texts of a brief's HTML page: running text (paragraphs and list
  items) apart from labels (headings, table cells, captions), without link targets, the
  provenance list or figure alt texts;
* :func:`spelling_errors` lists the words Voikko's spell checker does not accept, less the
  reviewed :data:`ACCEPTED` names and abbreviations;
* :func:`grammar_reports` lists what Voikko's grammar checker reports on running text (labels
  are not sentences, so the checker's "punctuation missing at the end" is a false alarm on them).

Voikko is optional: :func:`checker` raises :class:`ImportError` with the install commands
where it is absent.

Examples
--------
>>> texts = page_texts('<p>Vuonna 2025 <a href="https://stea.fi/x">stea.fi</a> myönsi '
...                    'STEA-avustuksia.</p><h2>Rahoitus</h2><ul class="brief-meta"><li>seed</li></ul>')
>>> texts["running"], texts["labels"]
(['Vuonna 2025 stea.fi myönsi STEA-avustuksia.'], ['Rahoitus'])
>>> words("Vuonna 2025 stea.fi myönsi 3,1 milj. € STEA-avustuksia ja alku- ja loppumittaus.")
['Vuonna', 'myönsi', 'milj', 'STEA-avustuksia', 'ja', 'alku-', 'ja', 'loppumittaus']
>>> v = checker()  # doctest: +SKIP
>>> spelling_errors(["Vuonna 2025 STEA:n rahaa sai 12 yhdistystä ja 3 yhdistyställe."], v)  # doctest: +SKIP
            word  count                                            example
0  yhdistyställe      1  Vuonna 2025 STEA:n rahaa sai 12 yhdistystä ja ...
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

import pandas as pd

__all__ = ["ACCEPTED", "checker", "page_texts", "words", "spelling_errors", "grammar_reports"]

#: Words Voikko does not know that a brief may print, each with the reason it is right. Reviewed:
#: names (of a funder, a method, people, the library, two counties' own short names) and the
#: abbreviations Finnish statistical text uses. A compound whose first part is one of these
#: (``STEA-avustus``) is accepted when Voikko accepts the rest; a case ending after a colon
#: (``STEA:n``) likewise.
ACCEPTED: dict[str, str] = {
    "STEA": "Sosiaali- ja terveysjärjestöjen avustuskeskus, the funder's own acronym",
    "milj": "'milj. €', the standard abbreviation of miljoonaa (Kielitoimiston ohjepankki)",
    "htv": "henkilötyövuosi, the standard abbreviation in Finnish statistics",
    "lv": "luottamusväli in '95 %:n lv', the abbreviation of Finnish statistical text",
    "REML": "restricted maximum likelihood, the name of the estimation method",
    "Knapp": "surname: the Knapp–Hartung adjustment (Knapp & Hartung 2003)",
    "Hartungin": "surname: the Knapp–Hartung adjustment (Knapp & Hartung 2003), genitive",
    "impactlib": "the name of this library, which computed the figures",
    "Soite": "the short name Keski-Pohjanmaa's wellbeing county uses of itself",
    "Varha": "the short name Varsinais-Suomi's wellbeing county uses of itself",
}

_URL = re.compile(r"https?://\S+")
_DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:fi|com|net|org|eu|io)\b(?:/\S*)?")
_WORD = re.compile(r"[^\W\d_][\w’'-]*(?::[^\W\d_]+)?")
_ENDING = re.compile(r"[a-zåäö]{1,5}")


def checker():
    """A Finnish Voikko instance (``libvoikko.Voikko("fi")``).

    Raises
    ------
    ImportError
        Where the Python binding or the Finnish dictionary is missing, with the commands that
        install them.
    """
    try:
        import libvoikko
    except ImportError as err:  # pragma: no cover - depends on the machine
        raise ImportError("Voikko's Python binding is missing: pip install libvoikko") from err
    # libvoikko's __del__ reads the handle that __init__ sets only once the library loaded:
    # start from a handle of 0 so that a failed load raises here, not later in the collector
    v = libvoikko.Voikko.__new__(libvoikko.Voikko)
    v._Voikko__handle = 0
    try:
        v.__init__("fi")
        return v
    except (OSError, libvoikko.VoikkoException) as err:  # pragma: no cover
        raise ImportError("libvoikko or its Finnish dictionary is missing (Debian: apt-get "
                          "install libvoikko1 voikko-fi): " + str(err)) from err


class _Texts(HTMLParser):
    RUNNING = {"p", "li"}
    LABELS = {"h1", "h2", "h3", "th", "td", "caption", "figcaption"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out = {"running": [], "labels": []}
        self.stack: list[tuple[str, str | None]] = []  # (tag, kind) of open text elements
        self.buf: list[str] = []
        self.skip = 0  # depth inside the provenance list, scripts and styles

    def handle_starttag(self, tag, attrs):
        cls = dict(attrs).get("class") or ""
        if tag in ("script", "style") or "brief-meta" in cls.split() and tag == "ul":
            self.skip += 1
            self.stack.append((tag, "skip"))
            return
        kind = "running" if tag in self.RUNNING else "labels" if tag in self.LABELS else None
        if kind:
            self._flush()
            self.stack.append((tag, kind))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                kind = self.stack[i][1]
                if kind == "skip":
                    self.skip -= 1
                else:
                    self._flush(kind)
                del self.stack[i:]
                return

    def handle_data(self, data):
        if not self.skip:
            self.buf.append(data)

    def _flush(self, kind=None):
        text = " ".join("".join(self.buf).split())
        self.buf = []
        kind = kind or next((k for _, k in reversed(self.stack) if k != "skip"), None)
        if text and kind:
            self.out[kind].append(text)


def page_texts(html: str) -> dict[str, list[str]]:
    """The texts of an HTML page, as ``{"running": [...], "labels": [...]}``.

    Running text is paragraphs and list items; labels are headings, table cells and captions.
    Link targets, figure alt texts, scripts, styles and the provenance list
    (``<ul class="brief-meta">``, which names files, commands and checksums as they are) are
    left out. Reads with :class:`html.parser.HTMLParser`.
    """
    p = _Texts()
    p.feed(html)
    p.close()
    return p.out


def words(text: str) -> list[str]:
    """The words of a text, as the spell checker sees them.

    Web addresses and domain names (``stea.fi``) are removed, numbers are not words, a word may
    hold hyphens (``sote-järjestö``), end in one (``alku-`` in ``alku- ja loppumittaus``) or
    carry a case ending after a colon (``STEA:n``).
    """
    text = _DOMAIN.sub(" ", _URL.sub(" ", text))
    return [w.rstrip("'’") for w in _WORD.findall(text)]


def _accepted(word: str, spell, accepted) -> bool:
    if word in accepted or spell(word):
        return True
    base, colon, ending = word.partition(":")
    if colon:
        return base in accepted and bool(_ENDING.fullmatch(ending))
    first, hyphen, rest = word.partition("-")
    return bool(hyphen) and first in accepted and bool(rest) and _accepted(rest, spell, accepted)


def spelling_errors(texts, v=None, *, accepted: dict[str, str] | None = None) -> pd.DataFrame:
    """Words of ``texts`` that Voikko's spell checker rejects, less the accepted ones.

    Parameters
    ----------
    texts : iterable of str
    v : libvoikko.Voikko, optional
        A Finnish Voikko (default :func:`checker`).
    accepted : dict, optional
        Words accepted though Voikko does not know them (default :data:`ACCEPTED`).

    Returns
    -------
    pandas.DataFrame
        ``word, count, example`` (the first text it was seen in), the most frequent first;
        empty when every word passes.
    """
    v = v or checker()
    accepted = ACCEPTED if accepted is None else accepted
    counts: Counter = Counter()
    example: dict[str, str] = {}
    known: dict[str, bool] = {}
    for text in texts:
        for w in words(text):
            if w not in known:
                known[w] = _accepted(w, v.spell, accepted)
            if not known[w]:
                counts[w] += 1
                example.setdefault(w, text)
    rows = [(w, n, example[w]) for w, n in counts.most_common()]
    return pd.DataFrame(rows, columns=["word", "count", "example"])


def grammar_reports(texts, v=None) -> pd.DataFrame:
    """What Voikko's grammar checker reports on running text.

    Markdown link targets (``[stea.fi](https://…)``) are removed first; give labels (headings,
    table cells) to :func:`spelling_errors` only, as they are not sentences.

    Returns
    -------
    pandas.DataFrame
        ``text, error, description`` per report (``error`` is the reported stretch of text,
        ``description`` Voikko's Finnish explanation); empty when nothing is reported.
    """
    v = v or checker()
    rows = []
    for text in dict.fromkeys(texts):  # each distinct text once
        plain = re.sub(r"\]\([^)]*\)", "]", text)
        for e in v.grammarErrors(plain, "fi"):
            rows.append((plain, plain[e.startPos:e.startPos + e.errorLen], e.shortDescription))
    return pd.DataFrame(rows, columns=["text", "error", "description"])
