/* Peer Support Directory: the one search implementation, used by the finder (finder.js), the
 * embed page (embed-page.js) and the header search (header-search.js). lunr.js scores; this
 * module only reads the query the same way for all three:
 * - fold(): the query folding that matches generator/finder.py's fold() for the accents it
 *   removes (the index holds every text as written and, where it differs, folded);
 * - expand(): lunr.js' serialised index rebuilt from the compact form generator/finder.py writes
 *   (compact_documents; tests/finder_reference.py has the Python twin). When given arrays, it
 *   also fills in, per term, how many documents have it and their refs and field-vector weights;
 * - Searcher: words split as lunr.js splits them, stop words skipped (but for a word still being
 *   typed), each word matched as a beginning of the index's terms, every word required; a word
 *   of five or more letters that begins no term is tried with one edit (lunr's fuzzy match,
 *   `term~1`), and the correction is reported so the page can say "showing results for".
 * - Searcher.sharded (search-shards.js, loaded after this file): the same Searcher over the
 *   index in pieces (generator/finder/shards.py): prepare(text) fetches what a query's words
 *   need, then search(text) gives what the whole index gives.
 * A word's scores are cached by the terms it expands to, and the last result by the terms of
 * all its words: typing on in "sup", "supp"... (the same term, "support") costs nothing more.
 * Postings, weights and hits are typed arrays (no object a posting or a listing), and results
 * are ordered without a comparison function a pair: "su" at 50,000 listings finds 23,000.
 */
(function () {
  "use strict";

  var MAX_EXPANSIONS = 40;
  // Above this many postings, a word's hits are summed from lunr's own field-vector weights
  // instead of a lunr query (same ranking: tests/test_search_module_browser.py checks it).
  // A lunr query costs ~50 us a listing on a slow phone; "support" is in most listings.
  var LUNR_QUERY_LIMIT = 300;
  var FUZZY_MIN = 5;
  var MEMO = 512;  // field lengths below this have their weight for a count of 1 kept (weigh)
  // Each lunr index built (and search-shards.js' fetches), for benchmarks/finder.py --verbose.
  var loads = window.__searchLoads = window.__searchLoads || [];

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // One term's compact postings (per field, gaps between refs, a negative value the previous
  // document's count) decoded into typed arrays: refs and term counts, field after field, `ends`
  // where each field's end. Typed: "support" is in most of 50,000 listings (no object a posting).
  function decode(enc, nf) {
    var total = 0, f, i, gaps;
    for (f = 0; f < nf && f < enc.length; f++) if ((gaps = enc[f])) for (i = 0; i < gaps.length; i++) if (gaps[i] >= 0) total++;
    var refs = new Int32Array(total), tfs = new Int32Array(total), ends = new Int32Array(nf), n = 0;
    for (f = 0; f < nf; f++) {
      gaps = f < enc.length ? enc[f] : 0;
      for (var ref = 0, j = 0; gaps && j < gaps.length; j++) {
        var v = gaps[j];
        if (v < 0) tfs[n - 1] = -v; else { ref += v; refs[n] = ref; tfs[n++] = 1; }
      }
      ends[f] = n;
    }
    return { refs: refs, tfs: tfs, ends: ends };
  }

  // A decoded term's BM25 weights, as lunr.js computes them (rounded to 3 decimals). A posting's
  // document length is `given[f][i]` (a shard's lengths, in posting order) or `lengths[f][ref]`.
  // The same expression, in the same order, as lunr.js; a field's weight for a term count of 1
  // and a length is computed once (most postings: "support" has 19,000 and a few dozen lengths).
  function weigh(d, given, lengths, c, average) {
    var refs = d.refs, tfs = d.tfs, n = refs.length, out = new Float64Array(n), k1 = c.k1, b = c.b, start = 0;
    var x = (c.count - n + 0.5) / (n + 0.5), idf = Math.log(1 + Math.abs(x)), memo = new Float64Array(MEMO);
    for (var f = 0; f < d.ends.length; f++) {
      var end = d.ends[f], known = given && end > start ? given[f] : null, perRef = lengths && lengths[f], mean = average[f], boost = c.boosts[f];
      memo.fill(-1);
      for (var i = start; i < end; i++) {
        var tf = tfs[i], length = known ? known[i - start] : perRef[refs[i]], once = tf === 1 && length < MEMO;
        if (once && memo[length] >= 0) { out[i] = memo[length]; continue; }
        var score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / mean)) + tf) * boost;
        out[i] = Math.round(score * 1000) / 1000;
        if (once) memo[length] = out[i];
      }
      start = end;
    }
    return out;
  }
  // Every term's postings and weights of a compact index: `postRefs[t]` and `postScores[t]`.
  // `totals`: per field, the sum of every document's length in it over the whole index, when `c`
  // is only part of it (shards): then `c.lengths[t][f]` has each posting's document length
  // (generator/finder/shards.py), else lengths are counted from the postings.
  function weights(c, totals, postRefs, postScores) {
    var nf = c.fields.length, count = c.count, decoded = c.postings.map(function (enc) { return decode(enc, nf); }), lengths = null, t, f, i;
    if (!totals) {
      lengths = c.fields.map(function () { return new Float64Array(count); });
      decoded.forEach(function (d) {
        for (f = 0, i = 0; f < nf; f++) for (; i < d.ends[f]; i++) lengths[f][d.refs[i]] += d.tfs[i];
      });
    }
    var average = totals ? totals.map(function (s) { return s / count; })
      : lengths.map(function (arr) { var s = 0; for (var j = 0; j < arr.length; j++) s += arr[j]; return s / count; });
    for (t = 0; t < decoded.length; t++) {
      postRefs[t] = decoded[t].refs;
      postScores[t] = weigh(decoded[t], totals ? c.lengths[t] : null, lengths, c, average);
    }
  }

  // lunr.js' serialised index of a compact index (its weights as weights() gives them), for a
  // lunr query (a word in few listings: see LUNR_QUERY_LIMIT).
  function expand(c, totals) {
    var fields = c.fields, nf = fields.length, postRefs = [], postScores = [], vectors = {};
    weights(c, totals, postRefs, postScores);
    var inverted = c.terms.map(function (term, t) {
      var posting = { _index: t }, refs = postRefs[t], scores = postScores[t], d = decode(c.postings[t], nf);
      for (var f = 0, i = 0; f < nf; f++) {
        var docs = posting[fields[f]] = {};
        for (; i < d.ends[f]; i++) {
          var key = fields[f] + "/" + refs[i];
          docs[refs[i]] = {};
          (vectors[key] || (vectors[key] = [])).push(t, scores[i]);
        }
      }
      return [term, posting];
    });
    var fieldVectors = Object.keys(vectors).map(function (key) { return [key, vectors[key]]; });
    return { version: c.version, fields: fields, fieldVectors: fieldVectors, invertedIndex: inverted, pipeline: c.pipeline };
  }

  /* ---- the searcher ---- */

  function Searcher(compact) {  // meta: null, the whole index: nothing to fetch
    this.cache = { keys: [], hits: {} }; this.meta = null;
    this.build(compact, null);
  }

  Searcher.prototype.lunrQueryLimit = LUNR_QUERY_LIMIT;  // (Searcher.sharded's too)

  Searcher.prototype.build = function (compact, totals) {
    var n = compact.terms.length;
    this.terms = compact.terms; this.frequency = new Int32Array(n); this.postRefs = new Array(n); this.postScores = new Array(n);
    weights(compact, totals, this.postRefs, this.postScores);
    for (var t = 0; t < n; t++) this.frequency[t] = this.postRefs[t].length;
    this.compact = compact; this.totals = totals; this.index = null;
    this.where = null;  // sharded: per term, [file, i] (merge)
  };

  // A term's number of (field, document) postings, and its postings' refs and scores: the whole
  // index has them all; sharded, a term is expanded the first time a search reads it (most terms
  // of a shard never are: expanding a whole shard on arrival cost ~100 ms on a slow phone).
  Searcher.prototype.freq = function (t) { return this.where ? this.expanded(t).frequency : this.frequency[t]; };
  Searcher.prototype.refsOf = function (t) { return this.where ? this.expanded(t).refs : this.postRefs[t]; };
  Searcher.prototype.scoresOf = function (t) { return this.where ? this.expanded(t).scores : this.postScores[t]; };
  // lunr.js' index of what is here, built the first time a lunr query needs it.
  Searcher.prototype.lunrIndex = function () {
    if (!this.index) {
      var started = performance.now();
      this.index = lunr.Index.load(expand(this.compact, this.totals));
      loads.push({ name: "lunr index", asked: started, parsed: performance.now() });
    }
    return this.index;
  };

  // A lunr.js index with the same scores as lunrIndex() for a query of the terms `found` (positions):
  // sharded, only those terms' (lunr's score of a document sums query-term weights over the
  // document's field vectors in term order; other terms add nothing). The loaded shards change
  // as one types: this costs a few postings, not every term here.
  Searcher.prototype.lunrIndexOf = function (found) {
    if (!this.meta) return this.lunrIndex();
    var where = this.where, at = found.slice().sort(function (a, b) { return a - b; }).map(function (t) { return where[t]; });
    var part = Object.assign({}, this.compact, { terms: at.map(function (w) { return w[0].terms[w[1]]; }),
      postings: at.map(function (w) { return w[0].postings[w[1]]; }), lengths: at.map(function (w) { return w[0].lengths[w[1]]; }) });
    return lunr.Index.load(expand(part, this.totals));
  };

  // The whole index has everything a search needs; search-shards.js gives these their work for
  // the index in shards (Searcher.sharded).
  Searcher.prototype.ready = function () { return true; };
  Searcher.prototype.prepare = function () { return Promise.resolve(); };
  Searcher.prototype.prefetch = function () { return Promise.resolve(); };

  Searcher.prototype.fuzzy = function (word) {
    return word.length >= FUZZY_MIN && /^[a-z]+$/.test(word);
  };

  function stemOf(word) {
    return lunr.stemmer(new lunr.Token(word, {})).toString();
  }

  // The words of a query as lunr.js splits them: [{word, stem}], stop words left out but for
  // the last word while it may still be a beginning (no space after it). null: nothing to find.
  Searcher.prototype.words = function (text) {
    var raw = fold(text).split(lunr.tokenizer.separator);
    var open = !/[\s\-]$/.test(text);
    var words = [], seen = {};
    raw.forEach(function (piece, i) {
      var word = piece.replace(/^\W+/, "").replace(/\W+$/, "");
      if (!word) return;
      var last = open && i === raw.length - 1;
      if (last && word.length < 2) return; // a word just begun: wait for its second letter
      if (!last && lunr.stopWordFilter(word) === undefined) return;
      var stem = stemOf(word);
      if (seen[stem]) return;
      seen[stem] = true;
      words.push({ word: word, stem: stem });
    });
    return words.length ? words : null;
  };

  Searcher.prototype.position = function (term) {
    var terms = this.terms, low = 0, high = terms.length;
    while (low < high) {
      var middle = (low + high) >> 1;
      if (terms[middle] < term) low = middle + 1; else high = middle;
    }
    return low;
  };

  // The terms of the index that start with `stem`: all of them, or for a short beginning that
  // many words share, the MAX_EXPANSIONS in most listings (lunr's own wildcard expansion grows
  // quadratically with the number of terms it finds).
  // Sharded, a beginning with a piece here is expanded as the piece says (the same terms: the
  // piece was cut from the whole index by the same rule).
  Searcher.prototype.beginning = function (stem) {
    var self = this, terms = this.terms, found = [], piece = this.pieces && this.pieces[stem];
    if (piece) return piece.found.map(function (term) { return self.position(term); }).filter(function (t, i) { return terms[t] === piece.found[i]; });
    for (var i = this.position(stem); i < terms.length && terms[i].lastIndexOf(stem, 0) === 0; i++) found.push(i);
    if (found.length > MAX_EXPANSIONS) {
      var frequency = found.map(function (t) { return self.freq(t); }), at = {};
      found.forEach(function (t, i) { at[t] = frequency[i]; });
      found.sort(function (a, b) { return at[b] - at[a] || a - b; });
      found = found.slice(0, MAX_EXPANSIONS);
    }
    return found;
  };

  // The terms one edit away from `stem` (insertion, deletion, substitution or transposition),
  // as lunr.js finds them for `stem~1`, most common first.
  Searcher.prototype.nearTerms = function (stem) {
    var every = this.meta ? this.tokenSet : this.lunrIndex().tokenSet;  // sharded: terms.json's
    return lunr.TokenSet.fromFuzzyString(stem, 1).intersect(every).toArray();
  };

  Searcher.prototype.oneEdit = function (stem) {
    var self = this, found = [];
    this.nearTerms(stem).forEach(function (term) {
      var at = self.position(term);
      if (self.terms[at] === term) found.push(at);
    });
    return found.sort(function (a, b) { return self.freq(b) - self.freq(a) || a - b; });
  };

  // Listings with one of the terms, each with a score (cached by `key`: while typing "grief
  // leeds", the words already typed are not searched again): {refs (ascending), scores, size,
  // best}, a score from 0 to 1 once divided by `best`. lunr.js' query scores them; for a word in
  // hundreds of listings the same field-vector weights lunr's query would sum are summed
  // directly, in typed arrays ("su" at 50,000 listings: 40 terms, 23,000 listings).
  Searcher.prototype.hits = function (key, found) {
    var cache = this.cache, self = this;
    // by the terms (in order): the letters typed on in "sup", "supp"... expand to the same terms
    key += ":" + found.map(function (t) { return self.terms[t]; }).join(" ");
    if (Object.prototype.hasOwnProperty.call(cache.hits, key)) return cache.hits[key];
    var postings = 0, refs, scores, n = 0, i;
    found.forEach(function (t) { postings += self.freq(t); });
    if (postings > 0 && postings <= this.lunrQueryLimit) {
      var results = this.lunrIndexOf(found).query(function (query) {
        found.forEach(function (t) { query.term(self.terms[t], { usePipeline: false }); });
      }).map(function (result) { return [+result.ref, result.score]; }).sort(function (x, y) { return x[0] - y[0]; });
      refs = new Int32Array(results.length); scores = new Float64Array(results.length);
      for (n = 0; n < results.length; n++) { refs[n] = results[n][0]; scores[n] = results[n][1]; }
    } else {  // each listing's weights summed in term order, then its sum read in ref order
      var count = this.compact.count, sums = this.sums || (this.sums = new Float64Array(count)), seen = this.seen || (this.seen = new Uint8Array(count));
      var order = new Int32Array(Math.min(postings, count));
      found.forEach(function (t) {
        var termRefs = self.refsOf(t), termScores = self.scoresOf(t);
        for (var j = 0; j < termRefs.length; j++) {
          var r = termRefs[j];
          if (!seen[r]) { seen[r] = 1; order[n++] = r; }
          sums[r] += termScores[j];
        }
      });
      if (n > count >> 4) for (var r = 0, k = 0; r < count; r++) { if (seen[r]) order[k++] = r; }  // in ref order: read off
      refs = n > count >> 4 ? order.subarray(0, n) : order.subarray(0, n).sort();  // (a typed array sorts by number)
      scores = new Float64Array(n);
      for (i = 0; i < n; i++) { scores[i] = sums[refs[i]]; sums[refs[i]] = 0; seen[refs[i]] = 0; }
    }
    for (var best = 0, i = 0; i < n; i++) if (scores[i] > best) best = scores[i];
    var hits = { key: key, refs: refs, scores: scores, size: n, best: best > 0 ? best : 1 };
    cache.hits[key] = hits;
    cache.keys.push(key);
    if (cache.keys.length > 64) delete cache.hits[cache.keys.shift()];
    return hits;
  };

  // `refs` (ascending) by `scores`, highest first, then by ref: the order of results. Each score
  // is replaced by its rank among the distinct scores (sorted as numbers, natively), then the refs
  // are counted into place, in ref order: tens of thousands of results for a common word, sorted
  // without a comparison function called for each pair.
  function byScore(refs, scores, n) {
    var distinct = scores.slice(0, n).sort(), m = 0, i;
    for (i = 0; i < n; i++) if (m === 0 || distinct[i] !== distinct[m - 1]) distinct[m++] = distinct[i];
    var rank = new Int32Array(n), starts = new Int32Array(m + 1), out = new Array(n);
    for (i = 0; i < n; i++) {
      var low = 0, high = m - 1, score = scores[i];
      while (low < high) { var middle = (low + high) >> 1; if (distinct[middle] < score) low = middle + 1; else high = middle; }
      rank[i] = m - 1 - low;  // 0: the highest score
      starts[rank[i] + 1]++;
    }
    for (i = 0; i < m; i++) starts[i + 1] += starts[i];
    for (i = 0; i < n; i++) out[starts[rank[i]]++] = refs[i];
    return out;
  }

  var NOTHING = { key: "", refs: new Int32Array(0), scores: new Float64Array(0), size: 0, best: 1 };

  // Every word must match; results by score, then position. Returns null (no words to find) or
  // {refs: [positions...], corrections: [{word, term}]}: `term` is the index term a misspelt
  // `word` was read as.
  // Sharded, call it once ready(text) is true (prepare() makes it so): a word whose shards are
  // not here would find nothing.
  Searcher.prototype.search = function (text) {
    var self = this, words = this.words(text);
    if (!words) return null;
    if (!this.ready(text)) throw new Error("search() before prepare(): " + text);
    if (this.meta) this.merged();
    var corrections = [];
    var sets = words.map(function (w) {
      var found = self.beginning(w.stem);
      if (found.length) return self.hits("", found);
      if (self.fuzzy(w.word) && (self.tokenSet || !self.meta)) {
        var near = self.oneEdit(w.stem);
        if (near.length) {
          corrections.push({ word: w.word, term: self.terms[near[0]] });
          return self.hits("~" + w.stem, near);
        }
      }
      return NOTHING;
    });
    var signature = sets.map(function (hits) { return hits.key; }).join("|"), last = this.last;
    if (last && last.signature === signature) return { refs: last.refs.slice(), corrections: corrections };  // same terms
    sets.sort(function (a, b) { return a.size - b.size; });
    // the listings in every set (each set's refs ascending: walked side by side), each score the
    // sum of its scores from 0 to 1, in the sets' order
    var first = sets[0], refs = new Int32Array(first.size), scores = new Float64Array(first.size), n = 0, at = new Int32Array(sets.length);
    next: for (var k = 0; k < first.size; k++) {
      var ref = first.refs[k], score = first.scores[k] / first.best;
      for (var i = 1; i < sets.length; i++) {
        var other = sets[i], p = at[i];
        while (p < other.size && other.refs[p] < ref) p++;
        at[i] = p;
        if (p === other.size || other.refs[p] !== ref) continue next;
        score += other.scores[p] / other.best;
      }
      refs[n] = ref; scores[n++] = score;
    }
    var out = byScore(refs, scores, n);
    this.last = { signature: signature, refs: out };
    return { refs: out.slice(), corrections: corrections };
  };

  // The word in `texts` (as written) whose stem is `term`: how a correction is shown to people
  // ("anxiety", not the index's "anxieti"); the term itself if none is found.
  function wordFor(term, texts) {
    for (var i = 0; i < texts.length; i++) {
      var pieces = (texts[i] || "").split(lunr.tokenizer.separator);
      for (var j = 0; j < pieces.length; j++) {
        var word = pieces[j].replace(/^\W+/, "").replace(/\W+$/, "");
        if (word && stemOf(fold(word)) === term) return word.toLowerCase();
      }
    }
    return term;
  }

  // docs.json's records for some refs, before (or without) the whole of docs.json: head.json and
  // the files of api/finder/records/ that hold them (generator/finder/shards.py), put together as
  // one docs.json of those records, in the order asked (`e` renumbered into its `rules`).
  // `load(name)` fetches "head" or a file number's JSON; `size` is meta.json's `records`.
  function Records(size, load) { this.size = size; this.load = load; this.files = {}; }

  Records.prototype.file = function (name) {
    var files = this.files;
    return files[name] || (files[name] = this.load(name).catch(function (error) { delete files[name]; throw error; }));
  };

  Records.prototype.get = function (refs) {
    var self = this, size = this.size, numbers = [];
    refs.forEach(function (ref) { var n = Math.floor(ref / size); if (numbers.indexOf(n) < 0) numbers.push(n); });
    return Promise.all([this.file("head")].concat(numbers.map(function (n) { return self.file(n); }))).then(function (loaded) {
      return assemble(loaded[0], refs.map(function (ref) {
        return { file: loaded[1 + numbers.indexOf(Math.floor(ref / size))], at: ref % size };
      }));
    });
  };

  // One docs.json of some records: head.json's dictionaries and, for each hit, record `at` of a
  // records file (api/finder/records/ or a near cell: {docs, rules}), its `e` renumbered into
  // the new file's `rules`.
  function assemble(head, hits) {
    var data = { v: head.v, folders: head.folders, facets: head.facets, slots: head.slots, rules: [], docs: [] };
    hits.forEach(function (hit) {
      var doc = Object.assign({}, hit.file.docs[hit.at]);
      if (doc.e) doc.e = doc.e.map(function (rule) { return data.rules.push(hit.file.rules[rule]) - 1; });
      data.docs.push(doc);
    });
    return data;
  }

  // A JSON file of the site: what the finder, its first pages and the header search fetch.
  function json(url) { return fetch(url).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); }); }

  window.PeerSearchIndex = { fold: fold, expand: expand, decode: decode, weigh: weigh, Searcher: Searcher, Records: Records, assemble: assemble, wordFor: wordFor, json: json };
})();
