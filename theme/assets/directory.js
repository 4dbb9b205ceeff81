/* Peer Support Directory: small enhancements; the pages work without them.
   Material's instant navigation does not re-run page scripts, so we subscribe to document$. */
(function () {
  "use strict";

  // Next meetings, computed now from the group's rules (occurrences.js), so the page is right
  // however long ago it was built; each in the group's zone, then in the visitor's. The dates
  // the server wrote stay for visitors without JavaScript.
  function nextMeetings(root) {
    var occurrences = window.PeerOccurrences;
    if (!occurrences) return;
    root.querySelectorAll("[data-next-meetings][data-rules]").forEach(function (list) {
      var rules = JSON.parse(list.getAttribute("data-rules"));
      var show = parseInt(list.getAttribute("data-show"), 10) || 3;
      var found = occurrences.upcoming(rules, Date.now(), show, true); // meetings going on now count
      list.replaceChildren.apply(list, found.map(function (meeting) {
        var item = document.createElement("li");
        var own = document.createElement("time");
        own.setAttribute("datetime", occurrences.iso(meeting.start, meeting.zone));
        own.textContent = occurrences.meetingText(meeting.start, meeting.end, meeting.zone);
        var local = document.createElement("span");
        local.className = "local-time";
        local.append("Your time: ", occurrences.timeElement(document, meeting.start));
        local.lastChild.setAttribute("data-local-time", "");
        item.append(own, " ", local);
        return item;
      }));
      var section = list.parentNode;
      var note = section.querySelector(".local-zone-note");
      if (!note && found.length) {  // only with the visitor's times: not on the page without them
        note = document.createElement("p");
        note.className = "local-zone-note";
        note.textContent = "Each time is shown in the group's own time zone, then in yours.";
        list.before(note);
      }
      if (note) note.hidden = found.length === 0;
      var asOf = section.querySelector("[data-next-meetings-as-of]");
      if (asOf) asOf.hidden = true;
      var empty = section.querySelector(".no-upcoming");
      if (!found.length && !empty) {
        empty = document.createElement("p");
        empty.className = "no-upcoming";
        empty.textContent = "No upcoming dates: the meetings listed above have ended.";
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

  // The header's search box (directory/partials/header-search.html), a plain form to the finder
  // in the page: here it gets what only works with JavaScript (the list of results under it, the
  // typing hints, the addresses header-search.js reads, all from the site's root: the folder above
  // this file). Its code (lunr.js, search-index.js, search-shards.js, header-search.js) is loaded the first time
  // the box is focused, nothing of it before; focused before this script ran, it loads at once.
  // The scripts download at once and run in order (async = false); the index's meta.json, which
  // header-search.js fetches first, is asked for beside them.
  var root = document.currentScript ? new URL("..", document.currentScript.src).href : null;
  function headerSearch() {
    var form = document.querySelector("[data-psd-search]");
    var input = form && form.querySelector("input");
    if (!input || !root || form.hasAttribute("data-psd-search-loader")) return;
    form.setAttribute("data-psd-search-loader", "");
    form.setAttribute("data-root", root);
    form.setAttribute("data-meta", root + "api/finder/index/meta.json");
    form.setAttribute("data-records", root + "api/finder/records/");
    var scripts = ["assets/finder/lunr.js", "assets/search-index.js", "assets/search-shards.js", "assets/header-search.js"];
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("enterkeyhint", "search");
    input.setAttribute("aria-controls", "psd-search-panel");
    var panel = document.createElement("div"), status = document.createElement("p"), list = document.createElement("ul");
    panel.className = "psd-search__panel"; panel.id = "psd-search-panel"; panel.hidden = true;
    status.className = "psd-search__status"; status.setAttribute("role", "status"); status.setAttribute("aria-live", "polite");
    status.setAttribute("data-psd-search-status", "");
    list.className = "psd-search__list"; list.setAttribute("data-psd-search-list", "");
    panel.append(status, list);
    form.appendChild(panel);
    function load() {
      input.removeEventListener("focus", load);
      var meta = document.createElement("link");
      meta.rel = "preload"; meta.as = "fetch"; meta.crossOrigin = "anonymous"; meta.href = form.getAttribute("data-meta");
      document.head.appendChild(meta);
      scripts.forEach(function (src) {
        var s = document.createElement("script"); s.src = root + src; s.async = false;
        s.onerror = function () { form.setAttribute("data-psd-search-state", "failed"); };
        document.head.appendChild(s);
      });
    }
    if (document.activeElement === input) load();
    else input.addEventListener("focus", load);
  }

  // "Suggest an edit" and "E-mail a correction" (partials/macros.html review_box) name the
  // listing by its id (and the form its version) without JavaScript; here they get its name and
  // details too: the form's title and the e-mail's subject from the page's <h1> (the listing's
  // name) and address (its id), and the section's listing file (or the link's note when the
  // file is too long for a link), encoded as pages/common.py's Suggestion.full does: a form's
  // `title=` and last `current=` parameters (urlencode: '+' for a space), or an e-mail's subject
  // and body (quote: '%20'); the body opens with the listing's id and page (its canonical
  // address, else its path from the site's root) and a question, as Suggestion.before says.
  function pageAddress() {
    var canonical = document.querySelector("link[rel=canonical]");
    return canonical ? canonical.getAttribute("href") : location.pathname.slice(new URL(root).pathname.length).replace(/index\.html$/, "");
  }

  function encode(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, function (c) {
      return "%" + c.charCodeAt(0).toString(16).toUpperCase();
    });
  }

  // The listing's file, which the section carries deflated and base64-encoded (pages/presentation.py
  // `deflated`): inflated once per section, however many links use it.
  var files = typeof WeakMap === "function" ? new WeakMap() : null;
  function listingFile(box) {
    if (!files.has(box)) {
      var bytes = Uint8Array.from(atob(box.getAttribute("data-listing-deflated")), function (c) { return c.charCodeAt(0); });
      files.set(box, new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"))).text());
    }
    return files.get(box);
  }

  function completeLink(link, text) {
    var page = pageAddress();
    var id = page.split("/").filter(Boolean).pop();
    var named = link.closest("article").querySelector("h1").textContent + " (" + id + ")";
    if (link.getAttribute("data-suggest") === "form") {
      var plus = function (value) { return encode(value).replace(/%20/g, "+"); };
      link.setAttribute("href", link.getAttribute("href") + "&title=" + plus("Update: " + named) + "&current=" + plus(text));
    } else {
      var opening = "Listing: " + id + "\nPage: " + page + "\n\nWhat should change, and how do you know?\n\n\n\n-- The listing as it is now --\n";
      link.setAttribute("href", link.getAttribute("href").split("?")[0] + "?subject=" + encode("Correction: " + named) + "&body=" + encode(opening + text));
    }
    link.setAttribute("data-suggest-done", "");
  }

  // Without what inflating needs (an older browser), the links stay as they work without JavaScript.
  function suggestLinks(rootElement) {
    if (!root || !files || typeof DecompressionStream !== "function" || typeof Response !== "function") return;
    rootElement.querySelectorAll("a[data-suggest]:not([data-suggest-done])").forEach(function (link) {
      var box = link.closest("[data-listing-deflated]");
      var article = link.closest("article");
      if (link.psdSuggesting || !article || !article.querySelector("h1")) return;
      var text = link.hasAttribute("data-suggest-note") ? Promise.resolve(link.getAttribute("data-suggest-note")) : box ? listingFile(box) : null;
      if (!text) return;
      link.psdSuggesting = true;
      text.then(function (value) { completeLink(link, value); }, function () { link.psdSuggesting = false; });
    });
  }

  function enhance() { stripSpace(); headerSearch(); suggestLinks(document); nextMeetings(document); }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(enhance);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhance);
  } else {
    enhance();
  }
})();
