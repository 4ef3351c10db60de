// Small page behaviours; the pages work without them.
(function () {
  "use strict";
  // After a failed submit, move focus to the error summary so that screen
  // readers announce it and keyboard users start from the list of problems.
  var summary = document.getElementById("error-summary");
  if (summary) {
    summary.focus();
  }
  // Forms whose action cannot be undone ask first (data-confirm="question").
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
      }
    });
  });
  // Forms that take a while (big imports, index rebuilds) disable their submit
  // button on submit so that a double tap does not send them twice.
  document.querySelectorAll("form[data-once]").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("button[type=submit], button:not([type])").forEach(function (b) {
        b.disabled = true;
      });
    });
  });
  // Print buttons (data-print): no inline onclick, so the CSP needs no 'unsafe-inline'.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
