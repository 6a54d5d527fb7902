"""Seeded fuzzing of mutated order exports: no traceback, no wrong figure, row accounting holds.

A few hundred cases run here; ``benchmarks/fuzz_exports.py`` runs 10,000. A failing seed is
replayed with ``.venv/bin/python benchmarks/fuzz_exports.py --first SEED --cases 1``.
"""

from __future__ import annotations

import functools

import pytest

from tests.fuzz.exports import Case, build, check_case

# About 0.06 s of CPU per case on the 2-core reference machine: 300 cases take about 20 s.
CASES = 300


@functools.cache
def _case(seed: int) -> Case:
    return build(seed)


@pytest.mark.parametrize("seed", range(CASES))
def test_fuzzed_export_is_read_right_or_refused(seed):
    case = _case(seed)
    outcome = check_case(case)
    assert outcome.status in ("ok", "refused"), f"seed {seed} {case.mutations}: {outcome.detail}"


def test_the_seeds_cover_every_layout_and_mutation():
    seen = {mutation for seed in range(CASES) for mutation in _case(seed).mutations}
    expected = {
        "taobao",
        "shopify",
        "uci",
        "square",
        "generic",
        "generic-line",
        "xlsx",
        "xlsx_text_amounts",
        "non_finite_amount",
        "huge_amount",
        "blank_amount",
        "value_error_cell",
        "blank_time",
        "blank_customer",
        "shopify_first_line_twice",
        "duplicated_lines",
        "unknown_status_header",
        "header_variants",
        "money_thousands",
        "money_decimal_comma",
        "money_comma_only",
        "money_currency",
        "money_currency_after",
        "mixed_dates",
        "wrapped_ids",
        "huge_cell",
        "delimiter",
        "blank_lines",
        "total_row",
        "truncated",
        "title_rows",
        "unquoted_comma",
        "encoding_utf-16",
        "encoding_double-bom",
        "encoding_gb18030",
        "encoding_utf-8-sig",
    }
    assert expected <= seen, expected - seen
