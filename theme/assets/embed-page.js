/* The embed page (/embed/): listings filtered by URL parameters, made to sit in an iframe.
   Parameters and limits come from generator/embeds/options.py (the JSON in #embed-config); the
   data from the finder's files, read the way the finder reads them (search-index.js): words are
   searched in the index's shards (api/finder/index/), and the records shown come from
   api/finder/records/ (a few small files) or, to filter many candidates, docs.json. Every contributed text goes into the page
   with textContent; no parameter text reaches HTML or CSS unless it passed a strict check.
   The page posts its height to the embedding page (embed.js) whenever it changes. */
(function () {
  "use strict";

  var root = document.querySelector("[data-embed]");
  if (!root) return;
  var config = JSON.parse(document.getElementById("embed-config").textContent);
  var params = new URLSearchParams(location.search);
  var CODE = /^[A-Za-z0-9_-]{1,40}$/;
  var HEX = /^(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
  var WID = /^[A-Za-z0-9_-]{1,40}$/;
  var MAX_VALUES = 20;
  var KIND_SINGULAR = { group: "Support group", advocate: "Advocate", training: "Training" };

  var statusEl = root.querySelector("[data-embed-status]");
  var resultsEl = root.querySelector("[data-embed-results]");
  var filtersEl = root.querySelector("[data-embed-filters]");
  var moreEl = root.querySelector("[data-embed-more]");
  var moreLink = root.querySelector("[data-embed-more-link]");
  var fallbackEl = root.querySelector("[data-embed-fallback]");

  function absolute(path) { return new URL(path, location.href).href; }

  /* ---- Parameters ---------------------------------------------------------------------- */

  function values(name) {
    var out = [];
    params.getAll(name).forEach(function (raw) {
      raw.split(",").forEach(function (part) {
        var code = part.trim();
        if (code && out.length < MAX_VALUES && out.indexOf(code) < 0) out.push(code);
      });
    });
    return out;
  }

  function parseLimit() {
    var raw = params.get("limit");
    var n = raw && /^\d{1,3}$/.test(raw) ? parseInt(raw, 10) : config.limit["default"];
    return Math.min(Math.max(n, 1), config.limit.max);
  }

  function parseTheme() {
    var raw = params.get("theme");
    // Light unless asked: a frame that follows the OS' dark mode looks broken in a light page.
    return config.themes.indexOf(raw) >= 0 ? raw : "light";
  }

  function parseQuery() {
    var raw = (params.get("q") || "").trim();
    return raw.slice(0, config.queryMax);
  }

  // The embedding page's origin, when given and well-formed: height messages go only there.
  function parseOrigin() {
    var raw = params.get("origin");
    if (!raw || raw.length > 200) return null;
    var url;
    try { url = new URL(raw); } catch (e) { return null; }
    if (url.protocol !== "https:" && url.protocol !== "http:") return null;
    return url.origin === raw ? raw : null;
  }

  function parseWid() {
    var raw = params.get("wid");
    return raw && WID.test(raw) ? raw : null;
  }

  /* ---- Colours: the accent is used only if it keeps AA contrast (4.5:1) ----------------- */

  function channel(v) {
    v /= 255;
    return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
  }
  function luminance(hex) {
    if (hex.length === 3) hex = hex.replace(/(.)/g, "$1$1");
    var n = parseInt(hex, 16);
    return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
  }
  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }
  // Backgrounds the accent is drawn on (page and card), per scheme: see embed.css.
  var BACKGROUNDS = { light: ["ffffff", "f6faf9"], dark: ["121a1c", "1b2528"] };

  function applyAccent() {
    var raw = params.get("accent");
    if (!raw) return;
    raw = raw.replace(/^#/, "");
    if (!HEX.test(raw)) return;
    var hex = raw.toLowerCase();
    if (hex.length === 3) hex = hex.replace(/(.)/g, "$1$1");
    Object.keys(BACKGROUNDS).forEach(function (scheme) {
      var ok = BACKGROUNDS[scheme].every(function (bg) { return contrast(hex, bg) >= 4.5; });
      // The value is six hex digits by now: nothing else can reach the style.
      if (ok) document.documentElement.style.setProperty("--pe-accent-" + scheme, "#" + hex);
    });
  }

  /* ---- Height messages to the embedding page ------------------------------------------- */

  var framed = window.parent && window.parent !== window;
  var targetOrigin = parseOrigin() || "*"; // "*" only ever carries the height, nothing private
  var wid = parseWid();
  var lastHeight = -1;
  var pending = false;

  function postHeight() {
    pending = false;
    if (!framed) return;
    var height = Math.ceil(document.body.getBoundingClientRect().height);
    if (height === lastHeight) return;
    lastHeight = height;
    try {
      window.parent.postMessage({ type: config.message, id: wid, height: height }, targetOrigin);
    } catch (e) { /* a detached parent: nothing to tell */ }
  }
  function scheduleHeight() {
    if (pending) return;
    pending = true;
    (window.requestAnimationFrame || setTimeout)(postHeight);
  }

  /* ---- Data ---------------------------------------------------------------------------- */

  function fetchJson(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(url + ": " + response.status);
      return response.json();
    });
  }

  function loadScript(url) {
    return new Promise(function (resolve, reject) {
      if (window.lunr) { resolve(); return; }
      var script = document.createElement("script");
      script.src = url;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error(url)); };
      document.head.appendChild(script);
    });
  }

  var metaUrl = absolute(root.getAttribute("data-meta"));
  var shardFolder = metaUrl.slice(0, metaUrl.lastIndexOf("/") + 1);
  var recordsFolder = absolute(root.getAttribute("data-records"));

  // Positions (in docs.json) of the records matching every word of the query, best first, or
  // null when the query has no word to find: the finder's own search over the index's shards
  // (search-shards.js Searcher.sharded), so the embed finds what the finder finds.
  function search(meta, query) {
    return loadScript(absolute(root.getAttribute("data-lunr"))).then(function () {
      var searcher = window.PeerSearchIndex.Searcher.sharded(meta, function (name) { return fetchJson(shardFolder + name + ".json"); });
      return searcher.prepare(query).then(function () {
        var found = searcher.search(query);
        return found ? found.refs : null;
      });
    });
  }

  function range(count) {
    var out = [];
    for (var i = 0; i < count; i++) out.push(i);
    return out;
  }

  // The records to show, as {data (docs.json's format), records, total}: `positions` are the
  // candidates in order (null: every listing, in docs.json's order). Without filters only the
  // first `limit` are read; one filter value and no words: that value's first page (the
  // finder's api/finder/first/); else every candidate (from its files of records when they are
  // few, else from docs.json).
  function gather(records, head, meta, positions, chosen, limit) {
    var total = positions ? positions.length : meta.count;
    if (!chosen.length) {
      return records.get(positions ? positions.slice(0, limit) : range(Math.min(limit, total))).then(function (data) {
        return { data: data, records: data.docs, total: total };
      });
    }
    // A facet asked for with only unknown codes matches nothing: nothing to fetch.
    if (chosen.some(function (facet) { return facet.positions && !facet.positions.length; })) {
      return Promise.resolve({ data: head, records: [], total: 0 });
    }
    var code = !positions && chosen.length === 1 && firstPageCode(head, chosen[0]);
    if (code) {
      return fetchJson(absolute(root.getAttribute("data-facet-first")) + chosen[0].param + "/" + code + ".json").then(function (first) {
        // The first page holds the first PAGE_SIZE of its value's listings, in docs.json's order.
        if (first.docs.length >= Math.min(limit, first.total)) return { data: first, records: first.docs, total: first.total };
        return fromDocs(positions, chosen);
      });
    }
    var files = {};
    (positions || []).forEach(function (p) { files[Math.floor(p / meta.records)] = true; });
    if (positions && Object.keys(files).length <= config.recordFilesMax) {
      return records.get(positions).then(function (data) { return filtered(data, data.docs, chosen); });
    }
    return fromDocs(positions, chosen);
  }

  // The code of the one value a filter asks for (its first page's file name), else null.
  function firstPageCode(head, facet) {
    var dictionary = head.facets[facet.key] || [];
    if (facet.positions === null) return dictionary.length ? dictionary[0][0] : null;  // open=yes
    return facet.positions.length === 1 ? dictionary[facet.positions[0]][0] : null;
  }

  function fromDocs(positions, chosen) {
    return fetchJson(absolute(root.getAttribute("data-docs"))).then(function (data) {
      var candidates = positions ? positions.map(function (p) { return data.docs[p]; }) : data.docs;
      return filtered(data, candidates, chosen);
    });
  }

  function filtered(data, candidates, chosen) {
    var found = candidates.filter(function (record) { return record && matches(record, chosen); });
    return { data: data, records: found, total: found.length };
  }

  /* ---- Filtering ----------------------------------------------------------------------- */

  function selection(data) {
    var chosen = [];
    config.facets.forEach(function (pair) {
      var param = pair[0], key = pair[1];
      var codes = values(param);
      if (!codes.length) return;
      var dictionary = data.facets[key] || [];
      if (param === "open") {
        if (!codes.some(function (c) { return /^(yes|1|true)$/i.test(c); })) return;
        chosen.push({ param: param, key: key, positions: null, labels: ["Taking new members"] });
        return;
      }
      var positions = [], labels = [];
      codes.forEach(function (code) {
        if (!CODE.test(code)) return;
        for (var i = 0; i < dictionary.length; i++) {
          if (dictionary[i][0] === code) { positions.push(i); labels.push(dictionary[i][1]); }
        }
      });
      // A facet asked for with only unknown codes matches nothing, rather than everything.
      chosen.push({ param: param, key: key, positions: positions, labels: labels });
    });
    return chosen;
  }

  function matches(record, chosen) {
    return chosen.every(function (facet) {
      if (facet.positions === null) return record[facet.key] === 1;
      var value = record[facet.key];
      if (value === undefined) return false;
      if (!Array.isArray(value)) value = [value];
      return value.some(function (v) { return facet.positions.indexOf(v) >= 0; });
    });
  }

  /* ---- Rendering (textContent only) ---------------------------------------------------- */

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function labelsOf(data, record, key) {
    var value = record[key];
    if (value === undefined) return [];
    if (!Array.isArray(value)) value = [value];
    return value.map(function (v) { return data.facets[key][v] ? data.facets[key][v][1] : ""; }).filter(Boolean);
  }

  // The next meeting from now, from the group's rules (occurrences.js, shared with the finder).
  function nextMeeting(data, record) {
    if (!record.e || record.x || !window.PeerOccurrences) return null;
    var rules = record.e.map(function (r) { return data.rules[r]; });
    var found = window.PeerOccurrences.upcoming(rules, Date.now(), 1, false);
    return found.length ? found[0].start : null;
  }

  function renderItem(data, record) {
    var kind = data.facets.k[record.k] ? data.facets.k[record.k][0] : "group";
    var folder = data.folders[String(record.k)] || "groups";
    var item = element("li", "pe-item");
    var title = element("h2", "pe-item__title");
    var link = element("a", null, record.n);
    link.href = absolute(root.getAttribute("data-root") + folder + "/" + encodeURIComponent(record.i) + "/");
    link.target = "_blank";
    link.rel = "noopener";
    link.appendChild(element("span", "pe-sr", " (opens in a new tab)"));
    title.appendChild(link);
    item.appendChild(title);
    var meta = [KIND_SINGULAR[kind] || ""].concat(labelsOf(data, record, "a"));
    if (record.p) meta.push(record.p);
    else meta = meta.concat(labelsOf(data, record, "c").slice(0, 3));
    meta = meta.concat(labelsOf(data, record, "l"), labelsOf(data, record, "$"));
    item.appendChild(element("p", "pe-item__meta", meta.filter(Boolean).join(" · ")));
    if (record.x) item.appendChild(element("p", "pe-badge", "Paused"));
    item.appendChild(element("p", "pe-item__summary", record.s));
    if (record.f) item.appendChild(findAGroup(record));
    var next = nextMeeting(data, record);
    if (next !== null) {
      var when = element("p", "pe-item__next", "Next meeting: ");
      when.appendChild(window.PeerOccurrences.timeElement(document, next));
      item.appendChild(when);
    }
    return item;
  }

  // A programme's own group finder (`f` in docs.json), opened outside the frame like the listing.
  function findAGroup(record) {
    var p = element("p", "pe-item__find");
    var link = element("a", null, "Find a local group or meeting");
    link.href = record.f;
    link.target = "_blank";
    link.rel = "noopener";
    link.setAttribute("data-find-a-group", "");
    link.appendChild(element("span", "pe-sr", " (" + record.n + ", on the programme\u2019s website; opens in a new tab)"));
    p.appendChild(link);
    return p;
  }

  function finderUrl(query) {
    var out = new URLSearchParams();
    config.facets.forEach(function (pair) {
      values(pair[0]).forEach(function (code) { if (CODE.test(code)) out.append(pair[0], code); });
    });
    if (query) out.set("query", query);  // the finder's name for it (the embed's own is q)
    var search = out.toString();
    return absolute(root.getAttribute("data-root") + "find/" + (search ? "?" + search : ""));
  }

  function render(found, chosen, query, limit) {
    var data = found.data, total = found.total;
    var shown = found.records.slice(0, limit);
    resultsEl.replaceChildren.apply(resultsEl, shown.map(function (record) { return renderItem(data, record); }));
    var labels = [];
    chosen.forEach(function (facet) { labels = labels.concat(facet.labels); });
    if (query) labels.push("“" + query + "”");
    filtersEl.textContent = labels.length ? "Showing: " + labels.join(" · ") : "";
    filtersEl.hidden = !labels.length;
    if (!total) {
      statusEl.textContent = "No listings match these filters yet.";
    } else if (total > shown.length) {
      statusEl.textContent = "Showing " + shown.length + " of " + total + " listings.";
    } else {
      statusEl.textContent = total === 1 ? "1 listing." : total + " listings.";
    }
    if (total > shown.length || !total) {
      moreLink.href = total ? finderUrl(query) : absolute(root.getAttribute("data-root"));
      moreLink.firstChild.textContent = total
        ? "See all " + total + " listings in the directory"
        : "Browse the whole directory";
      moreEl.hidden = false;
    } else {
      moreEl.hidden = true;
    }
  }

  function fail() {
    statusEl.textContent = "The listings could not be loaded.";
    fallbackEl.hidden = false;
    root.setAttribute("data-embed-state", "failed");
    scheduleHeight();
  }

  /* ---- Start --------------------------------------------------------------------------- */

  document.documentElement.setAttribute("data-theme", parseTheme());
  applyAccent();
  fallbackEl.hidden = true;
  moreLink.replaceChildren(document.createTextNode(""), element("span", "pe-sr", " (opens in a new tab)"));
  statusEl.textContent = "Loading listings…";
  if (window.ResizeObserver) new ResizeObserver(scheduleHeight).observe(document.body);
  window.addEventListener("load", scheduleHeight);
  scheduleHeight();

  var query = parseQuery();
  var limit = parseLimit();
  // meta.json (the index's totals and the size of a file of records) and head.json (the facets'
  // dictionaries), then the words' shards when there is a query, then the records to show.
  fetchJson(metaUrl).then(function (meta) {
    var records = new window.PeerSearchIndex.Records(meta.records, function (name) { return fetchJson(recordsFolder + name + ".json"); });
    return Promise.all([records.file("head"), query ? search(meta, query) : null]).then(function (loaded) {
      var chosen = selection(loaded[0]);
      return gather(records, loaded[0], meta, loaded[1], chosen, limit).then(function (found) {
        render(found, chosen, query, limit);
        root.setAttribute("data-embed-state", "ready");
        scheduleHeight();
      });
    });
  }).catch(fail);
})();
