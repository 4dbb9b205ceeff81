/* Peer Support Directory: the finder's filtering and drawing (mixed into Finder by finder.js):
 * which candidates pass the filters and the facet counts (`compute`, `count`), the sort
 * control, the result cards and the count line (also said to screen readers).
 * Every text from the data is set as text, never as markup.
 */
(function () {
  "use strict";

  var LIVE_DELAY = 600;
  var COUNT_SLICE = 5000;  // candidates counted a task while typing: ~5 ms on a slow phone
  // Counting while typing yields to everything else the page has to do (the next key, an index
  // file arriving for it): a background task where the browser has a scheduler, else a timer.
  var later = window.scheduler && typeof window.scheduler.postTask === "function"
    ? function (fn) { var stop = new AbortController(); window.scheduler.postTask(fn, { priority: "background", signal: stop.signal }).catch(function () {}); return stop; }
    : function (fn) { var timer = setTimeout(fn, 0); return { abort: function () { clearTimeout(timer); } }; };
  var parts = window.PeerFinderParts = window.PeerFinderParts || {};

  // The candidates that pass every filter. With `tally`, also each facet's counts (`tally`:
  // counts with the other facets applied); without, the tallies are left as they were.
  // `more`: add to the tallies there are (the next slice of the same candidates), not afresh.
  parts.compute = function (candidates, tally, more) {
    var self = this;
    var normal = [], dayFacet = null, timeFacet = null;
    this.facets.forEach(function (facet) {
      facet.selected = self.selection(facet);
      if (tally && !more) facet.tally = new Int32Array(facet.codes.length);
      if (facet.key === "day") dayFacet = facet;
      else if (facet.key === "time") timeFacet = facet;
      else normal.push(facet);
    });
    var active = normal.filter(function (facet) { return facet.selected; });
    var daySel = dayFacet && dayFacet.selected, timeSel = timeFacet && timeFacet.selected;
    if (!tally && !active.length && !daySel && !timeSel) return candidates.slice();  // nothing filters
    var results = [], nNormal = normal.length, nActive = active.length;
    var dayTally = tally && dayFacet ? dayFacet.tally : null, timeTally = tally && timeFacet ? timeFacet.tally : null;
    for (var c = 0; c < candidates.length; c++) {
      var d = candidates[c], fails = 0, failed = null, a, j, end, facet, flat, selected;
      for (a = 0; a < nActive; a++) {
        facet = active[a]; flat = facet.flat; selected = facet.selected;
        var hit = false;
        for (j = facet.offsets[d], end = facet.offsets[d + 1]; j < end; j++) if (selected[flat[j]]) { hit = true; break; }
        if (!hit) { fails++; failed = facet; if (fails > 1 || !tally) break; }
      }
      if (fails > 1 || (fails && !tally)) continue;
      var passTime = !(daySel || timeSel);
      if (!passTime || tally) {
        var slots = this.docSlots[d], dayMask = 0, timeMask = 0;
        for (j = 0; j < slots.length; j++) {
          var day = slots[j][0], part = slots[j][1];
          var dayOk = !daySel || daySel[day], timeOk = !timeSel || timeSel[part];
          if (dayOk && timeOk) passTime = true;
          if (timeOk) dayMask |= 1 << day;
          if (dayOk) timeMask |= 1 << part;
        }
        if (fails === 0 && tally) {
          if (dayTally && dayMask) for (j = 0; j < 7; j++) if (dayMask & (1 << j)) dayTally[j]++;
          if (timeTally && timeMask) for (j = 0; j < 3; j++) if (timeMask & (1 << j)) timeTally[j]++;
        }
      }
      if (!passTime) continue;
      if (fails === 1) {
        for (flat = failed.flat, selected = failed.tally, j = failed.offsets[d], end = failed.offsets[d + 1]; j < end; j++) selected[flat[j]]++;
        continue;
      }
      if (tally) {
        for (a = 0; a < nNormal; a++) {
          facet = normal[a]; flat = facet.flat; selected = facet.tally;
          for (j = facet.offsets[d], end = facet.offsets[d + 1]; j < end; j++) selected[flat[j]]++;
        }
      }
      results.push(d);
    }
    return results;
  };

  // The facet counts for `counted` (what the results were filtered from): drawn now (`later`
  // false: compute() counted them with the results) or, while
  // typing, counted in a task of their own right after the results are on the screen: a keystroke waits
  // for its results, not for counting every candidate. data-finder-counted on the root says
  // which state the counts on the page are for (tests wait for it; the benchmark times it).
  // While typing they are counted COUNT_SLICE candidates a task, so a key pressed meanwhile is
  // handled between two slices; a newer update drops the older count.
  parts.count = function (counted, query, deferred) {
    var self = this, serial = this.updates, at = 0, started = performance.now();
    if (this.countTimer) this.countTimer.abort();
    this.root.setAttribute("data-finder-counted", "pending");
    var step = function () {
      if (serial !== self.updates) return;
      if (deferred) {
        var end = Math.min(counted.length, at + COUNT_SLICE);
        self.compute(at === 0 && end === counted.length ? counted : counted.slice(at, end), true, at > 0);
        at = end;
        if (at < counted.length) { self.countTimer = later(step); return; }
      }
      self.renderFacets();
      self.root.setAttribute("data-finder-counted", String(serial));
      var done = performance.now();
      window.__finderCounts.push({ ms: done - started, q: query, at: done, deferred: deferred });
    };
    if (deferred) this.countTimer = later(step);
    else step();
  };

  parts.renderFacets = function () {
    var active = this.when ? 1 : 0;
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

  // The sort control shows the order in use; "nearest" needs a place and "relevance" a query.
  parts.renderSort = function () {
    var select = this.sortSelect, hasQuery = !!this.input.value.trim(), near = !!this.near;
    Array.prototype.forEach.call(select.options, function (option) {
      option.disabled = (option.value === "nearest" && !near) || (option.value === "relevance" && !hasQuery);
    });
    select.value = this.sortOrder();
  };

  parts.label = function (key, index) {
    var facet = this.facetByKey(key);
    return facet ? facet.labels[index] : "";
  };

  parts.item = function (d, now) {
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
    var where = this.placeLine(d);
    if (where) li.appendChild(where);
    var summary = document.createElement("p");
    summary.className = "finder-result__summary";
    summary.textContent = doc.s;
    li.appendChild(summary);
    if (doc.f) li.appendChild(this.findAGroup(doc));
    var next = this.meetingLine(d, now === undefined ? Date.now() : now);
    if (next) li.appendChild(next);
    return li;
  };

  // A programme's own group finder (`f`): the card's way to an actual meeting near the visitor.
  parts.findAGroup = function (doc) {
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

  parts.render = function (results) {
    var shown = Math.min(results.length, this.shownCount), now = Date.now();
    var total = this.firstTotal || results.length;  // first.json: its page of the whole directory
    this.more.hidden = total <= shown;
    if (!this.more.hidden) this.more.textContent = "Show more results (" + (total - shown) + " more)";
    // The same cards in the same order, for the same place and minute, are not drawn again (so
    // the first page's cards stay when docs.json arrives).
    var docs = this.docs;  // by id: a query's first page (search-index.js Records) has its own positions
    var signature = results.slice(0, shown).map(function (d) { return docs[d].i; }).join(",") + ":" + this.nearSignature() + ":" + Math.floor(now / 60000);
    if (signature === this.rendered) return;
    this.rendered = signature;
    var focused = this.list.contains(document.activeElement) ? document.activeElement : null;
    var at = focused ? Array.prototype.indexOf.call(this.list.children, focused.closest("li")) : -1;
    var fragment = document.createDocumentFragment();
    for (var i = 0; i < shown; i++) fragment.appendChild(this.item(results[i], now));
    this.list.replaceChildren(fragment);
    // Focus on a card that is drawn again stays on it (the same link of the new card).
    var card = at >= 0 ? this.list.children[at] : null;
    if (card) {
      var again = Array.prototype.filter.call(card.querySelectorAll("a"), function (a) { return a.href === focused.href; })[0];
      if (again) again.focus({ preventScroll: true });
    }
  };

  parts.describe = function (query, announce, correction) {
    var n = this.firstTotal || this.results.length;
    var what = (query ? " \u201c" + query + "\u201d" : "") + this.nearText();
    var text = n === 0
      ? "No listings match" + what + ". Try fewer or shorter words, or one of the ways below."
      : n + (n === 1 ? " listing matches" : " listings match") + what + ".";
    if (correction) text = "No listings match \u201c" + query + "\u201d. " + correction + " " + n + (n === 1 ? " listing." : " listings.");
    if (n > 0 && n > this.shownCount) text += " Showing the first " + Math.min(n, this.shownCount) + ".";
    var order = { soonest: "soonest first", nearest: "nearest first", name: "by name", relevance: "best match first" }[this.sortOrder()];
    if (n > 1) text += " Sorted " + order + ".";
    this.show.textContent = n === 1 ? "Show 1 result" : "Show " + n + " results";
    this.countText.textContent = text;
    var live = this.live;
    clearTimeout(this.liveTimer);
    // Said once: the same line again (the first page, then the whole directory) is not repeated.
    this.liveTimer = setTimeout(function () { if (live.textContent !== text) live.textContent = text; }, announce ? 100 : LIVE_DELAY);
  };
})();
