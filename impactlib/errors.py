"""Errors raised by impactlib.

All problems with input data are reported through one exception type,
:class:`DataError`, which carries *every* problem found (not only the first),
each naming the file, the row as a spreadsheet user counts it, the column, the
offending value and the rule that failed, in English and Finnish.

Examples
--------
>>> p = Problem(file="funding.csv", row=3, column="amount_eur", value="-5",
...             rule="range", message_en="must be 0 or more",
...             message_fi="pitää olla vähintään 0")
>>> print(DataError([p]))
1 problem in the data / 1 ongelma aineistossa:
  funding.csv, row 3, column amount_eur, value '-5': [range] must be 0 or more / pitää olla vähintään 0
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass

from ._row_rules import ROW_RULES

__all__ = ["Problem", "DataError", "DataWarning"]


@dataclass(frozen=True)
class Problem:
    """One problem in the input data.

    Attributes
    ----------
    file : str
        File (or ``workbook.xlsx:sheet``) the problem is in.
    row : int or None
        Row number as a spreadsheet user counts it (the header is row 1), or
        ``None`` when the problem concerns the whole file or column.
    column : str or None
        Column name, or ``None`` when the problem concerns whole rows or files.
    value : str or None
        The offending value as text, shortened to 60 characters.
    rule : str
        Short code of the rule that failed (``type``, ``code_list``, ``range``,
        ``unique_key``, ``ytunnus``, ``municipality_code``, ``foreign_key``,
        ``prepost_pairing``, ``missing_column`` …).
    message_en, message_fi : str
        What is wrong and how to fix it, in English and Finnish.
    """

    file: str
    row: int | None
    column: str | None
    value: str | None
    rule: str
    message_en: str
    message_fi: str

    def __post_init__(self):
        # a value carrying personal data is never echoed, whatever rule reported it
        from .identity import MASK, is_personal

        if self.value is not None and is_personal(self.value):
            object.__setattr__(self, "value", MASK)

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column is not None:
            where.append(f"column {self.column}")
        if self.value is not None:
            where.append(f"value {self.value!r}")
        return f"{', '.join(where)}: [{self.rule}] {self.message_en} / {self.message_fi}"

    def to_dict(self) -> dict:
        """Return the problem as a plain dict (for tables and JSON)."""
        return asdict(self)


class DataError(ValueError):
    """Input data break one or more rules; every problem is listed.

    Parameters
    ----------
    problems : iterable of Problem
        All problems found. The message lists every one of them.

    Attributes
    ----------
    problems : list of Problem
    """

    def __init__(self, problems: Iterable[Problem]):
        self.problems = list(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        n = len(self.problems)
        head = (
            f"{n} problem{'s' if n != 1 else ''} in the data / "
            f"{n} ongelma{'a' if n != 1 else ''} aineistossa:"
        )
        return "\n".join([head, *(f"  {p}" for p in self.problems)])

    def to_frame(self):
        """Return the problems as a :class:`pandas.DataFrame`, one row each."""
        import pandas as pd

        cols = ["file", "row", "column", "value", "rule", "message_en", "message_fi"]
        return pd.DataFrame([p.to_dict() for p in self.problems], columns=cols)


class DataWarning(UserWarning):
    """Something in the input is unusual but not wrong (e.g. an unknown extra column)."""


#: Rule code → (English, Finnish) explanation used in problem messages (the catalogue of
#: validation rules; :mod:`impactlib.validation` re-exports it).
RULES: dict[str, tuple[str, str]] = {
    "missing_column": ("required column is missing", "pakollinen sarake puuttuu"),
    "unknown_column": ("unknown column (ignored)", "tuntematon sarake (ohitetaan)"),
    "required": ("a value is required here", "tähän tarvitaan arvo"),
    "type": ("not a {what}", "ei ole {what_fi}"),
    "decimal_comma": (
        "decimal comma in a file that uses decimal points; write 1234.5 or save the file "
        "with ; as separator",
        "desimaalipilkku tiedostossa, jossa käytetään desimaalipistettä; kirjoita 1234.5 tai "
        "tallenna tiedosto puolipiste-erottimella",
    ),
    "ambiguous_number": (
        "ambiguous number: the dot (or comma) could be a thousands separator or a decimal mark; "
        "write 12500 or 12,5",
        "monitulkintainen luku: piste (tai pilkku) voi olla tuhaterotin tai desimaalimerkki; "
        "kirjoita 12500 tai 12,5",
    ),
    "not_finite": (
        "not a finite number within ±{limit}",
        "ei ole äärellinen luku välillä ±{limit}",
    ),
    "code_list": ("not one of the allowed codes: {codes}", "ei ole sallittu koodi: {codes}"),
    "range": ("must be between {lo} and {hi}", "pitää olla välillä {lo}–{hi}"),
    "unique_key": (
        "duplicate key ({key}); first seen on row {first}",
        "avain ({key}) toistuu; ensimmäinen rivillä {first}",
    ),
    "ytunnus": (
        "not a valid Y-tunnus (format 1234567-8 with a correct check digit)",
        "virheellinen Y-tunnus (muoto 1234567-8 ja oikea tarkistusmerkki)",
    ),
    "municipality_code": (
        "not a municipality code of the Statistics Finland classification for {year}",
        "ei ole Tilastokeskuksen kuntaluokituksen kuntanumero vuonna {year}",
    ),
    "county_code": (
        "not a wellbeing services county code (01–21, Helsinki 90)",
        "ei ole hyvinvointialueen koodi (01–21, Helsinki 90)",
    ),
    "county_year": (
        "wellbeing services counties fund only from 2022 (preparation) and 2023 on",
        "hyvinvointialueet rahoittavat vasta vuodesta 2022 (valmistelu) ja 2023 alkaen",
    ),
    "area_code": (
        "area must list municipality (3-digit) or county (2-digit) codes valid in {year}",
        "toiminta-alueen pitää luetella vuonna {year} voimassa olevia kuntanumeroita "
        "tai hyvinvointialueen koodeja",
    ),
    "foreign_key": (
        "not found in table {other}",
        "ei löydy taulukosta {other_fi}",
    ),
    "prepost_pairing": (
        "{phase} score without a pre score for the same participant, activity and instrument",
        "{phase}-mittaus ilman saman osallistujan alkumittausta samassa toiminnossa ja mittarissa",
    ),
    "personal_id": (
        "looks like a Finnish personal identity code; use a pseudonym, never a henkilötunnus",
        "näyttää henkilötunnukselta; käytä pseudonyymiä, ei koskaan henkilötunnusta",
    ),
    "personal_contact": (
        "looks like an e-mail address or a phone number; personal data never belongs in the data",
        "näyttää sähköpostiosoitteelta tai puhelinnumerolta; henkilötietoja ei saa olla aineistossa",
    ),
    "person_name": (
        "looks like a person's name; use a pseudonym as participant id",
        "näyttää henkilön nimeltä; käytä osallistujan tunnuksena pseudonyymiä",
    ),
    "feedback": (
        "more respondents helped than respondents",
        "apua saaneita enemmän kuin vastaajia",
    ),
    "score_range": (
        "score outside the instrument's range {lo}–{hi}",
        "pistemäärä mittarin asteikon {lo}–{hi} ulkopuolella",
    ),
    "future_date": (
        "date is in the future; write when it began (a year, a month or a day up to today)",
        "päivämäärä on tulevaisuudessa; kirjoita, milloin se alkoi (vuosi, kuukausi tai päivä "
        "viimeistään tänään)",
    ),
    "control_char": (
        "contains a control character (such as a bell, escape or form feed); text cells may hold "
        "letters, digits, punctuation, tabs and line breaks only",
        "sisältää ohjausmerkin (esimerkiksi äänimerkki, escape tai sivunvaihto); tekstisoluissa "
        "saa olla vain kirjaimia, numeroita, välimerkkejä, sarkaimia ja rivinvaihtoja",
    ),
    "source_text": (
        "source must be a web address (https://…) or a text naming the body, meeting or publication",
        "lähteen pitää olla verkko-osoite (https://…) tai teksti, joka nimeää toimielimen, "
        "kokouksen tai julkaisun",
    ),
    **ROW_RULES,  # sales, contract and company columns (impactlib._row_rules)
}
