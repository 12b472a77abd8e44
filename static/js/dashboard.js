/* Draw every chart on the page from its embedded figure JSON; clicks on a point open its page. */
(function () {
  "use strict";

  var CONFIG = {responsive: true, displaylogo: false, modeBarButtonsToRemove: ["select2d", "lasso2d"]};

  function openPoint(event) {
    var point = event.points && event.points[0];
    var data = point && (point.customdata || (point.data && point.data.customdata && point.data.customdata[point.pointNumber]));
    var url = Array.isArray(data) ? data[0] : null;
    if (typeof url === "string" && url.charAt(0) === "/") {
      window.location.href = url;
    }
  }

  function draw(element) {
    var source = document.getElementById(element.getAttribute("data-plot"));
    var figure = JSON.parse(source.textContent);
    return Plotly.newPlot(element, figure.data, figure.layout, CONFIG).then(function (plot) {
      plot.on("plotly_click", openPoint);
      element.setAttribute("data-drawn", "yes");
    }, function (error) {
      element.setAttribute("data-drawn", "failed");
      element.textContent = "This chart could not be drawn. Its data is in the CSV and JSON links.";
      throw error;
    });
  }

  function autosubmit(select) {
    select.addEventListener("change", function () { select.form.submit(); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var plots = document.querySelectorAll("[data-plot]");
    Promise.all(Array.prototype.map.call(plots, draw)).then(function () {
      document.body.setAttribute("data-charts", "drawn");
    });
    Array.prototype.forEach.call(document.querySelectorAll("select[data-autosubmit]"), autosubmit);
  });
})();
