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
 */
(function () {
  "use strict";

  var MAX_EXPANSIONS = 40;
  // Above this many postings, a word's hits are summed from lunr's own field-vector weights
  // instead of a lunr query (same ranking: tests/test_search_module_browser.py checks it).
  // A lunr query costs ~50 us a listing on a slow phone; "support" is in most listings.
  var LUNR_QUERY_LIMIT = 300;
  var FUZZY_MIN = 5;

  function fold(text) {
    return text.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function expand(c, frequency, postRefs, postScores) {
    var fields = c.fields, nf = fields.length, count = c.count, k1 = c.k1, b = c.b;
    var lengths = fields.map(function () { return new Float64Array(count); });
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
          for (i = 0; i < refs.length; i++) lengths[f][refs[i]] += tfs[i];
        }
        perField[f] = [refs, tfs];
      }
      decoded[t] = perField;
    }
    var average = lengths.map(function (arr) { var s = 0; for (var j = 0; j < arr.length; j++) s += arr[j]; return s / count; });
    var vectors = {}, inverted = new Array(c.terms.length);
    for (t = 0; t < decoded.length; t++) {
      var per = decoded[t], withTerm = 0;
      for (f = 0; f < nf; f++) withTerm += per[f][0].length;
      if (frequency) frequency[t] = withTerm;
      var x = (count - withTerm + 0.5) / (withTerm + 0.5), idf = Math.log(1 + Math.abs(x));
      var posting = { _index: t }, termRefs = [], termScores = [];
      for (f = 0; f < nf; f++) {
        var name = fields[f], docs = {}, refsF = per[f][0], tfsF = per[f][1];
        for (i = 0; i < refsF.length; i++) {
          var r = refsF[i], tf = tfsF[i];
          docs[r] = {};
          var score = idf * ((k1 + 1) * tf) / (k1 * (1 - b + b * (lengths[f][r] / average[f])) + tf) * c.boosts[f];
          var key = name + "/" + r;
          score = Math.round(score * 1000) / 1000;
          (vectors[key] || (vectors[key] = [])).push(t, score);
          termRefs.push(r);
          termScores.push(score);
        }
        posting[name] = docs;
      }
      inverted[t] = [c.terms[t], posting];
      if (postRefs) postRefs[t] = termRefs;
      if (postScores) postScores[t] = termScores;
    }
    var fieldVectors = Object.keys(vectors).map(function (key) { return [key, vectors[key]]; });
    return { version: c.version, fields: fields, fieldVectors: fieldVectors, invertedIndex: inverted, pipeline: c.pipeline };
  }

  /* ---- the searcher ---- */

  function Searcher(compact) {
    var n = compact.terms.length;
    this.terms = compact.terms;
    this.frequency = new Int32Array(n);
    this.postRefs = new Array(n);
    this.postScores = new Array(n);
    this.index = lunr.Index.load(expand(compact, this.frequency, this.postRefs, this.postScores));
    this.cache = { keys: [], hits: {} };
    this.lunrQueryLimit = LUNR_QUERY_LIMIT;
  }

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
  Searcher.prototype.beginning = function (stem) {
    var terms = this.terms, found = [];
    for (var i = this.position(stem); i < terms.length && terms[i].lastIndexOf(stem, 0) === 0; i++) found.push(i);
    if (found.length > MAX_EXPANSIONS) {
      var frequency = this.frequency;
      found.sort(function (a, b) { return frequency[b] - frequency[a] || a - b; });
      found = found.slice(0, MAX_EXPANSIONS);
    }
    return found;
  };

  // The terms one edit away from `stem` (insertion, deletion, substitution or transposition),
  // as lunr.js finds them for `stem~1`, most common first.
  Searcher.prototype.oneEdit = function (stem) {
    var self = this, found = [];
    lunr.TokenSet.fromFuzzyString(stem, 1).intersect(this.index.tokenSet).toArray().forEach(function (term) {
      var at = self.position(term);
      if (self.terms[at] === term) found.push(at);
    });
    var frequency = this.frequency;
    return found.sort(function (a, b) { return frequency[b] - frequency[a] || a - b; });
  };

  // Listings with one of the terms, each with a score from 0 to 1 (cached by `key`: while
  // typing "grief leeds", the words already typed are not searched again). lunr.js' query
  // scores them; for a word in hundreds of listings the same field-vector weights lunr's query
  // would sum are summed directly.
  Searcher.prototype.hits = function (key, found) {
    var cache = this.cache;
    if (Object.prototype.hasOwnProperty.call(cache.hits, key)) return cache.hits[key];
    var self = this, hits = new Map(), postings = 0, best = 0;
    found.forEach(function (t) { postings += self.frequency[t]; });
    if (postings > 0 && postings <= this.lunrQueryLimit) {
      this.index.query(function (query) {
        found.forEach(function (t) { query.term(self.terms[t], { usePipeline: false }); });
      }).forEach(function (result) { hits.set(+result.ref, result.score); });
    } else {
      found.forEach(function (t) {
        var refs = self.postRefs[t], scores = self.postScores[t];
        for (var i = 0; i < refs.length; i++) hits.set(refs[i], (hits.get(refs[i]) || 0) + scores[i]);
      });
    }
    hits.forEach(function (score) { if (score > best) best = score; });
    if (best > 0) hits.forEach(function (score, ref) { hits.set(ref, score / best); });
    cache.hits[key] = hits;
    cache.keys.push(key);
    if (cache.keys.length > 64) delete cache.hits[cache.keys.shift()];
    return hits;
  };

  // Every word must match; results by score, then position. Returns null (no words to find) or
  // {refs: [positions...], corrections: [{word, term}]}: `term` is the index term a misspelt
  // `word` was read as.
  Searcher.prototype.search = function (text) {
    var self = this, words = this.words(text);
    if (!words) return null;
    var corrections = [];
    var sets = words.map(function (w) {
      var found = self.beginning(w.stem);
      if (found.length) return self.hits(w.stem, found);
      if (w.word.length >= FUZZY_MIN && /^[a-z]+$/.test(w.word)) {
        var near = self.oneEdit(w.stem);
        if (near.length) {
          corrections.push({ word: w.word, term: self.terms[near[0]] });
          return self.hits("~" + w.stem, near);
        }
      }
      return new Map();
    });
    sets.sort(function (a, b) { return a.size - b.size; });
    var scored = [];
    sets[0].forEach(function (score, ref) {
      for (var i = 1; i < sets.length; i++) {
        var other = sets[i].get(ref);
        if (other === undefined) return;
        score += other;
      }
      scored.push([ref, score]);
    });
    scored.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
    return { refs: scored.map(function (pair) { return pair[0]; }), corrections: corrections };
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

  window.PeerSearchIndex = { fold: fold, expand: expand, Searcher: Searcher, wordFor: wordFor };
})();
