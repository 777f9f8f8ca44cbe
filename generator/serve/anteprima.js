// Live reload of the preview (injected by `go run ./generator serve` only,
// never published). The page carries the version it was served at; the
// server streams its current version, and when they differ (a new build,
// or errors shown or fixed) the page reloads. A reload keeps the scroll
// position: browsers restore it themselves (history.scrollRestoration).
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-versione") : null;
  if (!window.EventSource || version === null) return;
  var events = new EventSource("/_anteprima/eventi");
  events.addEventListener("versione", function (ev) {
    if (ev.data === version) return;
    events.close();
    location.reload();
  });
})();
