// Outline editor: drag and drop reordering, and keeping keyboard focus after htmx
// re-renders the outline. Every action also works as a plain form without this file.
(function () {
  "use strict";
  var lastFocus = null;

  document.addEventListener("htmx:beforeRequest", function (event) {
    var origin = event.detail.elt;
    var button = origin && origin.querySelector ? (document.activeElement && document.activeElement.closest("[data-focus]")) : null;
    lastFocus = button ? button.getAttribute("data-focus") : null;
  });

  function restoreFocus() {
    var target = null;
    if (lastFocus) {
      // The same control again if it is still usable (e.g. "Down" after moving down) ...
      target = Array.prototype.find.call(
        document.querySelectorAll('[data-focus="' + lastFocus + '"]:not([disabled])'),
        function (element) { return element.offsetParent !== null && !element.closest("details:not([open])"); }
      ) || null;
      if (!target) {
        // ... otherwise the step or module it acted on.
        var id = lastFocus.replace(/-(up|down)$/, "");
        target = document.getElementById(id);
      }
    }
    if (!target) target = document.querySelector("#outline .studio-status");
    if (target) {
      if (!target.hasAttribute("tabindex") && !/^(BUTTON|A|INPUT|SELECT)$/.test(target.tagName)) target.setAttribute("tabindex", "-1");
      target.focus();
    }
    lastFocus = null;
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target && event.detail.target.id === "outline") restoreFocus();
  });

  function csrfHeaders() {
    var headers = { "HX-Request": "true" };
    try {
      var extra = JSON.parse(document.body.getAttribute("data-hx-headers") || "{}");
      Object.keys(extra).forEach(function (key) { headers[key] = extra[key]; });
    } catch (error) { /* no CSRF header: the server refuses and the outline is re-rendered */ }
    return headers;
  }

  var dragged = null;

  document.addEventListener("dragstart", function (event) {
    var item = event.target.closest && event.target.closest(".studio-item");
    if (!item) return;
    dragged = item;
    item.classList.add("is-dragging");
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.getAttribute("data-item"));
  });

  document.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("is-dragging");
    dragged = null;
  });

  document.addEventListener("dragover", function (event) {
    if (!dragged) return;
    var list = event.target.closest && event.target.closest(".studio-items");
    if (!list) return;
    event.preventDefault();
    var over = event.target.closest(".studio-item");
    var empty = list.querySelector(".studio-empty");
    if (empty) empty.remove();
    if (!over) {
      if (dragged.parentNode !== list) list.appendChild(dragged);
      return;
    }
    if (over === dragged) return;
    var box = over.getBoundingClientRect();
    var after = event.clientY > box.top + box.height / 2;
    list.insertBefore(dragged, after ? over.nextSibling : over);
  });

  document.addEventListener("drop", function (event) {
    if (!dragged) return;
    var list = event.target.closest && event.target.closest(".studio-items");
    if (!list) return;
    event.preventDefault();
    var body = new URLSearchParams();
    list.querySelectorAll(".studio-item").forEach(function (item) {
      body.append("order", item.getAttribute("data-item"));
    });
    lastFocus = "item-" + dragged.getAttribute("data-item");
    fetch(list.getAttribute("data-reorder-url"), {
      method: "POST", headers: csrfHeaders(), body: body, credentials: "same-origin",
    }).then(function (response) { return response.text(); }).then(function (html) {
      var outline = document.getElementById("outline");
      outline.outerHTML = html;
      var fresh = document.getElementById("outline");
      if (window.htmx) window.htmx.process(fresh);
      restoreFocus();
    });
  });
})();
