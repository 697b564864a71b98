// Small progressive enhancements; every page works without this file.
(function () {
  "use strict";
  // Copy buttons: <button data-copy="text to copy" data-copied="Copied">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button || !navigator.clipboard) return;
    navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
      var done = button.getAttribute("data-copied");
      if (done) {
        var status = document.getElementById(button.getAttribute("aria-describedby") || "");
        if (status) status.textContent = done;
      }
    });
  });
  // Confirmation for destructive or final actions: <form data-confirm="Are you sure?">.
  document.addEventListener("submit", function (event) {
    var message = event.target.getAttribute && event.target.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });
  // Messages arrive with the page (after a redirect: "step complete, next: ..."), and screen
  // readers ignore a live region's first content: move focus to them so they are read out.
  var shown = document.querySelector("[data-announce]");
  if (shown && !window.location.hash) shown.focus({preventScroll: true});
  // A table wider than the screen scrolls in its .table-wrap box: make that box reachable
  // and named for keyboard users, but only while it really scrolls.
  function markScrollable() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (box) {
      if (box.scrollWidth > box.clientWidth + 1) {
        var caption = box.querySelector("caption");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  markScrollable();
  window.addEventListener("resize", markScrollable);
  document.addEventListener("htmx:afterSettle", markScrollable);
  // Move focus to new content after htmx swaps a region marked data-focus-after-swap.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target.querySelector("[data-focus-after-swap]");
    if (target) target.focus();
  });
})();
