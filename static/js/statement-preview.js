// Live preview of a nomination statement: the server renders it exactly as the
// nomination page will (POST /nominations/statement-preview/, JSON {"html": ...}).
// Loaded as a file: the site's CSP allows no inline script.
(function () {
  "use strict";
  var preview = document.querySelector("[data-statement-preview]");
  if (!preview) return;
  var form = preview.closest("form") || document;
  var textarea = form.querySelector("textarea[name=nomination_statement]");
  var token = form.querySelector("input[name=csrf_token]");
  if (!textarea) return;
  var timer = null;
  var latest = 0;

  function refresh() {
    var request = ++latest;
    var body = new FormData();
    body.append("nomination_statement", textarea.value);
    fetch(preview.getAttribute("data-statement-preview"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: token ? { "X-CSRFToken": token.value } : {},
    })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        // The server's HTML is sanitised; only the newest answer is shown.
        if (data && request === latest) preview.innerHTML = data.html;
      })
      .catch(function () {});
  }

  textarea.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  preview.hidden = false;
  if (textarea.value) refresh();
})();
