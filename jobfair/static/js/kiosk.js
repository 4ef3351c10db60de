// The kiosk's two behaviours: forget the person after a minute without input, and
// after printing. No countdown is shown, so nobody is rushed; the start page is
// loaded with location.replace, so Back does not lead to the person either.
(function () {
  "use strict";
  var body = document.body;
  var start = body.getAttribute("data-start-url");
  var idleMs = (parseInt(body.getAttribute("data-idle-seconds"), 10) || 60) * 1000;
  var timer = null;
  function reset() {
    if (start && window.location.pathname !== start) {
      window.location.replace(start);
    }
  }
  function restartTimer() {
    window.clearTimeout(timer);
    timer = window.setTimeout(reset, idleMs);
  }
  ["pointerdown", "keydown", "input", "touchstart", "wheel"].forEach(function (name) {
    document.addEventListener(name, restartTimer, { passive: true });
  });
  restartTimer();
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  window.addEventListener("afterprint", reset);
})();
