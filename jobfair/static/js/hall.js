// The hall screen (templates/fairs/hall.html): every 8 s, fetch the booths' queues
// as JSON and redraw the grid; more booths than fit on the screen are shown a
// page at a time, the next page on each refresh. No names: the JSON has none.
(function () {
  "use strict";
  var grid = document.querySelector("[data-hall-url]");
  var pageNote = document.querySelector("[data-hall-page]");
  var words = JSON.parse(document.getElementById("hall-words").textContent);
  var PER_PAGE = 24;
  var page = 0;
  if (!grid) {
    return;
  }
  function cell(text, cls) {
    var span = document.createElement("span");
    span.className = cls;
    span.textContent = text;
    return span;
  }
  function draw(booths) {
    var pages = Math.max(1, Math.ceil(booths.length / PER_PAGE));
    page = page % pages;
    var shown = booths.slice(page * PER_PAGE, (page + 1) * PER_PAGE);
    var items = shown.map(function (b) {
      var li = document.createElement("li");
      li.className = "hall-booth" + (b.waiting >= 5 ? " hall-busy" : "");
      var wait = b.waiting
        ? words.queue.replace("999001", String(b.waiting)).replace("999002", String(b.wait))
        : words.free;
      li.appendChild(cell(b.label, "hall-label"));
      li.appendChild(cell(wait, "hall-wait"));
      li.appendChild(cell(b.employer, "hall-employer"));
      li.appendChild(cell(b.trade, "hall-trade"));
      return li;
    });
    grid.replaceChildren.apply(grid, items);
    pageNote.textContent = pages > 1 ? (page + 1) + " / " + pages : "";
    page += 1;
  }
  function poll() {
    fetch(grid.getAttribute("data-hall-url"))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { draw(data.booths); } })
      .catch(function () {});
  }
  poll();
  window.setInterval(poll, 8000);
})();
