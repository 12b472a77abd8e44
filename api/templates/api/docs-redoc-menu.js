// ReDoc's side menu puts role=menuitem and an aria-label on each <li>, and an open section's <li> holds its
// operations too: its label ("articles") is then not the text it shows (WCAG 2.5.3, axe's
// label-content-name-mismatch). As ReDoc draws, the menu item's role, tab stop and expanded state move to the
// <li>'s own <label> (named by its text: "get Articles, newest published first"); the <li> becomes plain
// (role=none). ReDoc's Enter/Space handler stays on the <li>: the key's event bubbles up to it from the label.
(function () {
  "use strict";
  function set(el, name, value) {
    if (value === null) { if (el.hasAttribute(name)) { el.removeAttribute(name); } } else if (el.getAttribute(name) !== value) { el.setAttribute(name, value); }
  }
  function mend(item) {
    var label = item.querySelector(":scope > label");
    if (!label) { return; }
    set(label, "role", "menuitem");
    set(label, "tabindex", "0");
    if (item.hasAttribute("aria-expanded")) { set(label, "aria-expanded", item.getAttribute("aria-expanded")); }
    set(item, "role", "none");
    set(item, "tabindex", null);
    set(item, "aria-label", null);
    set(item, "aria-expanded", null);
    // A tab stop inside the item would be a control inside a control.
    label.querySelectorAll("[tabindex='0']").forEach(function (inner) { set(inner, "tabindex", "-1"); });
  }
  // On a narrow screen the menu opens with a round button that is a bare <div>: no name, no tab stop, no keys.
  // It is the element after the menu's panel (ReDoc's FloatingButton); it becomes a named button, Enter and
  // Space clicking it.
  function mendMenuButton() {
    var panel = document.querySelector(".menu-content");
    var button = panel && panel.nextElementSibling;
    if (!button || button.getAttribute("role") === "button" || !button.querySelector("svg")) { return; }
    button.setAttribute("role", "button");
    button.setAttribute("tabindex", "0");
    button.setAttribute("aria-label", "Menu: show or hide the list of operations");
    button.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); button.click(); }
    });
  }
  new MutationObserver(function () {
    mendMenuButton();
    document.querySelectorAll("li[data-item-id]").forEach(mend);
  }).observe(document.body, { childList: true, subtree: true, attributes: true,
                              attributeFilter: ["role", "aria-expanded", "tabindex"] });
}());
