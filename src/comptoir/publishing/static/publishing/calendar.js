/* Drag a planned post to another day (month view) or hour (week view) to move it.
   The server does the moving and every check: this only sends the new day, and the new
   hour in the week view (keeping the minutes). Each post also has a Move link, which
   works without this script, with a keyboard and on a phone. */
(function () {
  "use strict";
  var status = document.querySelector(".calendar-status");
  var dragged = null;

  function csrfToken() {
    var headers = document.body.getAttribute("hx-headers");
    try { return JSON.parse(headers)["X-CSRFToken"]; } catch (error) { return ""; }
  }

  function say(text) { if (status) { status.textContent = text; } }

  document.querySelectorAll("[data-move-url]").forEach(function (item) {
    item.addEventListener("dragstart", function (event) {
      dragged = item;
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", item.dataset.post);
      item.classList.add("dragging");
    });
    item.addEventListener("dragend", function () {
      item.classList.remove("dragging");
    });
  });

  document.querySelectorAll("[data-drop-date]").forEach(function (cell) {
    cell.addEventListener("dragover", function (event) {
      if (!dragged) { return; }
      event.preventDefault();
      event.dataTransfer.dropEffect = "move";
      cell.classList.add("drop-target");
    });
    cell.addEventListener("dragleave", function () { cell.classList.remove("drop-target"); });
    cell.addEventListener("drop", function (event) {
      event.preventDefault();
      cell.classList.remove("drop-target");
      var item = dragged;
      dragged = null;
      if (!item) { return; }
      var body = new FormData();
      body.append("date", cell.dataset.dropDate);
      if (cell.dataset.dropHour !== undefined) {
        var minutes = (item.dataset.time || "00:00").split(":")[1];
        var hour = ("0" + cell.dataset.dropHour).slice(-2);
        body.append("time", hour + ":" + minutes);
      }
      fetch(item.dataset.moveUrl, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { "Accept": "application/json", "X-CSRFToken": csrfToken() }
      }).then(function (response) {
        return response.json().then(function (answer) {
          say(answer.message);
          if (answer.ok) {
            var list = cell.querySelector("ul.list");
            if (!list) {
              list = document.createElement("ul");
              list.className = "list";
              cell.appendChild(list);
            }
            list.appendChild(item);
            if (cell.dataset.dropHour !== undefined) {
              item.dataset.time = body.get("time");
              item.querySelector("time").textContent = body.get("time");
            }
          }
        });
      }).catch(function () { say(status ? status.dataset.error || "" : ""); });
    });
  });
})();
