"""Header synonyms are data, and every field they name has a wording in every language."""

from __future__ import annotations

import inspect

import pytest

from analytics.messages import render
from analytics.schema import synonyms
from analytics.schema.synonyms import CAMPAIGN_SYNONYMS, MEMBER_SYNONYMS, SYNONYMS


def test_synonyms_module_holds_data_only():
    assert not [name for name, value in vars(synonyms).items() if inspect.isfunction(value)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_field_has_a_term_in_every_language(lang):
    # Errors name fields with Term(f"field.{field}"): a missing entry would show the bare key.
    fields = {*SYNONYMS, *MEMBER_SYNONYMS, *CAMPAIGN_SYNONYMS}
    missing = sorted(f for f in fields if render(f"field.{f}", lang=lang) == f"field.{f}")
    assert missing == []
