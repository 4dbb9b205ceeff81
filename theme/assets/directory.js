/* Peer Support Directory: small enhancements; the pages work without them.
   Material's instant navigation does not re-run page scripts, so we subscribe to document$. */
(function () {
  "use strict";

  function localFormat() {
    return new Intl.DateTimeFormat(undefined, {
      weekday: "short", day: "numeric", month: "short",
      hour: "2-digit", minute: "2-digit", timeZoneName: "short",
    });
  }

  // Next meetings: hide those already over and show each start in the visitor's own zone.
  function nextMeetings(root) {
    var format = localFormat();
    var now = Date.now();
    root.querySelectorAll("[data-next-meetings]").forEach(function (list) {
      var show = parseInt(list.getAttribute("data-show"), 10) || 3;
      var shown = 0;
      list.querySelectorAll("li").forEach(function (item) {
        var end = Date.parse(item.getAttribute("data-end"));
        if (end < now || shown >= show) { item.hidden = true; return; }
        item.hidden = false;
        shown += 1;
        var time = item.querySelector("time[data-local-time]");
        var target = item.querySelector("[data-local-for]");
        if (time && target) target.textContent = "Your time: " + format.format(new Date(time.getAttribute("datetime")));
      });
      var note = list.parentNode.querySelector(".local-zone-note");
      if (note) note.hidden = shown === 0;
      if (shown === 0 && !list.nextElementSibling?.classList?.contains("no-upcoming")) {
        var empty = document.createElement("p");
        empty.className = "no-upcoming";
        empty.textContent = "No upcoming dates are listed here; see the schedule above.";
        list.after(empty);
      }
    });
  }

  // The crisis strip is fixed to the bottom of the screen: keep exactly its height free below
  // the page and below a focused control (directory.css reads --psd-strip-space).
  var observedStrip = null;
  function stripSpace() {
    var strip = document.querySelector(".md-banner");
    if (!strip || strip === observedStrip) return;
    observedStrip = strip;
    var set = function () {
      document.documentElement.style.setProperty("--psd-strip-space", Math.ceil(strip.getBoundingClientRect().height) + "px");
    };
    set();
    if (window.ResizeObserver) new ResizeObserver(set).observe(strip);
  }

  function enhance() { stripSpace(); nextMeetings(document); }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
