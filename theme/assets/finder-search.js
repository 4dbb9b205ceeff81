/* Peer Support Directory: the finder's search index (mixed into Finder by finder.js).
 *
 * lunr.js and api/finder/index/meta.json are fetched when a search needs them (at once when the
 * address has a query, else after the first results); the index's shards, when a query's words
 * need them (search-index.js Searcher.sharded, generator/finder/shards.py). At 50,000 listings
 * the whole index is about 2 MB gzip; a word's shards are tens of KB.
 */
(function () {
  "use strict";

  var parts = window.PeerFinderParts = window.PeerFinderParts || {};

  function json(url) { return window.PeerSearchIndex.json(url); }  // search-index.js, loaded first

  // lunr.js, added to the page when a search needs it (the first results do not).
  function lunrReady(src) {
    if (typeof lunr !== "undefined") return Promise.resolve();
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("lunr.js did not load")); };
      document.head.appendChild(script);
    });
  }

  // The Searcher (once): meta.json and lunr.js; no shard yet.
  // `records` (search-index.js Records) gives the records of a few results before docs.json.
  parts.searchIndex = function () {
    var self = this, root = this.root, meta = root.getAttribute("data-meta"), folder = meta.slice(0, meta.lastIndexOf("/") + 1);
    // find.html's head asked for meta.json already when the address has words.
    this.indexPromise = this.indexPromise || Promise.all([
      (window.__psdFinderMeta || Promise.reject()).catch(function () { return json(meta); }), lunrReady(root.getAttribute("data-lunr")),
    ]).then(function (loaded) {
      self.records = new window.PeerSearchIndex.Records(loaded[0].records, function (name) { return json(root.getAttribute("data-records") + name + ".json"); });
      return window.PeerSearchIndex.Searcher.sharded(loaded[0], function (name) { return json(folder + name + ".json"); });
    });
    return this.indexPromise;
  };

  parts.loadIndex = function (searcher) {
    this.searcher = searcher;
    this.root.setAttribute("data-finder-search", "ready");
  };

  // The shards a query needs: fetched once, then the results update if that query (or another
  // one the shards now here answer) is still in the box.
  parts.prepareSearch = function (query) {
    var self = this, asked = this.searcher.fetches || 0;
    this.searcher.prepare(query).then(function () {
      var now = self.input.value.trim();
      if (now && self.searcher.ready(now) && now !== self.lastQuery) self.update({ typed: true, waited: (self.searcher.fetches || 0) > asked });
    }, function (error) { self.failed(error); });
  };
})();
