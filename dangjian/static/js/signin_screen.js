// QR sign-in screen (meetings/signin_screen.html): fetch a fresh code from qr.svg every
// data-refresh seconds (tokens live 30 s), show it as a data: image (CSP allows img data:) and
// keep the URL it encodes in data-signin-url (sent by the server in X-Signin-Url).
(function () {
  "use strict";

  function refresh(box) {
    fetch(box.dataset.qrSrc, { cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("HTTP " + response.status); }
        var url = response.headers.get("X-Signin-Url");
        if (!url) { throw new Error("no code (logged out?)"); }  // e.g. redirected to the login page
        return response.text().then(function (svg) { return { url: url, svg: svg }; });
      })
      .then(function (qr) {
        var img = box.querySelector("img");
        img.src = "data:image/svg+xml;base64," + window.btoa(qr.svg);
        box.dataset.signinUrl = qr.url;
        box.classList.remove("qr-stale");
      })
      .catch(function () { box.classList.add("qr-stale"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var box = document.getElementById("signin-qr-box");
    if (!box) { return; }
    var seconds = parseInt(box.dataset.refresh, 10) || 25;
    var last = Date.now();
    function tick() { last = Date.now(); refresh(box); }
    window.setInterval(tick, seconds * 1000);
    box.addEventListener("signin-refresh", tick);
    // 结束签到 asks a question that depends on how many have signed in: keep it in step with the counters.
    document.body.addEventListener("htmx:afterSwap", function () {
      var text = document.getElementById("signin-close-confirm");
      var button = document.getElementById("signin-close");
      if (text && button) { button.dataset.confirm = text.dataset.text; }
    });  // lets a test (or a future button) ask for a new code now
    // Background tabs throttle timers: fetch at once when the screen becomes visible again.
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && Date.now() - last > seconds * 1000) { tick(); }
    });
  });
})();
