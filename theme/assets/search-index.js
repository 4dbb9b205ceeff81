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
 */
(function () {
  "use strict";

  var MAX_EXPANSIONS = 40;
  // Above this many postings, a word's hits are summed from lunr's own field-vector weights
  // instead of a lunr query (same ranking: tests/test_search_module_browser.py checks it).
  // A lunr query costs ~50 us a listing on a slow phone; "support" is in most listings.
  var LUNR_QUERY_LIMIT = 300;
  var FUZZY_MIN = 5;
  // Each lunr index built (and search-shards.js' fetches), for benchmarks/finder.py --verbose.
  var loads = window.__searchLoads = window.__searchLoads || [];

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  // `totals`: per field, the sum of every document's length in it over the whole index, when `c`
  // is only part of it (shards): then `c.lengths[t][f]` has each posting's document length
  // (generator/finder/shards.py), else lengths are counted from the postings.
  // `scoresOnly`: only fill frequency, postRefs and postScores (lunr's own form is built when a
  // lunr query needs it: most searches of a large directory sum the weights instead).
  function expand(c, frequency, postRefs, postScores, totals, scoresOnly) {
    var fields = c.fields, nf = fields.length, count = c.count, k1 = c.k1, b = c.b;
    var lengths = totals ? null : fields.map(function () { return new Float64Array(count); });
    var decoded = new Array(c.terms.length);
    var t, f, i;
    for (t = 0; t < c.postings.length; t++) {
      var enc = c.postings[t], perField = new Array(nf);
      for (f = 0; f < nf; f++) {
        var gaps = f < enc.length ? enc[f] : 0, refs = [], tfs = [], ref = 0;
        if (gaps) {
          for (i = 0; i < gaps.length; i++) {
            var v = gaps[i];
            if (v < 0) { tfs[tfs.length - 1] = -v; } else { ref += v; refs.push(ref); tfs.push(1); }
          }
          if (lengths) for (i = 0; i < refs.length; i++) lengths[f][refs[i]] += tfs[i];
        }
        perField[f] = [refs, tfs];
      }
      decoded[t] = perField;
    }
    var average = totals ? totals.map(function (s) { return s / count; })
      : lengths.map(function (arr) { var s = 0; for (var j = 0; j < arr.length; j++) s += arr[j]; return s / count; });
    var vectors = {}, inverted = new Array(c.terms.length);
    for (t = 0; t < decoded.length; t++) {
      var per = decoded[t], withTerm = 0;
      for (f = 0; f < nf; f++) withTerm += per[f][0].length;
      if (frequency) frequency[t] = withTerm;
      var x = (count - withTerm + 0.5) / (withTerm + 0.5), idf = Math.log(1 + Math.abs(x));
      var posting = { _index: t }, termRefs = [], termScores = [];
      for (f = 0; f < nf; f++) {
        var name = fields[f], docs = {}, refsF = per[f][0], tfsF = per[f][1], given = totals && refsF.length ? c.lengths[t][f] : null;
        for (i = 0; i < refsF.length; i++) {
          var r = refsF[i], tf = tfsF[i], length = given ? given[i] : lengths[f][r];
          var score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (length / average[f])) + tf) * c.boosts[f];
          score = Math.round(score * 1000) / 1000;
          if (!scoresOnly) {
            docs[r] = {};
            var key = name + "/" + r;
            (vectors[key] || (vectors[key] = [])).push(t, score);
          }
          termRefs.push(r);
          termScores.push(score);
        }
        posting[name] = docs;
      }
      if (!scoresOnly) inverted[t] = [c.terms[t], posting];
      if (postRefs) postRefs[t] = termRefs;
      if (postScores) postScores[t] = termScores;
    }
    if (scoresOnly) return null;
    var fieldVectors = Object.keys(vectors).map(function (key) { return [key, vectors[key]]; });
    return { version: c.version, fields: fields, fieldVectors: fieldVectors, invertedIndex: inverted, pipeline: c.pipeline };
  }

  /* ---- the searcher ---- */

  function Searcher(compact) {
    this.cache = { keys: [], hits: {} };
    this.lunrQueryLimit = LUNR_QUERY_LIMIT;
    this.meta = null;  // the whole index: nothing to fetch
    this.build(compact, null);
  }

  Searcher.prototype.lunrQueryLimit = LUNR_QUERY_LIMIT;  // (Searcher.sharded's too)

  Searcher.prototype.build = function (compact, totals) {
    var n = compact.terms.length;
    this.terms = compact.terms;
    this.frequency = new Int32Array(n);
    this.postRefs = new Array(n);
    this.postScores = new Array(n);
    expand(compact, this.frequency, this.postRefs, this.postScores, totals, true);
    this.compact = compact;
    this.totals = totals;
    this.index = null;
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
      this.index = lunr.Index.load(expand(this.compact, null, null, null, this.totals));
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
    return lunr.Index.load(expand(part, null, null, null, this.totals));
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

  // Listings with one of the terms, each with a score from 0 to 1 (cached by `key`: while
  // typing "grief leeds", the words already typed are not searched again). lunr.js' query
  // scores them; for a word in hundreds of listings the same field-vector weights lunr's query
  // would sum are summed directly.
  Searcher.prototype.hits = function (key, found) {
    var cache = this.cache, self = this;
    // by the terms (in order): the letters typed on in "sup", "supp"... expand to the same terms
    key += ":" + found.map(function (t) { return self.terms[t]; }).join(" ");
    if (Object.prototype.hasOwnProperty.call(cache.hits, key)) return cache.hits[key];
    var hits = new Map(), postings = 0, best = 0;
    hits.key = key;
    found.forEach(function (t) { postings += self.freq(t); });
    if (postings > 0 && postings <= this.lunrQueryLimit) {
      this.lunrIndexOf(found).query(function (query) {
        found.forEach(function (t) { query.term(self.terms[t], { usePipeline: false }); });
      }).forEach(function (result) { hits.set(+result.ref, result.score); });
    } else {  // summed in typed arrays, then one Map in the order first seen (as summing in the Map did)
      var count = this.compact.count, sums = this.sums || (this.sums = new Float64Array(count)), seen = this.seen || (this.seen = new Uint8Array(count)), order = [];
      found.forEach(function (t) {
        var refs = self.refsOf(t), scores = self.scoresOf(t);
        for (var i = 0; i < refs.length; i++) {
          var r = refs[i];
          if (!seen[r]) { seen[r] = 1; order.push(r); }
          sums[r] += scores[i];
        }
      });
      for (var i = 0; i < order.length; i++) { hits.set(order[i], sums[order[i]]); sums[order[i]] = 0; seen[order[i]] = 0; }
    }
    hits.forEach(function (score) { if (score > best) best = score; });
    hits.best = best > 0 ? best : 1;  // scores from 0 to 1: each divided by this where read
    cache.hits[key] = hits;
    cache.keys.push(key);
    if (cache.keys.length > 64) delete cache.hits[cache.keys.shift()];
    return hits;
  };

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
      return Object.assign(new Map(), { key: "", best: 1 });  // nothing found
    });
    var signature = sets.map(function (hits) { return hits.key; }).join("|"), last = this.last;
    if (last && last.signature === signature) return { refs: last.refs.slice(), corrections: corrections };  // same terms
    sets.sort(function (a, b) { return a.size - b.size; });
    var refs = new Int32Array(sets[0].size), scores = new Float64Array(sets[0].size), n = 0;
    var first = sets[0].best;
    sets[0].forEach(function (score, ref) {
      score /= first;
      for (var i = 1; i < sets.length; i++) {
        var other = sets[i].get(ref);
        if (other === undefined) return;
        score += other / sets[i].best;
      }
      refs[n] = ref; scores[n++] = score;
    });
    // by score, then position: positions into typed arrays (tens of thousands of results for a
    // common word: no array per result to sort)
    var order = new Int32Array(n);
    for (var i = 0; i < n; i++) order[i] = i;
    order.sort(function (a, b) { return scores[b] - scores[a] || refs[a] - refs[b]; });
    var out = new Array(n);
    for (i = 0; i < n; i++) out[i] = refs[order[i]];
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
  function Records(size, load) {
    this.size = size;
    this.load = load;
    this.files = {};
  }

  Records.prototype.file = function (name) {
    var files = this.files;
    if (!files[name]) files[name] = this.load(name).catch(function (error) { delete files[name]; throw error; });
    return files[name];
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
  function json(url) {
    return fetch(url).then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
  }

  window.PeerSearchIndex = { fold: fold, expand: expand, Searcher: Searcher, Records: Records, assemble: assemble, wordFor: wordFor, json: json };
})();
