// Drafts survive a reload: a form with data-draft-key keeps its text fields (and the
// rich-text editor's content) in this browser's localStorage until it is submitted.
// Loaded before the editor so a restored draft is what the editor starts from.
(function () {
  "use strict";

  function fields(form) {
    return form.querySelectorAll("textarea[name], input[type=text][name], select[name]");
  }

  function restore(form, key) {
    var saved;
    try { saved = JSON.parse(window.localStorage.getItem(key) || "null"); } catch (e) { saved = null; }
    if (!saved) return;
    fields(form).forEach(function (field) {
      if (typeof saved[field.name] !== "string") return;
      if (field.tagName === "SELECT" || !field.value) field.value = saved[field.name];
    });
  }

  function save(form, key) {
    var data = {};
    var any = false;
    fields(form).forEach(function (field) {
      var value = field.value;
      var wrapper = field.closest(".prose-editor");
      var editable = wrapper && wrapper.querySelector(".ProseMirror");
      if (editable) value = editable.innerHTML;
      data[field.name] = value;
      if (field.tagName !== "SELECT" && value && value !== "<p></p>") any = true;
    });
    try {
      if (any) window.localStorage.setItem(key, JSON.stringify(data));
      else window.localStorage.removeItem(key);
    } catch (e) { /* storage full or disabled: drafts are a convenience */ }
  }

  function setup(form) {
    var key = "draft:" + form.getAttribute("data-draft-key");
    restore(form, key);
    var timer = null;
    function later() { window.clearTimeout(timer); timer = window.setTimeout(function () { save(form, key); }, 300); }
    form.addEventListener("input", later);
    form.addEventListener("keyup", later);
    form.addEventListener("submit", function () {
      try { window.localStorage.removeItem(key); } catch (e) { /* ignore */ }
    });
  }

  function start() { document.querySelectorAll("form[data-draft-key]").forEach(setup); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
