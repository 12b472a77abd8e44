/* Draw every chart on the page from its embedded figure JSON; clicks on a point open its page.

   Keyboard and screen readers: each chart's title, description and data table are in the page around it
   (dashboard/_chart.html), so the drawing itself is hidden from assistive technology. Plotly's mode bar is
   kept: its buttons are real <button>s that Tab reaches and leaves, shown while focus is inside the chart. */
(function () {
  "use strict";

  // The page's language picks Plotly's locale (its mode bar's words, month names, separators); a Russian page
  // loads static/vendor/plotly/plotly-locale-ru.js first. A locale that is not registered falls back to English.
  var LANGUAGE = document.documentElement.lang || "en";
  var CONFIG = {responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"],
                locale: LANGUAGE};
  var FAILED = document.body.getAttribute("data-chart-failed") ||
    "This chart could not be drawn. Its data is in the table below and in the CSV and JSON links.";

  function openPoint(event) {
    var point = event.points && event.points[0];
    var data = point && (point.customdata || (point.data && point.data.customdata && point.data.customdata[point.pointNumber]));
    var url = Array.isArray(data) ? data[0] : null;
    if (typeof url === "string" && url.charAt(0) === "/") {
      window.location.href = url;
    }
  }

  // The SVG layers hold ticks and legend text in drawing order: noise to a screen reader, which has the
  // table. They hold nothing focusable, so hiding them hides no control. Redone after every redraw.
  function hideDrawing(element) {
    Array.prototype.forEach.call(element.querySelectorAll("svg.main-svg"), function (svg) {
      svg.setAttribute("aria-hidden", "true");
    });
  }

  // The map draws only the project's own boundaries (static/geo/regions.simplified.geojson), plotly's base layers off
  // (geo.visible false), yet plotly.js loads its base-map topology for every geo subplot, by default from
  // cdn.plot.ly. An empty one, given under the name plotly would fetch, stands in: nothing is fetched.
  function withoutBaseMap(layout) {
    var geo = layout.geo;
    if (geo && geo.visible === false) {
      var name = String(geo.scope || "world").replace(/ /g, "-") + "_" + (geo.resolution || 110) + "m";
      window.PlotlyGeoAssets.topojson[name] = {type: "Topology", objects: {}, arcs: []};
    }
    return layout;
  }

  // A name broken into lines of at most `width` characters, between words (a longer word keeps its own line).
  function wrapWords(name, width) {
    return String(name).split(" ").reduce(function (lines, word) {
      var last = lines.length - 1;
      if (last >= 0 && (lines[last] + " " + word).length <= width) {
        lines[last] += " " + word;
      } else {
        lines.push(word);
      }
      return lines;
    }, []).join("<br>");
  }

  // On a phone the row names of a heat map or of horizontal bars (sectors, up to 35 characters) would need most
  // of the width, and plotly's automargin stops short and cuts them. In a narrow plot each name is broken into
  // short lines and the rows grow to hold them; a heat map's colour bar moves above its cells. Only the labels
  // change: hover and the data table keep the whole names.
  var NARROW_PLOT = 560;
  var LINE_CHARACTERS = 20;
  var LINE_HEIGHT = 13;

  function namesOnTheSide(trace) {
    var sideways = trace.type === "heatmap" || (trace.type === "bar" && trace.orientation === "h");
    return sideways && Array.isArray(trace.y) && typeof trace.y[0] === "string";
  }

  function fitToWidth(element, figure) {
    var traces = figure.data.filter(namesOnTheSide);
    if (element.clientWidth >= NARROW_PLOT || traces.length === 0) {
      return figure;
    }
    var names = traces.reduce(function (all, trace) { return all.concat(trace.y); }, []).filter(function (name, i, all) {
      return all.indexOf(name) === i;
    });
    var labels = names.map(function (name) { return wrapWords(name, LINE_CHARACTERS); });
    var lines = Math.max.apply(null, labels.map(function (label) { return label.split("<br>").length; }));
    var layout = figure.layout;
    layout.yaxis = Object.assign({}, layout.yaxis, {tickmode: "array", tickvals: names, ticktext: labels,
                                                    tickfont: {size: 11}});
    layout.height = (layout.height || 380) + names.length * LINE_HEIGHT * (lines - 1);
    traces.forEach(function (trace) {
      if (trace.type === "heatmap" && trace.showscale !== false) {
        var title = Object.assign({}, (trace.colorbar || {}).title, {side: "top"});
        trace.colorbar = Object.assign({}, trace.colorbar, {orientation: "h", x: 0.5, xanchor: "center", y: 1.01,
                                                            yanchor: "bottom", len: 1, thickness: 10, title: title});
        layout.margin = Object.assign({}, layout.margin, {t: 64});
        layout.height += 56;
      }
    });
    return figure;
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-plot"));
    var figure = fitToWidth(element, JSON.parse(source.textContent));
    return Plotly.newPlot(element, figure.data, withoutBaseMap(figure.layout), CONFIG).then(function (plot) {
      plot.on("plotly_click", openPoint);
      plot.on("plotly_afterplot", function () { hideDrawing(element); });
      hideDrawing(element);
      element.setAttribute("data-drawn", "yes");
    }, function (error) {
      element.setAttribute("data-drawn", "failed");
      element.textContent = FAILED;
      throw error;
    });
  }

  // The overview's map year (templates/dashboard/overview.html): the year shows as the slider moves, and once it
  // rests (the pointer let go, or a pause after the last key: arrowing through the years loads only the last) the
  // page loads that year. The address names it, so a reload or a shared link shows the same map; the slider has
  // the focus again on the new page, so the keyboard goes on from where it was.
  var YEAR_PAUSE = 700;
  var REFOCUS = "belregions:refocus";

  function followYearSlider(form) {
    var slider = form.querySelector("input[type=range]");
    var shown = form.querySelector("[data-year-shown]");
    var timer = null;
    function load() {
      clearTimeout(timer);
      if (slider.value === slider.defaultValue) {
        return;
      }
      try { window.sessionStorage.setItem(REFOCUS, slider.id); } catch (ignored) { /* storage off: no refocus */ }
      form.submit();
    }
    slider.addEventListener("input", function () {
      shown.textContent = slider.value;
      clearTimeout(timer);
      timer = setTimeout(load, YEAR_PAUSE);
    });
    slider.addEventListener("pointerup", load);
  }

  function refocus() {
    var id = null;
    try { id = window.sessionStorage.getItem(REFOCUS); window.sessionStorage.removeItem(REFOCUS); } catch (ignored) {}
    var element = id && document.getElementById(id);
    if (element) {
      element.focus({preventScroll: true});
    }
  }

  // Charts are drawn after the page's first paint: the text, tables and controls show at once, and the drawing
  // (plotly's work, the map's boundaries fetched) follows. A requestAnimationFrame callback runs just before a
  // paint; a timeout set from it, just after.
  function afterFirstPaint(callback) {
    window.requestAnimationFrame(function () { setTimeout(callback, 0); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-map-year]"), followYearSlider);
    afterFirstPaint(function () {
      var plots = document.querySelectorAll("[data-plot]");
      Promise.all(Array.prototype.map.call(plots, draw)).then(function () {
        document.body.setAttribute("data-charts", "drawn");
      });
    });
  });
  // After the load: the browser's scroll to the address's #map, which would take the focus away, is done.
  window.addEventListener("load", refocus);
})();
