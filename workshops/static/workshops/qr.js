// The check-in code rotates: reload the page shortly before the code expires.
(function () {
  var box = document.querySelector("[data-refresh-seconds]");
  if (!box) return;
  var seconds = parseInt(box.getAttribute("data-refresh-seconds"), 10) || 50;
  window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
})();
