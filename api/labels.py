"""The words for a code in English and in Russian: the `<field>_en` and `<field>_ru` keys of the API's rows.

The API stays language-neutral: a coded value is its code (`visit`, `turnover`, `RU-MOW`) whatever language
the request asks for, and the row ends with that code's words in each language of the site (`kind_en`
"Visit", `kind_ru` "Визит"). The words are the ones the admin and the dashboard show: the models' choice
labels and the fact kinds' titles, translated by the catalogues (`locale/`) under
`translation.override`, never a second table written here. The catalogues do not change while a process
runs, so each vocabulary is translated once per process and language.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping

from django.utils import translation
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.models import Outcome, Status
from belregions import fact_kinds
from belregions.models import (
    AgreementKind,
    Country,
    DatePrecision,
    Flow,
    MeetingKind,
    Origin,
    Qualifier,
    RegionKind,
    Review,
)

# The languages of the labels, as the keys' suffixes: `kind_en`, `kind_ru`.
LANGUAGES = ("en", "ru")
LANGUAGE_NAMES = {"en": "English", "ru": "Russian"}

# Each coded value's vocabulary: code → its (lazily translated) words.
VOCABULARIES: dict[str, Mapping] = {
    "country": dict(Country.choices),
    "region_kind": dict(RegionKind.choices),
    "meeting_kind": dict(MeetingKind.choices),
    "agreement_kind": dict(AgreementKind.choices),
    "date_precision": dict(DatePrecision.choices),
    "flow": dict(Flow.choices),
    "qualifier": dict(Qualifier.choices),
    "origin": dict(Origin.choices),
    "review": dict(Review.choices),
    "status": dict(Status.choices),
    "outcome": dict(Outcome.choices),
    "fact_kind": {kind.slug: kind.title for kind in fact_kinds.FACT_KINDS},
}


@functools.cache
def words(vocabulary: str, language: str) -> dict[str, str]:
    """{code: its words in `language`} of one vocabulary."""
    with translation.override(language):
        return {code: str(label) for code, label in VOCABULARIES[vocabulary].items()}


def label(vocabulary: str, code: str | None, language: str) -> str | None:
    """A code's words in `language`; a code the vocabulary lacks (one added later) is its own label."""
    if code is None:
        return None
    return words(vocabulary, language).get(code, code)


def labels(vocabulary: str, code: str | None, key: str) -> dict[str, str | None]:
    """{"<key>_en": ..., "<key>_ru": ...}: a row's labels of one code, for rows built by hand."""
    return {f"{key}_{language}": label(vocabulary, code, language) for language in LANGUAGES}


@extend_schema_field({"type": "string"})
class Label(serializers.Field):
    """The words of the code in `source`, in one language: read-only, beside the code itself.

    The value it turns into words is the code's own column, so a list (api/rows.py) reads no other column
    and makes no other query for it.
    """

    def __init__(self, vocabulary: str, language: str, **kwargs):
        if vocabulary not in VOCABULARIES or language not in LANGUAGES:
            raise ValueError(f"no labels for {vocabulary!r} in {language!r}")
        self.vocabulary, self.language = vocabulary, language
        kwargs["read_only"] = True
        kwargs.setdefault("help_text", f"The code's words in {LANGUAGE_NAMES[language]}")
        super().__init__(**kwargs)

    def to_representation(self, code):
        return label(self.vocabulary, code, self.language)

