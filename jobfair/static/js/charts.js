// Draws the statistics pages' charts with the vendored Chart.js.
//
// The data comes from the page's <script type="application/json" id="chart-data">
// block: {"charts": {"<id>": {"type": "bar"|"line", "labels": [...],
// "datasets": [{"label": ..., "data": [...]}], "horizontal": true?}}}; each
// <canvas data-chart="<id>"> inside a hidden <figure class="chart-box"> gets its
// chart and the figure is shown. Without JavaScript (or without data) the figure
// stays hidden and the table beside it carries the same numbers. No inline script:
// the page works under a CSP without 'unsafe-inline'.
(function () {
  "use strict";
  var block = document.getElementById("chart-data");
  if (!block || typeof window.Chart === "undefined") {
    return;
  }
  var data;
  try {
    data = JSON.parse(block.textContent).charts || {};
  } catch (e) {
    return;
  }
  // Colours with at least 3:1 contrast on white, told apart by lightness too.
  var PALETTE = ["#0b5ed7", "#d9480f", "#2b8a3e", "#6f42c1", "#495057", "#c2255c"];
  var quiet = window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  var Chart = window.Chart;
  Chart.defaults.font.family = window.getComputedStyle(document.body).fontFamily;
  Chart.defaults.color = "#343a40";

  // A long label on a phone: several short lines (words, or 8 characters of Chinese).
  function wrap(label) {
    label = String(label);
    if (label.length <= 12) {
      return label;
    }
    var lines = [];
    if (label.indexOf(" ") >= 0) {
      label.split(" ").forEach(function (word) {
        var last = lines.length - 1;
        if (last >= 0 && (lines[last] + " " + word).length <= 16) {
          lines[last] += " " + word;
        } else {
          lines.push(word);
        }
      });
    } else {
      for (var i = 0; i < label.length; i += 8) {
        lines.push(label.slice(i, i + 8));
      }
    }
    return lines;
  }

  function hasNumbers(spec) {
    return spec.labels && spec.labels.length && spec.datasets.some(function (ds) {
      return ds.data.some(function (v) { return v > 0; });
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = data[canvas.getAttribute("data-chart")];
    if (!spec || !hasNumbers(spec)) {
      return;
    }
    var box = canvas.closest(".chart-box");
    var frame = canvas.parentElement;
    if (box) {
      box.hidden = false;
    }
    var labels = spec.horizontal ? spec.labels.map(wrap) : spec.labels;
    if (spec.horizontal) {
      // room for each label's bars and its lines, so long lists stay readable on a phone
      var lines = Math.max.apply(null, labels.map(function (l) { return Array.isArray(l) ? l.length : 1; }));
      var row = Math.max(14 * spec.datasets.length + 12, 15 * lines + 8);
      frame.style.height = Math.max(180, spec.labels.length * row + 80) + "px";
    }
    var line = spec.type === "line";
    var valueAxis = { beginAtZero: true, ticks: { precision: 0 } };
    var labelAxis = { ticks: { autoSkip: !spec.horizontal } };
    new Chart(canvas, {
      type: spec.type,
      data: {
        labels: labels,
        datasets: spec.datasets.map(function (ds, i) {
          var colour = PALETTE[i % PALETTE.length];
          return {
            label: ds.label,
            data: ds.data,
            backgroundColor: colour,
            borderColor: colour,
            borderWidth: line ? 2 : 0,
            pointRadius: line ? 3 : 0,
            tension: 0
          };
        })
      },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: quiet ? false : { duration: 300 },
        indexAxis: spec.horizontal ? "y" : "x",
        plugins: {
          legend: { display: spec.datasets.length > 1, position: "bottom" },
          tooltip: { enabled: true }
        },
        scales: spec.horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis }
      }
    });
  });
})();
