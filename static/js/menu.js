/* The header's menu on a phone: the navigation, the search and the language switch fold behind one button.

   Progressive enhancement: the page is sent with everything open and the button hidden; this script marks the
   header `menu-ready`, and only then does the stylesheet (below 700 px) show the button and hide the menu while
   aria-expanded is "false". At desktop widths the button stays hidden whatever its state. The button is a real
   <button>, so Tab reaches it and Enter and Space press it; Escape closes the menu and gives focus back to it. */
(function () {
  "use strict";

  var button = document.querySelector("header.site .menu-toggle");
  var menu = button && document.getElementById(button.getAttribute("aria-controls"));
  if (!menu) {
    return;
  }

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }

  setOpen(false);
  button.closest("header.site").classList.add("menu-ready");

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });

  // Escape from the button or from anywhere in the open menu; elsewhere on the page it is left to others. At
  // desktop widths (the button not rendered) the menu is no menu, and Escape in its search field stays there.
  document.addEventListener("keydown", function (event) {
    var inside = event.target === button || menu.contains(event.target);
    var folding = button.getClientRects().length > 0 && button.getAttribute("aria-expanded") === "true";
    if (event.key === "Escape" && inside && folding) {
      setOpen(false);
      button.focus();
    }
  });
})();
