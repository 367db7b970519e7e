/* Images in the composer: publishing waits until every chosen image has a description.
   The server refuses the same thing whatever this script does. */
(function () {
  var form = document.querySelector("[data-testid=composer]");
  if (!form) { return; }
  var box = form.querySelector("[data-testid=composer-images]");
  var note = document.getElementById("alt-missing-note");
  if (!box || !note) { return; }
  function check() {
    var missing = false;
    box.querySelectorAll("input[name=media]").forEach(function (choice) {
      if (!choice.checked) { return; }
      var alt = form.querySelector('[name="alt_' + choice.value + '"]');
      if (!alt || !alt.value.trim()) { missing = true; }
    });
    form.querySelectorAll("button[name=action]").forEach(function (button) {
      if (button.value === "draft") { return; }
      button.disabled = missing;
      if (missing) { button.setAttribute("aria-describedby", "alt-missing-note"); }
      else { button.removeAttribute("aria-describedby"); }
    });
    note.hidden = !missing;
  }
  form.addEventListener("input", check);
  form.addEventListener("change", check);
  document.body.addEventListener("htmx:afterSwap", function (event) {
    if (!box.contains(event.target)) { return; }
    var upload = document.getElementById("composer-upload");
    if (upload) { upload.value = ""; }
    check();
    /* Let the per-account counters count the new image. */
    form.dispatchEvent(new Event("change", { bubbles: true }));
  });
  check();
})();
