// Pasted or dropped files in a post's text box upload at once and leave their Markdown behind.
// Without JavaScript the form's own file input does the same job.
// What it says comes from the page, in the reader's language (#upload-texts, marked in week.html).
(function () {
  "use strict";

  function said(key, name) {
    var texts = document.getElementById("upload-texts");
    var text = (texts && texts.getAttribute("data-" + key)) || "";
    return text.replace("{name}", name || "");
  }

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function status(textarea) {
    var box = textarea.parentNode.querySelector(".upload-status");
    if (!box) {
      box = document.createElement("p");
      box.className = "upload-status";
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      textarea.insertAdjacentElement("afterend", box);
    }
    return box;
  }

  function insertAt(textarea, placeholder) {
    var start = textarea.selectionStart, end = textarea.selectionEnd, value = textarea.value;
    var before = value.slice(0, start), after = value.slice(end);
    var gapBefore = before && !before.endsWith("\n") ? "\n" : "";
    textarea.value = before + gapBefore + placeholder + "\n" + after;
    var caret = (before + gapBefore + placeholder + "\n").length;
    textarea.setSelectionRange(caret, caret);
  }

  function upload(textarea, form, file) {
    var url = form.getAttribute("data-upload-url");
    var placeholder = "![" + said("uploading", (file.name || said("image")).replace(/[\[\]]/g, "")) + "]()";
    var box = status(textarea);
    insertAt(textarea, placeholder);
    textarea.classList.add("uploading");
    box.className = "upload-status";
    box.textContent = said("uploading", file.name || said("your-file"));
    var body = new FormData();
    body.append("file", file, file.name || "pasted.png");
    return fetch(url, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": csrfToken(form), "Accept": "application/json" },
      credentials: "same-origin"
    })
      .then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      })
      .then(function (result) {
        if (!result.ok) { throw new Error(result.data.error || said("failed")); }
        textarea.value = textarea.value.replace(placeholder, result.data.markdown);
        box.textContent = said("added", result.data.name);
      })
      .catch(function (error) {
        textarea.value = textarea.value.replace(placeholder + "\n", "").replace(placeholder, "");
        box.className = "upload-status error";
        box.textContent = error.message || said("failed");
      })
      .finally(function () {
        textarea.classList.remove("uploading");
        textarea.dispatchEvent(new Event("input", { bubbles: true }));
      });
  }

  function filesOf(transfer) {
    var files = [];
    if (!transfer) { return files; }
    for (var i = 0; i < transfer.files.length; i++) { files.push(transfer.files[i]); }
    return files;
  }

  document.addEventListener("paste", function (event) {
    var textarea = event.target;
    if (!(textarea instanceof HTMLTextAreaElement) || !textarea.form || !textarea.form.hasAttribute("data-upload-url")) { return; }
    var files = filesOf(event.clipboardData);
    if (!files.length) { return; }
    event.preventDefault();
    files.forEach(function (file) { upload(textarea, textarea.form, file); });
  });

  document.addEventListener("dragover", function (event) {
    var textarea = event.target;
    if (textarea instanceof HTMLTextAreaElement && textarea.form && textarea.form.hasAttribute("data-upload-url")) {
      event.preventDefault();
    }
  });

  document.addEventListener("drop", function (event) {
    var textarea = event.target;
    if (!(textarea instanceof HTMLTextAreaElement) || !textarea.form || !textarea.form.hasAttribute("data-upload-url")) { return; }
    var files = filesOf(event.dataTransfer);
    if (!files.length) { return; }
    event.preventDefault();
    textarea.focus();
    files.forEach(function (file) { upload(textarea, textarea.form, file); });
  });
}());
