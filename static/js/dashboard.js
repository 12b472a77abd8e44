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

  // The map draws only the project's own boundaries (static/geo/regions.geojson), plotly's base layers off
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

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-plot"));
    var figure = JSON.parse(source.textContent);
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

  document.addEventListener("DOMContentLoaded", function () {
    var plots = document.querySelectorAll("[data-plot]");
    Promise.all(Array.prototype.map.call(plots, draw)).then(function () {
      document.body.setAttribute("data-charts", "drawn");
    });
  });
})();
