"""The impactlib data model: four tables, their columns, code lists and schemas.

The column names and codes here are the **public contract**: they stay stable,
new ones may be added, none are renamed. Every field is documented in English
with its Finnish term.

Tables
------
``organisations`` (*järjestöt*)
    One row per association (*yhdistys*, *järjestö*), keyed by its Finnish
    business ID (*Y-tunnus*).
``funding`` (*rahoitus*)
    One row per association, year, funding source and funder: euros received.
``activities`` (*toiminnot*)
    One row per activity (*toiminto*) and year: reach, input, cost, evaluation.
``outcomes`` (*tulokset*)
    Participant-level outcome scores (pseudonymous), one row per participant,
    phase and instrument.
``outcome_summaries`` (*tulosten yhteenvedot*)
    The aggregate alternative to ``outcomes`` for associations that only
    report n, mean and SD per phase and group.

Examples
--------
>>> from impactlib import model
>>> model.column_names("funding")[:6]
['org_id', 'year', 'source', 'funder', 'amount_eur', 'basis']
>>> model.label("source", "stea_general", "fi")
'STEA yleisavustus (Ay)'
>>> model.SOURCE_GROUPS["stea_project"]
'stea'
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from . import _cells
from ._cells import URL_PATTERN
from ._spec import Field, TableSpec
from .labels import (
    AGE_BANDS,
    BASES,
    BUYER_TYPES,
    CATEGORIES,
    CODE_LISTS,
    DESIGNS,
    END_REASONS,
    GROUPS,
    KINDS,
    PHASES,
    SOURCE_GROUP_LABELS,
    SOURCES,
    THEMES,
)
from .labels import label as _catalogue_label

__all__ = [
    "KINDS",
    "CATEGORIES",
    "SOURCES",
    "SOURCE_GROUPS",
    "SOURCE_GROUP_LABELS",
    "PUBLIC_SOURCES",
    "SALES_SOURCES", "BUYER_TYPES", "END_REASONS",  # issue 13
    "BASES",
    "DESIGNS",
    "THEMES",
    "AGE_BANDS",
    "PHASES",
    "GROUPS",
    "CODE_LISTS",
    "Field",
    "TableSpec",
    "TABLES",
    "TABLE_ORDER",
    "column_names",
    "required_columns",
    "label",
    "labels",
    "schema",
    "empty_table",
    "ytunnus_check_digit",
    "is_valid_ytunnus",
    "URL_PATTERN",
]

# ---------------------------------------------------------------------------
# Code lists: code -> (Finnish label, English label), kept in impactlib.labels
# (KINDS, CATEGORIES, SOURCES, SOURCE_GROUP_LABELS, BASES, DESIGNS, THEMES,
# AGE_BANDS, PHASES, GROUPS and CODE_LISTS are imported from there above)
# ---------------------------------------------------------------------------

#: Default source-group scheme ``"impactlib-2024"``: source code -> group code.
SOURCE_GROUPS: dict[str, str] = {
    "stea_general": "stea",
    "stea_targeted": "stea",
    "stea_project": "stea",
    "municipality": "municipality",
    "county": "county",
    "state_other": "public_other",
    "eu": "public_other",
    "foundation": "foundation",
    "procurement": "sales",
    "service_voucher": "sales",
    "personal_budget": "sales",
    "fundraising": "own",
    "in_kind_premises": "in_kind",
    "other": "other",
}

#: Sources counted as public money (STEA grants come from the state budget).
PUBLIC_SOURCES: frozenset[str] = frozenset(
    {"stea_general", "stea_targeted", "stea_project", "municipality", "county", "state_other", "eu"}
)
#: The sales sources (*palvelumyynti*): the funding rows that may carry buyer and contract columns.
SALES_SOURCES: tuple[str, ...] = ("procurement", "service_voucher", "personal_budget")


def label(code_list: str, code: str, lang: str = "fi") -> str:
    """Return the Finnish (``lang="fi"``) or English label of a code.

    Parameters
    ----------
    code_list : str
        Name of the code list, a key of :data:`CODE_LISTS`.
    code : str
        The code.
    lang : {"fi", "en"}

    Returns
    -------
    str
        The label, or the code itself if it is not in the list.

    Examples
    --------
    >>> label("kind", "volunteer", "en")
    'volunteer-based'
    """
    if code_list not in CODE_LISTS:
        raise KeyError(f"{code_list!r} is not a code list of the data model; known: {sorted(CODE_LISTS)}")
    return _catalogue_label(code_list, code, lang)


def labels(code_list: str, lang: str = "fi") -> dict[str, str]:
    """Return ``{code: label}`` for a whole code list.

    Examples
    --------
    >>> labels("design", "en")["pre_post"]
    'pre/post measurement'
    """
    return {c: label(code_list, c, lang) for c in CODE_LISTS[code_list]}


# ---------------------------------------------------------------------------
# Y-tunnus (Finnish business ID)
# ---------------------------------------------------------------------------

_YT_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def ytunnus_check_digit(first7: str) -> int | None:
    """Return the check digit of a Y-tunnus body, or ``None`` if none exists.

    The check digit is computed with weights 7, 9, 10, 5, 8, 4, 2 over the
    seven digits; r = sum mod 11; the digit is 0 when r = 0, 11 − r when
    r ≥ 2, and no valid ID exists when r = 1 (Finnish Tax Administration,
    *Y-tunnuksen tarkistusmerkki*).

    Examples
    --------
    >>> ytunnus_check_digit("0112038")   # Nokia Oyj, 0112038-9
    9
    """
    if len(first7) != 7 or not first7.isdigit():
        raise ValueError(f"expected 7 digits, got {first7!r}")
    r = sum(int(d) * w for d, w in zip(first7, _YT_WEIGHTS, strict=True)) % 11
    if r == 1:
        return None
    return 0 if r == 0 else 11 - r


def is_valid_ytunnus(values) -> pd.Series:
    """Vectorised Y-tunnus check: format ``NNNNNNN-C`` and a correct check digit.

    Parameters
    ----------
    values : array-like of str

    Returns
    -------
    pandas.Series of bool

    Examples
    --------
    >>> is_valid_ytunnus(["1234567-1", "0112038-8", "112038-9"]).tolist()
    [True, False, False]
    """
    s = pd.Series(values, dtype="object")
    idx = s.index
    s = s.astype(STRING)
    ok = s.str.fullmatch(r"\d{7}-\d").fillna(False).to_numpy(dtype=bool)
    out = np.zeros(len(s), dtype=bool)
    if ok.any():
        raw = s[ok].to_numpy(dtype=str).astype("S9")
        digits = np.frombuffer(raw.tobytes(), dtype=np.uint8).reshape(-1, 9).astype(int) - 48
        r = (digits[:, :7] * np.array(_YT_WEIGHTS)).sum(axis=1) % 11
        check = np.where(r == 0, 0, 11 - r)
        out[ok] = (r != 1) & (check == digits[:, 8])
    return pd.Series(out, index=idx)


# ---------------------------------------------------------------------------
# Table specifications
# ---------------------------------------------------------------------------


YEAR_MIN, YEAR_MAX = 1800, 2100

ORGANISATIONS = TableSpec(
    name="organisations",
    fi="järjestöt",
    en="organisations",
    key=("org_id",),
    sheet_aliases=("organisations", "järjestöt", "jarjestot", "organisaatiot"),
    fields=(
        Field("org_id", "ytunnus", "Finnish business ID, NNNNNNN-C, check digit validated",
              "Y-tunnus (muotoa 1234567-8)", example="1234567-1"),
        Field("name", "str", "Registered name of the association", "nimi", example="Esimerkkiyhdistys ry"),
        Field("municipality", "municipality", "Home municipality, 3-digit Statistics Finland code",
              "kotikunta, 3-numeroinen kuntanumero (esim. 179)", example="179"),
        Field("kind", "code", "Kind of association: volunteer, intermediate or service_provider",
              "järjestön tyyppi", codes="kind", example="volunteer"),
        Field("category", "code", "Field of the association", "toimiala", codes="category",
              example="older_people"),
        Field("founded", "year", "Year founded", "perustamisvuosi", required=False, nullable=True,
              min=1800, max=YEAR_MAX, example=1985),
        Field("staff_fte", "float", "Paid staff, full-time equivalents", "palkattu henkilöstö, htv",
              required=False, nullable=True, min=0, max=100000, example=0.0),
        Field("volunteers", "int", "Number of active volunteers", "vapaaehtoisia", required=False,
              nullable=True, min=0, example=25),
        Field("members", "int", "Number of members", "jäseniä", required=False, nullable=True, min=0,
              example=140),
        Field("operates_company", "bool", "Runs (some of) its services through a company it owns",
              "tuottaa palvelujaan (osin) omistamansa yhtiön kautta", False, True),
        Field("company_since", "year", "Year services moved into the company (operates_company true)",
              "vuosi, jona palvelut siirtyivät yhtiöön", False, True, min=1800, max=YEAR_MAX),
    ),
)

FUNDING = TableSpec(
    name="funding",
    fi="rahoitus",
    en="funding",
    key=("org_id", "year", "source", "funder", "grant_id", "contract_start"),
    sheet_aliases=("funding", "rahoitus"),
    fields=(
        Field("org_id", "ytunnus", "Y-tunnus of the funded association", "järjestön Y-tunnus",
              example="1234567-1"),
        Field("year", "year", "Calendar year of the funding", "vuosi", min=2000, max=YEAR_MAX,
              example=2023),
        Field("source", "code", "Funding source", "rahoituslähde", codes="source",
              example="municipality"),
        Field("funder", "str",
              "Funder code: 3-digit municipality code for source municipality, 2-digit county code "
              "for source county, otherwise a funder id (e.g. STEA, own)",
              "rahoittaja: kuntanumero, hyvinvointialueen koodi tai rahoittajan tunnus",
              example="179"),
        Field("amount_eur", "float", "Amount in euros (0 or more)", "summa euroina", min=0,
              example=1500.0),
        Field("basis", "code", "Data basis of the figure", "tiedon perusta", codes="basis",
              example="collected"),
        Field("grant_id", "str", "Grant identifier, e.g. STEA target number", "avustuskohteen tunnus",
              required=False, nullable=True, example=""),
        # sales rows only (procurement, service_voucher, personal_budget): issue 13
        Field("buyer_type", "code", "Sales rows only: who bought (the funder is the buyer's code or id)",
              "vain myyntiriveillä: ostaja (rahoittaja on ostajan koodi)", False, True, codes="buyer_type"),
        Field("contract_start", "date", "Sales rows only: first day of the contract",
              "vain myyntiriveillä: sopimuksen alkupäivä", False, True),
        Field("contract_end", "date", "Sales rows only: last day of the contract (not before its start)",
              "vain myyntiriveillä: sopimuksen viimeinen päivä (ei ennen alkua)", False, True),
        Field("lot_value_eur", "float", "Procurement rows only: euros of the procurement lot the contract "
              "came from (at least the contract's euros)", "vain hankintariveillä: hankinnan osan "
              "arvo euroina (vähintään sopimuksen eurot)", False, True, min=0),
        Field("contract_end_reason", "code", "Sales rows only: why the contract ended (e.g. in_house)",
              "vain myyntiriveillä: sopimuksen päättymisen syy", False, True, codes="end_reason"),
    ),
)

ACTIVITIES = TableSpec(
    name="activities",
    fi="toiminnot",
    en="activities",
    key=("activity_id",),
    sheet_aliases=("activities", "toiminnot", "toiminta"),
    fields=(
        Field("activity_id", "str", "Activity id, unique (one row per activity and year)",
              "toiminnon tunnus", example="A-0001-2023"),
        Field("org_id", "ytunnus", "Y-tunnus of the association running it", "järjestön Y-tunnus",
              example="1234567-1"),
        Field("year", "year", "Calendar year", "vuosi", min=2000, max=YEAR_MAX, example=2023),
        Field("name", "str", "Name of the activity", "toiminnon nimi", required=False, nullable=True,
              example="Vertaisryhmä omaishoitajille"),
        Field("theme", "code", "Form of activity", "toimintamuoto", codes="theme",
              required=False, nullable=True, example="peer_support"),
        Field("target_group", "code", "Target group (category code)", "kohderyhmä", codes="category",
              required=False, nullable=True, example="carers"),
        Field("age_band", "code", "Target age band", "kohderyhmän ikäryhmä", codes="age_band",
              required=False, nullable=True, example="all"),
        Field("area", "area",
              "Area served: municipality (3-digit) or county (2-digit) codes separated by spaces",
              "toiminta-alue: kuntanumerot tai hyvinvointialueen koodi välilyönnein", required=False,
              nullable=True, example="179 410"),
        Field("participants", "int", "Unique participants in the year", "osallistujia (eri henkilöitä)",
              min=0, example=42),
        Field("contacts", "int", "Contacts / visits in the year", "käyntikertoja / kontakteja",
              required=False, nullable=True, min=0, example=310),
        Field("volunteer_hours", "float", "Volunteer hours", "vapaaehtoistyötunnit", required=False,
              nullable=True, min=0, example=520.0),
        Field("paid_hours", "float", "Paid staff hours", "palkatun henkilöstön tunnit", required=False,
              nullable=True, min=0, example=160.0),
        Field("cost_eur", "float", "Cost of the activity in euros", "kustannukset euroina", min=0,
              example=8200.0),
        Field("design", "code", "Evaluation design", "arviointiasetelma", codes="design",
              example="pre_post"),
        Field("theory_of_change", "bool", "Written theory of change / logic model exists",
              "muutosteoria kuvattu", required=False, nullable=True, example=True),
        Field("independent_evaluation", "bool", "Evaluated by an independent evaluator",
              "ulkopuolinen arviointi", required=False, nullable=True, example=False),
        Field("replicated", "bool", "Run and evaluated in another place too",
              "toistettu muualla", required=False, nullable=True, example=False),
        Field("manualised", "bool", "Manualised / standardised model", "mallinnettu (käsikirja)",
              required=False, nullable=True, example=False),
        Field("instrument", "str", "Outcome instrument code (see data/instruments.csv)",
              "mittari", required=False, nullable=True, example="SWEMWBS"),
        Field("feedback_respondents", "int", "Feedback respondents", "palautteeseen vastanneita",
              required=False, nullable=True, min=0, example=30),
        Field("feedback_helped", "int", "Respondents who said they were helped",
              "kokivat saaneensa apua", required=False, nullable=True, min=0, example=26),
        Field("basis", "code", "Data basis of the figures", "tiedon perusta", codes="basis",
              required=False, nullable=True, example="collected"),
    ),
)

OUTCOMES = TableSpec(
    name="outcomes",
    fi="tulokset",
    en="outcomes",
    key=("activity_id", "participant_id", "phase", "instrument"),
    sheet_aliases=("outcomes", "tulokset", "mittaukset"),
    fields=(
        Field("activity_id", "str", "Activity id", "toiminnon tunnus", example="A-0001-2023"),
        Field("participant_id", "str",
              "Pseudonymous participant id (never a name or personal identity code)",
              "osallistujan pseudonyymi tunnus (ei nimi eikä henkilötunnus)", example="p001"),
        Field("phase", "code", "Measurement phase", "mittausajankohta", codes="phase", example="pre"),
        Field("instrument", "str", "Outcome instrument code", "mittari", example="SWEMWBS"),
        Field("score", "float", "Score on the instrument", "pistemäärä", example=21.0),
        Field("group", "code", "Participant or comparison group", "ryhmä", codes="group",
              example="participant"),
        Field("age", "int", "Age in years at the pre measurement (optional covariate)",
              "ikä vuosina alkumittauksessa (valinnainen taustamuuttuja)", required=False,
              nullable=True, min=0, max=120, example=None),
    ),
)

OUTCOME_SUMMARIES = TableSpec(
    name="outcome_summaries",
    fi="tulosten yhteenvedot",
    en="outcome summaries",
    key=("activity_id", "instrument", "group", "phase"),
    sheet_aliases=("outcome_summaries", "yhteenvedot", "tulosyhteenvedot"),
    fields=(
        Field("activity_id", "str", "Activity id", "toiminnon tunnus", example="A-0002-2023"),
        Field("instrument", "str", "Outcome instrument code", "mittari", example="SWEMWBS"),
        Field("group", "code", "Participant or comparison group", "ryhmä", codes="group",
              example="participant"),
        Field("phase", "code", "Measurement phase", "mittausajankohta", codes="phase", example="pre"),
        Field("n", "int", "Number measured", "mitattujen määrä", min=0, example=18),
        Field("mean", "float", "Mean score", "keskiarvo", example=21.4),
        Field("sd", "float", "Standard deviation (empty when n < 2)", "keskihajonta", min=0,
              nullable=True, example=3.9),
        Field("r", "float", "Pre/post correlation (on post or follow_up rows)",
              "alku- ja loppumittauksen korrelaatio", required=False, nullable=True, min=-1, max=1,
              example=None),
    ),
)

COOPERATION = TableSpec(
    name="cooperation",
    fi="yhteistyörakenteet",
    en="cooperation structures",
    key=("county", "item"),
    sheet_aliases=("cooperation", "yhteistyörakenteet", "yhteistyorakenteet"),
    fields=(
        Field("county", "county",
              "Area the row is about: wellbeing services county code (01–21) or Helsinki (90)",
              "alue, jota rivi koskee: hyvinvointialueen koodi (01–21) tai Helsinki (90)", example="15"),
        Field("item", "code", "Cooperation structure between the area and associations",
              "alueen ja järjestöjen yhteistyörakenne", codes="cooperation_item", example="coordinator"),
        Field("status", "code", "Does it exist: yes, no or unknown",
              "onko se olemassa: yes (kyllä), no (ei) tai unknown (ei tiedossa)",
              codes="cooperation_status", example="yes"),
        Field("since", "period", "Since when: a year, a month or a day, not in the future",
              "mistä lähtien: vuosi, kuukausi tai päivä, ei tulevaisuudessa", required=False,
              nullable=True, example="2025-11"),
        Field("source", "str",
              "Where it is stated: a web address (https://…) or the body, meeting or publication",
              "missä se todetaan: verkko-osoite (https://…) tai toimielin, kokous tai julkaisu",
              example="https://www.sttinfo.fi/tiedote/71609806/"),
        Field("description", "str", "What it is, in a few words", "mikä se on, muutamalla sanalla",
              required=False, nullable=True, example="järjestökoordinaattori"),
    ),
)

TABLES: dict[str, TableSpec] = {
    t.name: t for t in (ORGANISATIONS, FUNDING, ACTIVITIES, OUTCOMES, OUTCOME_SUMMARIES, COOPERATION)
}
#: Tables in dependency order; the first two are required in every dataset.
TABLE_ORDER: tuple[str, ...] = tuple(TABLES)
REQUIRED_TABLES: tuple[str, ...] = ("organisations", "funding")


def column_names(table: str) -> list[str]:
    """Return all column names of a table, in contract order."""
    return [f.name for f in TABLES[table].fields]


def required_columns(table: str) -> list[str]:
    """Return the columns that must be present in a table."""
    return [f.name for f in TABLES[table].fields if f.required]


#: Text columns are pandas strings backed by pyarrow (fast vectorised string operations).
STRING = "string[pyarrow]"

_PANDAS_DTYPES = {
    "str": STRING,
    "code": STRING,
    "ytunnus": STRING,
    "municipality": STRING,
    "area": STRING,
    "county": STRING,
    "period": STRING,
    "int": "Int64",
    "year": "Int64",
    "float": "float64",
    "bool": "boolean",
    "date": "datetime64[ns]",
}


def empty_table(table: str) -> pd.DataFrame:
    """Return an empty DataFrame with the table's columns and dtypes.

    Examples
    --------
    >>> empty_table("outcomes").dtypes["score"]
    dtype('float64')
    """
    spec = TABLES[table]
    return pd.DataFrame({f.name: pd.Series(dtype=_PANDAS_DTYPES[f.kind]) for f in spec.fields})


def pandas_dtype(f: Field) -> str:
    """Return the pandas dtype used for a field after reading."""
    return _PANDAS_DTYPES[f.kind]


#: A Finnish personal identity code (*henkilötunnus*): never allowed as a participant id.
HETU_PATTERN = r"^\d{6}[-+A-FU-Y]\d{3}[0-9A-Y]$"

#: Municipality codes of the organisations table are checked against every
#: code valid in some year of the classification (merged municipalities too).
MUNICIPALITY_YEARS = (2013, 2026)


def schema(table: str):
    """Return the pandera ``DataFrameSchema`` of a table: every rule on one table alone.

    Types, required columns, empty cells, code lists, ranges, the Y-tunnus
    check digit, municipality codes, unique keys, and the row rules of one
    table (feedback counts; no personal identity code as a participant id).
    :func:`impactlib.validate` runs these schemas with lazy validation on the
    converted tables and reports each failure case with file and
    spreadsheet row; it adds the rules that span tables or depend on the
    year's classification. Each check is named by its rule code (the keys of
    :data:`impactlib.validation.RULES`); a check's ``statistics`` give the
    parameters of its message. A check added here is reported by
    :func:`impactlib.validate` too.

    Parameters
    ----------
    table : str
        A key of :data:`TABLES`.

    Returns
    -------
    pandera.api.pandas.container.DataFrameSchema

    Notes
    -----
    Uses pandera (``pandera.pandas``); the data must already have the
    table's dtypes (:func:`impactlib.validation.coerce_table` converts text).

    Examples
    --------
    >>> s = schema("funding")
    >>> sorted(s.columns)[:2]
    ['amount_eur', 'basis']
    >>> [c.name for c in s.columns["amount_eur"].checks]
    ['range']
    """
    return _schema(table)


@functools.cache
def _schema(table: str):
    import pandera.pandas as pa

    from . import regions

    spec = TABLES[table]
    municipalities = sorted(
        set().union(*(regions.valid_municipality_codes(y) for y in MUNICIPALITY_YEARS))
    )
    years = "–".join(str(y) for y in MUNICIPALITY_YEARS)
    county_codes = frozenset(regions.counties()["code"])
    cols = {}
    for f in spec.fields:
        checks = []
        if f.codes:
            checks.append(pa.Check.isin(list(CODE_LISTS[f.codes]), name="code_list"))
        lo, hi = f.min, f.max
        if f.kind == "year":
            lo, hi = max(lo or YEAR_MIN, YEAR_MIN), min(hi or YEAR_MAX, YEAR_MAX)
        if lo is not None and hi is not None:
            checks.append(pa.Check.in_range(lo, hi, name="range"))
        elif lo is not None:
            checks.append(pa.Check.ge(lo, name="range"))
        elif hi is not None:
            checks.append(pa.Check.le(hi, name="range"))
        if f.kind == "ytunnus":
            checks.append(pa.Check(_ytunnus_ok, name="ytunnus"))
        if f.kind == "municipality":
            checks.append(pa.Check(lambda s, ok=frozenset(municipalities): _isin(s, ok),
                                   name="municipality_code", statistics={"year": years}))
        if f.kind == "county":
            checks.append(pa.Check(lambda s, ok=county_codes: _isin(s, ok), name="county_code"))
        if f.kind == "period":
            checks.append(pa.Check(_cells.period_has_begun, name="future_date"))
        if table == "cooperation" and f.name == "source":
            checks.append(pa.Check(_cells.source_ok, name="source_text"))
        if f.kind == "str":  # no personal data in any text field (impactlib.identity)
            from .identity import free_of_personal_data as _free_of

            checks.append(pa.Check(_cells.free_of_control_chars, name="control_char"))

            pid = table == "outcomes" and f.name == "participant_id"
            checks.append(pa.Check(lambda s: _free_of(s, ("hetu",)), name="personal_id"))
            checks.append(pa.Check(lambda s, p=pid: _free_of(s, ("email", "phone") if p else ("email",), p),
                                   name="personal_contact"))
            if pid:
                checks.append(pa.Check(lambda s: _free_of(s, ("name",), True), name="person_name"))
        cols[f.name] = pa.Column(
            pandas_dtype(f), checks=checks, nullable=f.nullable, required=f.required, coerce=False
        )
    from ._row_rules import row_checks

    frame_checks = row_checks(table)  # rules across the cells of a row (feedback, sales, company)
    key = [k for k in spec.key if any(f.name == k for f in spec.fields)]
    return pa.DataFrameSchema(cols, checks=frame_checks, unique=key,
                              report_duplicates="exclude_first", strict=False, name=table)


def _ytunnus_ok(s: pd.Series) -> pd.Series:
    """Y-tunnus check over the distinct values only (IDs repeat in funding rows)."""
    codes, uniques = pd.factorize(s)
    ok = is_valid_ytunnus(np.asarray(uniques, dtype=object)).to_numpy()
    return pd.Series(np.where(codes >= 0, ok[np.maximum(codes, 0)], True), index=s.index)


def _isin(s: pd.Series, allowed: frozenset) -> pd.Series:
    """``s.isin(allowed)`` over the distinct values only."""
    codes, uniques = pd.factorize(s)
    ok = np.fromiter((u in allowed for u in uniques), dtype=bool, count=len(uniques))
    return pd.Series(np.where(codes >= 0, ok[np.maximum(codes, 0)], True), index=s.index)
