/* Peer Support Directory: the finder (find/). Vanilla JavaScript; lunr.js is the only library.
 *
 * Loads api/finder/docs.json (compact records and facet dictionaries: generator/finder/data.py)
 * and the lunr index in shards, as a query needs them (search-index.js Searcher.sharded,
 * generator/finder/shards.py). Facets OR
 * within themselves and AND across; each value's count is taken with every OTHER facet applied.
 * This file is the core (load, events, filtering, one update); the rest is mixed into Finder's
 * prototype by the modules loaded before it, each with one job:
 *   finder-url.js      the state in the URL (query, facets, when, sort, near, radius);
 *   finder-soon.js     time: day and time of day in the visitor's zone, next meetings, "happening
 *                      now", Today / This week, sort=soonest;
 *   finder-near.js     place: the near box and its suggestions, "use my location", distances,
 *                      the radius, sort=nearest;
 *   finder-results.js  filtering and the facet counts (drawn after a keystroke's results, in a
 *                      task of their own), the result cards and the count line;
 *   finder-ui.js       chips, narrowing long facet lists, no-results ways on (PeerFinderUI);
 *   finder-first.js    a first page before docs.json is here (first.json, a filter value's, a
 *                      query's, or the nearest groups from api/finder/near/);
 *   finder-search.js   lunr.js and the index's shards, fetched as a query needs them.
 * Timings of each update are kept in window.__finderTimings for benchmarks/finder.py.
 */
(function () {
  "use strict";

  var PAGE_SIZE = 20;

  window.__finderTimings = window.__finderTimings || [];
  window.__finderCounts = window.__finderCounts || [];

  function Finder(root) {
    var self = this;
    this.root = root;
    this.app = root.querySelector("[data-finder-app]");
    this.fallback = root.querySelector("[data-finder-fallback]");
    this.input = root.querySelector("[data-finder-q]");
    this.list = root.querySelector("[data-finder-results]");
    this.countText = root.querySelector("[data-finder-count]");
    this.live = root.querySelector("[data-finder-live]");
    this.more = root.querySelector("[data-finder-more]");
    this.heading = root.querySelector("[data-finder-heading]");
    this.toggle = root.querySelector("[data-finder-toggle]");
    this.filters = root.querySelector("[data-finder-filters]");
    this.show = root.querySelector("[data-finder-show]");
    this.chipList = root.querySelector("[data-finder-chips]");
    this.chipBox = root.querySelector("[data-finder-chips-box]");
    this.none = root.querySelector("[data-finder-none]");
    this.sortSelect = root.querySelector("[data-finder-sort]");
    this.rootUrl = root.getAttribute("data-root");
    this.facets = Array.prototype.map.call(root.querySelectorAll("fieldset[data-facet]"), function (fieldset) {
      var boxes = Array.prototype.slice.call(fieldset.querySelectorAll("input[type=checkbox]"));
      return {
        param: fieldset.getAttribute("data-facet"), key: fieldset.getAttribute("data-key"), fieldset: fieldset,
        boxes: boxes, counts: boxes.map(function (box) { return box.parentNode.querySelector("[data-count]"); }),
        shown: boxes.map(function () { return null; }),
      };
    });
    this.pageSize = PAGE_SIZE;
    this.shownCount = PAGE_SIZE;
    this.typing = false;
    this.liveTimer = null;
    this.lastQuery = null;
    this.lastFound = null;
    this.sort = "";  // "" = the default for the state (see sortOrder)
    this.initSoon();
    this.initNear();
    this.sortSelect.addEventListener("change", function () {
      self.sort = self.sortSelect.value === self.defaultSort() ? "" : self.sortSelect.value;
      self.changed();
    });
  }

  Object.assign(Finder.prototype, window.PeerFinderParts);

  function json(url) { return window.PeerSearchIndex.json(url); }  // search-index.js, loaded first

  // The records are all the first results need; the search index (and lunr.js) joins them
  // before the first results only when the address has a query, else as soon as it is here.
  Finder.prototype.start = function () {
    var self = this;
    this.app.hidden = false;
    this.fallback.hidden = true;
    this.bind();
    this.readUrl();
    var started = performance.now(), query = this.input.value.trim();
    var docsUrl = this.root.getAttribute("data-docs"), docs;
    var asked = this.asked();  // finder-first.js: a first page before docs.json
    if (asked.length === 1 && asked[0] === "query") {  // docs.json once the words' first page is drawn
      this.firstQuery = query;
      docs = this.showQueryPage(started, query).then(function () { return json(docsUrl); });
    } else if (asked.length === 1 && asked[0] === "near" && this.nearParam !== "me") {  // the nearest groups' first, too
      docs = this.showNearPage(started).then(function () { return json(docsUrl); });
    } else {
      docs = json(docsUrl);
      if (!asked.length) this.showFirstPage(started);
      else if (asked.length === 1) this.showFacetPage(started, asked[0]);
    }
    var first = query ? Promise.all([docs, self.searchIndex().then(function (s) { return s.prepare(query).then(function () { return s; }); })])
      : docs.then(function (data) { return [data, null]; });
    first.then(function (loaded) {
      var fetched = performance.now();
      self.complete = true;
      var shown = self.leaveFirstPage();  // the first page's cards are kept if they are still right
      self.loadDocs(loaded[0]);
      if (loaded[1]) self.loadIndex(loaded[1]);
      var ready = performance.now();
      self.update({ announce: !shown });
      if (!shown) {
        window.__finderFirstResults = performance.now();
        window.__finderStart = { started: started, fetched: fetched, loaded: ready, first: window.__finderFirstResults };
      }
      self.root.setAttribute("data-finder-state", "ready");
      if (!loaded[1]) {
        setTimeout(function () {  // after the first results are on the screen
          self.searchIndex().then(function (searcher) {
            self.loadIndex(searcher);
            if (self.input.value.trim()) self.update({});
          }, function (error) { self.failed(error); });
        }, 0);
      }
    }).catch(function (error) { self.failed(error); });
  };

  Finder.prototype.failed = function (error) {
    this.app.hidden = true;
    this.fallback.hidden = false;
    var status = this.fallback.querySelector("[data-finder-status]");
    if (status) status.textContent = "The finder could not load the directory (" + error.message + "). Every listing can also be found on these pages:";
    this.root.setAttribute("data-finder-state", "failed");
  };

  Finder.prototype.loadDocs = function (data) {
    var self = this;
    this.data = data;
    this.docs = data.docs;
    this.allDocs = [];
    for (var d = 0; d < this.docs.length; d++) this.allDocs.push(d);
    this.loadSlots(data);
    this.facets.forEach(function (facet) {
      if (facet.key === "day" || facet.key === "time") {
        facet.codes = facet.boxes.map(function (box) { return box.value; });
        facet.labels = facet.boxes.map(function (box) { return box.parentNode.querySelector(".finder-facet__label").textContent; });
        facet.boxIndex = facet.codes.map(function (code, i) { return i; });
        return;
      }
      var dictionary = data.facets[facet.key] || [];
      facet.codes = dictionary.map(function (pair) { return pair[0]; });
      facet.labels = dictionary.map(function (pair) { return pair[1]; });
      // The page and the data come from the same build; still, match by code, not position.
      facet.boxIndex = facet.codes.map(function (code) {
        for (var i = 0; i < facet.boxes.length; i++) if (facet.boxes[i].value === code) return i;
        return -1;
      });
      var key = facet.key;
      facet.values = self.docs.map(function (doc) {
        var v = doc[key];
        if (v === undefined) return [];
        if (key === "o") return [0];
        return typeof v === "number" ? [v] : v;
      });
      // The same values in two typed arrays (document d's are flat[offsets[d]] up to
      // flat[offsets[d + 1]]): counting 50,000 candidates reads these, not 50,000 small arrays.
      var offsets = new Int32Array(self.docs.length + 1), total = 0, d;
      for (d = 0; d < self.docs.length; d++) { offsets[d] = total; total += facet.values[d].length; }
      offsets[self.docs.length] = total;
      var flat = new Int32Array(total);
      for (d = 0; d < self.docs.length; d++) flat.set(facet.values[d], offsets[d]);
      facet.offsets = offsets;
      facet.flat = flat;
    });
    this.kindFacet = this.facetByKey("k");
  };

  Finder.prototype.openFilters = function (open) {
    this.toggle.setAttribute("aria-expanded", String(open));
    this.filters.classList.toggle("is-open", open);
  };

  Finder.prototype.facetByKey = function (key) {
    for (var i = 0; i < this.facets.length; i++) if (this.facets[i].key === key) return this.facets[i];
    return null;
  };

  // A control other than the query changed: new results now, and one new history entry.
  Finder.prototype.changed = function () {
    this.flushUrl();
    this.typing = false;
    this.shownCount = PAGE_SIZE;
    this.update({});
    this.writeUrl(false);
  };

  Finder.prototype.bind = function () {
    var self = this;
    // While typing, the URL follows a moment later: one history entry per search, not per key.
    // A pause mid-word has already pushed this search's entry: later words replace it.
    this.input.addEventListener("input", function () {
      self.update({ typed: true });
      if (!self.typing) { self.typing = true; self.pendingPush = true; }
      else if (self.pendingPush === undefined) self.pendingPush = false;
      clearTimeout(self.urlTimer);
      self.urlTimer = setTimeout(function () { self.flushUrl(); }, 300);
    });
    this.root.querySelector("[data-finder-form]").addEventListener("submit", function (event) {
      event.preventDefault();
      if (self.nearPending()) return;  // Enter in the near box picks a place (finder-near.js)
      if (self.syncNear()) self.changed();
      self.flushUrl();
      self.typing = false;
      self.heading.focus();
    });
    this.facets.forEach(function (facet) {
      facet.boxes.forEach(function (box) { box.addEventListener("change", function () { self.changed(); }); });
    });
    this.root.querySelector("[data-finder-clear]").addEventListener("click", function () {
      self.facets.forEach(function (facet) { facet.boxes.forEach(function (box) { box.checked = false; }); });
      self.setWhen("");
      self.changed();
    });
    this.root.querySelector("[data-finder-skip]").addEventListener("click", function (event) {
      event.preventDefault();
      self.heading.focus();
    });
    // Skip links both ways: to the results (above), and from their end back to the search box.
    this.root.querySelector("[data-finder-back]").addEventListener("click", function (event) {
      event.preventDefault();
      self.input.focus();
    });
    this.more.addEventListener("click", function () {
      var first = self.shownCount;
      self.shownCount += PAGE_SIZE;
      self.render(self.results);
      var item = self.list.children[first];
      var link = item && item.querySelector("a");
      if (link) link.focus();
    });
    this.toggle.addEventListener("click", function () {
      self.openFilters(self.toggle.getAttribute("aria-expanded") !== "true");
    });
    // On a phone the filters open above the results: "Show N results" closes them and brings
    // the results heading to the top of the screen.
    this.show.addEventListener("click", function () {
      self.openFilters(false);
      self.toggle.scrollIntoView({ block: "start" });  // the filters on, then the results
      self.heading.focus({ preventScroll: true });
    });
    this.facets.forEach(function (facet) { window.PeerFinderUI.narrowing(facet); });
    window.addEventListener("popstate", function () {
      clearTimeout(self.urlTimer);
      self.pendingPush = undefined;
      self.typing = false;
      self.readUrl();
      if (self.docs) self.update({ announce: true });
    });
  };

  /* ---- search, filters and facet counts ---- */

  Finder.prototype.selection = function (facet) {
    var selected = null;
    facet.boxes.forEach(function (box, i) {
      if (box.checked) { (selected || (selected = {}))[i] = true; }
    });
    if (!selected) return null;
    // box positions -> value positions
    var byValue = new Uint8Array(facet.codes.length), any = false;
    for (var v = 0; v < facet.codes.length; v++) {
      if (selected[facet.boxIndex[v]]) { byValue[v] = 1; any = true; }
    }
    return any ? byValue : new Uint8Array(facet.codes.length); // a selected code not in the data matches nothing
  };

  Finder.prototype.update = function (options) {
    if (!this.docs || this.waiting()) return;  // waiting: only the first page is here (finder-first.js)
    var started = performance.now(), now = Date.now();
    var query = this.input.value.trim();
    var found;
    if (query && !(this.searcher && this.searcher.ready(query))) {  // typed before the index (or
      this.countText.textContent = "Loading the search\u2026";  // its shards) arrived: searched then
      if (this.countTimer) this.countTimer.abort();  // the counts of results about to change: no slice in the shards' way
      if (this.searcher) this.prepareSearch(query);
      return;
    }
    if (query === this.lastQuery) found = this.lastFound;
    else {
      found = query ? this.searcher.search(query) : null;
      this.lastQuery = query;
      this.lastFound = found;
    }
    var searched = performance.now();
    var candidates = this.withinRadius(found ? found.refs : this.allDocs);
    this.candidates = candidates;
    this.updates = (this.updates || 0) + 1;
    // "When" (Today / This week) filters like a facet: its own counts apply every other filter.
    var counted = this.when ? this.filterWhen(candidates, now) : candidates;
    // Counted with the results when nothing is typed; while typing, after them (this.count).
    var typed = !!options.typed;
    var results = this.compute(counted, !typed), all = this.when ? this.compute(candidates, false) : results;
    this.whenCounts(all, now);
    this.results = this.ordered(results, now);
    var computed = performance.now();
    this.count(counted, query, typed);
    this.renderSort();
    this.render(this.results);
    window.PeerFinderUI.chips(this, this.chipList, this.chipBox);
    if (this.results.length) this.none.hidden = true;
    else window.PeerFinderUI.noResults(this, this.none, candidates);
    this.describe(query, options.announce, window.PeerFinderUI.corrected(this, found));
    var done = performance.now();
    window.__finderTimings.push({
      ms: done - started, search: searched - started, compute: computed - searched, render: done - computed,
      q: query, n: this.results.length, at: done, waited: !!options.waited,  // waited: for a shard
    });
    // the files the next letters of the word being typed will need, once these results are shown
    if (typed && query) setTimeout(this.searcher.prefetch.bind(this.searcher, this.input.value), 0);
  };

  /* ---- order: sort=relevance (with a query), nearest (with near), soonest, name ---- */

  Finder.prototype.defaultSort = function () {
    if (this.input.value.trim()) return "relevance";
    if (this.near) return "nearest";
    if (this.when) return "soonest";
    return "name";
  };

  Finder.prototype.sortOrder = function () {
    var sort = this.sort;
    if (sort === "relevance" && !this.input.value.trim()) sort = "";
    if (sort === "nearest" && !this.near) sort = "";
    return sort || this.defaultSort();
  };

  // Results come in relevance order (with a query) or name order (docs.json's order).
  Finder.prototype.ordered = function (results, now) {
    var sort = this.sortOrder();
    if (sort === "name") return results.slice().sort(function (a, b) { return a - b; });
    if (sort === "soonest") return this.bySoonest(results, now);
    if (sort === "nearest") return this.byDistance(results);
    return results;
  };

  function init() {
    var root = document.querySelector("[data-finder]");
    if (!root || root.getAttribute("data-finder-init")) return;
    root.setAttribute("data-finder-init", "1");
    new Finder(root).start();
  }

  // find.html adds this script early, to run as soon as it is here: it starts the finder at once
  // if the finder's markup has been read, else the line after that markup does.
  if (document.querySelector("[data-finder] [data-finder-back]")) init();
  else {
    window.__psdFinderInit = init;
    document.addEventListener("DOMContentLoaded", init);
  }
})();
