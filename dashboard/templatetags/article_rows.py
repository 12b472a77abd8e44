"""The articles page's table body (dashboard/articles.html), built in Python as the meetings page's is
(meeting_rows.py): every value goes through format_html, so it is escaped as in a template, and a search's
snippet is escaped piece by piece, only its matches wrapped in <mark>."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from dashboard.formatting import short_day
from dashboard.templatetags.dashboard_tags import lang_attr

register = template.Library()


@register.simple_tag
def article_rows(rows, region_base: str, article_base: str) -> SafeString:
    """One row per article: date, title (linked to its page, with the search's snippet under it), language,
    outlet and regions (linked to their pages)."""
    return format_html_join("\n", "{}", ((_row(row, region_base, article_base),) for row in rows))


def _row(row, region_base: str, article_base: str) -> SafeString:
    none = format_html('<span class="muted">{}</span>', "–")
    title = format_html('<a href="{}{}/"{}>{}</a>', article_base, row.id, lang_attr(row.title, row.language),
                        row.title or _("Untitled article"))
    regions = format_html_join(", ", '<a href="{}{}/">{}</a>', ((region_base, place.code, place.name)
                                                                for place in row.regions))
    source = format_html("<span{}>{}</span>", lang_attr(row.source_name), row.source_name) if row.source_name else none
    return format_html('<tr data-article="{}"><td>{}</td><td>{}{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
                       row.id, _published(row.published), title, snippet(row.snippet, row.language),
                       row.language.upper() or none, source, regions or none)


def _published(day) -> SafeString:
    if day is None:
        return format_html('<span class="muted">{}</span>', _("Date unknown"))
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), short_day(day))


def snippet(pieces, language: str) -> SafeString | str:
    """The matches in context: each piece escaped, the matches marked."""
    if not pieces:
        return ""
    text = format_html_join("", "{}", ((format_html("<mark>{}</mark>", p.text) if p.marked else p.text,)
                                       for p in pieces))
    return format_html('<p class="snippet"{}>{}</p>', lang_attr("", language), text)
