"""The two long tables' rows, built in Python: the template language costs ~20 µs a variable, and these
tables have a thousand or more. Every value goes through format_html, so it is escaped as in a template."""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from dashboard.formatting import money, period, stated

register = template.Library()


@register.simple_tag
def region_rows(rows, currency: str, region_base: str) -> SafeString:
    """The regions table's body (dashboard/regions.html)."""
    return format_html_join("\n", "{}", ((_region_row(row, currency, region_base),) for row in rows))


def _region_row(row, currency: str, base: str) -> SafeString:
    if row.district:
        district = format_html('<a href="{}{}/">{}</a>', base, row.district,
                               row.district_name.replace(" Federal District", ""))
    else:
        district = format_html('<span class="muted">{}</span>', row.kind_label)
    if row.trade_value is None:
        trade = mark_safe('<span class="muted">–</span>')  # noqa: S308 - a constant
    else:
        trade = format_html('{}<br><span class="small muted">{}</span>', money(row.trade_value, currency),
                            row.trade_stated)
    last = f"{row.last_meeting.day} {row.last_meeting:%b %Y}" if row.last_meeting else "–"
    return format_html(
        '<tr data-code="{}"><td><a href="{}{}/">{}</a> <span class="ru" lang="ru">{}</span></td><td>{}</td>'
        '<td class="num">{}</td><td>{}</td><td class="num">{}</td><td>{}</td></tr>',
        row.code, base, row.code, row.name_en, row.name_ru, district, trade,
        "–" if row.trade_year is None else row.trade_year, row.meetings, last)


@register.simple_tag
def trade_rows(rows: list[dict], currency: str, article_base: str) -> SafeString:
    """The region page's table beside the trade chart (dashboard/region.html)."""
    return format_html_join("\n", "{}", ((_trade_row(row, currency, article_base),) for row in rows))


def _trade_row(row: dict, currency: str, base: str) -> SafeString:
    notes = format_html("{}{}{}", row["stated"], format_html(" ({})", row["period"]) if row["partial"] else "",
                        format_html('<br><span title="at {}">converted</span>', row["conversion"])
                        if row["conversion"] else "")
    badges = format_html("{}{}", mark_safe('<br><span class="badge warn">sources disagree</span>')  # noqa: S308
                         if row["disputed"] else "",
                         mark_safe(' <span class="badge partial">part of the year</span>')  # noqa: S308
                         if row["partial"] else "")
    if row["article_id"]:
        source = format_html('<a href="{}{}/" data-source="{}-{}">{}</a>', base, row["article_id"],
                             row["year"], row["series"], row["article_title"] or "article")
    else:
        source = format_html("<span class=\"muted\">{} regions' figures</span>", row["figures"])
    others = format_html(' <a class="small" href="#all-figures">+{} other{}</a>', row["others"],
                         "" if row["others"] == 1 else "s") if row["others"] and row["article_id"] else ""
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
    basis = format_html('<br><span class="small muted">converted at {}</span>', chosen.basis) if chosen.basis else ""
    dispute = format_html('<br><span class="badge warn">sources disagree by up to {} %</span>',
                          round(pt.spread * 100)) if pt.disputed else ""
    first = format_html(
        '<tr{}><td>{}</td><td>{}</td><td class="num">{}</td><td>{} ({}){}{}</td>'
        '<td><a href="{}{}/">{}</a> <span class="small muted">{}</span></td>'
        '<td><span class="badge">chosen</span> {}</td></tr>', mark_safe(' class="disputed"') if pt.disputed else "",  # noqa: S308 - a constant
        pt.year, pt.flow, money(chosen.value, currency), stated(chosen), period(chosen), basis, dispute, base,
        chosen.article_id, chosen.article_title, chosen.published or "", chosen.origin)
    others = format_html_join("", '<tr class="other-source"><td></td><td></td><td class="num">{}</td><td>{} ({})</td>'
                              '<td><a href="{}{}/">{}</a> <span class="small">{}</span></td><td>{}</td></tr>',
                              ((money(o.value, currency), stated(o), period(o), base, o.article_id, o.article_title,
                                o.published or "", o.origin) for o in pt.others))
    return format_html("{}{}", first, others)


@register.simple_tag
def meeting_items(meetings, article_base: str) -> SafeString:
    """The latest meetings as a timeline list (dashboard/region.html)."""
    return format_html_join("\n", "{}", ((_meeting(m, article_base),) for m in meetings))


def _meeting(meeting, base: str) -> SafeString:
    when = f"{meeting.date.day} {meeting.date:%B %Y}" if meeting.date else "Date unknown"
    people = format_html("<div>{}</div>", ", ".join(meeting.participants)) if meeting.participants else ""
    sources = format_html_join(" · ", '<a href="{}{}/">{}</a>', ((base, pk, title or "article")
                                                                 for pk, title in meeting.sources))
    return format_html('<li><span class="when">{}</span> · {}{}<div class="small">{}</div></li>', when,
                       meeting.kind.capitalize(), people, sources)


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
    return format_html('<th scope="row">{}</th>{}', first.text, format_html_join(
        "", "<td{}>{}</td>", ((mark_safe(' class="num"') if c.numeric else "", c.text)  # noqa: S308 - a constant
                             for c in rest)))
