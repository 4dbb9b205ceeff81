/* Peer Support Directory: the finder's first page (mixed into Finder by finder.js).
 *
 * On a phone the whole of api/finder/docs.json takes seconds to arrive. When the address asks
 * for nothing but the finder (no query, filter, when, near or sort), api/finder/first.json (the
 * first page of records in the finder's order without a query, in docs.json's format, and the
 * total: generator/finder/data.py first_page) is shown first, drawn by the same code as the
 * full finder, so the cards and the count line are the ones docs.json gives. Until docs.json is
 * here the filters and the search box say they are loading (aria-busy and a visible note);
 * anything the visitor types, ticks or picks meanwhile is kept and applied when it arrives.
 */
(function () {
  "use strict";

  // The URL parameters that ask for something other than the first page (finder-url.js); an
  // empty one (the home page's form sends query= when nothing is typed) asks for nothing.
  var STATE = ["query", "when", "near", "radius", "sort"];
  var parts = window.PeerFinderParts = window.PeerFinderParts || {};

  parts.plainAddress = function () {
    var params = new URLSearchParams(window.location.search);
    var names = STATE.concat(this.facets.map(function (facet) { return facet.param; }));
    return !names.some(function (name) { return params.getAll(name).some(function (v) { return v.trim(); }); });
  };

  // Show first.json's page unless docs.json (`this.complete`) is here first. Nothing is lost if
  // first.json fails: the finder goes on waiting for docs.json.
  parts.showFirstPage = function (started) {
    var self = this;
    fetch(this.root.getAttribute("data-first")).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (first) {
      if (self.complete) return;
      var fetched = performance.now();
      self.loadDocs(first);
      self.firstTotal = first.total;
      self.busy(true);
      self.results = self.allDocs.slice();
      var loaded = performance.now();
      self.renderSort();
      self.render(self.results);
      self.describe("", true);
      window.__finderFirstResults = performance.now();
      window.__finderStart = { started: started, fetched: fetched, loaded: loaded, first: window.__finderFirstResults };
      self.root.setAttribute("data-finder-state", "first");
    }).catch(function () {});
  };

  // While only the first page is here, a change the visitor makes waits for the whole directory.
  parts.waiting = function () {
    if (!this.firstTotal) return false;
    this.countText.textContent = "Loading the search\u2026";
    return true;
  };

  // docs.json is here: the first page's state is left, the full data goes in (finder.js).
  parts.leaveFirstPage = function () {
    if (!this.firstTotal) return false;
    this.firstTotal = 0;
    this.busy(false);
    return true;
  };

  parts.busy = function (busy) {
    var form = this.root.querySelector("[data-finder-form]");
    [this.filters, form].forEach(function (region) {
      if (busy) region.setAttribute("aria-busy", "true");
      else region.removeAttribute("aria-busy");
    });
    Array.prototype.forEach.call(this.root.querySelectorAll("[data-finder-loading]"), function (note) { note.hidden = !busy; });
    // The notes take no room of their own, so nothing moves when they go: the filters' heading
    // and button say "(loading…)", and the empty search box says the search is loading.
    if (busy) this.toggle.querySelector("[data-finder-active-count]").textContent = " (loading\u2026)";
    if (busy) this.input.placeholder = "Loading\u2026";
    else this.input.removeAttribute("placeholder");
  };
})();
