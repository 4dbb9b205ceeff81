/* Peer Support Directory: the finder's state in the URL (mixed into Finder by finder.js), so a
 * search can be shared, reloaded and walked back with the browser's Back button:
 *   query=   the words;          <facet>=  each checked value (kind, attend, day, time, topic...);
 *   when=    today | week;       sort=     soonest | nearest | relevance | name (when not the default);
 *   near=    a place's name ("Chicago", "Portland, ME, United States"), "<lat>,<lon>", or "me"
 *            (the device's position, asked for again on each visit: it is never put in the URL);
 *   radius=  a distance: "25mi" or "40km" (a bare number is kilometres).
 */
(function () {
  "use strict";

  var SORTS = ["soonest", "nearest", "relevance", "name"];
  var parts = window.PeerFinderParts = window.PeerFinderParts || {};

  parts.readUrl = function () {
    var params = new URLSearchParams(window.location.search);
    this.input.value = params.get("query") || "";
    this.facets.forEach(function (facet) {
      var wanted = params.getAll(facet.param);
      facet.boxes.forEach(function (box) { box.checked = wanted.indexOf(box.value) !== -1; });
    });
    this.setWhen(params.get("when") || "");
    var sort = params.get("sort") || "";
    this.sort = SORTS.indexOf(sort) >= 0 ? sort : "";
    // The home page's form sends its text box and, from its "Near me" button, near=me too.
    var nears = params.getAll("near").map(function (v) { return v.trim(); }).filter(Boolean);
    this.setNear(nears.indexOf("me") >= 0 ? "me" : nears[0] || "", params.get("radius") || "");
    this.shownCount = this.pageSize;
  };

  parts.flushUrl = function () {
    clearTimeout(this.urlTimer);
    if (this.pendingPush === undefined) return;
    this.writeUrl(!this.pendingPush);
    this.pendingPush = undefined;
  };

  parts.writeUrl = function (replace) {
    var params = new URLSearchParams();
    var q = this.input.value.trim();
    if (q) params.append("query", q);
    this.facets.forEach(function (facet) {
      facet.boxes.forEach(function (box) { if (box.checked) params.append(facet.param, box.value); });
    });
    if (this.when) params.append("when", this.when);
    if (this.nearParam) params.append("near", this.nearParam);
    if (this.nearParam && this.radiusParam) params.append("radius", this.radiusParam);
    if (this.sort && this.sort !== this.defaultSort()) params.append("sort", this.sort);
    var search = params.toString();
    var url = window.location.pathname + (search ? "?" + search : "");
    if (url === window.location.pathname + window.location.search) return;
    if (replace) window.history.replaceState(null, "", url);
    else window.history.pushState(null, "", url);
  };
})();
