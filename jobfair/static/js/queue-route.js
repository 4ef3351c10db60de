// The person's booth route (templates/booths/route.html): every 5 s, fetch the
// order and the waits as JSON and update the list in place (no reload).
(function () {
  "use strict";
  var list = document.querySelector("[data-route-url]");
  var wordsNode = document.getElementById("route-words");
  if (!list || !wordsNode) {
    return;
  }
  var words = JSON.parse(wordsNode.textContent);
  function say(stop) {
    if (stop.state === "talking") {
      return words.talking;
    }
    var text = stop.state === "waiting" ? words.waiting : words.none;
    return text.replace("999001", String(stop.ahead)).replace("999002", String(stop.wait));
  }
  function update(data) {
    data.stops.forEach(function (stop) {
      var item = list.querySelector('[data-booth="' + stop.booth + '"]');
      if (!item) {
        return;
      }
      item.querySelector('[data-field="match"]').textContent = String(stop.match);
      item.querySelector('[data-field="status"]').textContent = say(stop);
      list.appendChild(item); // in the new order
    });
  }
  function poll() {
    fetch(list.getAttribute("data-route-url"), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { update(data); } })
      .catch(function () {});
  }
  window.setInterval(poll, 5000);
})();
