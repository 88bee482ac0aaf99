// Names for the admin controls Flask-Admin and Select2 draw without one: the row
// checkboxes of list pages (a title only) and the "remove" crosses of multiple
// selects (an empty link). Select2 redraws its choices, so new ones are named too.
(function () {
  "use strict";

  function nameControls() {
    document
      .querySelectorAll("input.action-checkbox:not([aria-label]), input.action-rowtoggle:not([aria-label])")
      .forEach(function (box) {
        box.setAttribute("aria-label", box.title || "Select");
      });
    document
      .querySelectorAll("a.select2-search-choice-close:not([aria-label])")
      .forEach(function (cross) {
        var choice = cross.parentElement ? cross.parentElement.textContent.trim() : "";
        cross.setAttribute("aria-label", choice ? "Remove " + choice : "Remove");
      });
  }

  nameControls();
  new MutationObserver(nameControls).observe(document.body, { childList: true, subtree: true });
})();
