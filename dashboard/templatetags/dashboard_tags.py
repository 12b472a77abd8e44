"""Template filters for the dashboard's numbers."""

from dataclasses import dataclass

from django import template
from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, get_language_from_path

from dashboard import formatting, labels
from dashboard.params import with_params

register = template.Library()


@register.filter
def money(value, currency: str = "USD") -> str:
    """{{ value|money:"USD" }} -> "$200.0 million"."""
    return formatting.money(value, currency or "USD")


@register.filter
def stated(figure) -> str:
    """A figure as its article gave it: "over $200.0 million"."""
    return formatting.stated(figure)


@register.filter
def period(figure) -> str:
    return formatting.period(figure)


@register.filter
def day(value, missing: str = "") -> str:
    """{{ article.published|day:_("undated") }} -> "25 May 2024" / "25 мая 2024 г."."""
    return formatting.day(value, missing)


@register.filter
def name(thing) -> str:
    """{{ region|name }}: a region's or sector's name in the page's language."""
    return labels.name_of(thing)


@register.filter
def district_short(name_text) -> str:
    """{{ name|district_short }}: "Siberian Federal District" -> "Siberian"."""
    return labels.short_district(name_text)


@register.filter
def percent(value) -> str:
    return "" if value is None else f"{formatting.number(value * 100)} %"


@register.filter
def get(mapping, key):
    """{{ charts|get:"trade" }}: a dict's item by a variable key."""
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def query(context, **changes) -> str:
    """{% query chart="line" %}: this page's query string with some parameters changed (None removes one)."""
    return with_params(context["request"].GET, **changes)


@dataclass(frozen=True)
class LanguageLink:
    code: str
    name: str
    url: str  # this page (its view and its query string) in that language
    current: bool


@register.simple_tag(takes_context=True)
def languages(context) -> list[LanguageLink]:
    """{% languages as links %}: this page in each language, for the switch and the hreflang links."""
    request = context.get("request")
    current = get_language()
    if request is None:
        return []
    path, query = request.path, request.META.get("QUERY_STRING", "")
    prefix = get_language_from_path(path)
    if prefix:
        path = path[len(prefix) + 1:]  # "/ru/regions/" -> "/regions/"
    return [LanguageLink(code, name, ("" if code == settings.LANGUAGE_CODE else f"/{code}") + path
                         + (f"?{query}" if query else ""), code == current)
            for code, name in settings.LANGUAGES]


LABELS = {"status": labels.STATUSES, "fact_kind": labels.FACT_KINDS, "origin": labels.ORIGINS,
          "review": labels.REVIEWS, "meeting_kind": labels.MEETING_KINDS, "region_kind": labels.REGION_KINDS,
          "flow": labels.FLOWS}


@register.filter
def label(code, kind: str) -> str:
    """{{ article.status|label:"status" }}: the reader's word for a code, in the page's language."""
    return labels.label(LABELS[kind], code)


@register.filter
def lang_attr(text, language: str = "") -> SafeString:
    """{{ article.title|lang_attr:article.language }} -> ' lang="en"' when the text is not in the page's language.

    Text from articles and names as articles spell them keep their own language: a screen reader then reads
    "Alexander Lukashenko" with English sounds on a Russian page. The language is the one given (an article's),
    else the text's script: Latin letters only, English; Cyrillic, Russian; neither, none said.
    """
    code = (language or "").split("-")[0].lower() or labels.script_language(str(text or ""))
    if not code or code == (get_language() or "en").split("-")[0]:
        return mark_safe("")  # noqa: S308 - a constant
    return format_html(' lang="{}"', code)
