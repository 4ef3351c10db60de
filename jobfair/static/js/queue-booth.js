// The booth staff's queue page (templates/booths/queue.html): every 5 s, fetch the
// waiting list as JSON (masked names) and redraw it, so that people who joined from
// their phone or the kiosk appear without a reload. Calling and ending stay forms.
(function () {
  "use strict";
  var list = document.querySelector("[data-queue-url]");
  var wordsNode = document.getElementById("queue-words");
  if (!list || !wordsNode) {
    return;
  }
  var words = JSON.parse(wordsNode.textContent);
  var count = document.querySelector('[data-field="count"]');
  var next = document.querySelector("[data-next]");
  function item(person) {
    var li = document.createElement("li");
    li.className = "list-group-item d-flex justify-content-between align-items-center";
    var who = document.createElement("span");
    who.className = "ms-2 me-auto";
    who.textContent = person.name + " ";
    var number = document.createElement("span");
    number.className = "small text-body-secondary";
    number.textContent = words.number + " " + person.number;
    who.appendChild(number);
    var waited = document.createElement("span");
    waited.className = "small";
    waited.textContent = words.waited.replace("999002", String(person.minutes));
    li.appendChild(who);
    li.appendChild(waited);
    return li;
  }
  function update(data) {
    var items = data.waiting.map(item);
    if (!items.length) {
      var none = document.createElement("li");
      none.className = "list-group-item";
      none.textContent = words.nobody;
      items = [none];
    }
    list.replaceChildren.apply(list, items);
    count.textContent = words.count.replace("999001", String(data.waiting.length));
    if (next) {
      next.disabled = data.waiting.length === 0;
      next.textContent = words.next + (data.waiting.length ? " · " + data.waiting[0].name : "");
    }
  }
  function poll() {
    fetch(list.getAttribute("data-queue-url"), {credentials: "same-origin"})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) { if (data) { update(data); } })
      .catch(function () {});
  }
  window.setInterval(poll, 5000);
})();
