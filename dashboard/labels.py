"""The readers' words for the domain's codes, in the page's language, and the region names to show.

Flows, meeting kinds, region kinds and statuses are the models' own choice labels (translated there:
the admin, the API and the dashboard say the same words); reviews, origins and fact kinds have the
readers' lower-case words of a sentence here ("confirmed by an editor"), beside the editors' capitalised
ones in the models. Lazy: each is translated when it is shown, in the language of that request, so a
Russian page says «Товарооборот», not "Turnover".
"""

from __future__ import annotations

import re

from django.utils.translation import get_language, pgettext_lazy

from articles.models import Status
from belregions.models import AgreementKind, Flow, MeetingKind, RegionKind

FLOWS = dict(Flow.choices)
MEETING_KINDS = dict(MeetingKind.choices)
AGREEMENT_KINDS = dict(AgreementKind.choices)
REGION_KINDS = dict(RegionKind.choices)
STATUSES = dict(Status.choices)
ORIGINS = {"machine": pgettext_lazy("made by", "parser"), "editor": pgettext_lazy("made by", "editor")}
REVIEWS = {"unreviewed": pgettext_lazy("review", "not reviewed"), "confirmed": pgettext_lazy("review", "confirmed"),
           "corrected": pgettext_lazy("review", "corrected"), "added": pgettext_lazy("review", "added by editor"),
           "rejected": pgettext_lazy("review", "rejected")}
FACT_KINDS = {"region": pgettext_lazy("fact kind", "region"), "person": pgettext_lazy("fact kind", "person"),
              "money": pgettext_lazy("fact kind", "money"), "meeting": pgettext_lazy("fact kind", "meeting"),
              "sector": pgettext_lazy("fact kind", "sector")}
DISTRICT_WORDS = (" Federal District", " федеральный округ")


def script_language(text: str) -> str:
    """"en" for text in Latin letters only, "ru" for text with Cyrillic ones, "" for neither (numbers, codes)."""
    if re.search(r"[\u0400-\u04ff]", text):
        return "ru"
    return "en" if re.search(r"[A-Za-z]", text) else ""


def label(labels: dict, code: str | None) -> str:
    """The reader's word for a code; the code itself when it has none (a kind added later)."""
    return str(labels.get(code, code or ""))


def russian() -> bool:
    return (get_language() or "en").split("-")[0] == "ru"


def name_field(prefix: str = "") -> str:
    """The column of the page's language: `name_ru` on Russian pages (`district__name_ru` with a prefix)."""
    return f"{prefix}name_ru" if russian() else f"{prefix}name_en"


def name_of(thing) -> str:
    """A region's or sector's name in the page's language (English where the Russian is missing)."""
    if thing is None:
        return ""
    return (russian() and getattr(thing, "name_ru", "")) or thing.name_en


def short_district(name: str | None) -> str:
    """"Siberian Federal District" -> "Siberian"; "Сибирский федеральный округ" -> "Сибирский"."""
    name = name or ""
    for words in DISTRICT_WORDS:
        name = name.replace(words, "")
    return name
