// Live parts of the dashboard: every element with data-live-src is fetched again every
// data-live-every seconds and its content replaced by the server's fragment. Same origin only,
// so the Content-Security-Policy's connect-src 'self' holds; no inline script anywhere.
"use strict";
(function () {
  function refresh(element) {
    fetch(element.dataset.liveSrc, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        element.innerHTML = html;
        element.removeAttribute("data-live-stale");
      })
      .catch(function () { element.setAttribute("data-live-stale", "true"); });
  }
  function start() {
    document.querySelectorAll("[data-live-src]").forEach(function (element) {
      var seconds = Math.max(1, Number(element.dataset.liveEvery) || 5);
      setInterval(function () { if (!document.hidden) { refresh(element); } }, seconds * 1000);
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
