/* Quick exit: leave for a neutral site and replace this page in the history,
   so the Back button does not return to it. The link works without this
   script too (as a plain link). Pressing Escape twice does the same. */
(function () {
  "use strict";
  function leave(event) {
    var link = document.querySelector("[data-hx-quick-exit]");
    if (!link) return;
    if (event) event.preventDefault();
    document.body.style.visibility = "hidden";
    document.title = "";
    window.location.replace(link.href);
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("[data-hx-quick-exit]")) leave(event);
  });
  var lastEscape = 0;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") return;
    var now = Date.now();
    if (now - lastEscape < 1500) leave(event);
    lastEscape = now;
  }, true);
})();
/* "Search this site" links (the not-found page) open the header's search box.
   Without JavaScript there is no search, and those links are hidden (CSS). */
(function () {
  "use strict";
  function openSearch(event) {
    var toggle = document.getElementById("__search");
    var input = document.querySelector("[data-hx-search-input]");
    if (!toggle || !input) return;
    if (event) event.preventDefault();
    toggle.checked = true;
    toggle.dispatchEvent(new Event("change"));
    input.focus();
  }
  document.addEventListener("click", function (event) {
    var target = event.target;
    if (target && target.closest && target.closest("[data-hx-open-search]")) openSearch(event);
  });
  if (window.location.hash === "#search") openSearch(null);
})();
