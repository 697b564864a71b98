// Accessibility fixes for the rich-text editor (django-prose-editor): the editable
// area gets the field's label as its name, and greyed-out toolbar buttons say so.
(function () {
  "use strict";

  function label(editable) {
    if (editable.hasAttribute("aria-labelledby")) return;
    var wrapper = editable.closest(".prose-editor");
    var textarea = wrapper && wrapper.querySelector("textarea");
    var field = textarea && document.querySelector('label[for="' + textarea.id + '"]');
    if (!field) return;
    if (!field.id) field.id = textarea.id + "-label";
    editable.setAttribute("aria-labelledby", field.id);
    editable.setAttribute("aria-multiline", "true");
  }

  function mark(root) {
    root.querySelectorAll(".ProseMirror").forEach(label);
    root.querySelectorAll(".prose-menubar__button").forEach(function (button) {
      button.setAttribute("aria-disabled", button.classList.contains("disabled") ? "true" : "false");
    });
  }

  new MutationObserver(function () { mark(document); }).observe(document.documentElement, {
    childList: true, subtree: true, attributes: true, attributeFilter: ["class"],
  });
  document.addEventListener("DOMContentLoaded", function () { mark(document); });
})();
