/* Peer Support Directory: the finder's first page (mixed into Finder by finder.js).
 *
 * On a phone the whole of api/finder/docs.json takes seconds to arrive. When the address asks
 * for nothing but the finder (no query, filter, when, near or sort), api/finder/first.json (the
 * first page of records in the finder's order without a query, in docs.json's format, and the
 * total: generator/finder/data.py first_page) is shown first, drawn by the same code as the
 * full finder, so the cards and the count line are the ones docs.json gives. Until docs.json is
 * here the filters and the search box say they are loading (aria-busy and a visible note);
 * anything the visitor types, ticks or picks meanwhile is kept and applied when it arrives.
 * An address with words and nothing else (find/?query=spanish), and words typed while only a
 * first page is here, get the first page of their results the same way (`showQueryPage`), from
 * the index's shards and api/finder/records/: at 50,000 listings docs.json is 2.7 MB gzip.
 */
(function () {
  "use strict";

  // The URL parameters that ask for something other than the first page (finder-url.js); an
  // empty one (the home page's form sends query= when nothing is typed) asks for nothing.
  var STATE = ["query", "when", "near", "radius", "sort"];
  var FIRST_SCREEN = 5;  // cards: more than a phone's first screen shows
  var parts = window.PeerFinderParts = window.PeerFinderParts || {};

  // The state the address asks for, by URL parameter name (empty values left out).
  parts.asked = function () {
    var params = new URLSearchParams(window.location.search);
    var names = STATE.concat(this.facets.map(function (facet) { return facet.param; }));
    return names.filter(function (name) { return params.getAll(name).some(function (v) { return v.trim(); }); });
  };

  parts.plainAddress = function () {
    return !this.asked().length;
  };

  // Show first.json's page unless docs.json (`this.complete`) is here first. Nothing is lost if
  // first.json fails: the finder goes on waiting for docs.json.
  parts.showFirstPage = function (started, url) {
    var self = this;
    fetch(url || this.root.getAttribute("data-first")).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (first) {
      if (self.complete || !first.docs.length) return;  // nothing to show: the whole finder says so
      self.firstData = first;
      self.drawFirst(first, first.total, "", [], started, performance.now());
    }).catch(function () {});
  };

  // One filter value and nothing else (find/?country=GB): its own first page, written by the
  // build for every value (generator/finder/page.py facet_first_pages). False: none to show.
  parts.showFacetPage = function (started, param) {
    var values = new URLSearchParams(window.location.search).getAll(param).filter(function (v) { return v.trim(); });
    var known = this.facets.some(function (facet) { return facet.param === param && facet.key !== "day" && facet.key !== "time"; });
    if (!known || values.length !== 1 || !/^[A-Za-z0-9_-]+$/.test(values[0])) return false;
    this.showFirstPage(started, this.root.getAttribute("data-facet-first") + param + "/" + values[0] + ".json");
    return true;
  };

  // Words and nothing else (in the address, or typed while only a first page is here): the
  // first page of their results, from the index's shards and the few files of records that hold
  // them (search-index.js Records), before docs.json. Later words win over earlier ones.
  // Resolves once that page is drawn, or is not to be (never rejects).
  parts.showQueryPage = function (started, query) {
    var self = this, fetched;
    return this.searchIndex().then(function (searcher) {
      return searcher.prepare(query).then(function () {
        if (self.complete || self.input.value.trim() !== query) return null;
        var found = searcher.search(query);
        if (!found || !found.refs.length) return null;  // the no-results ways on need docs.json
        fetched = performance.now();
        var page = found.refs.slice(0, self.pageSize), screen = page.slice(0, FIRST_SCREEN), whole = false;
        var still = function () { return !self.complete && self.input.value.trim() === query && self.onlyWords(); };
        // A page's 20 records are in about 20 files, and HTTP/1.1 fetches six at a time: the
        // first screen's come in the first round and are drawn then; the page, when it is all here.
        if (screen.length < page.length) {
          self.records.get(screen).then(function (data) {
            if (!whole && still()) self.drawFirst(data, found.refs.length, query, found.corrections, started, fetched, true);
          }).catch(function () {});
        }
        return self.records.get(page).then(function (data) {
          whole = true;
          if (still()) self.drawFirst(data, found.refs.length, query, found.corrections, started, fetched);
        });
      });
    }).catch(function () {});  // docs.json and the whole search still come
  };

  function json(url) { return window.PeerSearchIndex.json(url); }  // search-index.js, loaded first

  // A place and nothing else (find/?near=Chicago; not near=me, which waits on the visitor): the
  // `size` groups nearest to it, from api/finder/near/ (generator/finder/near.py): cells are
  // fetched nearest first until none left could hold a group nearer than the size-th found. The
  // order is the full finder's (by distance, then docs.json's order), so the page is the same
  // (tests/test_finder_near_cells_browser.py). Resolves once drawn, or not to be (never rejects).
  parts.showNearPage = function (started) {
    var self = this, base = this.root.getAttribute("data-near"), size = this.pageSize, fetched;
    return Promise.all([this.nearSettled, json(base + "cells.json"), json(this.root.getAttribute("data-records") + "head.json")]).then(function (loaded) {
      var place = loaded[0], index = loaded[1], head = loaded[2];
      if (!place || self.complete) return;
      return self.nearest(place, index, size, function (cell) { return json(base + cell[0] + "_" + cell[1] + ".json"); }).then(function (found) {
        if (!found || self.complete || !self.near || self.near.lat !== place.lat || self.near.lon !== place.lon) return;
        fetched = performance.now();
        self.drawFirst(window.PeerSearchIndex.assemble(head, found), index.total, "", [], started, fetched);
      });
    }).catch(function () {});
  };

  // The `size` groups with a place nearest to `place`, nearest first (ties: docs.json's order), as
  // [{ref, km, file, at}], or null if the whole directory has fewer (then the page needs the rest).
  parts.nearest = function (place, index, size, load) {
    var kilometres = this.kilometres, half = index.degrees / 2;
    var reach = 111.2 * index.degrees;  // > 0.5 degree of latitude + 0.5 of longitude, in km
    var cells = index.cells.map(function (cell) {
      var centre = kilometres(place.lat, place.lon, cell[0] + half, cell[1] + half);
      return { cell: cell, bound: Math.max(0, centre - reach) };
    }).sort(function (a, b) { return a.bound - b.bound; });
    var found = [], next = 0;
    function more() {
      // Too few yet: the next cells until they hold enough. Else: every cell that could hold a
      // group as near as the size-th found (a tie goes by position, so it is fetched too).
      var batch = [], wanted = found.length, enough = found.length >= size;
      var limit = enough ? found[size - 1].km : Infinity;
      while (next < cells.length && (enough ? cells[next].bound <= limit : wanted < size)) {
        wanted += cells[next].cell[2];
        batch.push(cells[next++]);
      }
      if (!batch.length) return Promise.resolve(found.length >= size ? found.slice(0, size) : null);
      return Promise.all(batch.map(function (c) { return load(c.cell); })).then(function (files) {
        files.forEach(function (file) {
          file.refs.forEach(function (ref, at) {
            var g = file.docs[at].g;
            found.push({ ref: ref, km: kilometres(place.lat, place.lon, g[0], g[1]), file: file, at: at });
          });
        });
        found.sort(function (a, b) { return a.km - b.km || a.ref - b.ref; });
        return more();
      });
    }
    return more();
  };

  // Nothing but words asked for: no box ticked, no when, near or sort.
  parts.onlyWords = function () {
    return !this.when && !this.near && !this.sort && !this.facets.some(function (facet) {
      return facet.boxes.some(function (box) { return box.checked; });
    });
  };

  // A first page (first.json's, or a query's) drawn by the full finder's code; `total` is the
  // number of results in the whole directory; `corrections`, the search's (misspelt words).
  // `screen`: only the first screen's cards of a page (the rest are on their way): no "Show more"
  // yet, and data-finder-state says "first-screen".
  parts.drawFirst = function (data, total, query, corrections, started, fetched, screen) {
    this.loadDocs(data);
    var correction = window.PeerFinderUI.corrected(this, { refs: [0], corrections: corrections });
    this.firstTotal = total;
    this.busy(true);
    this.results = this.allDocs.slice();
    var loaded = performance.now();
    this.renderSort();
    this.render(this.results);
    if (screen) this.more.hidden = true;
    this.describe(query, true, correction);
    var done = performance.now();
    if (query) window.__finderTimings.push({ ms: done - loaded, q: query, n: data.docs.length, at: done, first: true, screen: !!screen });
    var self = this;  // the search (lunr.js and meta.json) next, so words typed soon wait only for their shards
    setTimeout(function () { self.searchIndex().catch(function () {}); }, 0);
    if (!window.__finderFirstResults) {
      window.__finderFirstResults = done;
      window.__finderStart = { started: started, fetched: fetched, loaded: loaded, first: done };
    }
    if (!screen && !window.__finderFirstPage) window.__finderFirstPage = done;  // the whole first page
    this.root.setAttribute("data-finder-state", screen ? "first-screen" : "first");
  };

  // While only a first page is here, a change the visitor makes waits for the whole directory;
  // words typed meanwhile get their own first page, and none gets first.json's back.
  parts.waiting = function () {
    if (!this.firstTotal) return false;
    this.countText.textContent = "Loading the search\u2026";
    var query = this.input.value.trim();
    if (this.onlyWords() && query !== this.firstQuery) {
      this.firstQuery = query;
      if (query) this.showQueryPage(performance.now(), query);
      else if (this.firstData) this.drawFirst(this.firstData, this.firstData.total, "", [], 0, 0);
    }
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
