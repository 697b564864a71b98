/* Runs on the isolated player origin. Starts h5p-standalone on the token's files and
 * relays xAPI statements and the content's state to the academy page with postMessage,
 * addressed to that page's exact origin. It never talks to the academy server. */
(function () {
  "use strict";
  var config = JSON.parse(document.getElementById("h5p-player-config").textContent);
  var parentOrigin = config.parentOrigin;
  var container = document.getElementById("h5p-container");
  var lastState = config.state || null;

  function send(message) {
    if (window.parent && window.parent !== window) {
      window.parent.postMessage(message, parentOrigin);
    }
  }

  function instances() {
    var found = [];
    function collect(win) {
      try {
        if (win.H5P && win.H5P.instances) { found = found.concat(win.H5P.instances); }
      } catch (error) { /* a frame we may not read */ }
    }
    collect(window);
    var frames = container.querySelectorAll("iframe");
    for (var i = 0; i < frames.length; i++) { collect(frames[i].contentWindow); }
    return found;
  }

  function relayState() {
    var list = instances();
    if (!list.length || typeof list[0].getCurrentState !== "function") { return; }
    var state = list[0].getCurrentState();
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

  var options = {
    h5pJsonPath: config.h5pJsonPath,
    contentJsonPath: config.contentJsonPath,
    librariesPath: config.librariesPath,
    frameJs: config.frameJs,
    frameCss: config.frameCss,
    frame: false,
    // State is restored from the academy; H5P core never saves it itself (no user,
    // so no ajax), player.js relays it instead.
    saveFreq: 3600,
    contentUserData: config.state ? [{ state: config.state }] : undefined,
  };

  new H5PStandalone.H5P(container, options).then(function () {
    window.H5P.externalDispatcher.on("xAPI", function (event) {
      send({ type: "h5p:xapi", statement: event.data.statement });
      window.setTimeout(relayState, 0);
    });
    window.setInterval(relayState, 10000);
    document.addEventListener("visibilitychange", relayState);
    window.addEventListener("pagehide", relayState);
    if (window.ResizeObserver) { new ResizeObserver(reportHeight).observe(document.body); }
    reportHeight();
    send({ type: "h5p:ready" });
  }).catch(function () {
    send({ type: "h5p:error" });
  });
})();
