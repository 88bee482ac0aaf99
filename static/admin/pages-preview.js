// The page admin's live preview: posts the form's content and shows the sanitised
// HTML the public page will show. Requests are debounced and stale answers dropped.
(function () {
  "use strict";
  var pane = document.getElementById("page-preview");
  var status = document.getElementById("page-preview-status");
  var content = document.getElementById("content");
  var contentType = document.getElementById("content_type");
  var tokenInput = document.querySelector("form.admin-form input[name=csrf_token]");
  if (!pane || !content || !contentType) { return; }
  var timer = null;
  var latest = 0;

  function update() {
    var ticket = ++latest;
    var body = new FormData();
    body.append("content", content.value);
    body.append("content_type", contentType.value);
    fetch(pane.dataset.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: {"X-CSRFToken": tokenInput ? tokenInput.value : ""}
    }).then(function (response) {
      if (!response.ok) { throw new Error("HTTP " + response.status); }
      return response.text();
    }).then(function (html) {
      if (ticket !== latest) { return; }
      pane.innerHTML = html;
      status.textContent = "Up to date";
    }).catch(function (error) {
      if (ticket !== latest) { return; }
      status.textContent = "Preview failed (" + error.message + ")";
    });
  }

  function schedule() {
    status.textContent = "Updating…";
    window.clearTimeout(timer);
    timer = window.setTimeout(update, 400);
  }

  content.addEventListener("input", schedule);
  contentType.addEventListener("change", schedule);
  // Flask-Admin dresses selects with Select2, which reports changes through jQuery.
  if (window.jQuery) { window.jQuery(contentType).on("change", schedule); }
  update();
})();
