"""Pure chart functions: a `Table` in, a Plotly figure out; no database, no request.

Every number a figure draws comes from its table, so the CSV and JSON links
beside a chart give what is on the screen. Text from articles (titles, names)
is HTML-escaped before it goes into a hover label, because Plotly reads a few
tags there.
"""

from __future__ import annotations

import html
import math

import plotly.graph_objects as go
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from dashboard.formatting import NO_BREAK, money, number
from dashboard.labels import MEETING_KINDS, label, russian, short_district
from dashboard.tables import Table

PALETTE = ("#3360a9", "#c15065", "#2c8465", "#be5915", "#6d3e91", "#00847e", "#996d39", "#cf0a66", "#4c6a9c",
           "#883039", "#578145", "#a2559c")
# Every colour has 4.5:1 against white: as a line or bar on the white plot (3:1 needed), and under the white
# text of a hover label. Shapes tell series apart as well as colours: a pattern per bar series, a marker
# symbol and a dash per line series, so no series is told by its colour alone.
OTHER_COLOUR = "#6b7280"
PATTERNS = ("", "/", ".", "x", "\\", "-", "|", "+")
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "x", "star", "triangle-down", "cross", "pentagon",
           "hexagon", "hourglass", "bowtie")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
# The heat map's cells carry their number in dark text: the scale stops at a blue that keeps 5:1 with it.
HEAT_SCALE = [[0, "#f4f6f9"], [0.0001, "#dce8f5"], [1, "#6a9bd4"]]
INK = "#1d2733"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
TEMPLATE = {"layout": {
    "font": {"family": FONT, "size": 13, "color": "#1d2733"}, "colorway": list(PALETTE),
    "paper_bgcolor": "#ffffff", "plot_bgcolor": "#ffffff",
    # Dark text on white, whatever the trace's colour: a label on a mid-blue map region would be unreadable.
    "hoverlabel": {"font": {"family": FONT, "color": "#1d2733"}, "bgcolor": "#ffffff", "bordercolor": "#1d2733"},
    "xaxis": {"gridcolor": "#eef1f4", "linecolor": "#c8cfd8", "ticks": "outside", "tickcolor": "#c8cfd8"},
    "yaxis": {"gridcolor": "#e3e7ec", "zerolinecolor": "#c8cfd8"},
}}
LEGEND = {"orientation": "h", "yanchor": "top", "y": -0.14, "x": 0, "font": {"size": 12}}


def _figure(data: list[dict], description: str, **layout) -> go.Figure:
    """The figure, unvalidated: validation costs 10 ms per 100 points a request, and the tests validate
    every figure the pages draw (tests/dashboard/test_charts.py).

    `description` says in words what the chart shows (its kind, what tells the series apart, the colour
    scale); the page puts it under the chart's title, for screen readers and for everyone.
    """
    base = {"template": TEMPLATE, "margin": {"l": 64, "r": 16, "t": 12, "b": 40}, "height": 380,
            "legend": LEGEND, "hovermode": "closest", "meta": {"description": description},
            # The mode bar's icons at 5.8:1 on white (Plotly's own grey is 1.6:1): visible when focus shows them.
            "modebar": {"color": "#5b6776", "activecolor": INK, "bgcolor": "rgba(255, 255, 255, 0.9)"}}
    return go.Figure({"data": data, "layout": {**base, **layout}}, _validate=False)


def description(figure: go.Figure) -> str:
    meta = figure.layout.meta
    return meta.get("description", "") if isinstance(meta, dict) else ""


def _span(values: list) -> str:
    """"2009–2013", "2011", or "" for no values."""
    values = sorted(v for v in values if v is not None)
    if not values:
        return ""
    return str(values[0]) if values[0] == values[-1] else f"{values[0]}–{values[-1]}"


def _listed(names: list[str], limit: int = 6) -> str:
    shown = ", ".join(str(n) for n in names[:limit])
    more = len(names) - limit
    return shown + (_(" and %(count)s more") % {"count": more} if more > 0 else "")


def _kind_words(chart: str) -> tuple[str, str]:
    """The chart's name and what tells its series apart, in words."""
    if chart == "bar":
        return _("Bars"), _("each series with its own colour and fill pattern")
    return _("Lines"), _("each series with its own colour, marker shape and dash")


def _value_column(table: Table) -> str:
    return next(c for c in table.columns if c.startswith("value_"))


def _money_axis(currency: str) -> dict:
    """English: "$1.5B" ticks. Russian: whole numbers with the locale's separators ("1 500 000 000") and the
    currency in the axis title, since Plotly's "B" and "$" prefix are English abbreviations."""
    if russian():
        return {"exponentformat": "none", "separatethousands": True, "rangemode": "tozero",
                "title": {"text": _currency_name(currency)}}
    return {"tickprefix": "$" if currency == "USD" else "", "exponentformat": "B", "rangemode": "tozero",
            "title": {"text": "" if currency == "USD" else currency}}


def _currency_name(currency: str) -> str:
    names = {"USD": pgettext("axis", "US dollars"), "EUR": pgettext("axis", "euros"),
             "RUB": pgettext("axis", "Russian roubles"), "BYN": pgettext("axis", "Belarusian roubles")}
    return names.get(currency, currency)


def _year_axis(table: Table) -> dict:
    """Whole years only; every year labelled while there are few."""
    years = set(table.column("year")) if "year" in table.columns else set()
    axis = {"type": "linear", "tickformat": "d"}
    if len(years) < 12:
        axis["dtick"] = 1
    if len(years) == 1:
        (year,) = years
        axis["range"] = [year - 1.5, year + 1.5]
    return axis


def _series(table: Table, key: str) -> dict[str, list[dict]]:
    """Rows (as dicts) grouped by a column, in the order the table lists them."""
    groups: dict[str, list[dict]] = {}
    for record in table.records():
        groups.setdefault(record[key], []).append(record)
    return groups


def _trace(kind: str, name: str, x: list, y: list, colour: str, index: int, **extra) -> dict:
    """A bar or line series; `index` (its place among the series) picks its pattern, or its symbol and dash."""
    if kind == "bar":
        pattern = {"shape": PATTERNS[index % len(PATTERNS)], "fillmode": "overlay", "fgcolor": "#ffffff",
                   "solidity": 0.35}
        return {"type": "bar", "name": name, "x": x, "y": y, "marker": {"color": colour, "pattern": pattern},
                **extra}
    return {"type": "scatter", "mode": "lines+markers", "name": name, "x": x, "y": y,
            "line": {"color": colour, "width": 2.5, "dash": DASHES[index % len(DASHES)]},
            "marker": {"color": colour, "size": 8, "symbol": SYMBOLS[index % len(SYMBOLS)]}, **extra}


def trade_by_region(table: Table, chart: str, currency: str, region_url: str, scale: str = "value") -> go.Figure:
    """Lines (or stacked bars) of the top regions by year, "Other" (when the table has it) in grey. `scale`:
    the figures, their share of the year's total, their change on the year before (the table's column), or
    the figures on a log axis."""
    value, traces = _value_column(table), []
    plotted = {"share": "share_pct", "change": "change_pct"}.get(scale, value)
    for i, (code, rows) in enumerate(_series(table, "region_code").items()):
        other = code == "other"
        urls = [None if other else region_url.format(code=code)] * len(rows)
        labels = [_trend_hover(r, value, currency, scale) for r in rows]
        traces.append(_trace(chart, rows[0]["region"], [r["year"] for r in rows], [r[plotted] for r in rows],
                             OTHER_COLOUR if other else PALETTE[i % len(PALETTE)], i,
                             customdata=[[u, t] for u, t in zip(urls, labels, strict=True)],
                             hovertemplate="<b>%{fullData.name}</b><br>%{x}: %{customdata[1]}<extra></extra>"))
    # Shares add up to a whole: stacked. Changes and logs of a stack mean nothing: side by side.
    stacked = chart == "bar" and scale in ("value", "share")
    kind, apart = _kind_words(chart)
    text = _("%(kind)s of %(measure)s by year, %(years)s: one series per region (%(names)s), %(apart)s.") % {
        "kind": _("Stacked bars") if stacked else kind, "measure": _trend_measure(scale, currency),
        "years": _span(table.column("year")), "names": _listed([t["name"] for t in traces]), "apart": apart}
    return _figure(traces, text, barmode="stack" if stacked else "group", yaxis=_trend_axis(scale, currency),
                   xaxis=_year_axis(table))


def _trend_measure(scale: str, currency: str) -> str:
    if scale == "share":
        return _("each region's share of all regions' trade (%)")
    if scale == "change":
        return _("the change in trade on the year before (%)")
    if scale == "log":
        return _("trade in %(currency)s on a logarithmic scale") % {"currency": currency}
    return _("trade in %(currency)s") % {"currency": currency}


def _trend_axis(scale: str, currency: str) -> dict:
    """The y axis for the scale; room for its tick labels, long in Russian ("2 500 000 000")."""
    return {**_trend_axis_kind(scale, currency), "automargin": True}


def _trend_axis_kind(scale: str, currency: str) -> dict:
    if scale == "share":
        return {"ticksuffix": " %", "rangemode": "tozero", "title": {"text": _("share of all regions' trade, %")}}
    if scale == "change":
        return {"ticksuffix": " %", "zeroline": True, "zerolinewidth": 2,
                "title": {"text": _("change on the year before, %")}}
    axis = _money_axis(currency)
    if scale == "log":
        axis = {**axis, "type": "log", "rangemode": "normal"}
        unit = axis["title"]["text"]
        axis["title"] = {"text": _("%(unit)s, log scale") % {"unit": unit} if unit else _("log scale")}
    return axis


def _trend_hover(row: dict, value: str, currency: str, scale: str) -> str:
    """The point's figure, with its share or change when the chart draws that."""
    amount = money(row[value], currency)
    if scale == "share":
        return html.escape(_("%(share)s of the total (%(amount)s)") % {"share": _percent_text(row["share_pct"]),
                                                                       "amount": amount})
    if scale == "change":
        change = row["change_pct"]
        if change is None:
            return html.escape(_("%(amount)s; no figure for the year before") % {"amount": amount})
        return html.escape(_("%(change)s on %(year)s (%(amount)s)") % {
            "change": ("+" if change > 0 else "") + _percent_text(change), "year": row["year"] - 1,
            "amount": amount})
    return amount


def _percent_text(value: float | None) -> str:
    return "–" if value is None else f"{number(value, 1)}{NO_BREAK}%"


# The map's frame: all of Russia, Kaliningrad (19.6° E) to Chukotka across the 180th meridian (169° W = 191° E), on
# Russia's usual equal-area conic (standard parallels 52° and 64° N, centred on 100° E). Plotly fits the frame to
# the lon/lat box and draws what falls in that box's screen rectangle: from 50° N the box's bottom corners reach
# below Dagestan (41° N), and the map fills the frame (plotly's `fitbounds` loses the 180th meridian and draws
# Russia a quarter of the size). Only the project's own boundaries are drawn: geo.visible off, no coastlines, land
# or countries from plotly's base map (static/js/dashboard.js).
MAP_GEO = {"projection": {"type": "conic equal area", "parallels": [52, 64], "rotation": {"lon": 100}},
           "lonaxis": {"range": [19, 191]}, "lataxis": {"range": [50, 82]}, "visible": False, "bgcolor": "#ffffff"}


def trade_map(table: Table, geojson_url: str, regions: list[tuple[str, str]], currency: str,
              region_url: str) -> go.Figure:
    """Regions coloured by trade on a log scale; regions without a figure in grey. A click opens the region."""
    value = _value_column(table)
    rows = [r for r in table.records() if r[value] and r[value] > 0]
    outline = {"line": {"color": "#ffffff", "width": 0.6}}
    base = {"type": "choropleth", "geojson": geojson_url, "featureidkey": "properties.code",
            "name": _("no figure"),
            "locations": [code for code, _ in regions], "z": [0] * len(regions), "showscale": False,
            "colorscale": [[0, "#e6e9ee"], [1, "#e6e9ee"]], "marker": outline,
            "customdata": [[region_url.format(code=code), name] for code, name in regions],
            "hovertemplate": "<b>%{customdata[1]}</b><br>" + html.escape(_("no figure")) + "<extra></extra>"}
    data = [base]
    if rows:
        logs = [math.log10(r[value]) for r in rows]
        low, high = math.floor(min(logs)), max(math.ceil(max(logs)), math.floor(min(logs)) + 1)
        ticks = list(range(low, high + 1))
        data.append({
            "type": "choropleth", "geojson": geojson_url, "featureidkey": "properties.code", "name": _("trade"),
            "locations": [r["code"] for r in rows], "z": logs, "zmin": low, "zmax": high, "marker": outline,
            "customdata": [[region_url.format(code=r["code"]), r["region"], money(r[value], currency), r[value]]
                           for r in rows],
            "colorscale": [[0, "#b9d3ee"], [0.5, "#4f8cc9"], [1, "#0b3c7a"]],
            "colorbar": {"tickvals": ticks, "ticktext": [money(10 ** t, currency) for t in ticks],
                         "thickness": 12, "len": 0.7, "title": {"text": _("log scale"), "side": "right"}},
            "hovertemplate": "<b>%{customdata[1]}</b><br>%{customdata[2]}<extra></extra>",
        })
    return _figure(data, _map_words(rows, value, currency), height=460,
                   margin={"l": 0, "r": 0, "t": 0, "b": 0},
                   geo=MAP_GEO)


def _map_words(rows: list[dict], value: str, currency: str) -> str:
    """The map's colour scale in words, with its ends, and the largest figure."""
    if not rows:
        return _("Map of the regions: none has a trade figure, so every region is pale grey.")
    low, high = min(r[value] for r in rows), max(r[value] for r in rows)
    top = max(rows, key=lambda r: r[value])
    scale = _("Map of the regions coloured by trade in %(currency)s, on a logarithmic scale from light blue "
              "(%(low)s) to dark blue (%(high)s); regions in pale grey have no figure.") % {
        "currency": currency, "low": money(low, currency), "high": money(high, currency)}
    count = ngettext("%(count)s region with a figure; the largest, %(region)s, %(amount)s.",
                     "%(count)s regions with a figure; the largest, %(region)s, %(amount)s.", len(rows)) % {
        "count": len(rows), "region": top["region"], "amount": money(top[value], currency)}
    return f"{scale} {count}"


def meetings_per_year(table: Table) -> go.Figure:
    kinds = _series(table, "kind")
    traces = [_trace("bar", label(MEETING_KINDS, kind), [r["year"] for r in rows], [r["meetings"] for r in rows],
                     PALETTE[i % len(PALETTE)], i, hovertemplate="%{x}: %{y} %{fullData.name}<extra></extra>")
              for i, (kind, rows) in enumerate(kinds.items())]
    total = sum(table.column("meetings")) if table.rows else 0
    text = _("Stacked bars of meetings per year, %(years)s, one series per kind (%(kinds)s), each with its own "
             "colour and fill pattern; %(total)s in all.") % {
        "years": _span(table.column("year")), "kinds": _listed([t["name"] for t in traces]), "total": total}
    return _figure(traces, text, barmode="stack", height=320,
                   yaxis={"title": {"text": _("meetings")}, "rangemode": "tozero"}, xaxis=_year_axis(table))


def sectors_heatmap(table: Table, sector_url: str | None = None) -> go.Figure:
    """Sectors (rows) by federal district (columns): the number of articles pairing them. With `sector_url`
    ("/sectors/{slug}/"), a click on a cell opens the sector's page narrowed to the district."""
    records = table.records()
    districts = list(dict.fromkeys(r["district_name"] for r in records))
    sectors = list(dict.fromkeys(r["sector_name"] for r in records))
    cell = {(r["sector_name"], r["district_name"]): r["articles"] for r in records}
    z = [[cell.get((s, d), 0) for d in districts] for s in sectors]
    trace = {"type": "heatmap", "x": [short_district(d) for d in districts], "y": sectors, "z": z,
             "colorscale": HEAT_SCALE, "xgap": 2, "ygap": 2,
             "texttemplate": "%{z}", "textfont": {"color": INK, "size": 12},  # the number, not only the shade
             "colorbar": {"thickness": 12, "title": {"text": _("articles"), "side": "right"}},
             "hovertemplate": "%{y} × %{x}: " + html.escape(_("%{z} articles")) + "<extra></extra>"}
    if sector_url:
        slugs = {r["sector_name"]: r["sector"] for r in records}
        codes = {r["district_name"]: r["district"] for r in records}
        trace["customdata"] = [[[sector_url.format(slug=slugs[s]) + f"?region={codes[d]}"] for d in districts]
                               for s in sectors]
    text = _("Heat map of %(sectors)s sectors (rows) by %(districts)s federal districts (columns): each cell shows "
             "the number of articles pairing them, and is darker blue the more there are.") % {
        "sectors": len(sectors), "districts": len(districts)}
    return _figure([trace], text, height=max(260, 40 + 24 * len(sectors)),
                   margin={"l": 16, "r": 16, "t": 8, "b": 60},
                   yaxis={"autorange": "reversed", "automargin": True}, xaxis={"automargin": True})


def articles_per_year(table: Table) -> go.Figure:
    """Bars of the articles per year (a sector's trend)."""
    rows = table.records()
    trace = _trace("bar", _("articles"), [r["year"] for r in rows], [r["articles"] for r in rows], PALETTE[0], 0,
                   hovertemplate="%{x}: " + html.escape(_("%{y} articles")) + "<extra></extra>")
    text = _("Bars of the number of articles per year, %(years)s; %(total)s in all.") % {
        "years": _span(table.column("year")), "total": sum(table.column("articles"))}
    return _figure([trace], text, height=320, showlegend=False,
                   yaxis={"title": {"text": _("articles")}, "rangemode": "tozero"}, xaxis=_year_axis(table))


def region_trade(table: Table, chart: str, currency: str, article_url: str) -> go.Figure:
    """One series per flow; a disputed point is a red diamond, part of a year an open circle."""
    value, traces = _value_column(table), []
    for i, (name, rows) in enumerate(_series(table, "series").items()):
        colour = PALETTE[i % len(PALETTE)]
        trace = _trace(chart, name, [r["year"] for r in rows], [r[value] for r in rows], colour, i,
                       customdata=[_point_hover(r, value, currency, article_url) for r in rows],
                       hovertemplate="<b>%{fullData.name}, %{x}</b><br>%{customdata[1]}<br>%{customdata[2]}"
                                     "<extra></extra>")
        if chart == "line":
            trace["marker"] = {"color": colour, "size": [12 if r["disputed"] else 8 for r in rows],
                               "symbol": [_symbol(r) for r in rows],
                               "line": {"color": ["#c0392b" if r["disputed"] else colour for r in rows], "width": 2}}
        traces.append(trace)
    kind, apart = _kind_words(chart)
    text = _("%(kind)s of trade in %(currency)s by year, %(years)s: one series per flow (%(names)s), %(apart)s.") % {
        "kind": kind, "currency": currency, "years": _span(table.column("year")),
        "names": _listed([t["name"] for t in traces]), "apart": apart}
    if chart == "line":
        text += " " + _("A diamond marks a year whose sources disagree; an open circle, a figure for part of a year.")
    return _figure(traces, text, barmode="group", yaxis=_money_axis(currency), xaxis=_year_axis(table))


def _symbol(row: dict) -> str:
    if row["disputed"]:
        return "diamond"
    return "circle-open" if row["partial"] else "circle"


def _point_hover(row: dict, value: str, currency: str, article_url: str) -> list:
    url = article_url.format(id=row["article_id"]) if row.get("article_id") else None
    detail = html.escape(_("as stated: %(amount)s") % {"amount": row["as_stated"]})
    if row.get("partial"):
        detail += f" ({html.escape(str(row.get('period', '')))})"
    if row.get("disputed"):
        detail += "<br><b>" + html.escape(_("sources disagree by more than 10 %")) + "</b>"
    source = (html.escape(_("source: %(title)s") % {"title": _short(row["article_title"])})
              if row.get("article_title") else "")
    return [url, f"{money(row[value], currency)} — {detail}", source]


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def meetings_per_month(table: Table) -> go.Figure:
    """Stacked bars of the meetings per month (a region's or a district's), one series per kind: counts, so the
    chart's size stays the same however many meetings there are."""
    kinds = _series(table, "kind")
    traces = [_trace("bar", label(MEETING_KINDS, kind), [_month(r) for r in rows], [r["meetings"] for r in rows],
                     PALETTE[i % len(PALETTE)], i, hovertemplate="%{x|%b %Y}: %{y} %{fullData.name}<extra></extra>")
              for i, (kind, rows) in enumerate(kinds.items())]
    months = [_month(r) for r in table.records()]
    text = _("Stacked bars of meetings per month, %(years)s, one series per kind (%(kinds)s), each with its own "
             "colour and fill pattern; %(total)s in all.") % {
        "years": _span([month[:4] for month in months]), "kinds": _listed([t["name"] for t in traces]),
        "total": sum(table.column("meetings")) if table.rows else 0}
    return _figure(traces, text, barmode="stack", height=320, bargap=0.1,
                   yaxis={"title": {"text": _("meetings")}, "rangemode": "tozero"},
                   xaxis=_date_axis([{"date": month} for month in months]))


def _month(row: dict) -> str:
    return f"{row['year']:04d}-{row['month']:02d}-01"


def _date_axis(rows: list[dict]) -> dict:
    """Dates by month and year; a single day gets a year either side rather than a millisecond scale."""
    axis = {"type": "date", "tickformat": "%b %Y"}
    days = {r["date"] for r in rows}  # ISO strings
    if len(days) == 1:
        year = int(next(iter(days))[:4])
        axis["range"] = [f"{year - 1}-07-01", f"{year + 1}-07-01"]
    return axis


def sectors_bar(table: Table, sector_url: str | None = None, region: str | None = None) -> go.Figure:
    """Articles per sector; with `sector_url` ("/sectors/{slug}/"), a click on a bar opens the sector's page
    (narrowed to `region` when given)."""
    rows = table.records()
    trace = {"type": "bar", "orientation": "h", "y": [r["sector_name"] for r in rows],
             "x": [r["articles"] for r in rows], "marker": {"color": PALETTE[0]},
             "hovertemplate": "%{y}: " + html.escape(_("%{x} articles")) + "<extra></extra>"}
    if sector_url:
        narrow = f"?region={region}" if region else ""
        trace["customdata"] = [[sector_url.format(slug=r["sector"]) + narrow] for r in rows]
    text = ngettext("Horizontal bars of the number of articles per sector, %(count)s sector",
                    "Horizontal bars of the number of articles per sector, %(count)s sectors", len(rows)) % {
        "count": len(rows)}
    text += (_("; the most, %(sector)s, %(count)s.") % {"sector": rows[0]["sector_name"],
                                                         "count": rows[0]["articles"]}) if rows else "."
    return _figure([trace], text, height=max(180, 50 + 26 * len(rows)),
                   margin={"l": 16, "r": 16, "t": 8, "b": 36},
                   yaxis={"autorange": "reversed", "automargin": True},
                   xaxis={"title": {"text": _("articles")}, "rangemode": "tozero", "dtick": 1 if rows and
                          max(r["articles"] for r in rows) < 8 else None})


def compare(table: Table, chart: str, currency: str, article_url: str) -> go.Figure:
    value, traces = _value_column(table), []
    for i, (_code, rows) in enumerate(_series(table, "region_code").items()):
        traces.append(_trace(chart, rows[0]["region"], [r["year"] for r in rows], [r[value] for r in rows],
                             PALETTE[i % len(PALETTE)], i,
                             customdata=[_point_hover(r, value, currency, article_url) for r in rows],
                             hovertemplate="<b>%{fullData.name}, %{x}</b><br>%{customdata[1]}<br>"
                                           "%{customdata[2]}<extra></extra>"))
    kind, apart = _kind_words(chart)
    text = _("%(kind)s of trade in %(currency)s by year, %(years)s: one series per region (%(names)s), "
             "%(apart)s.") % {"kind": kind, "currency": currency, "years": _span(table.column("year")),
                              "names": _listed([t["name"] for t in traces], 10), "apart": apart}
    return _figure(traces, text, barmode="group", yaxis=_money_axis(currency), xaxis=_year_axis(table), height=420)


def latest_trade(table: Table, currency: str, region_url: str) -> go.Figure:
    value, rows = _value_column(table), table.records()
    trace = {"type": "bar", "orientation": "h", "y": [r["region"] for r in rows], "x": [r[value] for r in rows],
             "marker": {"color": PALETTE[0]},
             "customdata": [[region_url.format(code=r["code"]), html.escape(_("%(amount)s in %(year)s") % {
                 "amount": money(r[value], currency), "year": r["year"]})] for r in rows],
             "hovertemplate": "<b>%{y}</b><br>%{customdata[1]}<extra></extra>"}
    text = _("Horizontal bars of each region's latest trade figure in %(currency)s, largest first") % {
        "currency": currency}
    text += (_(": %(region)s, %(amount)s in %(year)s, leads.") % {
        "region": rows[0]["region"], "amount": money(rows[0][value], currency), "year": rows[0]["year"]} if rows
             else ".")
    return _figure([trace], text, height=max(200, 60 + 24 * len(rows)),
                   margin={"l": 16, "r": 16, "t": 8, "b": 36},
                   yaxis={"autorange": "reversed", "automargin": True}, xaxis=_money_axis(currency))
