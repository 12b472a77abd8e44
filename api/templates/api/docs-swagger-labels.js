// Swagger UI draws each parameter's control without a label, and its scrolling examples out of the keyboard's
// reach. As it draws, each control gets its parameter's name as its label, and each example a tab stop.
(function () {
  "use strict";
  function mend(root) {
    root.querySelectorAll("tr[data-param-name]").forEach(function (row) {
      var name = row.getAttribute("data-param-name") + " (" + (row.getAttribute("data-param-in") || "query") + ")";
      row.querySelectorAll("select, input, textarea").forEach(function (control) {
        if (!control.labels.length && !control.getAttribute("aria-label")) { control.setAttribute("aria-label", name); }
      });
    });
    root.querySelectorAll(".highlight-code .microlight:not([tabindex])").forEach(function (example) {
      example.setAttribute("tabindex", "0");
      example.setAttribute("role", "region");
      example.setAttribute("aria-label", "Example");
    });
  }
  var ui = document.getElementById("swagger-ui");
  new MutationObserver(function () { mend(ui); }).observe(ui, { childList: true, subtree: true });
}());
