/* Disclosure menus for the site header (loaded as a file: no inline script, CSP
   script-src 'self'). Without JavaScript, sub-menus open on hover and keyboard
   focus (CSS :focus-within) and the whole menu shows on phones. */
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  function setOpen(button, open) {
    var target = document.getElementById(button.getAttribute("aria-controls"));
    button.setAttribute("aria-expanded", open ? "true" : "false");
    if (target) { target.classList.toggle("open", open); }
  }

  function closeAll(except) {
    document.querySelectorAll(".submenu-toggle[aria-expanded='true']").forEach(function (b) {
      if (b !== except) { setOpen(b, false); }
    });
  }

  document.querySelectorAll(".submenu-toggle, .menu-toggle").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      if (button.classList.contains("submenu-toggle")) { closeAll(button); }
      setOpen(button, open);
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var open = document.querySelector(".submenu-toggle[aria-expanded='true']");
    if (open) { setOpen(open, false); open.focus(); }
  });

  document.addEventListener("click", function (event) {
    if (!event.target.closest(".main-nav")) { closeAll(null); }
  });

  // Leaving a sub-menu with Tab closes it.
  document.querySelectorAll(".main-nav .menu-item").forEach(function (item) {
    item.addEventListener("focusout", function (event) {
      if (!item.contains(event.relatedTarget)) {
        var button = item.querySelector(".submenu-toggle");
        if (button) { setOpen(button, false); }
      }
    });
  });
})();
