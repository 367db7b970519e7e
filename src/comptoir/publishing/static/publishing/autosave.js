/* Save the composition as a draft a few seconds after the person stops typing, so that a
   closed tab or a lost connection loses nothing. The server saves it exactly as "Save as
   draft" does and never touches anything but a draft; this script only decides when to
   ask, sends one request at a time, and after the first save of a new post makes the page
   edit that draft: saving again, and the final "Publish now" or "Schedule", then apply to
   that very draft, so one composition never makes two posts. Without this script the
   composer works as before, with its buttons. */
(function () {
  "use strict";
  var status = document.getElementById("autosave-status");
  var form = status && status.closest("form");
  if (!form || !window.fetch || !window.FormData || !window.URLSearchParams) { return; }

  var TYPING_DELAY = 2500;  // after the last key
  var CHANGE_DELAY = 500;   // after a box is ticked, an image chosen, a field left
  var RETRY_DELAY = 15000;  // after a lost connection or a server that did not answer
  var url = status.dataset.url;
  var timer = null;
  var inFlight = null;      // the save under way, if any: never two at once
  var again = false;        // something changed while a save was under way
  var submitting = false;   // a button was pressed: the page is leaving
  var held = false;         // that press waits for the save under way
  var releasing = false;    // the held press, sent again once the save has ended
  var stopped = false;      // the post is no longer a draft
  var lastSent = encoded(fields());  // what the server has, or what the page opened with

  function fields() {
    var data = new FormData(form);
    data.delete("upload");  // a new image is uploaded apart, then chosen in the list
    data.delete("action");
    return data;
  }

  function encoded(data) { return new URLSearchParams(data).toString(); }

  function token() {
    var field = form.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function say(text) { status.textContent = text || ""; }

  function later(delay) {
    if (stopped || submitting) { return; }
    clearTimeout(timer);
    timer = setTimeout(function () { timer = null; save(false); }, delay);
  }

  /* After the first save of a new post, the page edits that draft. */
  function follow(answer) {
    url = answer.autosave_url;
    if (form.getAttribute("action") !== answer.edit_url) {
      form.setAttribute("action", answer.edit_url);
      if (window.history && history.replaceState) {
        history.replaceState(history.state, "", answer.edit_url);
      }
    }
  }

  function save(keepalive) {
    if (stopped || submitting) { return; }
    if (inFlight) { again = true; return; }
    var body = fields();
    var sent = encoded(body);
    if (sent === lastSent) { return; }
    again = false;
    say(status.dataset.saving);
    inFlight = fetch(url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      keepalive: keepalive,
      headers: { "Accept": "application/json", "X-CSRFToken": token() }
    }).then(function (response) {
      return response.json().then(function (answer) {
        lastSent = sent;
        if (answer.saved) { follow(answer); }
        if (answer.stop) { stopped = true; clearTimeout(timer); }
        say(answer.message);
      });
    }).catch(function () {
      say(status.dataset.failed);
      later(RETRY_DELAY);
    }).then(function () {
      inFlight = null;
      if (again) { later(TYPING_DELAY); }
    });
  }

  function changed(delay) {
    return function (event) {
      if (event.target && event.target.name === "upload") { return; }
      later(delay);
    };
  }

  form.addEventListener("input", changed(TYPING_DELAY));
  form.addEventListener("change", changed(CHANGE_DELAY));

  /* A press while a save is under way waits for it, then goes to the address that save
     gave: a new post's first save and its publication must not make two posts. */
  form.addEventListener("submit", function (event) {
    clearTimeout(timer);
    submitting = true;
    if (releasing || !inFlight) { return; }
    event.preventDefault();
    if (held) { return; }
    held = true;
    var submitter = event.submitter || null;
    inFlight.then(function () {
      releasing = true;
      if (form.requestSubmit) { form.requestSubmit(submitter); }
      else if (submitter) { submitter.click(); }
      else { form.submit(); }
    });
  });

  /* Leaving the tab or closing it: save what the timer was still waiting to save. */
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden" && timer) {
      clearTimeout(timer);
      timer = null;
      save(true);
    }
  });
  window.addEventListener("online", function () { later(0); });
  /* Coming back with the Back button after pressing a button: the page is live again. */
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { submitting = held = releasing = false; }
  });
})();
