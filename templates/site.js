/* briefing: the only script the pages load, and none of them needs it to work.
   It shows the Print buttons (hidden without script) and lets the archive be read from
   the keyboard: j / k move to the next / previous brief (to the next / previous page at
   either end of the list), Enter opens it, / goes to the search box. */
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  var links = Array.prototype.slice.call(document.querySelectorAll("ul.archive a.title"));
  if (!links.length && !document.querySelector("form.search")) { return; }
  document.addEventListener("keydown", function (event) {
    if (event.altKey || event.ctrlKey || event.metaKey) { return; }
    var target = event.target;
    var typing = target && (target.isContentEditable ||
      /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (typing) {
      if (event.key === "Escape") { target.blur(); }
      return;
    }
    if (event.key === "/") {
      var search = document.getElementById("q");
      if (search) { event.preventDefault(); search.focus(); search.select(); }
      return;
    }
    if (event.key !== "j" && event.key !== "k") { return; }
    var at = links.indexOf(document.activeElement);
    var step = event.key === "j" ? 1 : -1;
    var next = at === -1 ? (step === 1 ? 0 : links.length - 1) : at + step;
    event.preventDefault();
    if (next >= 0 && next < links.length) {
      links[next].focus();
      links[next].scrollIntoView({ block: "nearest" });
      return;
    }
    var page = document.querySelector(step === 1 ? "a[rel=next]" : "a[rel=prev]");
    if (page) { window.location.href = page.href + (step === 1 ? "#first" : "#last"); }
  });
  if (window.location.hash === "#last" && links.length) { links[links.length - 1].focus(); }
  else if (window.location.hash === "#first" && links.length) { links[0].focus(); }
})();
