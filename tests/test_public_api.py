"""The public API is pinned: renaming or removing a public name, or a contract output
column, is a visible, deliberate change (update this file and CHANGELOG.md together)."""

from __future__ import annotations

import importlib
import inspect

import pandas as pd
import pytest

PUBLIC_API = {'impactlib': ['DataError', 'DataWarning', 'Dataset', 'Problem', 'Provenance', '__version__',
               'brief', 'continuity', 'countyfacts', 'disclosure', 'effectiveness', 'field', 'i18n',
               'labels', 'load_dataset', 'load_demo', 'market', 'messages', 'model', 'plots',
               'population', 'rates', 'regions', 'sources', 'validate', 'write_template'],
 'impactlib.brief': ['BLOCK_MIME', 'Block', 'BriefContext', 'DisclosureError', 'NATIONAL',
                     'NOTEBOOK', 'NOTEBOOKS_DIR', 'SECTIONS', 'Section', 'add_cli',
                     'brief_filename', 'check_publication', 'curated_notebooks',
                     'dependence_section', 'effectiveness_section', 'facts_section',
                     'field_section', 'funding_section', 'handover_section', 'header_section',
                     'key_figures_section', 'limits_section', 'market_section', 'messages_section',
                     'notebook_docx', 'notebook_html', 'prepare', 'prepare_run', 'protect',
                     'provenance_section', 'publication_of', 'questions_section', 'reach_section',
                     'render', 'render_all', 'render_notebooks', 'run_table', 'withhold'],
 'impactlib.cli': ['EXIT_CODES', 'add_cli', 'build_parser', 'main'],
 'impactlib.comparison': ['ComparisonResult', 'comparison_effect'],
 'impactlib.continuity': ['DEPENDENCE_BANDS', 'EXPOSURE_SOURCES', 'HANDOVER_OUTCOMES',
                          'ONE_FUNDER_BANDS', 'PHTestResult', 'SCHEME_NAME', 'STEA_SOURCES', 'SurvivalResult',
                          'attach_organisation', 'cliff_summary', 'concentration',
                          'dependence_bands', 'funding_mix', 'handover', 'handover_euros_kept',
                          'handover_summary', 'interruptions', 'mix_over_years',
                          'municipal_successors', 'one_funder_share', 'project_cliff', 'proportional_hazards',
                          'scenario', 'scenario_summary', 'spell_survival', 'spells',
                          'stea_cut_plan', 'stea_cut_scenario', 'stea_exposure', 'volatility'],
 'impactlib.countyfacts': ['AreaComparison', 'CountyFacts', 'MEASURE_PREFERENCE', 'MIN_AREAS',
                           'change_precision', 'comparability', 'compare_areas', 'cooperation',
                           'grant_changes', 'grants_per_inhabitant', 'published_facts',
                           'ratio_precision', 'share_of_applied'],
 'impactlib.dataset': ['Dataset', 'Provenance', 'org_county', 'sha256_file'],
 'impactlib.demo': ['ACTIVITY_YEARS', 'CATEGORY_SHARES', 'DEMO_DIR', 'FILE_PREFIX',
                    'HANDOVER_OUTCOMES', 'HANDOVER_RATES', 'INSTRUMENT_NORMS', 'KIND_SHARES',
                    'N_ASSOCIATIONS', 'PREPOST_R', 'SECULAR_TREND', 'SEED', 'STEA_CUT_2025', 'TAU',
                    'TRUE_EFFECTS', 'YEARS', 'generate', 'load_demo', 'scale_dataset',
                    'simulate_prepost', 'write_demo'],
 'impactlib.demo_market': ['COMPANY_YEARS', 'CONTRACT_YEARS', 'COUNTY_MARKET_PROFILE',
                           'INCORPORATION_SHARE', 'MARKET_PROFILES', 'RENEWAL_AFTER',
                           'RENEWAL_BEFORE', 'SALES_KEPT', 'SALES_MEDIAN_EUR', 'SMALL_LOT_EUR',
                           'TRANSITIONS', 'generate_sales', 'readme_lines'],
 'impactlib.disclosure': ['SECONDARY', 'THRESHOLD', 'find_small_counts', 'is_small', 'pseudonymise',
                          'recoverable_cells', 'scan_html', 'suppress', 'suppress_share',
                          'suppression_mask'],
 'impactlib.effectiveness': ['ASSUMED_R', 'CLAIM_TEXTS', 'ClaimPool', 'ComparisonResult',
                             'EggerResult', 'FTE_HOURS', 'KASVUN_TUKI_LEVELS', 'METHODS',
                             'MIN_ASSOCIATIONS_CLAIM', 'MIN_K_CLAIM', 'MetaRegressionResult',
                             'MultilevelResult', 'NESTA_LEVELS', 'OUTCOMES', 'PoolResult',
                             'RELIABLE_CHANGE_CATEGORIES', 'RELIABLE_CHANGE_CRITERION', 'SMDResult',
                             'activity_effects', 'claim_sentence', 'claim_sentences',
                             'clustered_wilson_ci', 'comparison_effect', 'comparison_trend',
                             'effect_claim', 'effect_size_words', 'effect_table', 'egger',
                             'evidence_level', 'felt_help', 'hedges_j', 'higher_is_better',
                             'instruments', 'meta_regression', 'paired_scores', 'pool', 'pool_by',
                             'pool_for_claim', 'pool_multilevel', 'prepost', 'prepost_from_summary',
                             'reach', 'reach_summary', 'reliable_change', 'reliable_change_rates',
                             'smd', 'smd_ppc', 'wilson_ci'],
 'impactlib.effectsize': ['ASSUMED_R', 'SMDResult', 'hedges_j', 'higher_is_better',
                          'higher_is_better_lookup', 'instruments', 'paired_scores', 'prepost',
                          'prepost_from_summary', 'smd', 'smd_ppc'],
 'impactlib.errors': ['DataError', 'DataWarning', 'Problem'],
 'impactlib.evidence': ['KASVUN_TUKI_LEVELS', 'NESTA_LEVELS', 'OUTCOMES', 'evidence_level'],
 'impactlib.field': ['ALL', 'KESKI_SUOMI_COUNTY', 'KESKI_SUOMI_PUBLISHED', 'KESKI_SUOMI_SOURCES',
                     'PublishedFigure', 'area_population', 'association_counts', 'association_rate',
                     'compare_published', 'org_county', 'plot_profile', 'published_profile',
                     'staff_and_volunteers'],
 'impactlib.i18n': sorted(['HIDDEN', 'LANGS', 'NBSP', 'PHRASES', 'SENTENCES', 'SMALL', 'county_genitive',
                    'county_in', 'fmt_approx', 'fmt_cell', 'fmt_ci', 'fmt_count', 'fmt_date', 'fmt_eur',
                    'fmt_int', 'fmt_meur', 'fmt_number', 'fmt_pct', 'is_city', 'organiser',
                    'phrase', 'sentence', 't']
                   # the table formatter (issue 10)
                   + ['HEADERS', 'column', 'fmt_count_pct', 'fmt_interval', 'fmt_pvalue',
                      'format_table', 'format_wide', 'table_cells']),
 'impactlib.i18n.tables': ['Column', 'HEADERS', 'KINDS', 'column', 'fmt_count_pct', 'fmt_interval',
                           'fmt_pvalue', 'format_table', 'format_wide', 'table_cells'],
 'impactlib.labels': ['AGE_BANDS', 'ALL', 'BASES', 'BUYER_TYPES', 'CATEGORIES', 'CODE_LISTS',
                      'COOPERATION_ITEMS', 'COOPERATION_STATUSES', 'DEPENDENCE_BAND_LABELS',
                      'DESIGNS', 'END_REASONS', 'EVIDENCE_GAPS', 'EVIDENCE_OUTCOMES',
                      'EVIDENCE_REASONS', 'FIGURE_TEXTS', 'GRANT_MEASURES', 'GRANT_SCOPES',
                      'GROUPS', 'HANDOVER_OUTCOMES', 'HANDOVER_RULES', 'KASVUN_TUKI_LEVELS',
                      'KASVUN_TUKI_NEGATIVE', 'KASVUN_TUKI_NONE', 'KINDS', 'LANGS', 'NESTA_LEVELS',
                      'PHASES', 'PRECISION_WORDS', 'RECIPIENT_UNITS', 'RELIABLE_CHANGE_CATEGORIES',
                      'RESULT_CODES', 'SALES_CHANNELS', 'SALES_TRANSITIONS', 'SOURCES',
                      'SOURCE_GROUP_LABELS', 'THEMES', 'UNKNOWN', 'label', 'labels', 'pick',
                      'text'],
 'impactlib.market': ['PUBLIC_BUYERS', 'RENEWAL_GAP_DAYS', 'SALES_SOURCES', 'SALES_TRANSITIONS',
                      'SMALL_LOT_THRESHOLD_EUR', 'buyer_concentration', 'company_sales_change',
                      'concentration_change', 'contract_summary', 'contracts', 'incorporation',
                      'incorporation_timeline', 'producer_access', 'public_channels', 'sales_rows',
                      'sales_share', 'sales_spells', 'sales_summary', 'sales_transition',
                      'transition_summary'],
 'impactlib.messages': ['HANDOVER_LOST', 'HANDOVER_LOST_SHARE', 'HIGH_BANDS', 'MAX_QUESTIONS',
                        'MIN_GROUP', 'MIN_N', 'MIN_QUESTIONS', 'Message', 'N_MESSAGES',
                        'ONE_FUNDER', 'ONE_FUNDER_SHARE', 'Question', 'SALES_SHARE',
                        'STEA_EXPOSED_SHARE', 'Z_CRIT', 'count_rows', 'differences', 'key_messages',
                        'questions'],
 'impactlib.meta': ['METHODS', 'MetaRegressionResult', 'PoolResult', 'meta_regression', 'pool',
                    'q_profile_tau2_ci', 'reml_loglik'],
 'impactlib.model': ['AGE_BANDS', 'BASES', 'BUYER_TYPES', 'CATEGORIES', 'CODE_LISTS', 'DESIGNS',
                     'END_REASONS', 'Field', 'GROUPS', 'KINDS', 'PHASES', 'PUBLIC_SOURCES',
                     'SALES_SOURCES', 'SOURCES', 'SOURCE_GROUPS', 'SOURCE_GROUP_LABELS', 'TABLES',
                     'TABLE_ORDER', 'THEMES', 'TableSpec', 'URL_PATTERN', 'column_names',
                     'empty_table', 'is_valid_ytunnus', 'label', 'labels', 'required_columns',
                     'schema', 'ytunnus_check_digit'],
 'impactlib.notebooks': ['NOTEBOOKS_DIR', 'curated_notebooks', 'notebook_page', 'render_notebooks'],
 'impactlib.plots': ['CHANNEL_STYLES', 'DEMO_MARK', 'DEMO_MARKS', 'EFFECT_COLOURS', 'OUTCOME_COLOURS', 'PALETTE',
                     'SOURCE_GROUP_COLOURS', 'TRANSITION_STYLES', 'demo_mark', 'house_style',
                     'number_axis', 'percent_axis', 'plot_county_grants', 'plot_dependence',
                     'plot_forest', 'plot_funding_mix', 'plot_funnel', 'plot_handover',
                     'plot_profile', 'plot_reach', 'plot_reliable_change', 'plot_sales_channels',
                     'plot_sales_transition', 'plot_survival', 'source_note'],
 'impactlib.population': ['ALL', 'KEY_COLUMNS', 'age_band_population', 'age_interval',
                          'area_denominators', 'county_population', 'denominators',
                          'read_sotkanet_population_csv'],
 'impactlib.pubbias': ['EggerResult', 'egger'],
 'impactlib.identity': ['CONTROL_CHARS', 'MASK', 'free_of_personal_data', 'hetu_control', 'is_personal', 'personal_data'],
 'impactlib.publication': ['MIN_WIDTH', 'Publication', 'UNSTATED', 'check',
                            'protect_across_areas', 'width'],
 'impactlib.rates': ['RateExtremes', 'poisson_ci', 'rate_extremes', 'rate_intervals'],
 'impactlib.regions': ['DATA_DIR', 'REFORM_YEAR', 'area_counties', 'counties', 'county_name',
                       'county_of', 'county_population', 'find_county', 'is_valid_municipality',
                       'municipalities', 'municipality_name', 'parse_area', 'region_of',
                       'regions_table', 'successors', 'valid_municipality_codes'],
 'impactlib.reliable': ['RELIABLE_CHANGE_CATEGORIES', 'RELIABLE_CHANGE_CRITERION', 'felt_help',
                        'reliable_change', 'reliable_change_rates', 'wilson_ci'],
 'impactlib.sources': ['counties', 'download', 'load_dataset', 'neutralise_formulas',
                       'population_from_jsonstat', 'read_jsonstat', 'read_px_csv', 'sotkanet',
                       'statfin', 'stea', 'stea_totals', 'tables', 'template', 'write_template'],
 'impactlib.sources.counties': ['COUNTIES_DIR', 'PRECISIONS', 'cooperation_structures',
                                'county_grants', 'handover_rules', 'is_url', 'jarjestobarometri',
                                'sote_associations'],
 'impactlib.sources.cache': ['MANIFEST', 'cache_dir', 'clear', 'entry_key', 'fetch', 'store'],
 'impactlib.sources.metadata': ['METADATA_SCHEMA', 'read'],
 'impactlib.sources.limits': ['MAX_BYTES', 'MAX_CELL_CHARS', 'MAX_COLUMNS', 'MAX_ROWS', 'describe'],
 'impactlib.sources.xlsx': ['LimitExceeded', 'check_archive', 'iter_sheet_rows'],
 'impactlib.sources.download': ['CACHE_ENV', 'DownloadError', 'cache_entry', 'default_cache_dir',
                                'fetch', 'request_key'],
 'impactlib.sources.sotkanet': ['BASE_URL', 'county_region_ids', 'download_data',
                                'download_indicator_metadata', 'download_regions', 'html_to_text',
                                'read_data', 'read_indicator_metadata', 'read_regions'],
 'impactlib.sources.statfin': ['MISSING_SYMBOLS', 'POPULATION_TABLE_URL', 'PXWEB_BASE',
                               'download_population', 'population_from_jsonstat', 'pxweb_query',
                               'read_jsonstat', 'read_px_csv'],
 'impactlib.sources.stea': ['ANNOUNCED_CUTS_MEUR', 'CUTS_SOURCE_URL', 'FURTHER_CUT_MEUR_PER_YEAR',
                            'STEA_TOTALS_FILE', 'announced_cuts', 'stea_totals'],
 'impactlib.sources.tables': ['FILE_RULES', 'load_dataset', 'neutralise_formulas', 'read_csv_text'],
 'impactlib.sources.template': ['CODES_SHEET', 'FIRST_ROW', 'GUIDE_SHEET', 'LAST_ROW',
                                'code_ranges', 'write_template'],
 'impactlib.validation': ['RULES', 'check', 'coerce_table', 'validate']}


@pytest.mark.parametrize("module", sorted(PUBLIC_API))
def test_all_is_pinned(module):
    mod = importlib.import_module(module)
    assert sorted(mod.__all__) == PUBLIC_API[module]
    for name in mod.__all__:
        assert hasattr(mod, name), f"{module}.{name} is in __all__ but missing"


def test_contract_signatures():
    """Signatures the issues call the public contract."""
    from impactlib import continuity, effectiveness

    def params(f):
        return {k: v.default for k, v in inspect.signature(f).parameters.items()}

    assert params(continuity.concentration)["by"] == "source"
    p = params(continuity.spells)
    assert p["by"] == "funder" and p["gap_tolerance"] == 0
    assert "group" in params(continuity.spell_survival)
    p = params(continuity.handover)
    assert p["reform_year"] == 2023 and p["reduced_threshold"] == 0.25
    p = params(effectiveness.pool)
    assert list(p)[:2] == ["yi", "vi"] and p["method"] == "REML"
    assert p["knapp_hartung"] is False and p["level"] == 0.95
    assert list(params(effectiveness.egger))[:2] == ["yi", "vi"]
    assert list(params(effectiveness.smd))[:6] == ["m1", "sd1", "n1", "m2", "sd2", "n2"]
    assert list(params(effectiveness.reliable_change))[:4] == ["pre", "post", "sd_pre", "reliability"]


def test_contract_output_columns():
    from impactlib import continuity, effectiveness

    f = pd.DataFrame({"org_id": ["a", "a", "a", "b", "b"], "year": [2022, 2022, 2023, 2023, 2024],
                      "source": ["municipality", "fundraising", "municipality", "county", "county"],
                      "funder": ["179", "own", "179", "15", "15"],
                      "amount_eur": [100.0, 50.0, 100.0, 80.0, 80.0], "basis": ["collected"] * 5})
    c = continuity.concentration(f, by="source")
    assert list(c.columns[:9]) == ["org_id", "year", "total", "n", "hhi", "hhi_norm", "n_eff", "top", "top_share"]
    s = continuity.spells(f, by="funder")
    assert list(s.columns[:8]) == ["org_id", "funder", "start", "end", "length", "amount_eur", "censored", "truncated"]
    r = continuity.spell_survival(s)
    assert {"group", "time", "at_risk", "events", "survival", "ci_low", "ci_high"} <= set(r.table.columns)
    res = effectiveness.pool([0.1, 0.3, 0.2], [0.01, 0.02, 0.015], method="DL")
    for attr in ("estimate", "se", "ci_low", "ci_high", "pi_low", "pi_high", "tau2", "i2", "h2",
                 "q", "q_pvalue", "k", "method", "warnings"):
        assert hasattr(res, attr), attr
    e = effectiveness.egger([0.1, 0.3, 0.2, 0.5], [0.01, 0.02, 0.015, 0.04])
    for attr in ("intercept", "se", "pvalue"):
        assert hasattr(e, attr), attr
    assert e.test in ("t", "z") and getattr(e, e.test) == e.statistic  # the named statistic
