"""The two long tables' rows, built in Python: the template language costs ~20 µs a variable, and these
tables have a thousand or more. Every value goes through format_html, so it is escaped as in a template."""

from django import template
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dashboard.formatting import day, money, period, short_day, stated
from dashboard.labels import FLOWS, MEETING_KINDS, ORIGINS, label, russian, script_language, short_district
from dashboard.templatetags.meeting_rows import outcome_text

register = template.Library()
PERSON_ID = "999999999"  # stands for a person's id in their page's address, reversed once per table


@register.simple_tag
def region_rows(rows, currency: str, region_base: str) -> SafeString:
    """The regions table's body (dashboard/regions.html)."""
    return format_html_join("\n", "{}", ((_region_row(row, currency, region_base),) for row in rows))


def _region_row(row, currency: str, base: str) -> SafeString:
    if row.district:
        district = format_html('<a href="{}{}/">{}</a>', base, row.district,
                               short_district(row.district_name))
    else:
        district = format_html('<span class="muted">{}</span>', row.kind_label)
    if row.trade_value is None:
        trade = mark_safe('<span class="muted">–</span>')  # noqa: S308 - a constant
    else:
        trade = format_html('{}<br><span class="small muted">{}</span>', money(row.trade_value, currency),
                            row.trade_stated)
    last = short_day(row.last_meeting) if row.last_meeting else "–"
    # The name in the page's language, the other language's beside it (searchable either way), marked as such.
    other_lang = "en" if russian() else "ru"
    return format_html(
        '<tr data-code="{}"><td><a href="{}{}/">{}</a> <span class="ru" lang="{}">{}</span></td><td>{}</td>'
        '<td class="num">{}</td><td>{}</td><td class="num">{}</td><td>{}</td></tr>',
        row.code, base, row.code, row.name, other_lang, row.other_name, district, trade,
        "–" if row.trade_year is None else row.trade_year, row.meetings, last)


@register.simple_tag
def trade_rows(rows: list[dict], currency: str, article_base: str) -> SafeString:
    """The region page's table beside the trade chart (dashboard/region.html)."""
    return format_html_join("\n", "{}", ((_trade_row(row, currency, article_base),) for row in rows))


def _trade_row(row: dict, currency: str, base: str) -> SafeString:
    notes = format_html("{}{}{}", row["stated"], format_html(" ({})", row["period"]) if row["partial"] else "",
                        format_html('<br><span title="{}">{}</span>', _("at %(rate)s") % {"rate": row["conversion"]},
                                    _("converted"))
                        if row["conversion"] else "")
    badges = format_html("{}{}", format_html('<br><span class="badge warn">{}</span>', _("sources disagree"))
                         if row["disputed"] else "",
                         format_html(' <span class="badge partial">{}</span>', _("part of the year"))
                         if row["partial"] else "")
    if row["article_id"]:
        title = row["article_title"] or _("article")
        source = format_html('<a href="{}{}/" data-source="{}-{}"{}>{}</a>', base, row["article_id"],
                             row["year"], row["series"], _lang(title), title)
    else:
        source = format_html('<span class="muted">{}</span>', ngettext(
            "%(count)s region's figures", "%(count)s regions' figures", row["figures"]) % {"count": row["figures"]})
    others = format_html(' <a class="small" href="#all-figures">{}</a>', ngettext(
        "+%(count)s other", "+%(count)s others", row["others"]) % {"count": row["others"]}) \
        if row["others"] and row["article_id"] else ""
    return format_html(
        '<tr data-year="{}" data-series="{}"><td>{}<br><span class="small muted">{}</span></td>'
        '<td class="num">{}<br><span class="small muted">{}</span>{}</td><td>{}{}</td></tr>',
        row["year"], row["series"], row["year"], row["series"], money(row["value"], currency), notes, badges,
        source, others)


@register.simple_tag
def contested_rows(points, currency: str, article_base: str) -> SafeString:
    """Points with several sources: the chosen figure, then the others (dashboard/region.html)."""
    return format_html_join("\n", "{}", ((_contested(pt, currency, article_base),) for pt in points))


def _contested(pt, currency: str, base: str) -> SafeString:
    chosen = pt.figure
    basis = format_html('<br><span class="small muted">{}</span>', _("converted at %(rate)s") % {
        "rate": chosen.basis}) if chosen.basis else ""
    dispute = format_html('<br><span class="badge warn">{}</span>', _("sources disagree by up to %(percent)s %%") % {
        "percent": round(pt.spread * 100)}) if pt.disputed else ""
    first = format_html(
        '<tr{}><td>{}</td><td>{}</td><td class="num">{}</td><td>{} ({}){}{}</td>'
        '<td><a href="{}{}/"{}>{}</a> <span class="small muted">{}</span></td>'
        '<td><span class="badge">{}</span> {}</td></tr>', mark_safe(' class="disputed"') if pt.disputed else "",  # noqa: S308 - a constant
        pt.year, label(FLOWS, pt.flow), money(chosen.value, currency), stated(chosen), period(chosen), basis, dispute,
        base, chosen.article_id, _lang(chosen.article_title), chosen.article_title, day(chosen.published),
        _("chosen"), label(ORIGINS, chosen.origin))
    others = format_html_join("", '<tr class="other-source"><td></td><td></td><td class="num">{}</td><td>{} ({})</td>'
                              '<td><a href="{}{}/"{}>{}</a> <span class="small">{}</span></td><td>{}</td></tr>',
                              ((money(o.value, currency), stated(o), period(o), base, o.article_id,
                                _lang(o.article_title), o.article_title, day(o.published), label(ORIGINS, o.origin))
                               for o in pt.others))
    return format_html("{}{}", first, others)


@register.simple_tag
def meeting_items(meetings, article_base: str) -> SafeString:
    """The latest meetings as a timeline list (dashboard/region.html), each name linked to the person's page."""
    person_base = reverse("dashboard:person", args=[PERSON_ID]).replace(f"{PERSON_ID}/", "")
    return format_html_join("\n", "{}", ((_meeting(m, article_base, person_base),) for m in meetings))


def _meeting(meeting, base: str, person_base: str) -> SafeString:
    when = day(meeting.date, _("Date unknown"))
    names = format_html_join(", ", '<a href="{}{}/"{}>{}</a>', ((person_base, pk, _lang(name), name)
                                                                for pk, name in meeting.participants))
    people = format_html("<div>{}</div>", names) if meeting.participants else ""
    sources = format_html_join(" · ", '<a href="{}{}/"{}>{}</a>', ((base, pk, _lang(title), title or _("article"))
                                                                   for pk, title in meeting.sources))
    return format_html('<li><span class="when">{}</span> · {}{}<div class="small">{}</div>{}</li>', when,
                       label(MEETING_KINDS, meeting.kind), people, sources, _agreed(meeting, base))


def _agreed(meeting, base: str) -> SafeString:
    """What was agreed at a meeting of the timeline, as the meetings page shows it under its row."""
    if not meeting.agreed:
        return mark_safe("")  # noqa: S308 - a constant
    items = format_html_join("", "<li>{}</li>", ((outcome_text(outcome, base),) for outcome in meeting.agreed))
    return format_html('<div class="agreed" data-agreed="{}"><strong>{}</strong><ul>{}</ul></div>', meeting.id,
                       _("What was agreed"), items)


def _lang(text) -> SafeString:
    """' lang="en"' on text from an article (a title, people's names) whose script is not the page's language's."""
    code = script_language(str(text or ""))
    if not code or code == ("ru" if russian() else "en"):
        return mark_safe("")  # noqa: S308 - a constant
    return format_html(' lang="{}"', code)


@register.simple_tag
def chart_table(chart, caption: str) -> SafeString:
    """A chart's data as a table (dashboard/_chart.html): the chart's own `Table`, every number in full."""
    table = chart.shown
    head = format_html_join("", '<th scope="col"{}>{}</th>', ((_num_class(i, table), h)
                                                                for i, h in enumerate(table.headers)))
    body = format_html_join("\n", "<tr>{}</tr>", ((_chart_cells(row),) for row in table.rows))
    return format_html('<table class="data"><caption id="chart-{}-caption">{}</caption><thead><tr>{}</tr></thead>'
                       "<tbody>{}</tbody></table>", chart.name, caption, head, body)


def _num_class(column: int, table) -> SafeString:
    numeric = bool(table.rows) and table.rows[0][column].numeric
    return mark_safe(' class="num"' if numeric else "")  # noqa: S308 - a constant


def _chart_cells(row) -> SafeString:
    """The first cell names the row (a row header); numbers are right-aligned."""
    first, *rest = row
    head = format_html('<a href="{}">{}</a>', first.url, first.text) if first.url else first.text
    return format_html('<th scope="row">{}</th>{}', head, format_html_join(
        "", "<td{}>{}</td>", ((mark_safe(' class="num"') if c.numeric else "", c.text)  # noqa: S308 - a constant
                             for c in rest)))
