// The staff jobs page: while a job is waiting or running, ask the server for the
// jobs' states every two seconds; update the progress bars, and reload the page when
// a job changes state (so its result, error and buttons come from the server).
(function () {
  "use strict";
  var table = document.getElementById("jobs");
  if (!table) return;
  var url = table.getAttribute("data-states-url");
  var delay = 2000;

  function active() {
    return table.querySelector("tr[data-active]") !== null;
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (!data) { setTimeout(poll, delay * 3); return; }
        var changed = false;
        data.jobs.forEach(function (job) {
          var row = document.getElementById("job-" + job.id);
          if (!row) return;
          if (row.getAttribute("data-state") !== job.state) { changed = true; return; }
          var bar = row.querySelector(".job-progress");
          var text = row.querySelector(".job-percent");
          if (bar) bar.value = job.progress;
          if (text) text.textContent = job.progress + "%";
        });
        if (changed) { window.location.reload(); return; }
        if (active()) setTimeout(poll, delay);
      })
      .catch(function () { setTimeout(poll, delay * 3); });
  }

  if (active()) setTimeout(poll, delay);
})();
