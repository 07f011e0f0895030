// `serve --watch` only (the server adds this script to the pages it serves in a preview;
// no build writes it into a site): reload the page once the preview has rebuilt. The
// server stamps the build generation the page was served at; /api/watch answers the
// current one.
(function () {
  "use strict";
  var POLL_MS = 500; // a local preview: asking twice a second costs the server nothing
  var me = document.currentScript;
  var served = me ? me.getAttribute("data-generation") : null;
  if (served === null || !window.fetch) {
    return;
  }
  function later(ms) {
    window.setTimeout(poll, ms);
  }
  function poll() {
    window.fetch("/api/watch", { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        if (data && String(data.generation) !== served) {
          window.location.reload();
          return;
        }
        later(POLL_MS);
      })
      .catch(function () {
        later(2000); // the server is restarting: keep asking, more slowly
      });
  }
  later(POLL_MS);
})();
