// Countdown for a timed attempt. Display only: the server enforces the deadline and
// closes the attempt on the next request after it.
(function () {
  "use strict";
  var box = document.getElementById("quiz-countdown");
  if (!box) { return; }
  var deadline = Date.parse(box.getAttribute("data-deadline"));
  var left = box.querySelector(".quiz-countdown-left");
  if (isNaN(deadline) || !left) { return; }
  left.removeAttribute("aria-hidden");
  var announced = false;
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function tick() {
    var seconds = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    var h = Math.floor(seconds / 3600), m = Math.floor((seconds % 3600) / 60), s = seconds % 60;
    left.textContent = "(" + (h ? h + ":" + pad(m) : m) + ":" + pad(s) + ")";
    if (seconds <= 60 && !announced) {
      box.classList.add("is-ending");
      announced = true;
    }
    if (seconds === 0) {
      box.textContent = box.getAttribute("data-expired");
      window.clearInterval(timer);
      // Let the server close the attempt; it shows the review.
      window.setTimeout(function () { window.location.reload(); }, 3000);
    }
  }
  var timer = window.setInterval(tick, 1000);
  tick();
})();
