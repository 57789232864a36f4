// The sheet import: once a dry run or an import is sent, say so and keep it from being sent twice.
// A static file (the CSP refuses inline scripts). A disabled button is not sent with the form,
// so the chosen action goes along in a hidden field. Its words come from the page (data-checking,
// data-wait, the button's data-busy), in the reader's language.
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target.closest("form[data-sheet-import]");
    if (!form || form.dataset.sent) {
      if (form) event.preventDefault();
      return;
    }
    form.dataset.sent = "true";
    var button = event.submitter;
    if (button && button.name) {
      var action = document.createElement("input");
      action.type = "hidden";
      action.name = button.name;
      action.value = button.value;
      form.appendChild(action);
    }
    var busy = button && button.dataset.busy ? button.dataset.busy : form.dataset.checking || "";
    form.querySelectorAll("button[type=submit]").forEach(function (each) { each.disabled = true; });
    if (button) button.textContent = busy;
    var status = form.querySelector("[data-sheet-status]");
    if (status) status.textContent = busy + " " + (form.dataset.wait || "");
    form.setAttribute("aria-busy", "true");
  });
})();
