"""Service-producing associations in the market (*palveluja tuottavat järjestöt*): sales, buyers, access.

Why a package of its own and not :mod:`impactlib.continuity`: continuity
asks whether the money an association gets keeps coming, and treats every
source alike; these indicators ask how a market works for the associations
that sell services — who buys, through which channel (procurement
contracts, service vouchers, personal budgets), in lots of what size, for
how long, and whether the services move into companies. They read columns
only sales rows carry (``buyer_type``, contract dates, lot values, end
reasons; ``operates_company`` on organisations), concern one kind of
association, and would have pushed continuity's modules past their size.
Where the two meet they share the machinery instead of copying it: the
funding checks, :func:`impactlib.continuity.spells` (sales relationships as
spells with censoring, :func:`sales_spells`),
:func:`impactlib.continuity.spell_survival`,
:func:`impactlib.continuity.attach_organisation` and the municipal
successors.

Conventions
-----------
* Sales rows are the funding rows of the sources procurement,
  service_voucher and personal_budget (:data:`SALES_SOURCES`); a buyer is
  the funder code or id of such a row, and its type is the row's
  ``buyer_type`` or is inferred from the code (:func:`sales_rows`).
* Public purchases are sales to municipalities, counties and the state
  (:data:`PUBLIC_BUYERS`), through any of the three channels.
* Every summary has ``n`` columns of associations (or contracts) and a
  ``hidden`` column marking what small-cell suppression hides; tables for
  people go through :func:`impactlib.disclosure.suppress`.
* Intervals: ratios of sums with associations as units (Cochran 1977,
  eq. 6.13), means with t intervals, proportions with Wilson intervals;
  ``ci_low``, ``ci_high`` and a ``confidence`` column.

Indicators (Finnish and English names)
--------------------------------------
=============================================  ===============================================
:func:`sales_share`, :func:`sales_summary`     myyntitulojen osuus ja rakenne / sales share of
                                               income and its mix
:func:`buyer_concentration`,                   ostajakeskittyneisyys / buyer concentration (HHI),
:func:`concentration_change`                   suurimman julkisen ostajan osuus / largest
                                               public buyer's share, before and after 2023
:func:`sales_transition`,                      myynnin siirtymä 2022→2023 / public sales at the
:func:`transition_summary`                     reform
:func:`contracts`, :func:`contract_summary`,   sopimusten kesto ja uusiutuminen / contract
:func:`sales_spells`                           length and renewal, sales spells
:func:`producer_access`,                       pienten tuottajien pääsy / small producers'
:func:`public_channels`                        access; julkiset ostot kanavittain / public
                                               purchases by channel
:func:`incorporation`,                         yhtiöittäminen / incorporation
:func:`incorporation_timeline`,
:func:`company_sales_change`
=============================================  ===============================================

Examples
--------
>>> from impactlib import load_demo, market
>>> ds = load_demo()
>>> tr = market.sales_transition(ds.funding, ds.organisations)
>>> sorted(tr["outcome"].unique()) == sorted(market.SALES_TRANSITIONS)
True
"""

from __future__ import annotations

from .access import SMALL_LOT_THRESHOLD_EUR, producer_access, public_channels
from .buyers import buyer_concentration, concentration_change
from .company import company_sales_change, incorporation, incorporation_timeline
from .contracts import RENEWAL_GAP_DAYS, contract_summary, contracts, sales_spells
from .reform import SALES_TRANSITIONS, sales_transition, transition_summary
from .rows import PUBLIC_BUYERS, SALES_SOURCES, sales_rows
from .share import sales_share, sales_summary

__all__ = [
    "SALES_SOURCES",
    "PUBLIC_BUYERS",
    "SALES_TRANSITIONS",
    "SMALL_LOT_THRESHOLD_EUR",
    "RENEWAL_GAP_DAYS",
    "sales_rows",
    "sales_share",
    "sales_summary",
    "buyer_concentration",
    "concentration_change",
    "sales_transition",
    "transition_summary",
    "contracts",
    "contract_summary",
    "sales_spells",
    "producer_access",
    "public_channels",
    "incorporation",
    "incorporation_timeline",
    "company_sales_change",
]
