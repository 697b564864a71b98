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
  var refreshed = false;

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

  /* The step is complete: bring the progress panel and the outline up to date from the
   * page itself, without reloading the activity. */
  function refreshProgress() {
    if (refreshed) { return; }
    refreshed = true;
    fetch(window.location.href, { credentials: "same-origin" }).then(function (response) {
      return response.ok ? response.text() : "";
    }).then(function (html) {
      if (!html) { return; }
      var fresh = new DOMParser().parseFromString(html, "text/html");
      ["progress-panel", "course-outline"].forEach(function (id) {
        var current = document.getElementById(id);
        var replacement = fresh.getElementById(id);
        if (current && replacement) { current.replaceWith(document.importNode(replacement, true)); }
      });
      frame.dataset.progressRefreshed = "true";
    }).catch(function () { refreshed = false; });
  }

  function recorded(data) {
    if (data.completed) {
      say(config.messages.completed);
      var bar = document.getElementById("player-course-progress");
      if (bar && typeof data.percent === "number") { bar.value = data.percent; bar.textContent = data.percent + "%"; }
      refreshProgress();
    } else if (data.stored && data.score !== null && data.score !== undefined) {
      say(config.messages.notPassed);
    } else {
      return;
    }
    frame.dataset.recorded = String((Number(frame.dataset.recorded) || 0) + 1);
  }

  function statement(body) {
    if (!config.statementUrl) { say(config.messages.preview); return; }
    // One at a time and in order: an attempt's answered must land before its completed.
    queue = queue.then(function () {
      return post(config.statementUrl, body).then(recorded);
    }).catch(function () { say(config.messages.error); });
  }

  function crashed(message) {
    var start = message.phase === "start";
    if (start) {
      frame.dataset.failed = "true";
      frame.hidden = true;
    }
    var box = document.getElementById("h5p-crash");
    if (box) {
      box.textContent = start ? config.messages.crashed : config.messages.runtimeError;
      box.hidden = false;
    }
    if (!config.errorUrl) { return; }
    queue = queue.then(function () {
      return post(config.errorUrl, {
        phase: start ? "start" : "runtime",
        message: typeof message.message === "string" ? message.message : "",
        library: typeof message.library === "string" ? message.library : "",
      }).then(function () { frame.dataset.errorRecorded = "true"; });
    }).catch(function () { /* the learner already sees the message */ });
  }

  window.addEventListener("message", function (event) {
    if (event.source !== frame.contentWindow || event.origin !== config.playerOrigin) { return; }
    var message = event.data;
    if (!message || typeof message !== "object") { return; }
    if (message.type === "h5p:resize" && typeof message.height === "number") {
      // The content's height plus the frame's own border: nothing clipped.
      var border = frame.offsetHeight - frame.clientHeight;
      frame.style.height = Math.min(Math.max(message.height, 200), 20000) + border + "px";
    } else if (message.type === "h5p:ready") {
      frame.dataset.ready = "true";
      // The content has started: that begins the step (and completes it in "viewed"
      // mode). Content that never starts leaves the step as it was, not "in progress".
      if (config.statementUrl) {
        statement({ verb: { id: "http://id.tincanapi.com/verb/viewed" } });
      }
    } else if (message.type === "h5p:error") {
      crashed(message);
    } else if (message.type === "h5p:xapi" && message.statement) {
      statement(message.statement);
    } else if (message.type === "h5p:state" && typeof message.state === "string") {
      if (!config.stateUrl) { return; }
      queue = queue.then(function () {
        return post(config.stateUrl, { state: message.state }).then(function (data) {
          frame.dataset.stateSaved = String((Number(frame.dataset.stateSaved) || 0) + 1);
          if (data.completed) { recorded(data); }
        });
      }).catch(function () { say(config.messages.error); });
    }
  });
})();
