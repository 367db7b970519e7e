/* Saved replies: choosing one inserts its text (already filled in by the server) where
   the cursor is, then the live counter is refreshed. The server checks the text again. */
(function () {
  function setUp(form) {
    if (form.dataset.replyReady) { return; }
    form.dataset.replyReady = "yes";
    var select = form.querySelector("[data-saved-replies]");
    var area = form.querySelector("textarea[name=text]");
    if (!select || !area) { return; }
    select.addEventListener("change", function (event) {
      event.stopPropagation();
      var option = select.options[select.selectedIndex];
      var text = option && option.dataset.text;
      if (!text) { return; }
      var start = area.selectionStart || 0;
      var end = area.selectionEnd || 0;
      if (!area.value) { start = end = 0; }
      area.value = area.value.slice(0, start) + text + area.value.slice(end);
      area.focus();
      area.selectionStart = area.selectionEnd = start + text.length;
      select.selectedIndex = 0;
      area.dispatchEvent(new Event("input", { bubbles: true }));
    });
  }
  function all() { document.querySelectorAll("[data-reply-form]").forEach(setUp); }
  document.addEventListener("DOMContentLoaded", all);
  document.addEventListener("htmx:afterSwap", all);
  all();
})();
