// hotseat: the few behaviours that need the browser. No build step.
(function () {
  "use strict";
  var zone = "";
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }

  // Remember the browser's zone so pages show local times before someone logs in.
  // Stored as is, not percent-encoded: Django does not decode cookie values, and
  // IANA names ("America/New_York") only hold characters a cookie value may carry.
  var saved = (document.cookie.match(/(?:^|;\s*)hotseat_tz=([^;]*)/) || [])[1];
  if (/^[A-Za-z0-9_+\-\/]+$/.test(zone) && saved !== zone) {
    document.cookie = "hotseat_tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
  }

  function fillZones(root) {
    root.querySelectorAll("input[data-detect-tz]").forEach(function (input) {
      if (!input.value && zone) { input.value = zone; }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { fillZones(document); });
  document.addEventListener("htmx:afterSwap", function (event) { fillZones(event.target); });
})();

// The board refreshes itself (hx-trigger="every 30s"), but never while someone is typing in it
// or has a form open: its poll is called off here rather than by an hx-trigger filter, which htmx
// would have to eval (the Content-Security-Policy allows no eval).
(function () {
  "use strict";
  function boardIdle(board) {
    if (board.querySelector("details[open]")) { return false; }
    return !board.contains(document.activeElement) || document.activeElement.tagName === "BUTTON";
  }
  document.addEventListener("htmx:confirm", function (event) {
    var board = event.detail.elt;
    if (board.id === "board" && event.detail.verb === "get" && !boardIdle(board)) { event.preventDefault(); }
  });
})();

// A "Copy" button copies the field named by its data-copy (e.g. a calendar feed's address).
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-copy]");
  if (!button) { return; }
  var input = document.getElementById(button.dataset.copy);
  input.select();
  // The words come from the page (data-copied), in the reader's language.
  var done = function () { button.textContent = button.dataset.copied || button.textContent; };
  if (navigator.clipboard) { navigator.clipboard.writeText(input.value).then(done); } else { document.execCommand("copy"); done(); }
});

// After an htmx board action, move keyboard focus to what happened (the message or the refusal),
// so someone using a keyboard or a screen reader is not dropped at the top of the page.
document.addEventListener("htmx:afterSwap", function (event) {
  var board = document.getElementById("board");
  if (!board || !event.detail.requestConfig || event.detail.requestConfig.verb !== "post") { return; }
  var note = board.querySelector(".board-error, .message");
  if (note) {
    note.setAttribute("tabindex", "-1");
    note.focus();
  }
});
