"""The meetings page's table body (dashboard/meetings.html), built in Python as the other long tables are
(dashboard_rows.py): every value goes through format_html, so it is escaped as in a template."""

from __future__ import annotations

from django import template
from django.http import QueryDict
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from belregions.models import DatePrecision
from dashboard.formatting import month_year, short_day
from dashboard.labels import MEETING_KINDS, label
from dashboard.params import with_params
from dashboard.templatetags.dashboard_tags import lang_attr

register = template.Library()
PERSON_ID = "999999999"  # stands for each participant's id in the filter link built once per page
BREAK = mark_safe("<br>")  # noqa: S308 - a constant


@register.simple_tag(takes_context=True)
def meeting_rows(context, rows, region_base: str, article_base: str, elsewhere: bool = False,
                 person_id=None) -> SafeString:
    """One row per meeting: date, kind, participants (each linked to their page, then to the list of their
    meetings), regions (linked to their pages) and the articles that report it.

    On the meetings page, a participant's list keeps the page's other filters. On other pages (`elsewhere`: a
    person's or a sector's), it is the list of meetings with them alone, and `person_id`, the page's own
    person, gets none.
    """
    query = context["request"].GET
    if elsewhere:
        person_link = reverse("dashboard:meetings") + with_params(QueryDict(), person=PERSON_ID)
        current = str(person_id or "")
    else:
        person_link, current = with_params(query, person=PERSON_ID, page=None), query.get("person", "")
    person_page = reverse("dashboard:person", args=[PERSON_ID])
    return format_html_join("\n", "{}", ((_row(row, region_base, article_base, (person_page, person_link), current),)
                                         for row in rows))


def _row(row, region_base: str, article_base: str, links: tuple[str, str], current: str) -> SafeString:
    people = format_html_join(BREAK, "{}", ((_participant(who, links, current),) for who in row.participants))
    regions = format_html_join(", ", '<a href="{}{}/">{}</a>', ((region_base, place.code, place.name)
                                                                for place in row.regions))
    sources = format_html_join(BREAK, '<a href="{}{}/"{}>{}</a>', ((article_base, pk, lang_attr(title, language),
                                                                  title or _("Untitled article"))
                                                                 for pk, title, language in row.sources))
    none = format_html('<span class="muted">{}</span>', "–")
    meeting = format_html('<tr data-meeting="{}"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>',
                          row.id, when(row.date, row.precision), label(MEETING_KINDS, row.kind), people or none,
                          regions or none, sources or none)
    return meeting + _agreed(row, article_base) if row.agreed else meeting


def _agreed(row, article_base: str) -> SafeString:
    """Under the meeting, "What was agreed": each outcome's kind, parties, sum and sectors, its sentence and article."""
    items = format_html_join("", "<li>{}</li>", ((outcome_text(outcome, article_base),) for outcome in row.agreed))
    return format_html('<tr class="agreed" data-agreed="{}"><td colspan="5"><strong>{}</strong><ul>{}</ul></td></tr>',
                       row.id, _("What was agreed"), items)


def outcome_text(outcome, article_base: str) -> SafeString:
    """One outcome: its kind, parties, sum and sectors, then its sentence and a link to its article."""
    sector_page = reverse("dashboard:sector", args=["placeholder-slug"])
    sectors = format_html_join(", ", '<a href="{}">{}</a>', ((sector_page.replace("placeholder-slug", slug), name)
                                                            for slug, name in outcome.sectors))
    details = [part for part in (
        format_html("<span{}>{}</span>", lang_attr(", ".join(outcome.parties)), ", ".join(outcome.parties))
        if outcome.parties else "",
        format_html('<span data-sum="">{}</span>', outcome.sum) if outcome.sum else "", sectors) if part]
    said = format_html(" ({})", format_html_join("; ", "{}", ((part,) for part in details))) if details else ""
    article, title, language = outcome.article
    return format_html('<span data-agreement="{}">{}</span>{}: <q{}>{}</q> <a class="small" href="{}{}/"{}>{}</a>',
                       outcome.id, outcome.kind_label, said, lang_attr(outcome.evidence), outcome.evidence,
                       article_base, article, lang_attr(title, language), title or _("Untitled article"))


def _participant(who, links: tuple[str, str], current: str) -> SafeString:
    """The name (a link to their page) and role as the articles spell them, in their language; then, unless the
    list is theirs already, a link to the list of their meetings."""
    person_page, person_link = links
    role = format_html(' <span class="muted"{}>— {}</span>', lang_attr(who.role), who.role) if who.role else ""
    narrow = "" if str(who.id) == current else format_html(
        ' <a class="small" href="{}" data-person="{}">{}<span class="visually-hidden">: <span{}>{}</span></span></a>',
        person_link.replace(PERSON_ID, str(who.id)), who.id, _("their meetings"), lang_attr(who.name), who.name)
    return format_html('<a href="{}"{} data-person-page="{}">{}</a>{}{}', person_page.replace(PERSON_ID, str(who.id)),
                       lang_attr(who.name), who.id, who.name, role, narrow)


def when(day, precision: str) -> SafeString:
    """The meeting's date as precisely as the article gave it: "29 May 2012", "May 2012", "2012"."""
    if day is None:
        return format_html('<span class="muted">{}</span>', _("Date unknown"))
    if precision == DatePrecision.YEAR:
        return format_html('<time datetime="{}">{}</time>', day.year, day.year)
    if precision == DatePrecision.MONTH:
        return format_html('<time datetime="{}">{}</time>', f"{day:%Y-%m}", month_year(day))
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), short_day(day))
