/* Runs on the isolated player origin. Starts h5p-standalone on the token's files and
 * relays xAPI statements, the content's state, its height and its errors to the academy
 * page with postMessage, addressed to that page's exact origin. It never talks to the
 * academy server. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("h5p-player-config").textContent);
  var parentOrigin = config.parentOrigin;
  var container = document.getElementById("h5p-container");
  var lastState = config.state || null;
  var started = false;
  var failed = false;
  var firstError = null;
  var firstErrorAt = 0;
  var reported = {};
  var reportedCount = 0;
  var watched = [];

  function send(message) {
    if (window.parent && window.parent !== window) {
      window.parent.postMessage(message, parentOrigin);
    }
  }

  /* The library a script error comes from, read from the file's URL
   * (".../libraries/H5P.MultiChoice-1.14/js/multichoice.js"). */
  function libraryOf(text) {
    var match = /\/libraries\/([A-Za-z0-9_.\-]+-\d+\.\d+)\//.exec(text || "");
    return match ? match[1] : "";
  }

  function describe(event) {
    var error = event.error || event.reason;
    var message = (error && error.message) || event.message || String(error || "");
    var where = (event.filename || "") + " " + ((error && error.stack) || "");
    return { message: String(message).slice(0, 1000), library: libraryOf(where) || config.mainLibrary };
  }

  function report(phase, details) {
    var key = phase + ":" + details.message;
    if (reported[key] || reportedCount >= 5) { return; }
    reported[key] = true;
    reportedCount += 1;
    send({ type: "h5p:error", phase: phase, message: details.message, library: details.library });
  }

  function fail(details) {
    if (failed || started) { return; }
    failed = true;
    report("start", details);
  }

  function onError(event) {
    // "Script error." without a file comes from another origin's script: not the content's.
    if (!event.filename && !event.error && !event.reason) { return; }
    var details = describe(event);
    if (!started) {
      if (!firstError) { firstError = details; firstErrorAt = Date.now(); }
    } else {
      report("runtime", details);
    }
  }

  function watch(win) {
    if (!win || watched.indexOf(win) !== -1) { return; }
    watched.push(win);
    win.addEventListener("error", onError);
    win.addEventListener("unhandledrejection", onError);
  }

  function contentWindows() {
    var found = [window];
    var frames = container.querySelectorAll("iframe.h5p-iframe");
    for (var i = 0; i < frames.length; i++) {
      try { if (frames[i].contentWindow) { found.push(frames[i].contentWindow); } } catch (error) { /* not ours */ }
    }
    return found;
  }

  function instances() {
    var found = [];
    contentWindows().forEach(function (win) {
      try {
        if (win.H5P && win.H5P.instances) { found = found.concat(win.H5P.instances); }
      } catch (error) { /* a frame we may not read */ }
    });
    return found;
  }

  function relayState() {
    var list = instances();
    if (!list.length || typeof list[0].getCurrentState !== "function") { return; }
    var state;
    try { state = list[0].getCurrentState(); } catch (error) { return; }
    if (state === undefined) { return; }
    var text = JSON.stringify(state);
    if (text !== lastState) {
      lastState = text;
      send({ type: "h5p:state", state: text });
    }
  }

  function reportHeight() {
    send({ type: "h5p:resize", height: Math.ceil(document.documentElement.scrollHeight) });
  }

  function ready() {
    started = true;
    if (lastState === null) {
      // The state the content starts with is not a change by the learner: only later
      // ones are relayed (they count as "interacted").
      var list = instances();
      try {
        var initial = list.length && typeof list[0].getCurrentState === "function" ? list[0].getCurrentState() : undefined;
        if (initial !== undefined) { lastState = JSON.stringify(initial); }
      } catch (error) { /* the content's own bug: relayState will try again */ }
    }
    // What the learner does may change the state without any statement: look soon after.
    var pending = null;
    function soon() {
      if (pending) { window.clearTimeout(pending); }
      pending = window.setTimeout(relayState, 800);
    }
    contentWindows().forEach(function (win) {
      try {
        win.document.addEventListener("click", soon, true);
        win.document.addEventListener("keyup", soon, true);
      } catch (error) { /* a frame we may not read */ }
    });
    // H5P in the content frame forwards its events to this window's dispatcher.
    window.H5P.externalDispatcher.on("xAPI", function (event) {
      send({ type: "h5p:xapi", statement: event.data.statement });
      window.setTimeout(relayState, 0);
    });
    window.setInterval(relayState, 10000);
    document.addEventListener("visibilitychange", relayState);
    window.addEventListener("pagehide", relayState);
    if (window.ResizeObserver) {
      var observer = new ResizeObserver(reportHeight);
      observer.observe(document.body);
      container.querySelectorAll("iframe.h5p-iframe").forEach(function (frame) { observer.observe(frame); });
    }
    reportHeight();
    send({ type: "h5p:ready" });
  }

  /* H5P builds the content inside jQuery's ready handler, after the standalone promise
   * resolves, and an exception there never rejects it: the content has started only
   * when H5P lists an instance for it. */
  function awaitInstance(since) {
    contentWindows().forEach(watch);
    if (instances().length) { ready(); return; }
    // An error and still no content 2 s later: it failed. Without an error, a slow
    // connection may still be loading the libraries: give it a minute.
    if (firstError && Date.now() - firstErrorAt > 2000) { fail(firstError); return; }
    if (Date.now() - since > 60000) {
      fail({ message: "The content did not start within a minute.", library: config.mainLibrary });
      return;
    }
    window.setTimeout(function () { awaitInstance(since); }, 100);
  }

  watch(window);
  var options = {
    h5pJsonPath: config.h5pJsonPath,
    contentJsonPath: config.contentJsonPath,
    librariesPath: config.librariesPath,
    frameJs: config.frameJs,
    frameCss: config.frameCss,
    frame: false,
    fullScreen: true,
    // State is restored from the academy; H5P core never saves it itself (no user,
    // so no ajax), player.js relays it instead.
    saveFreq: 3600,
    contentUserData: config.state ? [{ state: config.state }] : undefined,
  };

  new H5PStandalone.H5P(container, options).then(function () {
    awaitInstance(Date.now());
  }).catch(function (error) {
    fail({ message: String((error && error.message) || error).slice(0, 1000), library: config.mainLibrary });
  });
})();
