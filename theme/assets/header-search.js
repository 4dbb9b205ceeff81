/* Peer Support Directory: the header's search box (theme/directory/partials/header-search.html),
 * loaded the first time the box is focused, with lunr.js, search-index.js and search-shards.js before it.
 * As one types it lists the first listings the finder would give (the same Searcher over the
 * finder's index shards: only those the words need are fetched) and the site's pages whose
 * titles match (the guides, browse pages and crisis help, read from the navigation already on
 * the page: nothing more to download). A listing's name, kind and address come from
 * api/finder/records/<n>.json, the file of 20 records that holds it (search-index.js Records,
 * generator/finder/shards.py): the header never fetches the whole of docs.json. Enter submits the form: the finder, with the query.
 * Escape closes the list.
 */
(function () {
  "use strict";

  var LISTINGS = 5, PAGES = 3;
  var form = document.querySelector("[data-psd-search]");
  if (!form || form.getAttribute("data-psd-search-state")) return;
  form.setAttribute("data-psd-search-state", "loading");
  var input = form.querySelector("input[name=query]");
  var panel = form.querySelector(".psd-search__panel");
  var list = form.querySelector("[data-psd-search-list]");
  var status = form.querySelector("[data-psd-search-status]");
  var root = form.getAttribute("data-root");
  var fold = window.PeerSearchIndex.fold;
  var searcher = null, records = null, pages = null, timer = null, folder = form.getAttribute("data-meta").replace(/[^/]*$/, "");

  var json = window.PeerSearchIndex.json;

  // The site's pages by title, from the navigation on this page (one entry per address).
  function sitePages() {
    var seen = {}, out = [];
    document.querySelectorAll(".md-nav--primary a.md-nav__link[href]").forEach(function (a) {
      var href = a.href.split("#")[0], title = a.textContent.trim();
      if (!title || seen[href]) return;
      seen[href] = true;
      out.push({ title: title, href: href, words: fold(title).split(/[^\p{L}\p{N}]+/u).filter(Boolean) });
    });
    return out;
  }

  function matchPages(query) {
    var wanted = fold(query).split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    if (!wanted.length) return [];
    return pages.filter(function (page) {
      return wanted.every(function (w) { return page.words.some(function (word) { return word.lastIndexOf(w, 0) === 0; }); });
    }).slice(0, PAGES);
  }

  function link(text, href, note) {
    var li = document.createElement("li"), a = document.createElement("a");
    a.href = href;
    a.textContent = text;
    li.appendChild(a);
    if (note) {
      var span = document.createElement("span");
      span.className = "psd-search__note";
      span.textContent = note;
      li.appendChild(span);
    }
    return li;
  }

  function findUrl(query) {
    return form.action + "?" + new URLSearchParams({ query: query }).toString();
  }

  function show() {
    var query = input.value.trim();
    if (!query) { panel.hidden = true; return; }
    panel.hidden = false;
    if (!searcher) {
      if (form.getAttribute("data-psd-search-state") !== "failed") status.textContent = "Loading the directory…";
      return;
    }
    // The shards the words need, then the list (the status line keeps what it said meanwhile).
    if (!searcher.ready(query)) { searcher.prepare(query).then(again, failed); return; }
    var found = searcher.search(query), refs = found ? found.refs : [];
    records.get(refs.slice(0, LISTINGS)).then(function (data) {
      if (input.value.trim() === query) draw(query, refs, data);
      if (searcher) searcher.prefetch(input.value);  // the next letters' files (search-shards.js), as the finder does
    }, failed);
  }

  // The list: the first listings (their records in `data`), the matching pages, the finder.
  function draw(query, refs, data) {
    var items = [];
    data.docs.forEach(function (doc) {
      var kind = data.facets.k[doc.k];
      items.push(link(doc.n, root + data.folders[doc.k] + "/" + doc.i + "/", kind ? kind[1] : ""));
    });
    matchPages(query).forEach(function (page) { items.push(link(page.title, page.href, "Page")); });
    var all = link(refs.length ? "All " + refs.length + (refs.length === 1 ? " listing" : " listings") + " for \u201c" + query + "\u201d in the finder" : "Search for \u201c" + query + "\u201d in the finder", findUrl(query));
    all.className = "psd-search__all";
    items.push(all);
    list.replaceChildren.apply(list, items);
    status.textContent = refs.length
      ? refs.length + (refs.length === 1 ? " listing matches." : " listings match.")
      : "No listings match \u201c" + query + "\u201d.";
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(show, 120);
  });
  input.addEventListener("focus", show);
  form.addEventListener("keydown", function (event) {
    // Escape closes the list first (keeping the words; a search box's own Escape clears them).
    if (event.key === "Escape" && !panel.hidden) { event.preventDefault(); panel.hidden = true; input.focus(); }
  });
  // The list closes when focus leaves the form.
  form.addEventListener("focusout", function (event) {
    if (!form.contains(event.relatedTarget)) panel.hidden = true;
  });

  // After a fetch: the list again, for what is in the box now (if the list is still wanted).
  function again() {
    if (document.activeElement === input || !panel.hidden) show();
  }

  function failed() {
    searcher = null;
    form.setAttribute("data-psd-search-state", "failed");
    status.textContent = "The directory could not be loaded; press Enter to search in the finder.";
    again();  // words typed while it loaded see the message too
  }

  pages = sitePages();
  json(form.getAttribute("data-meta")).then(function (meta) {
    searcher = window.PeerSearchIndex.Searcher.sharded(meta, function (name) { return json(folder + name + ".json"); });
    records = new window.PeerSearchIndex.Records(meta.records, function (name) { return json(form.getAttribute("data-records") + name + ".json"); });
    form.setAttribute("data-psd-search-state", "ready");
    if (document.activeElement === input) show();
  }).catch(failed);
})();
