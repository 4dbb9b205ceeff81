/* Peer Support Directory: what the finder (finder.js) and the embed page (embed-page.js) share
 * about the search index, so the two search the same way:
 * - fold(): the query folding that matches generator/finder.py's fold() for the accents it
 *   removes (the index holds every text as written and, where it differs, folded);
 * - expand(): lunr.js' serialised index rebuilt from the compact form generator/finder.py writes
 *   (compact_index; expand_index there is the Python twin, for tests). When given arrays, it
 *   also fills in, per term, how many documents have it and their refs and scores (the finder
 *   ranks very common words from these without a lunr query).
 */
(function () {
  "use strict";

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

  window.PeerSearchIndex = { fold: fold, expand: expand };
})();
