/* Peer Support Directory: the finder's helpers around its results (finder.js calls them):
 * - chips(): the filters that are on, as buttons that remove them;
 * - narrowing(): a box above a long facet list (countries, languages...) that narrows it as one types;
 * - noResults(): never a dead end: what dropping the most restrictive filter (or the search) would
 *   show, groups that serve the whole country, online groups; the page adds the browse pages and
 *   crisis help;
 * - corrected(): "showing results for" when a misspelt word was read as another.
 */
(function () {
  "use strict";

  var DAY_KEYS = { day: 7, time: 3 };

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function legendOf(facet) {
    return facet.fieldset.querySelector("legend").textContent.trim();
  }

  function checkedBoxes(finder) {
    var out = [];
    finder.facets.forEach(function (facet) {
      facet.boxes.forEach(function (box, i) {
        if (box.checked) out.push({ facet: facet, box: box, label: box.parentNode.querySelector(".finder-facet__label").textContent.trim() });
      });
    });
    return out;
  }

  // Each filter that is on, as a chip: pressing it unchecks the box (and the finder updates).
  function chips(finder, list, box) {
    var on = checkedBoxes(finder);
    var fragment = document.createDocumentFragment();
    on.forEach(function (item) {
      var li = element("li");
      var button = element("button", "finder__chip");
      button.type = "button";
      button.appendChild(element("span", "finder-sr", "Remove the filter "));
      button.appendChild(document.createTextNode(legendOf(item.facet) + ": " + item.label));
      button.appendChild(element("span", "finder__chip-x", "\u00d7"));
      button.lastChild.setAttribute("aria-hidden", "true");
      button.addEventListener("click", function () {
        // The chips are drawn again: focus goes to the one now in this place, else the results.
        var at = Array.prototype.indexOf.call(list.children, li);
        item.box.checked = false;
        item.box.dispatchEvent(new Event("change"));
        var buttons = list.querySelectorAll("button");
        (buttons[Math.min(at, buttons.length - 1)] || finder.heading).focus();
      });
      li.appendChild(button);
      fragment.appendChild(li);
    });
    if (finder.when) {  // "When" is a choice of one: its chip sets it back to any time
      var whenItem = element("li"), whenButton = element("button", "finder__chip");
      whenButton.type = "button";
      whenButton.appendChild(element("span", "finder-sr", "Remove the filter "));
      whenButton.appendChild(document.createTextNode("When: " + (finder.when === "today" ? "Today" : "This week")));
      whenButton.appendChild(element("span", "finder__chip-x", "\u00d7"));
      whenButton.lastChild.setAttribute("aria-hidden", "true");
      whenButton.addEventListener("click", function () {
        finder.setWhen("");
        finder.changed();
        (list.querySelector("button") || finder.heading).focus();
      });
      whenItem.appendChild(whenButton);
      fragment.appendChild(whenItem);
    }
    list.replaceChildren(fragment);
    box.hidden = on.length === 0 && !finder.when;
  }

  // A long facet list narrowed to the values whose label contains what is typed (accents and
  // case aside); checked values always stay in view.
  function narrowing(facet) {
    var input = facet.fieldset.querySelector("[data-finder-narrow]");
    if (!input) return;
    var fold = window.PeerSearchIndex.fold;
    var labels = facet.boxes.map(function (box) { return fold(box.parentNode.querySelector(".finder-facet__label").textContent); });
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      facet.boxes.forEach(function (box, i) {
        box.closest("li").hidden = !!wanted && labels[i].indexOf(wanted) === -1 && !box.checked;
      });
    });
  }

  // How many of `candidates` pass every filter but `skip` (a facet, or null).
  function countWithout(finder, candidates, skip) {
    var active = finder.facets.filter(function (facet) { return facet.selected && facet !== skip && !(facet.key in DAY_KEYS); });
    var day = finder.facetByKey("day"), time = finder.facetByKey("time");
    var daySel = day && day !== skip ? day.selected : null, timeSel = time && time !== skip ? time.selected : null;
    var n = 0, now = Date.now(), limit = finder.when && skip !== "when" ? finder.whenLimit(now, finder.when) : null;
    for (var c = 0; c < candidates.length; c++) {
      var d = candidates[c], ok = true, j;
      for (var a = 0; a < active.length && ok; a++) {
        var values = active[a].values[d], hit = false;
        for (j = 0; j < values.length; j++) if (active[a].selected[values[j]]) { hit = true; break; }
        ok = hit;
      }
      if (ok && (daySel || timeSel)) {
        var slots = finder.docSlots[d], pass = false;
        for (j = 0; j < slots.length && !pass; j++) pass = (!daySel || daySel[slots[j][0]]) && (!timeSel || timeSel[slots[j][1]]);
        ok = pass;
      }
      if (ok && limit !== null) {
        var next = finder.nextOf(d, now);
        ok = next !== null && next.start < limit;
      }
      if (ok) n++;
    }
    return n;
  }

  function plural(n) { return n + (n === 1 ? " listing" : " listings"); }

  // The countries the visitor has in mind: those checked, those of checked regions, else the
  // one their browser's language names (read here, never sent anywhere).
  function countriesInMind(finder) {
    var codes = {};
    var country = finder.facetByKey("c"), region = finder.facetByKey("r");
    if (country) country.boxes.forEach(function (box) { if (box.checked) codes[box.value] = true; });
    if (region) region.boxes.forEach(function (box) { if (box.checked) codes[box.value.split("-")[0]] = true; });
    if (!Object.keys(codes).length) {
      var match = /-([A-Z]{2})\b/.exec(navigator.language || "");
      if (match) codes[match[1]] = true;
    }
    return Object.keys(codes);
  }

  function findUrl(finder, params) {
    var search = new URLSearchParams(params).toString();
    return window.location.pathname + (search ? "?" + search : "");
  }

  // Nothing matched: offer the nearest ways on. Returns nothing; fills `panel`.
  function noResults(finder, panel, candidates) {
    var ways = panel.querySelector("[data-finder-ways]");
    var nationwide = panel.querySelector("[data-finder-nationwide]");
    var fragment = document.createDocumentFragment();
    // 1. The one filter (or the search) whose removal brings back the most listings.
    var best = null;
    finder.facets.forEach(function (facet) {
      if (!facet.selected) return;
      var n = countWithout(finder, candidates, facet);
      if (n > 0 && (!best || n > best.n)) best = { n: n, facet: facet };
    });
    if (finder.when) {
      var withoutWhen = countWithout(finder, candidates, "when");
      if (withoutWhen > 0 && (!best || withoutWhen > best.n)) best = { n: withoutWhen, facet: "when" };
    }
    var query = finder.input.value.trim();
    if (query) {
      var withoutQuery = countWithout(finder, finder.allDocs, null);
      if (withoutQuery > 0 && (!best || withoutQuery > best.n)) best = { n: withoutQuery, facet: null };
    }
    if (best) {
      var li = element("li"), button = element("button", "md-button finder__way");
      button.type = "button";
      if (best.facet === "when") {
        button.textContent = "Remove the filter \u201cWhen: " + (finder.when === "today" ? "Today" : "This week") + "\u201d (" + plural(best.n) + ")";
        button.addEventListener("click", function () {
          finder.setWhen("");
          finder.changed();
          finder.heading.focus();
        });
      } else if (best.facet) {
        var names = best.facet.boxes.filter(function (b) { return b.checked; })
          .map(function (b) { return b.parentNode.querySelector(".finder-facet__label").textContent.trim(); });
        button.textContent = "Remove the filter \u201c" + legendOf(best.facet) + ": " + names.join(", ") + "\u201d (" + plural(best.n) + ")";
        button.addEventListener("click", function () {
          best.facet.boxes.forEach(function (b) { b.checked = false; });
          best.facet.boxes[0].dispatchEvent(new Event("change"));
          finder.heading.focus();
        });
      } else {
        button.textContent = "Clear the search \u201c" + query + "\u201d and keep the filters (" + plural(best.n) + ")";
        button.addEventListener("click", function () {
          finder.input.value = "";
          finder.input.dispatchEvent(new Event("input"));
          finder.flushUrl();
          finder.heading.focus();
        });
      }
      li.appendChild(button);
      fragment.appendChild(li);
    }
    // 2. Online groups, open to the visitor wherever they are.
    var attend = finder.facetByKey("a"), kind = finder.facetByKey("k");
    var online = attend ? attend.codes.indexOf("online") : -1, group = kind ? kind.codes.indexOf("group") : -1;
    if (online >= 0) {
      var count = 0;
      for (var d = 0; d < finder.docs.length; d++) {
        var doc = finder.docs[d];
        if (!doc.x && doc.k === group && (doc.a || []).indexOf(online) >= 0) count++;
      }
      if (count) {
        var item = element("li"), link = element("a", null, "Online groups, open wherever you are (" + count + ")");
        link.href = findUrl(finder, [["kind", "group"], ["attend", "online"]]);
        item.appendChild(link);
        fragment.appendChild(item);
      }
    }
    ways.replaceChildren(fragment);
    // 3. Groups that serve the whole of the country the visitor has in mind.
    var countryFacet = finder.facetByKey("c"), wanted = countriesInMind(finder), shown = [];
    if (countryFacet && wanted.length) {
      var positions = wanted.map(function (code) { return countryFacet.codes.indexOf(code); }).filter(function (p) { return p >= 0; });
      for (var i = 0; i < finder.docs.length && shown.length < 3; i++) {
        var record = finder.docs[i];
        if (record.z && !record.x && (record.c || []).some(function (c) { return positions.indexOf(c) >= 0; })) shown.push(i);
      }
    }
    var note = panel.querySelector("[data-finder-nationwide-note]");
    nationwide.replaceChildren.apply(nationwide, shown.map(function (index) { return finder.item(index); }));
    note.hidden = !shown.length;
    note.textContent = shown.length ? "Groups that serve the whole of " + positionsLabel(countryFacet, wanted) + ":" : "";
    panel.hidden = false;
  }

  function positionsLabel(facet, codes) {
    return codes.map(function (code) {
      var i = facet.codes.indexOf(code);
      return i >= 0 ? facet.labels[i] : code;
    }).join(" or ");
  }

  // "Showing results for": each misspelt word and the word it was read as.
  function corrected(finder, found) {
    if (!found || !found.corrections.length || !found.refs.length) return "";
    var first = finder.docs[found.refs[0]];
    var texts = [first.n, first.s].concat(["t", "u", "a", "l", "c", "r", "$"].reduce(function (all, key) {
      var value = first[key];
      if (value === undefined) return all;
      return all.concat((typeof value === "number" ? [value] : value).map(function (v) { return finder.label(key, v); }));
    }, []), [first.p || ""]);
    var parts = found.corrections.map(function (c) {
      return "\u201c" + window.PeerSearchIndex.wordFor(c.term, texts) + "\u201d for \u201c" + c.word + "\u201d";
    });
    return "Showing results for " + parts.join(", ") + ".";
  }

  window.PeerFinderUI = { chips: chips, narrowing: narrowing, noResults: noResults, corrected: corrected };
})();
