/* Runs on the academy page. Accepts messages only from the H5P frame's window and the
 * player's exact origin, and posts them to the academy with the session and CSRF token. */
(function () {
  "use strict";
  var frame = document.getElementById("h5p-frame");
  var holder = document.getElementById("h5p-config");
  if (!frame || !holder) { return; }
  var config = JSON.parse(holder.textContent);
  var status = document.getElementById("h5p-status");
  var queue = Promise.resolve();

  function say(text) { if (status) { status.textContent = text; } }

  function post(url, body) {
    var text = JSON.stringify(body);
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": config.csrfToken },
      body: text,
      // Lets the last state save finish while the learner leaves the page (browsers
      // allow it for small bodies only).
      keepalive: text.length < 60000,
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { throw new Error(data.error || String(response.status)); }
        return data;
      });
    });
  }

  function recorded(data) {
    if (!data.stored || data.score === null || data.score === undefined) { return; }
    if (data.completed) {
      say(config.messages.completed);
      var bar = document.getElementById("player-course-progress");
      if (bar && typeof data.percent === "number") { bar.value = data.percent; bar.textContent = data.percent + "%"; }
    } else {
      say(config.messages.notPassed);
    }
    frame.dataset.recorded = String((Number(frame.dataset.recorded) || 0) + 1);
  }

  window.addEventListener("message", function (event) {
    if (event.source !== frame.contentWindow || event.origin !== config.playerOrigin) { return; }
    var message = event.data;
    if (!message || typeof message !== "object") { return; }
    if (message.type === "h5p:resize" && typeof message.height === "number") {
      frame.style.height = Math.min(Math.max(message.height, 200), 5000) + "px";
    } else if (message.type === "h5p:ready") {
      frame.dataset.ready = "true";
    } else if (message.type === "h5p:xapi" && message.statement) {
      if (!config.statementUrl) { say(config.messages.preview); return; }
      // One at a time and in order: an attempt's answered must land before its completed.
      queue = queue.then(function () {
        return post(config.statementUrl, message.statement).then(recorded);
      }).catch(function () { say(config.messages.error); });
    } else if (message.type === "h5p:state" && typeof message.state === "string") {
      if (!config.stateUrl) { return; }
      queue = queue.then(function () {
        return post(config.stateUrl, { state: message.state }).then(function () {
          frame.dataset.stateSaved = String((Number(frame.dataset.stateSaved) || 0) + 1);
        });
      }).catch(function () { say(config.messages.error); });
    }
  });
})();
