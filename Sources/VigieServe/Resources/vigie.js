// Keyboard shortcuts for the mention feed; every action also works without this script (plain forms).
// j: next mention, k: previous, m: mark the current one read/unread, ?: show or hide the help.
(function () {
  "use strict";
  var current = -1;
  function items() { return Array.prototype.slice.call(document.querySelectorAll("li.mention[data-id]")); }
  function select(index) {
    var list = items();
    if (list.length === 0) { return; }
    index = Math.max(0, Math.min(list.length - 1, index));
    if (current >= 0 && list[current]) { list[current].classList.remove("current"); }
    current = index;
    list[current].classList.add("current");
    list[current].scrollIntoView({ block: "nearest" });
  }
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA")) { return; }
    if (event.key === "j") { select(current + 1); }
    else if (event.key === "k") { select(current - 1); }
    else if (event.key === "m") {
      var list = items();
      if (current >= 0 && list[current]) {
        var form = list[current].querySelector("form.toggle-read");
        if (form) { form.submit(); }
      }
    } else if (event.key === "?") {
      var help = document.getElementById("help");
      if (help) { help.hidden = !help.hidden; }
    } else { return; }
    event.preventDefault();
  });
  var hash = window.location.hash;
  if (hash && hash.indexOf("#m") === 0) {
    var list = items();
    for (var i = 0; i < list.length; i++) { if ("#" + list[i].id === hash) { select(i); break; } }
  }
})();
