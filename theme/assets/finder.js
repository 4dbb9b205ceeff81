/* Peer Support Directory: the finder (find/). Vanilla JavaScript; lunr.js is the only library.
 *
 * Loads api/finder/docs.json (compact records and facet dictionaries) and api/finder/index.json
 * (a lunr.py index, written compactly: generator/finder.py says how, search-index.js expands it)
 * and keeps the query and filters in the URL. Facets OR within themselves and AND across; each value's count is taken
 * with every OTHER facet applied. Day and time of day are the visitor's: each group's weekly
 * slots (IANA zone, weekday, local time) are placed with Intl, correct across clock changes.
 * Timings of each update are kept in window.__finderTimings for benchmarks/finder.py.
 */
(function () {
  "use strict";

  var DAY_CODES = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
  var TIME_CODES = ["morning", "afternoon", "evening"];
  var PAGE_SIZE = 20;
  var LIVE_DELAY = 600;

  window.__finderTimings = window.__finderTimings || [];

  var fold = window.PeerSearchIndex.fold;

  /* ---- time zones: a slot (zone, weekday, minutes) -> the visitor's weekday and time of day ---- */

  function offsetMinutes(format, instant) {
    var parts = {};
    format.formatToParts(new Date(instant)).forEach(function (p) { parts[p.type] = p.value; });
    var wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour % 24, +parts.minute, +parts.second);
    return Math.round((wall - Math.floor(instant / 1000) * 1000) / 60000);
  }

  function zoneInfo(zone, now) {
    try {
      var format = new Intl.DateTimeFormat("en-US", {
        timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric",
        hour: "numeric", minute: "numeric", second: "numeric",
      });
      return { format: format, now: offsetMinutes(format, now), later: offsetMinutes(format, now + 8 * 86400000) };
    } catch (error) {
      return null;
    }
  }

  // The next instant (ms) at which it is `minutes` past midnight on `weekday` (0 = Monday) in the zone.
  function nextInstant(info, weekday, minutes, now) {
    var local = new Date(now + info.now * 60000);
    var today = (local.getUTCDay() + 6) % 7;
    var wall = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + ((weekday - today + 7) % 7), 0, minutes);
    if (wall < local.getTime()) wall += 7 * 86400000;
    var instant = wall - info.now * 60000;
    if (info.now !== info.later) { // a clock change within the week: ask the zone at that time
      var first = offsetMinutes(info.format, wall - info.now * 60000);
      instant = wall - first * 60000;
      var second = offsetMinutes(info.format, instant);
      if (second !== first) instant = wall - second * 60000;
    }
    return instant;
  }

  function localSlots(slots, now) {
    var zones = {};
    return slots.map(function (slot) {
      if (!(slot[0] in zones)) zones[slot[0]] = zoneInfo(slot[0], now);
      var info = zones[slot[0]];
      if (!info) return null;
      var at = new Date(nextInstant(info, slot[1], slot[2], now));
      var hour = at.getHours();
      return [(at.getDay() + 6) % 7, hour < 12 ? 0 : hour < 17 ? 1 : 2];
    });
  }

  /* ---- the finder ---- */

  function Finder(root) {
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
    this.rootUrl = root.getAttribute("data-root");
    this.facets = Array.prototype.map.call(root.querySelectorAll("fieldset[data-facet]"), function (fieldset) {
      var boxes = Array.prototype.slice.call(fieldset.querySelectorAll("input[type=checkbox]"));
      return {
        param: fieldset.getAttribute("data-facet"), key: fieldset.getAttribute("data-key"), fieldset: fieldset,
        boxes: boxes, counts: boxes.map(function (box) { return box.parentNode.querySelector("[data-count]"); }),
        shown: boxes.map(function () { return null; }),
      };
    });
    this.shownCount = PAGE_SIZE;
    this.typing = false;
    this.liveTimer = null;
    this.lastQuery = null;
    this.lastFound = null;
  }

  Finder.prototype.start = function () {
    var self = this;
    this.app.hidden = false;
    this.fallback.hidden = true;
    this.bind();
    this.readUrl();
    Promise.all([
      fetch(this.root.getAttribute("data-docs")).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); }),
      fetch(this.root.getAttribute("data-index")).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); }),
    ]).then(function (loaded) {
      self.load(loaded[0], loaded[1]);
      self.update({ announce: true });
      window.__finderFirstResults = performance.now();
      self.root.setAttribute("data-finder-state", "ready");
    }).catch(function (error) {
      self.app.hidden = true;
      self.fallback.hidden = false;
      var status = self.fallback.querySelector("[data-finder-status]");
      if (status) status.textContent = "The finder could not load the directory (" + error.message + "). Every listing can also be found on these pages:";
      self.root.setAttribute("data-finder-state", "failed");
    });
  };

  Finder.prototype.load = function (data, compactIndex) {
    var self = this, now = Date.now();
    this.data = data;
    this.docs = data.docs;
    this.searcher = new window.PeerSearchIndex.Searcher(compactIndex);
    this.allDocs = [];
    for (var d = 0; d < this.docs.length; d++) this.allDocs.push(d);
    var slots = localSlots(data.slots, now);
    this.docSlots = this.docs.map(function (doc) {
      return (doc.w || []).map(function (i) { return slots[i]; }).filter(Boolean);
    });
    this.facets.forEach(function (facet) {
      if (facet.key === "day" || facet.key === "time") {
        facet.codes = facet.key === "day" ? DAY_CODES : TIME_CODES;
        facet.labels = facet.boxes.map(function (box) { return box.parentNode.querySelector(".finder-facet__label").textContent; });
        facet.boxIndex = facet.codes.map(function (code) { return facet.codes.indexOf(code); });
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
    });
    this.kindFacet = this.facetByKey("k");
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    var zoneNote = this.root.querySelector("[data-finder-zone]");
    if (zoneNote) zoneNote.textContent = "Days and times are in your time zone (" + zone + ").";
  };

  Finder.prototype.openFilters = function (open) {
    this.toggle.setAttribute("aria-expanded", String(open));
    this.filters.classList.toggle("is-open", open);
  };

  Finder.prototype.facetByKey = function (key) {
    for (var i = 0; i < this.facets.length; i++) if (this.facets[i].key === key) return this.facets[i];
    return null;
  };

  Finder.prototype.bind = function () {
    var self = this;
    // While typing, the URL follows a moment later: one history entry per search, not per key.
    this.input.addEventListener("input", function () {
      self.update({});
      if (!self.typing) { self.typing = true; self.pendingPush = true; }
      clearTimeout(self.urlTimer);
      self.urlTimer = setTimeout(function () { self.flushUrl(); }, 300);
    });
    this.root.querySelector("[data-finder-form]").addEventListener("submit", function (event) {
      event.preventDefault();
      self.flushUrl();
      self.typing = false;
      self.heading.focus();
    });
    this.facets.forEach(function (facet) {
      facet.boxes.forEach(function (box) {
        box.addEventListener("change", function () {
          self.flushUrl();
          self.typing = false;
          self.shownCount = PAGE_SIZE;
          self.update({});
          self.writeUrl(false);
        });
      });
    });
    this.root.querySelector("[data-finder-clear]").addEventListener("click", function () {
      self.flushUrl();
      self.facets.forEach(function (facet) { facet.boxes.forEach(function (box) { box.checked = false; }); });
      self.typing = false;
      self.update({});
      self.writeUrl(false);
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

  /* ---- URL state ---- */

  Finder.prototype.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    this.input.value = params.get("query") || "";
    this.facets.forEach(function (facet) {
      var wanted = params.getAll(facet.param);
      facet.boxes.forEach(function (box) { box.checked = wanted.indexOf(box.value) !== -1; });
    });
    this.shownCount = PAGE_SIZE;
  };

  Finder.prototype.flushUrl = function () {
    clearTimeout(this.urlTimer);
    if (this.pendingPush === undefined) return;
    this.writeUrl(!this.pendingPush);
    this.pendingPush = undefined;
  };

  Finder.prototype.writeUrl = function (replace) {
    var params = new URLSearchParams();
    var q = this.input.value.trim();
    if (q) params.append("query", q);
    this.facets.forEach(function (facet) {
      facet.boxes.forEach(function (box) { if (box.checked) params.append(facet.param, box.value); });
    });
    var search = params.toString();
    var url = window.location.pathname + (search ? "?" + search : "");
    if (url === window.location.pathname + window.location.search) return;
    if (replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  };

  /* ---- search and facet counts ---- */

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

  Finder.prototype.compute = function (candidates) {
    var self = this;
    var normal = [], dayFacet = null, timeFacet = null;
    this.facets.forEach(function (facet) {
      facet.selected = self.selection(facet);
      facet.tally = new Int32Array(facet.codes.length);
      if (facet.key === "day") dayFacet = facet;
      else if (facet.key === "time") timeFacet = facet;
      else normal.push(facet);
    });
    var active = normal.filter(function (facet) { return facet.selected; });
    var daySel = dayFacet && dayFacet.selected, timeSel = timeFacet && timeFacet.selected;
    var results = [];
    for (var c = 0; c < candidates.length; c++) {
      var d = candidates[c], fails = 0, failed = null, a, j, values;
      for (a = 0; a < active.length; a++) {
        values = active[a].values[d];
        var hit = false;
        for (j = 0; j < values.length; j++) if (active[a].selected[values[j]]) { hit = true; break; }
        if (!hit) { fails++; failed = active[a]; if (fails > 1) break; }
      }
      if (fails > 1) continue;
      var slots = this.docSlots[d], passTime = !(daySel || timeSel);
      var dayMask = 0, timeMask = 0;
      for (j = 0; j < slots.length; j++) {
        var day = slots[j][0], part = slots[j][1];
        var dayOk = !daySel || daySel[day], timeOk = !timeSel || timeSel[part];
        if (dayOk && timeOk) passTime = true;
        if (timeOk) dayMask |= 1 << day;
        if (dayOk) timeMask |= 1 << part;
      }
      if (fails === 0) {
        if (dayFacet) for (j = 0; j < 7; j++) if (dayMask & (1 << j)) dayFacet.tally[j]++;
        if (timeFacet) for (j = 0; j < 3; j++) if (timeMask & (1 << j)) timeFacet.tally[j]++;
      }
      if (!passTime) continue;
      if (fails === 1) {
        values = failed.values[d];
        for (j = 0; j < values.length; j++) failed.tally[values[j]]++;
        continue;
      }
      for (a = 0; a < normal.length; a++) {
        values = normal[a].values[d];
        for (j = 0; j < values.length; j++) normal[a].tally[values[j]]++;
      }
      results.push(d);
    }
    return results;
  };

  Finder.prototype.update = function (options) {
    if (!this.docs) return;
    var started = performance.now();
    var query = this.input.value.trim();
    var found;
    if (query === this.lastQuery) found = this.lastFound;
    else {
      found = query ? this.searcher.search(query) : null;
      this.lastQuery = query;
      this.lastFound = found;
    }
    var searched = performance.now();
    var candidates = found ? found.refs : this.allDocs;
    this.results = this.compute(candidates);
    var computed = performance.now();
    this.renderFacets();
    this.render(this.results);
    window.PeerFinderUI.chips(this, this.chipList, this.chipBox);
    if (this.results.length) this.none.hidden = true;
    else window.PeerFinderUI.noResults(this, this.none, candidates);
    this.describe(query, options.announce, window.PeerFinderUI.corrected(this, found));
    var done = performance.now();
    window.__finderTimings.push({
      ms: done - started, search: searched - started, compute: computed - searched, render: done - computed,
      q: query, n: this.results.length,
    });
  };

  /* ---- rendering ---- */

  Finder.prototype.renderFacets = function () {
    var active = 0;
    this.facets.forEach(function (facet) {
      for (var v = 0; v < facet.codes.length; v++) {
        var b = facet.boxIndex[v];
        if (b < 0) continue;
        var box = facet.boxes[b], count = facet.tally[v];
        if (box.checked) active++;
        if (facet.shown[b] !== count) {
          facet.counts[b].textContent = "(" + count + ")";
          facet.shown[b] = count;
        }
        var disabled = count === 0 && !box.checked;
        if (box.disabled !== disabled) box.disabled = disabled;
      }
      // Codes on the page that the data does not have (none after a normal build): never offered.
      facet.boxes.forEach(function (box, i) {
        if (facet.boxIndex.indexOf(i) === -1 && !box.checked) { box.disabled = true; facet.counts[i].textContent = "(0)"; }
      });
    });
    this.toggle.querySelector("[data-finder-active-count]").textContent = active ? " (" + active + " on)" : "";
  };

  Finder.prototype.label = function (key, index) {
    var facet = this.facetByKey(key);
    return facet ? facet.labels[index] : "";
  };

  // The next meeting from now, computed from the group's rules (occurrences.js): never stale.
  Finder.prototype.nextMeeting = function (doc) {
    if (!doc.e || doc.x || !window.PeerOccurrences) return null;
    var rules = this.data.rules;
    var found = window.PeerOccurrences.upcoming(doc.e.map(function (r) { return rules[r]; }), Date.now(), 1, false);
    return found.length ? found[0].start : null;
  };

  Finder.prototype.item = function (d) {
    var doc = this.docs[d], self = this;
    var li = document.createElement("li");
    li.className = "finder-result";
    var title = document.createElement("h3");
    title.className = "finder-result__title";
    var link = document.createElement("a");
    link.href = this.rootUrl + this.data.folders[doc.k] + "/" + doc.i + "/";
    link.textContent = doc.n;
    title.appendChild(link);
    li.appendChild(title);
    var facts = [this.kindFacet ? this.kindFacet.labels[doc.k] : ""];
    (doc.a || []).forEach(function (a) { facts.push(self.label("a", a)); });
    var places = (doc.c || []).map(function (c) { return self.label("c", c); });
    if (places.length > 3) places = places.slice(0, 3).concat("…");
    if (doc.p) places.unshift(doc.p);
    if (places.length) facts.push(places.join(", "));
    if (doc.$ !== undefined) facts.push(this.label("$", doc.$));
    var meta = document.createElement("p");
    meta.className = "finder-result__facts";
    facts.filter(Boolean).forEach(function (text) {
      var span = document.createElement("span");
      span.textContent = text;
      meta.appendChild(span);
    });
    if (doc.x) {
      var badge = document.createElement("span");
      badge.className = "badge badge--paused";
      badge.textContent = "Paused";
      meta.appendChild(badge);
    }
    li.appendChild(meta);
    var summary = document.createElement("p");
    summary.className = "finder-result__summary";
    summary.textContent = doc.s;
    li.appendChild(summary);
    if (doc.f) li.appendChild(this.findAGroup(doc));
    var next = this.nextMeeting(doc);
    if (next !== null) {
      var when = document.createElement("p");
      when.className = "finder-result__next";
      when.append("Next meeting: ", window.PeerOccurrences.timeElement(document, next));
      li.appendChild(when);
    }
    return li;
  };

  // A programme's own group finder (`f`): the card's way to an actual meeting near the visitor.
  Finder.prototype.findAGroup = function (doc) {
    var p = document.createElement("p");
    p.className = "finder-result__find";
    var link = document.createElement("a");
    link.href = doc.f;
    link.rel = "noopener";
    link.setAttribute("data-find-a-group", "");
    link.textContent = "Find a local group or meeting";
    var name = document.createElement("span");
    name.className = "psd-sr";
    name.textContent = " (" + doc.n + ", on the programme\u2019s website)";
    link.appendChild(name);
    p.appendChild(link);
    return p;
  };

  Finder.prototype.render = function (results) {
    var shown = Math.min(results.length, this.shownCount);
    var signature = results.length + ":" + results.slice(0, shown).join(",");
    if (signature === this.rendered) return;
    this.rendered = signature;
    var fragment = document.createDocumentFragment();
    for (var i = 0; i < shown; i++) fragment.appendChild(this.item(results[i]));
    this.list.replaceChildren(fragment);
    this.more.hidden = results.length <= shown;
    if (!this.more.hidden) this.more.textContent = "Show more results (" + (results.length - shown) + " more)";
  };

  Finder.prototype.describe = function (query, announce, correction) {
    var n = this.results.length;
    var text = n === 0
      ? "No listings match" + (query ? " \u201c" + query + "\u201d" : "") + ". Try fewer or shorter words, or one of the ways below."
      : n + (n === 1 ? " listing matches" : " listings match") + (query ? " \u201c" + query + "\u201d" : "") + ".";
    if (correction) text = "No listings match \u201c" + query + "\u201d. " + correction + " " + n + (n === 1 ? " listing." : " listings.");
    if (n > 0 && n > this.shownCount) text += " Showing the first " + Math.min(n, this.shownCount) + ".";
    this.show.textContent = n === 1 ? "Show 1 result" : "Show " + n + " results";
    this.countText.textContent = text;
    var live = this.live;
    clearTimeout(this.liveTimer);
    this.liveTimer = setTimeout(function () { live.textContent = text; }, announce ? 100 : LIVE_DELAY);
  };

  function init() {
    var root = document.querySelector("[data-finder]");
    if (!root || root.getAttribute("data-finder-init") || typeof lunr === "undefined") return;
    root.setAttribute("data-finder-init", "1");
    new Finder(root).start();
  }

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
