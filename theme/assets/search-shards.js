/* Peer Support Directory: search-index.js' Searcher over the index in pieces
 * (generator/finder/shards.py), loaded after search-index.js wherever the index is read in
 * shards (the finder, the header search). `Searcher.sharded(meta, load)`:
 * - prepare(text) fetches what each word needs: the one shard of its beginning; or, for a
 *   beginning whose terms span shards (a proper beginning of a shard's first term), its piece:
 *   the terms beginning() expands it to (every term it begins, or the MAX_EXPANSIONS in most
 *   listings) with their postings, and the shards of the common terms among them (a common term
 *   is a shard of its own, fetched beside the piece). Typing "lo" at 50,000 listings fetched 16
 *   shards (1.6 MB of JSON); now one 30 KB piece and one common term's shard.
 * - ready(text): whether search(text) can run with what is here; a word typed on from a piece
 *   that has every term it begins ("su" then "sup") needs nothing more.
 * - prefetch(text): after results are shown, the files of the next letters the word being
 *   typed most often continues with, so they are here when typed.
 * The files here are one sorted term list (merge); a term's scores are computed the first time
 * a search reads it, from its postings, its shard's lengths and meta.json's totals, so they are
 * the whole index's (tests/test_search_shards_browser.py compares them).
 */
(function () {
  "use strict";

  var index = window.PeerSearchIndex, Searcher = index.Searcher, decode = index.decode, weigh = index.weigh, fold = index.fold;
  var COMMON_WITH_PIECE = 6;  // a beginning's common terms fetched beside its piece, if no more
  var PREFETCH = 3;  // next letters of a word fetched ahead (Searcher.prefetch)
  // A one-letter word: its second letter's files fetched ahead (prefetchLetter), for the one second
  // letter most of its terms continue with, or for every second letter when its piece has all its
  // terms and no more than LETTER_COMMON common ones: 30-60 KB gzip a letter at 50,000 listings.
  var PREFETCH_LETTER = 1, LETTER_COMMON = 8;
  // Each file's fetch (asked, parsed: ms) and each merge, for benchmarks/finder.py --verbose.
  var loads = window.__searchLoads = window.__searchLoads || [];

  // A term's postings (typed) and weights, the first time a search reads it: from its
  // postings, its shard's lengths and meta.json's totals, so they are the whole index's.
  Searcher.prototype.expanded = function (t) {
    var at = this.where[t], file = at[0], i = at[1], done = file.expanded || (file.expanded = []);
    if (!done[i]) {
      var m = this.meta, d = decode(file.postings[i], m.fields.length);
      var average = this.average || (this.average = m.totals.map(function (s) { return s / m.count; }));
      done[i] = { frequency: d.refs.length, refs: d.refs, scores: weigh(d, file.lengths[i], null, m, average) };
    }
    return done[i];
  };

  // The index in shards: `meta` is meta.json; `load(name)` fetches "terms" or a shard number's
  // file and resolves with its JSON.
  Searcher.sharded = function (meta, load) {
    var searcher = Object.create(Searcher.prototype);
    searcher.cache = { keys: [], hits: {} };
    searcher.meta = meta;
    searcher.load = load;
    searcher.shards = {};    // number -> {terms, postings, lengths}, once here
    searcher.pieces = {};    // stem -> its piece {found, terms, postings, lengths}, once here
    searcher.pending = {};   // number or "terms" -> its promise
    searcher.letters = {};   // letter -> its piece's common terms on their way (prefetchLetter)
    searcher.done = {};      // stem -> true: search() has what it needs for it
    searcher.tokenSet = null;  // every term, from terms.json (misspelt words only)
    searcher.incoming = [];  // shards and pieces here since the last merge
    searcher.merge();
    return searcher;
  };

  // The shards here, and the terms of the pieces here that no shard here has, as one compact
  // index in term order (shards are consecutive ranges of sorted terms). A term's weights depend
  // only on its own postings, its lengths and meta.json, so each file is expanded once, when it
  // arrives, and its terms are put side by side with the others'.
  Searcher.prototype.merge = function () {
    var self = this, m = this.meta, incoming = this.incoming || [];
    if (!this.where) {  // the first time: nothing here yet
      this.terms = []; this.where = [];
      this.compact = { version: m.version, pipeline: m.pipeline, fields: m.fields, boosts: m.boosts, k1: m.k1, b: m.b, count: m.count };
      this.totals = m.totals; this.index = null;
    }
    this.incoming = [];
    // What arrived since the last merge goes in at its place (the terms here stay sorted): a
    // shard's range replaces the pieces' terms within it; a piece's terms are added where no
    // shard here has them. Not rebuilt from every file here: that cost ~35 ms a keystroke on a
    // slow phone once a few shards were here.
    var terms = this.terms, where = this.where;
    function splice(array, at, remove, items) { Array.prototype.splice.apply(array, [at, remove].concat(items)); }
    incoming.forEach(function (file) {
      var i;
      if (file.shard !== undefined) {
        var low = self.position(file.terms[0]), high = low, last = file.terms[file.terms.length - 1];
        while (high < terms.length && terms[high] <= last) high++;
        splice(terms, low, high - low, file.terms);
        splice(where, low, high - low, file.terms.map(function (term, k) { return [file, k]; }));
        return;
      }
      for (i = 0; i < file.terms.length; i++) {
        var term = file.terms[i], at = self.position(term);
        if (terms[at] === term || self.shards[self.shardsFor(term, true)[0]]) continue;
        terms.splice(at, 0, term);
        where.splice(at, 0, [file, i]);
      }
    });
  };

  // The number of shards whose first term is <= stem (meta.shards is sorted): a binary search.
  Searcher.prototype.after = function (stem) {
    var bounds = this.meta.shards, low = 0, high = bounds.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (bounds[middle] <= stem) low = middle + 1; else high = middle;
    }
    return low;
  };

  // The piece of a beginning that shardsFor would look for in more than one shard (a proper
  // beginning of a shard's first term): one file, with the terms beginning() expands it to
  // (generator/finder/shards.py piece_prefixes names it the same way); null for the others.
  Searcher.prototype.pieceFor = function (stem) {
    var bounds = this.meta.shards, n = Math.max(this.after(stem), 1);
    return n < bounds.length && bounds[n] !== stem && bounds[n].lastIndexOf(stem, 0) === 0 ? "p" + n + "-" + stem.length : null;
  };

  // The shards that may hold terms beginning with `stem` (or equal to it: `exact`).
  Searcher.prototype.shardsFor = function (stem, exact) {
    var bounds = this.meta.shards, low = this.after(stem);
    var found = [Math.max(0, low - 1)];
    if (!exact) for (var n = low; n < bounds.length && bounds[n].lastIndexOf(stem, 0) === 0; n++) found.push(n);
    return found;
  };

  Searcher.prototype.fetch = function (name) {
    var self = this;
    if (!this.pending[name]) {
      this.fetches = (this.fetches || 0) + 1;  // files asked for (finder.js times a search that waited)
      var asked = performance.now();
      this.pending[name] = this.load(name).then(function (data) {
        loads.push({ name: String(name), asked: asked, parsed: performance.now() });  // benchmarks/finder.py --verbose
        return data;
      }).catch(function (error) { delete self.pending[name]; throw error; });
    }
    return this.pending[name];
  };

  // Shards arrive here; merged() puts them together once, before the next search reads them.
  Searcher.prototype.loadShards = function (numbers) {
    var self = this, missing = numbers.filter(function (n) { return !self.shards[n]; });
    if (!missing.length) return Promise.resolve();
    return Promise.all(missing.map(function (n) {
      return self.fetch(n).then(function (shard) { return [n, shard]; });
    })).then(function (loaded) {
      loaded.forEach(function (pair) {
        if (self.shards[pair[0]]) return;
        self.shards[pair[0]] = pair[1];
        pair[1].shard = pair[0];
        self.incoming.push(pair[1]);
        self.stale = true;
      });
    });
  };

  Searcher.prototype.merged = function () {
    if (!this.stale) return;
    var started = performance.now();
    this.stale = false;
    this.merge();
    loads.push({ name: "merge", asked: started, parsed: performance.now() });
  };

  // Whether search(text) can run now with what is here (a word whose files are here is marked
  // done at once: no wait for prepare()).
  Searcher.prototype.ready = function (text) {
    if (!this.meta) return true;
    var self = this, done = this.done, words = this.words(text);
    return !words || words.every(function (w) { return done[w.stem] || self.here(w); });
  };

  Searcher.prototype.here = function (w) {
    var self = this, stem = w.stem, piece = this.pieceFor(stem);
    if (!this.coveredBy(stem) && !(piece ? this.pieces[stem] : this.shardsFor(stem).every(function (n) { return self.shards[n]; }))) return false;
    this.merged();
    if (!this.beginning(stem).length && this.fuzzy(w.word)) return false;  // may be misspelt: terms.json
    return (this.done[stem] = true);
  };

  // A piece here of a beginning of `stem` that has every term so beginning (fewer than
  // MAX_EXPANSIONS): those terms are here, so `stem` (typed on from it) needs nothing more.
  Searcher.prototype.coveredBy = function (stem) {
    for (var k = stem.length; k >= 1; k--) {
      var piece = this.pieces[stem.slice(0, k)];
      if (piece && piece.all) return piece;
    }
    return null;
  };

  // Fetches what search(text) needs: for each word, its beginning's piece and the shards of the
  // piece's common terms (each a shard of its own), or the shards of its beginning; for a word
  // that begins no term and may be misspelt, terms.json, then the shards of its one-edit terms.
  Searcher.prototype.prepare = function (text) {
    var self = this, words = this.meta && this.words(text);
    this.latest = text;  // (a prefetch for an earlier text stops: see prefetchLetter)
    if (!words) return Promise.resolve();
    // a word whose first letter's piece with every term is on its way (prefetchLetter): that,
    // not the word's own files again
    var coming = words.map(function (w) { return self.letters[w.stem.charAt(0)]; }).filter(Boolean);
    return Promise.all(coming).then(function () { return self.prepareWords(words); });
  };

  Searcher.prototype.prepareWords = function (words) {
    var self = this, numbers = [], pieces = [];
    words = words.filter(function (w) { return !self.done[w.stem]; });
    words.forEach(function (w) {
      if (self.coveredBy(w.stem)) return;
      var piece = self.pieceFor(w.stem);
      if (!piece) { numbers = numbers.concat(self.shardsFor(w.stem)); return; }
      // the common terms it begins (each a shard of its own) come with the piece, not after it
      // (if few: for a one-letter word the piece says which of them it needs)
      var common = (self.meta.common || []).filter(function (n) { return self.meta.shards[n].lastIndexOf(w.stem, 0) === 0; });
      if (common.length <= COMMON_WITH_PIECE) numbers = numbers.concat(common);
      pieces.push(self.fetch(piece).then(function (file) {
        var more = [];
        file.found.forEach(function (term) { if (file.terms.indexOf(term) < 0) more = more.concat(self.shardsFor(term, true)); });
        return self.loadShards(more).then(function () { return [w.stem, file]; });
      }));
    });
    return Promise.all([this.loadShards(numbers)].concat(pieces)).then(function (loaded) {
      loaded.slice(1).forEach(function (pair) {
        if (self.pieces[pair[0]]) return;
        self.pieces[pair[0]] = pair[1];
        self.incoming.push(pair[1]);
        self.stale = true;
      });
      self.merged();
      var misspelt = words.filter(function (w) { return !self.beginning(w.stem).length && self.fuzzy(w.word); });
      words.forEach(function (w) { if (misspelt.indexOf(w) < 0) self.done[w.stem] = true; });
      if (!misspelt.length) return null;
      return self.fetch("terms").then(function (terms) {
        if (!self.tokenSet) self.tokenSet = lunr.TokenSet.fromArray(terms);
        var more = [];
        misspelt.forEach(function (w) {
          self.nearTerms(w.stem).forEach(function (term) { more = more.concat(self.shardsFor(term, true)); });
        });
        return self.loadShards(more);
      }).then(function () { self.merged(); misspelt.forEach(function (w) { self.done[w.stem] = true; }); });
    });
  };

  // After a search of `text` is shown, while the visitor reads or types on: the files the next
  // letter of its last word will need, for the PREFETCH letters its piece's terms most often
  // continue with (a word whose beginning is in one shard has them all already). A word of one
  // letter (not searched yet) gets its second letter's: see prefetchLetter. A hint: a letter not
  // guessed fetches its files when typed.
  Searcher.prototype.prefetch = function (text) {
    var tail = this.meta && fold(text).split(lunr.tokenizer.separator).pop().replace(/^\W+/, "").replace(/\W+$/, "");
    this.latest = text;
    if (tail && tail.length === 1) return this.prefetchLetter(tail, text).catch(function () { return null; });
    var words = tail && this.words(text), last = words && words[words.length - 1];
    var piece = last && last.word === tail && this.pieces[last.stem];  // the word being typed
    if (!piece || piece.all) return Promise.resolve();
    return this.prepareWords(nextLetters(piece, last.stem, PREFETCH, false)).catch(function () { return null; });
  };

  // The `most` beginnings one letter longer than `stem` that a piece's terms continue with (its
  // `found`: a short beginning's terms in most listings, most first): those of its commonest
  // terms, or (`byCount`) those most of its terms continue with ("l" at 50,000 listings: "lo",
  // though "list" is its commonest term).
  function nextLetters(piece, stem, most, byCount) {
    var next = [], terms = {};
    piece.found.forEach(function (term) {
      var longer = term.slice(0, stem.length + 1);
      if (term.length <= stem.length) return;
      if (!terms[longer]) { terms[longer] = 0; next.push(longer); }
      terms[longer]++;
    });
    if (byCount) next.sort(function (a, b) { return terms[b] - terms[a] || next.indexOf(a) - next.indexOf(b); });
    return next.slice(0, most).map(function (s) { return { word: s, stem: s }; });
  }

  // A word of one letter just typed ("s", or "l" after "support anxiety "): what its second
  // letter will likely need, fetched while the visitor types it (the 250 ms or so between two
  // keys). A letter within one shard: that shard. Else its piece (a few KB gzip); then, if the
  // piece has every term of the letter and few common ones (LETTER_COMMON, each a shard of its
  // own), those: any second letter is then answered; else the files of the PREFETCH_LETTER second
  // letters most of its terms continue with, as prefetch() fetches them for a longer word.
  // Its second stage is left out if the visitor typed on meanwhile (their own files come first).
  Searcher.prototype.prefetchLetter = function (letter, text) {
    var self = this, name = this.pieceFor(letter), w = { word: letter, stem: letter };
    if (!name) return this.prepareWords([w]);
    return this.fetch(name).then(function (piece) {
      if (self.latest !== text) return null;
      var common = piece.found.filter(function (term) { return piece.terms.indexOf(term) < 0; });
      if (!piece.all || common.length > LETTER_COMMON) return self.prepareWords(nextLetters(piece, letter, PREFETCH_LETTER, true));
      var all = self.letters[letter] = self.prepareWords([w]).then(function () { delete self.letters[letter]; }, function () { delete self.letters[letter]; });
      return all;
    });
  };
})();
