// Django's autocomplete fields (select2) draw a combobox whose name is its current choice, so an empty one
// has no name for a screen reader (axe: aria-input-field-name). Name it by the field's own <label> too.
// select2 draws (and redraws) its combobox whenever it likes, so every new one is named as it appears.
(function () {
  "use strict";
  function name(select) {
    var label = document.querySelector('label[for="' + select.id + '"]');
    var combobox = select.parentElement.querySelector('.select2-selection[role="combobox"]');
    if (!label || !combobox) return;
    if (!label.id) label.id = select.id + "-label";
    var current = (combobox.getAttribute("aria-labelledby") || "").split(" ");
    if (current.indexOf(label.id) === -1) {
      combobox.setAttribute("aria-labelledby", [label.id].concat(current).join(" ").trim());
    }
    var rendered = combobox.querySelector(".select2-selection__rendered");
    if (rendered && !rendered.getAttribute("aria-labelledby")) rendered.setAttribute("aria-labelledby", label.id);
  }
  function nameAll() {
    document.querySelectorAll("select.admin-autocomplete[id]").forEach(name);
  }
  document.addEventListener("DOMContentLoaded", function () {
    nameAll();
    new MutationObserver(nameAll).observe(document.body, {childList: true, subtree: true});
  });
})();
