// Flask-Admin's inline handlers, bound here so the admin's Content-Security-Policy
// needs no 'unsafe-inline' (see pydotorg/core/security.py).
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) { return; }

    var action = target.closest("[data-admin-action]");
    if (action) {
      event.preventDefault();
      window.modelActions.execute(action.getAttribute("data-admin-action"));
      return;
    }

    var add = target.closest("[data-admin-inline-add]");
    if (add) {
      event.preventDefault();
      window.faForm.addInlineField(add, add.getAttribute("data-admin-inline-add"));
      return;
    }

    // Flask-Admin's placeholder links (href="javascript:void(0)") do nothing on
    // their own; following one would be an inline script the policy refuses.
    var placeholder = target.closest("a[href^='javascript:']");
    if (placeholder) { event.preventDefault(); }
  }, true);
})();
